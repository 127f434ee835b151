import Dispatch
import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem
import Synchronization

/// Brings an output folder in line with a plan (`sopc build`), or tells how it differs (`sopc check
/// --generated`). The rules of docs/OUTPUTS.md ("How OUT is written"): write only what changed, each file atomically; remove what an
/// earlier build wrote and this one no longer produces, and nothing else; never overwrite a file that
/// sopc did not write; never follow a link out of OUT.
public enum OutputFolder {
    /// What a build did.
    public struct SyncReport: Sendable, Equatable {
        /// Paths relative to OUT, sorted.
        public var written: [String] = []
        public var removed: [String] = []
        public var unchanged = 0
        /// Files of an earlier build, no longer produced, that were not removed because something other
        /// than a regular file now stands there.
        public var keptInPlace: [String] = []
        /// Temporary files an interrupted sopc left (`.<name>.sopc-<pid>.tmp`), removed.
        public var cleaned: [String] = []
    }

    /// Writes `plan` into `out`. Everything is examined before anything is written: a file in the way (one
    /// sopc did not write, a link, a folder) stops the build with a ``UsageError`` naming every such path,
    /// and OUT is left as it was. Then every changed file is written in full under its temporary name
    /// (``AtomicDirectory/stage(_:_:)``) before any is put in place, so that a failure to write — a full
    /// disk, a quota, a read-only folder — also leaves OUT as it was (temporary files and created folders
    /// taken back). Only then are the files renamed into place, one by one. The manifest is written last;
    /// when new files are added it is first extended to cover them, so that an interrupted build never
    /// leaves files that no manifest claims. Temporary files that an interrupted build left beside the
    /// files it writes are removed first.
    public static func sync(_ plan: OutputPlan, to out: String) throws(UsageError) -> SyncReport {
        let dir = try AtomicDirectory.open(out)
        let shown = display(out)
        do {
            let (old, oldBytes) = try readManifest(dir, shown: shown)
            let managed = Set(old.paths)
            var report = SyncReport()
            let toWrite = try examine(plan, in: dir, managed: managed, shown: shown, report: &report)
            let produced = Set(plan.files.map(\.path))
            let leftOver = old.paths.filter { !produced.contains($0) }
            let final = Array(plan.manifest.text.utf8)
            report.cleaned = removeStaleTemporaries(dir, paths: plan.files.map(\.path) + old.paths + [Manifest.fileName])
            if toWrite.isEmpty, leftOver.isEmpty, oldBytes == final { return report }
            try dir.create()
            let adding = toWrite.map(\.path).filter { !managed.contains($0) }
            let staged = try stage(toWrite, in: dir, manifest: adding.isEmpty ? nil : Manifest(paths: old.paths + adding))
            report.written = try commit(staged, in: dir)
            for path in leftOver {
                if try dir.remove(path) {
                    report.removed.append(path)
                } else if try dir.entry(path) != .missing {
                    report.keptInPlace.append(path)
                }
            }
            if oldBytes != final || !adding.isEmpty { try dir.write(Manifest.fileName, final) }
            return report
        } catch let error as AtomicDirectory.IOError {
            throw UsageError(error.message, indonesian: error.indonesian)
        } catch let error as UsageError {
            throw error
        } catch {
            throw UsageError("\(error)")
        }
    }

    /// The files of `plan` that differ from OUT (counting the others in `report.unchanged`); a
    /// ``UsageError`` naming every file in the way, when any is.
    static func examine(
        _ plan: OutputPlan, in dir: AtomicDirectory, managed: Set<String>, shown: String, report: inout SyncReport
    ) throws -> [OutputPlan.File] {
        var toWrite: [OutputPlan.File] = []
        var problems: [String] = []
        var indonesian: [String] = []
        for file in plan.files {
            // Also a file sopc did not list, whose bytes are exactly the output (an earlier build whose
            // manifest was lost): it is adopted, never changed.
            if let write = try examine(
                file, in: dir, managed: managed, shown: shown, report: &report, problems: &problems, indonesian: &indonesian)
            {
                toWrite.append(write)
            }
        }
        if plan.files.contains(where: { $0.path == Manifest.fileName }) {
            problems.append("an output is named '\(Manifest.fileName)', which is the manifest's name")
            indonesian.append("salah satu output bernama '\(Manifest.fileName)', yaitu nama manifes")
        }
        guard problems.isEmpty else { throw filesInTheWay(problems, indonesian: indonesian) }
        return toWrite
    }

    /// The error that stops a build before anything is written, naming every file in the way. The command
    /// line prints the first line after "sopc: error: ".
    static func filesInTheWay(_ problems: [String], indonesian: [String]) -> UsageError {
        UsageError(
            problems.joined(separator: "\nsopc: error: ")
                + "\nsopc: nothing was written; move those files away, or build into another folder with --out",
            indonesian: indonesian.joined(separator: "\nsopc: error: ")
                + "\nsopc: tidak ada berkas yang ditulis; pindahkan berkas-berkas itu, atau tulis ke folder lain dengan --out"
        )
    }

    /// Every file of `files` in full on disk under its temporary name before anything in OUT changes, and
    /// `manifest` (extended to the files added) in place; on a failure, nothing staged or created is left.
    static func stage(_ files: [OutputPlan.File], in dir: AtomicDirectory, manifest: Manifest?) throws -> [AtomicDirectory.Staged]
    {
        var staged: [AtomicDirectory.Staged] = []
        do {
            for file in files { staged.append(try dir.stage(file.path, file.bytes)) }
            if let manifest { try dir.write(Manifest.fileName, Array(manifest.text.utf8)) }
        } catch {
            for file in staged { dir.discard(file) }
            dir.removeCreatedFolders()
            throw error
        }
        return staged
    }

    /// Renames the staged files into place, one by one, then syncs each folder they are in once. Returns
    /// the paths written; on a failure, the files not yet in place are discarded.
    static func commit(_ staged: [AtomicDirectory.Staged], in dir: AtomicDirectory, syncFolders: Bool = true) throws -> [String] {
        // The files of one folder (an SOP's) are staged one after another: each run of them is renamed with
        // its folder opened once, the runs on all cores. On a failure the files not yet in place are taken
        // back and the first failure (in staging order) is reported.
        var runs: [Range<Int>] = []
        var runStart = 0
        var folder = staged.first.map { RelativePath.split($0.rel).folder } ?? ""
        for k in staged.indices.dropFirst() {
            let next = RelativePath.split(staged[k].rel).folder
            if next != folder {
                runs.append(runStart..<k)
                runStart = k
                folder = next
            }
        }
        if !staged.isEmpty { runs.append(runStart..<staged.count) }
        let ranges = runs
        let done = ResultSlots<Int>(count: runs.count)
        let failures = ResultSlots<AtomicDirectory.IOError>(count: runs.count)
        let box = UncheckedBox(dir)
        let failed = Atomic<Bool>(false)
        @Sendable func commitRun(_ r: Int) {
            var n = 0
            if !failed.load(ordering: .relaxed) {
                do throws(AtomicDirectory.IOError) {
                    try box.value.commit(inOneFolder: staged[ranges[r]], done: &n)
                } catch {
                    failures[r] = error
                    failed.store(true, ordering: .relaxed)
                }
            }
            done[r] = n
        }
        if runs.count < 64 {
            for r in runs.indices { commitRun(r) }
        } else {
            Cores.perform(iterations: runs.count, execute: commitRun)
        }
        if let first = runs.indices.lazy.compactMap({ failures[$0] }).first {
            for (r, run) in runs.enumerated() {
                // The one that failed was taken back by the commit itself.
                let from = run.lowerBound + (done[r] ?? 0) + (failures[r] == nil ? 0 : 1)
                for k in from..<run.upperBound { dir.discard(staged[k]) }
            }
            throw first
        }
        let written = staged.map(\.rel)
        var folders = Set<String>()
        for path in written where syncFolders {
            let folder = RelativePath.split(path).folder
            if folders.insert(folder).inserted { dir.syncFolder(of: path) }
        }
        return written
    }

    /// One way a file in OUT differs from the build's.
    public struct StaleFile: Sendable, Equatable {
        public enum Problem: Sendable, Equatable {
            /// The build would write it; it is not there.
            case missing
            /// Its bytes differ, first at this 1-based line and column (code points) of the file in OUT.
            case differs(line: Int, column: Int)
            /// An earlier build wrote it (it is in the manifest) and this one no longer produces it.
            case leftOver
            /// Something other than a regular file stands where the build writes one.
            case notAFile(String, blockedBy: String?)
            /// A temporary file (`.<name>.sopc-<pid>.tmp`) that a build which no longer runs left beside a
            /// file it writes; the next build removes it.
            case temporary
        }

        /// Relative to OUT.
        public var path: String
        public var problem: Problem
        /// Whether the manifest lists it (a differing file that is not listed is one the build refuses to
        /// overwrite).
        public var managed: Bool
        /// The bytes found in OUT, for a file that differs (a report shows the line where it starts).
        public var found: [UInt8]? = nil
    }

    /// Removes the temporary files an interrupted sopc left beside `paths` (relative to OUT): in each folder
    /// holding one of them, `.<name>.sopc-<pid>.tmp` for a name of that folder among `paths`, whose process
    /// no longer runs. Returns what was removed.
    static func removeStaleTemporaries(_ dir: AtomicDirectory, paths: [String], remove: Bool = true) -> [String] {
        removeStaleTemporaries(dir, paths: paths, remove: remove, known: [:]).removed
    }

    /// ``removeStaleTemporaries(_:paths:remove:)``, except in the folders (below OUT, not OUT itself) whose
    /// stamp `known` gives as they are now, with the same names (``AtomicDirectory/removeStaleTemporaries(in:for:remove:unlessStamped:)``):
    /// those are not listed. Also returns each such folder's stamp as it is now (when it is settled), for
    /// `known` the next time: the stamp of the folder and of the names looked for in it, so that a folder
    /// where other names are looked for is listed again.
    static func removeStaleTemporaries(_ dir: AtomicDirectory, paths: [String], remove: Bool = true, known: [String: String])
        -> (removed: [String], stamps: [String: String])
    {
        // The names looked for in each folder. Paths come a folder's files at a time (a manifest is sorted, a
        // build lists each SOP's files together): a path in the folder of the one before is taken as it is.
        var index: [String: Int] = [:]
        var folders: [String] = []
        var names: [[String]] = []
        var current = -1
        var prefix = ""
        for path in paths {
            if current >= 0, path.utf8.starts(with: prefix.utf8) {
                let name = path.utf8.dropFirst(prefix.utf8.count)
                if !name.isEmpty, !name.contains(UInt8(ascii: "/")), !RelativePath.isDots(name) {
                    names[current].append(String(Substring(name)))
                    continue
                }
            }
            let (folder, name) = RelativePath.split(path)
            guard !name.isEmpty else { continue }
            if let known = index[folder] {
                current = known
            } else {
                current = folders.count
                index[folder] = current
                folders.append(folder)
                names.append([])
            }
            prefix = folder.isEmpty ? "" : folder + "/"
            names[current].append(name)
        }
        // Each folder on its own thread (a project of thousands of SOPs has as many folders); those with the
        // stamp and names `known` gives are not listed.
        let found = ResultSlots<([String], String?)>(count: folders.count)
        let box = UncheckedBox(dir)
        let looked = names.map { Manifest.sortedUnique($0) }
        let listed = folders
        Cores.perform(iterations: folders.count) { i in
            let folder = listed[i]
            // OUT itself is always listed, and its stamp not kept (the build state is written into it last).
            let mark = folder.isEmpty ? nil : " " + Hash128.of(looked[i].joined(separator: "/"))
            let was = mark.flatMap { mark in
                known[folder].flatMap { $0.hasSuffix(mark) ? String($0.dropLast(mark.utf8.count)) : nil }
            }
            let (removed, stamp) = box.value.removeStaleTemporaries(
                in: folder, for: looked[i], remove: remove, unlessStamped: was)
            found[i] = (removed, mark.flatMap { mark in stamp.map { $0 + mark } })
        }
        var removed: [String] = []
        var stamps: [String: String] = [:]
        for i in 0..<folders.count {
            guard let (some, stamp) = found[i] else { continue }
            removed += some
            if let stamp { stamps[folders[i]] = stamp }
        }
        return (removed, stamps)
    }

    /// `OUT/` as paths in messages show it (nothing for `.`).
    static func display(_ out: String) -> String {
        var out = out
        while out.count > 1, out.hasSuffix("/") { out.removeLast() }
        if out == "." || out.isEmpty { return "" }
        return out == "/" ? "/" : out + "/"
    }

    /// The manifest in OUT and its bytes (nil when there is none).
    static func readManifest(_ dir: AtomicDirectory, shown: String) throws -> (Manifest, [UInt8]?) {
        switch try dir.read(Manifest.fileName) {
        case .failure(.missing):
            return (Manifest(paths: []), nil)
        case .failure(let entry):
            throw UsageError(
                "'\(shown)\(Manifest.fileName)' is \(AtomicDirectory.describe(entry)), not sopc's manifest; nothing was written",
                indonesian:
                    "'\(shown)\(Manifest.fileName)' \(AtomicDirectory.indonesian(AtomicDirectory.describe(entry))), bukan manifes sopc; tidak ada berkas yang ditulis"
            )
        case .success(let bytes):
            do {
                return (try Manifest(parsing: bytes), bytes)
            } catch {
                throw UsageError(
                    "'\(shown)\(Manifest.fileName)' is not a manifest sopc can trust (\(error.message)); nothing was written. "
                        + "Remove it only if every file it lists may be overwritten",
                    indonesian:
                        "'\(shown)\(Manifest.fileName)' bukan manifes yang dapat dipercaya sopc (\(error.message)); tidak ada berkas yang ditulis. "
                        + "Hapus manifes itu hanya bila setiap berkas yang tercantum di dalamnya boleh ditimpa")
            }
        }
    }

    /// Where `actual` first differs from `expected`: the 1-based line and column (in code points) in `actual`,
    /// or nil when they are equal.
    package static func firstDifference(_ actual: [UInt8], _ expected: [UInt8]) -> (Int, Int)? {
        if actual == expected { return nil }
        var i = 0
        let n = min(actual.count, expected.count)
        while i < n, actual[i] == expected[i] { i += 1 }
        // Back to the start of the code point that differs.
        while i > 0, i < actual.count, actual[i] & 0xC0 == 0x80 { i -= 1 }
        var line = 1
        var lineStart = 0
        for j in 0..<i where actual[j] == 0x0A {
            line += 1
            lineStart = j + 1
        }
        let column = 1 + actual[lineStart..<i].count { $0 & 0xC0 != 0x80 && $0 != 0x0D }
        return (line, column)
    }
}
