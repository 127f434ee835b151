import Foundation
import SOPSystem
import Synchronization
import Testing

@testable import SOPCompiler
@testable import SOPOutputs

#if canImport(Glibc)
    import Glibc
#endif

/// `sopc build` renders only what may have changed (docs/OUTPUTS.md, "Only what changed is rendered"):
/// after every kind of change the incremental build leaves exactly what a build into an empty folder
/// leaves; a hand-edited or deleted output is found and restored; builds into one OUT are serialised.
@Suite struct IncrementalBuildTests {
    /// Every file below OUT but the build state, by path.
    static func outputs(_ folder: URL) -> [String: Data] {
        BuildFaultTests.files(folder).filter { $0.key != ".sopc-state" }
    }

    /// Waits until the definitions' times are old enough to be trusted (files changed within two seconds
    /// are never taken as unchanged), so that the next build does skip SOPs.
    static func settle() { Thread.sleep(forTimeInterval: 2.5) }

    /// A cold build of `definitions` into a fresh folder, for comparison.
    static func cold(_ root: URL) throws -> [String: Data] {
        let fresh = "cold-\(UUID().uuidString)"
        #expect(try sopc(["build", "definitions", "--out", fresh], in: root).status == 0)
        defer { try? FileManager.default.removeItem(at: root.appendingPathComponent(fresh)) }
        return outputs(root.appendingPathComponent(fresh))
    }

    @Test func everyKindOfChangeGivesWhatAColdBuildGives() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-inc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let defs = root.appendingPathComponent("definitions")
        try BuildFaultTests.writeDefinitions("A", into: defs)
        let out = root.appendingPathComponent("out")
        Self.settle()
        #expect(try sopc(["build", "definitions", "--out", "out"], in: root).status == 0)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(".sopc-state").path))
        let b = BuildFaultTests.definitions("B")

        func step(_ what: String, _ change: () throws -> Void) throws {
            try change()
            Self.settle()
            let r = try sopc(["build", "definitions", "--out", "out"], in: root)
            #expect(r.status == 0, "\(what): \(r.stderr)")
            #expect(Self.outputs(out) == (try Self.cold(root)), "\(what): the incremental build differs from a cold one")
            let check = try sopc(["check", "definitions", "--generated", "out"], in: root)
            #expect(check.status == 0, "\(what): \(check.stdout)")
        }
        // The called SOP: its callers show its time and name.
        try step("callee changed") {
            try b["paraf.sop.yaml"]!.write(to: defs.appendingPathComponent("paraf.sop.yaml"), atomically: true, encoding: .utf8)
        }
        // A caller: the called SOP's Keterkaitan lists it.
        try step("caller changed") {
            try b["surat-1.sop.yaml"]!.write(
                to: defs.appendingPathComponent("surat-1.sop.yaml"), atomically: true, encoding: .utf8)
        }
        // The project file: every SOP.
        try step("project changed") {
            try b["sopc.yaml"]!.write(to: defs.appendingPathComponent("sopc.yaml"), atomically: true, encoding: .utf8)
        }
        // An SOP added and one removed.
        try step("SOPs added and removed") {
            try FileManager.default.removeItem(at: defs.appendingPathComponent("hapus.sop.yaml"))
            try b["baru.sop.yaml"]!.write(to: defs.appendingPathComponent("baru.sop.yaml"), atomically: true, encoding: .utf8)
        }
        // A file rewritten in place with the same bytes: rendered again, nothing written.
        try step("touched") {
            let url = defs.appendingPathComponent("surat-2.sop.yaml")
            try Data(contentsOf: url).write(to: url)
        }

        // An output edited by hand, same size, its modification time put back: found and restored.
        let csv = out.appendingPathComponent("surat-3/surat-3.csv")
        let original = try Data(contentsOf: csv)
        let modified = try FileManager.default.attributesOfItem(atPath: csv.path)[.modificationDate] as! Date
        var edited = original
        edited[edited.count / 2] = edited[edited.count / 2] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        let handle = try FileHandle(forWritingTo: csv)
        try handle.write(contentsOf: edited)
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: csv.path)
        let stale = try sopc(["check", "definitions", "--generated", "out"], in: root)
        #expect(stale.status == 1)
        #expect(stale.stdout.contains("out/surat-3/surat-3.csv:"), "\(stale.stdout)")
        let restore = try sopc(["build", "definitions", "--out", "out"], in: root)
        #expect(restore.stderr.contains(" 1 written, 0 removed, "), "\(restore.stderr)")
        #expect(try Data(contentsOf: csv) == original)

        // A deleted output: restored.
        try FileManager.default.removeItem(at: out.appendingPathComponent("surat-4/surat-4.html"))
        let again = try sopc(["build", "definitions", "--out", "out"], in: root)
        #expect(again.stderr.contains(" 1 written, 0 removed, "), "\(again.stderr)")
        #expect(Self.outputs(out) == (try Self.cold(root)))

        // The state deleted: everything compared again, nothing written.
        try FileManager.default.removeItem(at: out.appendingPathComponent(".sopc-state"))
        let fresh = try sopc(["build", "definitions", "--out", "out"], in: root)
        #expect(fresh.stderr.contains(" 0 written, 0 removed, "), "\(fresh.stderr)")
    }

    /// OUT's build lock held as a build (`LOCK_EX`) or a check (`LOCK_SH`) holds it; closing the
    /// descriptor lets it go.
    static func holdLock(_ out: URL, _ kind: Int32) -> Int32 {
        let fd = open(out.path, O_RDONLY | O_DIRECTORY)
        #expect(fd >= 0)
        #expect(flock(fd, kind) == 0)
        return fd
    }

    /// What a process started by ``start(_:in:)`` wrote on standard error, and its exit status (a signal's
    /// number when one ended it), once it has ended.
    static func finish(_ process: Process, _ errors: Pipe) -> (stderr: String, status: Int32) {
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (stderr, awaitEnd(process).status)
    }

    /// `sopc` started in `directory`, its standard error caught (to be read once it ends).
    static func start(_ arguments: [String], in directory: URL) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = Paths.sopc
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, errors)
    }

    /// An emitter that renders as `inner` does and notes which SOPs it rendered.
    final class Seen: Sendable {
        let ids = Mutex<Set<String>>([])
    }

    struct Counting: SOPEmitter {
        let inner: any SOPEmitter
        let seen: Seen
        var suffix: String { inner.suffix }
        func render(_ context: SOPOutputContext) -> String {
            seen.ids.withLock { _ = $0.insert(context.id) }
            return inner.render(context)
        }
        func extraFiles(_ context: SOPOutputContext) -> [(suffix: String, text: String)] { inner.extraFiles(context) }
    }

    /// A project output that notes, by its path, that it was made.
    struct CountingProject: ProjectEmitter {
        let inner: any ProjectEmitter
        let seen: Seen
        var path: String { inner.path }
        func render(_ sops: [SOPOutputSummary], model: ProjectModel) -> String {
            seen.ids.withLock { _ = $0.insert(inner.path) }
            return inner.render(sops, model: model)
        }
    }

    /// Checks `defs` and builds it into `out` with every output counted (``Counting``, ``CountingProject``):
    /// the SOPs rendered and the project outputs made, with the build's inputs and lowered project.
    static func countedBuild(_ defs: URL, into out: URL) throws -> (
        rendered: Set<String>, inputs: BuildInputs?, lowered: LoweredProject
    ) {
        let seen = Seen()
        let result = try Pipeline.check(directory: defs.path)
        let checked = try #require(result.checked, "\(result.diagnostics)")
        let emitters: [any SOPEmitter] = OutputPlan.sopEmitters.map { Counting(inner: $0, seen: seen) }
        let inputs = BuildInputs.of(checked, paths: result.paths, stamps: result.stamps, emitters: emitters)
        let lowered = Pipeline.lower(checked)
        _ = try OutputFolder.build(
            lowered, inputs: inputs, to: out.path, emitters: emitters,
            projectEmitters: OutputPlan.projectEmitters.map { CountingProject(inner: $0, seen: seen) })
        return (seen.ids.withLock { $0 }, inputs, lowered)
    }

    /// An SOP added or removed renders only itself and the SOPs that name it or that it names: not every SOP
    /// (issue 14). Each build still leaves what a cold build leaves.
    @Test func anSOPAddedOrRemovedRendersOnlyWhatNamesIt() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-add-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let defs = root.appendingPathComponent("definitions")
        try BuildFaultTests.writeDefinitions("A", into: defs)
        Self.settle()
        /// Builds into `out` and returns the SOPs rendered.
        func build(_ out: String) throws -> Set<String> {
            let built = try Self.countedBuild(defs, into: root.appendingPathComponent(out))
            // Every SOP done, rendered or not: no machine is held any more.
            #expect(built.lowered.heldMachineIDs.isEmpty)
            return built.rendered
        }
        func cold() throws -> [String: Data] {
            let fresh = "cold-\(UUID().uuidString)"
            _ = try build(fresh)
            defer { try? FileManager.default.removeItem(at: root.appendingPathComponent(fresh)) }
            return Self.outputs(root.appendingPathComponent(fresh))
        }
        let everySOP: Set = ["surat-1", "surat-2", "surat-3", "surat-4", "surat-5", "paraf", "hapus"]
        // The index is made from every SOP: made again whenever one is, else not.
        var rendered = try build("out")
        #expect(rendered == everySOP.union(["index.html"]))
        rendered = try build("out")
        #expect(rendered == [])
        // An index edited by hand, or removed: made again, as a cold build makes it.
        let index = root.appendingPathComponent("out/index.html")
        for damage in ["edited", "removed"] {
            Self.settle()
            if damage == "edited" {
                try "<p>diubah</p>".write(to: index, atomically: false, encoding: .utf8)
            } else {
                try FileManager.default.removeItem(at: index)
            }
            #expect(try build("out") == ["index.html"], "index \(damage)")
            #expect(Self.outputs(root.appendingPathComponent("out")) == (try cold()), "index \(damage)")
            #expect(try build("out") == [], "index \(damage), built again")
        }
        /// After a change, once the files are old enough to be trusted: the SOPs rendered, the outputs equal
        /// to a cold build's, and nothing rendered by the next build.
        func change(_ expected: Set<String>, _ what: String) throws {
            Self.settle()
            let rendered = try build("out")
            #expect(rendered == expected.union(["index.html"]), "\(what)")
            #expect(Self.outputs(root.appendingPathComponent("out")) == (try cold()), "\(what)")
            let again = try build("out")
            #expect(again == [], "\(what), built again")
        }

        // Nothing names it, it names nothing: it alone.
        try "sop: lain\nname: SOP lain\nsteps:\n  - id: satu\n    activity: Satu\n    actor: staf\n".write(
            to: defs.appendingPathComponent("lain.sop.yaml"), atomically: true, encoding: .utf8)
        try change(["lain"], "an SOP added")
        // Removed: nothing rendered, its files gone.
        try FileManager.default.removeItem(at: defs.appendingPathComponent("hapus.sop.yaml"))
        try change([], "an SOP removed")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out/hapus").path))
        // One that calls paraf: paraf's Keterkaitan lists it, so paraf too; and paraf again once it is gone.
        try
            "sop: pemanggil\nname: Pemanggil\ninputs: [surat]\nsteps:\n  - id: panggil\n    activity: Memanggil\n    actor: staf\n    call: paraf\n"
            .write(to: defs.appendingPathComponent("pemanggil.sop.yaml"), atomically: true, encoding: .utf8)
        try change(["pemanggil", "paraf"], "a caller added")
        try FileManager.default.removeItem(at: defs.appendingPathComponent("pemanggil.sop.yaml"))
        try change(["paraf"], "a caller removed")
    }

    /// A project of more SOPs than one run of ``BuildInputs/of(_:paths:stamps:emitters:)`` (whose keys are
    /// found on all cores, a run of SOPs at a time): built again, nothing is rendered; one SOP changed, it
    /// is rendered with the SOPs that call it, directly or not, and those it calls and that name it.
    @Test func aLargeProjectRendersOnlyWhatAChangeReaches() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-large-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let defs = root.appendingPathComponent("definitions")
        try FileManager.default.createDirectory(at: defs, withIntermediateDirectories: true)
        try "sopc: 1\norganization:\n  name: Biro Uji\nroles:\n  staf: { name: Staf }\n".write(
            to: defs.appendingPathComponent("sopc.yaml"), atomically: true, encoding: .utf8)
        // 70 SOPs; every tenth calls the next one, so that 20 → 21 and 30 → 31 are the only calls near 25;
        // and s50 → s51 → s52 → s53, a chain.
        let count = 70
        func write(_ k: Int, activity: String = "Memeriksa") throws {
            var text = "sop: s\(k)\nname: SOP \(k)\nsteps:\n  - id: a\n    activity: \(activity)\n    actor: staf\n"
            if k % 10 == 0 || (51...52).contains(k), k + 1 < count {
                text += "  - id: b\n    activity: Memanggil\n    actor: staf\n    call: s\(k + 1)\n"
            }
            try text.write(to: defs.appendingPathComponent("s\(k).sop.yaml"), atomically: true, encoding: .utf8)
        }
        for k in 0..<count { try write(k) }
        Self.settle()
        func build() throws -> Set<String> {
            let built = try Self.countedBuild(defs, into: root.appendingPathComponent("out"))
            #expect(built.inputs?.keys.count == count, "every SOP has its key")
            return built.rendered
        }
        #expect(try build().count == count + 1)
        #expect(try build() == [])
        // s61, called by s60: itself and its caller.
        try write(61, activity: "Memeriksa ulang")
        Self.settle()
        #expect(try build() == ["s61", "s60", "index.html"])
        #expect(try build() == [])
        // s40, which calls s41: itself and the SOP it calls (whose Keterkaitan names it).
        try write(40, activity: "Memeriksa ulang")
        Self.settle()
        #expect(try build() == ["s40", "s41", "index.html"])
        #expect(try build() == [])
        // The end of the chain: itself and every SOP above it, whose call steps show its time.
        try write(53, activity: "Memeriksa ulang")
        Self.settle()
        #expect(try build() == ["s53", "s52", "s51", "s50", "index.html"])
        #expect(try build() == [])
        // Its middle: itself, the SOP above it, and the one it calls (whose Keterkaitan names it), not s53.
        try write(51, activity: "Memeriksa ulang")
        Self.settle()
        #expect(try build() == ["s51", "s50", "s52", "index.html"])
        #expect(try build() == [])
    }

    /// `sopc build`'s check lays out again only the forms it cannot know to be clean: those the last build
    /// found nothing to report on are skipped while their inputs (their key) are the same, and the warnings
    /// are the same as when every form is laid out.
    @Test func theFormCheckSkipsOnlyFormsKnownCleanWithTheSameInputs() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-form-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let defs = root.appendingPathComponent("definitions")
        let out = root.appendingPathComponent("out").path
        try BuildFaultTests.writeDefinitions("A", into: defs)
        func overflowing(_ id: String) -> String {
            let long = String(repeating: "Menyusun laporan kinerja instansi pemerintah ", count: 300)
            return "sop: \(id)\nname: SOP \(id)\nsteps:\n  - id: susun\n    activity: \(long)\n    actor: staf\n"
        }
        try overflowing("panjang").write(to: defs.appendingPathComponent("panjang.sop.yaml"), atomically: true, encoding: .utf8)
        let every: Set = ["surat-1", "surat-2", "surat-3", "surat-4", "surat-5", "paraf", "hapus", "panjang"]
        Self.settle()
        func overflows(_ result: CheckResult) -> [String] {
            result.diagnostics.filter { $0.id == .formOverflow }.map { URL(fileURLWithPath: $0.file).lastPathComponent }.sorted()
        }
        /// The check as `sopc build` runs it, the same check laying out every form, and the forms it skipped.
        func check() throws -> (CheckResult, BuildInputs, skipped: Set<String>) {
            let (result, inputs) = try Pipeline.checkForBuild(directory: defs.path, out: out)
            let full = try Pipeline.check(directory: defs.path)
            #expect(result.diagnostics == full.diagnostics)
            var inputs2 = try #require(inputs)
            return (result, inputs2, OutputFolder.formsFoundClean(in: out, inputs: &inputs2))
        }

        var (result, inputs, skipped) = try check()
        #expect(skipped == [])
        #expect(overflows(result) == ["panjang.sop.yaml"])
        #expect(inputs.formClean == every.subtracting(["panjang"]))
        #expect(try Pipeline.build(result, inputs: inputs, to: out) != nil)
        let state = try String(contentsOfFile: out + "/.sopc-state", encoding: .utf8)
        #expect(state.components(separatedBy: "\tform-clean\n").count - 1 == 7, "\(state)")

        // Nothing changed: every clean form skipped, the one with a warning laid out again and reported.
        (result, inputs, skipped) = try check()
        #expect(skipped == every.subtracting(["panjang"]))
        #expect(overflows(result) == ["panjang.sop.yaml"])
        #expect(try Pipeline.build(result, inputs: inputs, to: out) != nil)

        // A clean SOP given a row too tall: its key changed, so its form is laid out and the warning found.
        try overflowing("hapus").write(to: defs.appendingPathComponent("hapus.sop.yaml"), atomically: true, encoding: .utf8)
        Self.settle()
        (result, inputs, skipped) = try check()
        #expect(skipped == every.subtracting(["panjang", "hapus"]))
        #expect(overflows(result) == ["hapus.sop.yaml", "panjang.sop.yaml"])
        #expect(try Pipeline.build(result, inputs: inputs, to: out) != nil)

        // The called SOP changed: it and every SOP calling it (their forms show its name and time) again.
        try BuildFaultTests.definitions("B")["paraf.sop.yaml"]!.write(
            to: defs.appendingPathComponent("paraf.sop.yaml"), atomically: true, encoding: .utf8)
        Self.settle()
        (result, inputs, skipped) = try check()
        #expect(skipped == [])
        #expect(overflows(result) == ["hapus.sop.yaml", "panjang.sop.yaml"])

        // Through `sopc build`: the second build reports what the first did.
        let first = try sopc(["build", "definitions", "--out", "out2"], in: root)
        let second = try sopc(["build", "definitions", "--out", "out2"], in: root)
        #expect(first.status == 0 && second.status == 0)
        #expect(first.stderr.contains("[form-overflow]"), "\(first.stderr)")
        func warnings(_ text: String) -> [String] { text.split(separator: "\n").dropLast().map(String.init) }
        #expect(warnings(first.stderr) == warnings(second.stderr))
        #expect(!warnings(first.stderr).isEmpty)
    }

    /// A definitions file edited after the build read it, and settled by the time the build records its
    /// inputs: the build recorded the file as it read it, so the next build renders the SOP again from the
    /// new text instead of taking its old outputs for current.
    @Test func aFileEditedAfterItWasReadIsRenderedAgain() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-race-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let defs = root.appendingPathComponent("definitions")
        try BuildFaultTests.writeDefinitions("A", into: defs)
        Self.settle()
        let out = root.appendingPathComponent("out").path
        // Read and checked; then the file changes, and settles, before the build records what it read (a
        // check of thousands of SOPs takes seconds).
        let result = try Pipeline.check(directory: defs.path)
        let checked = try #require(result.checked, "\(result.diagnostics)")
        let b = BuildFaultTests.definitions("B")
        try b["paraf.sop.yaml"]!.write(to: defs.appendingPathComponent("paraf.sop.yaml"), atomically: true, encoding: .utf8)
        Self.settle()
        let inputs = BuildInputs.of(checked, paths: result.paths, stamps: result.stamps)
        _ = try Pipeline.build(result, inputs: inputs, to: out)
        // The next build sees the new text, and leaves what a cold build leaves.
        let next = try Pipeline.checkForBuild(directory: defs.path, out: out)
        _ = try Pipeline.build(next.result, inputs: next.inputs, to: out)
        #expect(Self.outputs(URL(fileURLWithPath: out)) == (try Self.cold(root)))
    }

    /// A build state line with a fourth field other than `form-clean` is not sopc's: the state is not read.
    @Test func aStateWithAnUnknownFieldIsNotRead() {
        let header = BuildState.header
        #expect(BuildState(parsing: Array("\(header)\nstamp\tx\nsop\ta\tk\tform-clean\n".utf8))?.formClean == ["a"])
        #expect(BuildState(parsing: Array("\(header)\nstamp\tx\nsop\ta\tk\n".utf8))?.formClean == [])
        #expect(BuildState(parsing: Array("\(header)\nstamp\tx\nsop\ta\tk\tclean\n".utf8)) == nil)
    }

    /// A build that finds OUT locked says so, in English and Indonesian, waits, and then does its work.
    @Test func aBuildWaitsForTheOneHoldingTheLock() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try BuildFaultTests.writeDefinitions("A", into: root.appendingPathComponent("definitions"))
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for (lang, text) in [
            ("en", "sopc: another 'sopc build' is writing into 'out'; waiting for it to finish"),
            ("id", "sopc: 'sopc build' lain sedang menulis ke 'out'; menunggu sampai selesai"),
        ] {
            let fd = Self.holdLock(out, LOCK_EX)
            let (process, errors) = try Self.start(["build", "definitions", "--out", "out", "--lang", lang], in: root)
            // It waits for as long as the lock is held.
            let before = BuildFaultTests.files(out)
            Thread.sleep(forTimeInterval: 1.5)
            #expect(process.isRunning, "the build waits while the lock is held")
            #expect(BuildFaultTests.files(out) == before, "and writes nothing meanwhile")
            close(fd)
            let (stderr, status) = Self.finish(process, errors)
            #expect(status == 0, "\(stderr)")
            #expect(stderr.contains(text), "\(stderr)")
        }
        #expect(Self.outputs(out) == (try Self.cold(root)))
    }

    /// `check --generated` waits for a build under way (it would otherwise see the build's temporary files
    /// and half-updated outputs), says so in the language asked for, and does not wait for another check.
    @Test func checkGeneratedWaitsForABuildUnderWay() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-lockcheck-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try BuildFaultTests.writeDefinitions("A", into: root.appendingPathComponent("definitions"))
        #expect(try sopc(["build", "definitions", "--out", "out"], in: root).status == 0)
        let out = root.appendingPathComponent("out")
        func start(_ lang: String) throws -> (Process, Pipe) {
            try Self.start(["check", "definitions", "--generated", "out", "--lang", lang], in: root)
        }
        for (lang, text) in [
            ("en", "sopc: 'sopc build' is writing into 'out'; waiting for it to finish before comparing"),
            ("id", "sopc: 'sopc build' sedang menulis ke 'out'; menunggu sampai selesai sebelum membandingkan"),
        ] {
            // A build's lock, and a build's temporary file left beside an output meanwhile.
            let fd = Self.holdLock(out, LOCK_EX)
            let temporary = out.appendingPathComponent("surat-1/.surat-1.csv.sopc-999999.tmp")
            try Data("half".utf8).write(to: temporary)
            let (process, errors) = try start(lang)
            Thread.sleep(forTimeInterval: 1.5)
            #expect(process.isRunning, "the check waits while a build holds the lock")
            // The build ends: its temporary file renamed away, the lock let go.
            try FileManager.default.removeItem(at: temporary)
            close(fd)
            let (stderr, status) = Self.finish(process, errors)
            #expect(status == 0, "\(stderr)")
            #expect(stderr.contains(text), "\(stderr)")
        }
        // Another check holding the lock as a reader: no waiting.
        let fd = Self.holdLock(out, LOCK_SH)
        defer { close(fd) }
        let (process, errors) = try start("en")
        let (stderr, status) = Self.finish(process, errors)
        #expect(status == 0, "\(stderr)")
        #expect(!stderr.contains("waiting"), "\(stderr)")
    }

    /// Builds started together into one OUT give what one build gives.
    @Test func concurrentBuildsGiveWhatOneBuildGives() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-conc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try BuildFaultTests.writeDefinitions("A", into: root.appendingPathComponent("definitions"))
        let processes = try (0..<4).map { _ in try BuildFaultTests.start(["build", "definitions", "--out", "out"], in: root) }
        for process in processes { #expect(awaitEnd(process) == (true, 0)) }
        let out = root.appendingPathComponent("out")
        #expect(Self.outputs(out) == (try Self.cold(root)))
        #expect(!BuildFaultTests.files(out).keys.contains { $0.hasSuffix(".tmp") })
    }

    /// In the folder of an SOP the build does not render again (nothing it depends on changed), the
    /// temporary files a killed build left are looked for while the folder's files are compared with the
    /// state: `check --generated` reports them and the next build removes them, and leaves a running
    /// process's and a user's files alone, as in any other folder.
    @Test func temporaryFilesBesideOutputsWithNothingToDo() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-tmpfresh-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try BuildFaultTests.writeDefinitions("A", into: root.appendingPathComponent("definitions"))
        Self.settle()
        #expect(try sopc(["build", "definitions", "--out", "out"], in: root).status == 0)
        let out = root.appendingPathComponent("out")
        let gone = try BuildFaultTests.start(["--version"], in: root)
        _ = awaitEnd(gone)
        let dead = gone.processIdentifier
        let stale = ["surat-1/.surat-1.html.sopc-\(dead).tmp", "surat-1/.surat-1.scxml.sopc-\(dead).tmp"]
        let kept = ["surat-1/.surat-1.csv.sopc-\(getpid()).tmp", "surat-1/.catatan.txt.sopc-\(dead).tmp"]
        for path in stale + kept { try Data("half".utf8).write(to: out.appendingPathComponent(path)) }
        let check = try sopc(["check", "definitions", "--generated", "out"], in: root)
        #expect(check.status == 1)
        for path in stale { #expect(check.stdout.contains("out/\(path):1:1: error: a temporary file"), "\(check.stdout)") }
        #expect(!check.stdout.contains(".catatan.txt"))
        let r = try sopc(["build", "definitions", "--out", "out"], in: root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("removed 2 temporary files"), "\(r.stderr)")
        #expect(r.stderr.contains("0 written, 0 removed"), "\(r.stderr)")
        for path in stale { #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path), "\(path)") }
        for path in kept { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path), "\(path)") }
    }

    /// `check --generated` reports a temporary file that a killed build left (stale-output), in both
    /// languages; the next build removes it.
    @Test func checkGeneratedReportsTemporaryFiles() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-tmpchk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try BuildFaultTests.writeDefinitions("A", into: root.appendingPathComponent("definitions"))
        #expect(try sopc(["build", "definitions", "--out", "out"], in: root).status == 0)
        let gone = try BuildFaultTests.start(["--version"], in: root)
        _ = awaitEnd(gone)
        let name = "surat-1/.surat-1.html.sopc-\(gone.processIdentifier).tmp"
        try Data("half".utf8).write(to: root.appendingPathComponent("out/" + name))
        let r = try sopc(["check", "definitions", "--generated", "out"], in: root)
        #expect(r.status == 1)
        #expect(
            r.stdout.contains(
                "out/\(name):1:1: error: a temporary file that an interrupted 'sopc build' left behind (its process no longer runs) [stale-output]"
            ), "\(r.stdout)")
        let id = try sopc(["check", "definitions", "--generated", "out", "--lang", "id"], in: root)
        #expect(id.stdout.contains("berkas sementara yang tertinggal dari 'sopc build' yang terputus"), "\(id.stdout)")
        #expect(try sopc(["build", "definitions", "--out", "out"], in: root).status == 0)
        #expect(try sopc(["check", "definitions", "--generated", "out"], in: root).status == 0)
    }

    /// A folder the last build looked through for temporary files, and found none, is not listed again
    /// while its stamp and the names looked for in it are the same. Any file created in it since, or
    /// another name looked for, or a temporary file of those names there when it was looked through (a
    /// running process's, which may be left when it ends), has it listed again.
    @Test func aFolderIsListedAgainWhenAnythingCameIntoIt() throws {
        let out = Scratch.folder.appendingPathComponent("sopc-folderstamp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        try FileManager.default.createDirectory(at: out.appendingPathComponent("a"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out.appendingPathComponent("b"), withIntermediateDirectories: true)
        let gone = try BuildFaultTests.start(["--version"], in: out)
        _ = awaitEnd(gone)
        let dead = gone.processIdentifier
        // In `a`, a killed build's temporary file of a name not looked for yet; in `b`, one of a running
        // process (this one's parent).
        for path in ["a/x", "a/y", "a/.z.sopc-\(dead).tmp", "b/x", "b/.x.sopc-\(getppid()).tmp"] {
            try Data("x".utf8).write(to: out.appendingPathComponent(path))
        }
        let dir = try AtomicDirectory.open(out.path)
        func look(_ paths: [String], known: [String: String]) -> (removed: [String], stamps: [String: String]) {
            OutputFolder.removeStaleTemporaries(dir, paths: paths, remove: false, known: known)
        }
        // Changed just now: no stamp yet.
        #expect(look(["a/x", "a/y", "b/x"], known: [:]).stamps.isEmpty)
        Self.settle()
        let first = look(["a/y", "a/x", "b/x", "a/x"], known: [:])
        #expect(first.removed.isEmpty)
        #expect(Set(first.stamps.keys) == ["a"], "b held a running process's temporary file")
        // The same folder and names, in any order: the same stamp, nothing found.
        let again = look(["a/x", "a/y", "b/x"], known: first.stamps)
        #expect(again.stamps == first.stamps)
        #expect(again.removed.isEmpty)
        // Another name looked for: listed again, the temporary file of that name found.
        #expect(look(["a/x", "a/y", "a/z"], known: first.stamps).removed == ["a/.z.sopc-\(dead).tmp"])
        // A file created in it since: listed again.
        try Data("half".utf8).write(to: out.appendingPathComponent("a/.x.sopc-\(dead).tmp"))
        let after = look(["a/x", "a/y"], known: first.stamps)
        #expect(after.removed == ["a/.x.sopc-\(dead).tmp"])
        #expect(after.stamps["a"] == nil)
    }

    /// After builds that recorded every folder's stamp (`folder` lines in the state), a killed build's
    /// temporary file beside an SOP's outputs is still reported by `check --generated` and removed by
    /// the next build, which records the folder again once it has settled.
    @Test func aRecordedFolderStillYieldsAKilledBuildsTemporaryFile() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-tmprec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try BuildFaultTests.writeDefinitions("A", into: root.appendingPathComponent("definitions"))
        Self.settle()
        #expect(try sopc(["build", "definitions", "--out", "out"], in: root).status == 0)
        Self.settle()
        #expect(try sopc(["build", "definitions", "--out", "out"], in: root).status == 0)
        let out = root.appendingPathComponent("out")
        func folderLines() throws -> [String] {
            try String(contentsOf: out.appendingPathComponent(".sopc-state"), encoding: .utf8)
                .split(separator: "\n").filter { $0.hasPrefix("folder\t") }.map { String($0.split(separator: "\t")[1]) }
        }
        let recorded = try folderLines()
        #expect(recorded.contains("surat-1"), "\(recorded)")
        let gone = try BuildFaultTests.start(["--version"], in: root)
        _ = awaitEnd(gone)
        let stale = "surat-1/.surat-1.html.sopc-\(gone.processIdentifier).tmp"
        try Data("half".utf8).write(to: out.appendingPathComponent(stale))
        let check = try sopc(["check", "definitions", "--generated", "out"], in: root)
        #expect(check.status == 1)
        #expect(check.stdout.contains("out/\(stale):1:1: error: a temporary file"), "\(check.stdout)")
        let r = try sopc(["build", "definitions", "--out", "out"], in: root)
        #expect(r.stderr.contains("removed 1 temporary file"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(stale).path))
        #expect(try !folderLines().contains("surat-1"), "just changed: not recorded")
        Self.settle()
        #expect(try sopc(["build", "definitions", "--out", "out"], in: root).status == 0)
        #expect(try folderLines().contains("surat-1"))
        #expect(try sopc(["check", "definitions", "--generated", "out"], in: root).status == 0)
    }

    /// The hash of what an SOP calls, directly or not (``BuildInputs/callsBelow(_:stamps:)``): it changes
    /// with the stamp of any SOP below, in whatever order the steps call, and is not found for an SOP in a
    /// call cycle or above one, or above an SOP without a stamp (whose callers then have no key).
    @Test func whatAnSOPCallsIsHashedOnceWithAllBelowIt() throws {
        // a → b → c, a → c; p → q → r → q; s alone.
        let ids = ["a", "b", "c", "p", "q", "r", "s"]
        func graph(_ edges: [String: [String]]) -> CallGraph {
            CallGraph(ids: ids, callsByID: ids.map { id in (edges[id] ?? []).map { ($0, 0) } })
        }
        let edges = ["a": ["b", "c"], "b": ["c"], "p": ["q"], "q": ["r"], "r": ["q"]]
        let stamps: [String?] = ids.map { "\($0)=1" }
        let below = BuildInputs.callsBelow(graph(edges), stamps: stamps)
        let (a, b, c) = (try #require(below[0]), try #require(below[1]), try #require(below[2]))
        #expect(Set([a, b, c]).count == 3)
        #expect(below[6] != nil)
        // In a cycle, or calling into one: no hash.
        #expect(below[3] == nil && below[4] == nil && below[5] == nil)
        // The same calls in another order: the same hashes.
        #expect(BuildInputs.callsBelow(graph(edges.merging(["a": ["c", "b", "c"]]) { $1 }), stamps: stamps)[0] == a)
        // An SOP below changed: the hashes above it change, not the others.
        var changed = stamps
        changed[2] = "c=2"
        let after = BuildInputs.callsBelow(graph(edges), stamps: changed)
        #expect(after[0] != a && after[1] != b && after[2] != c && after[6] == below[6])
        // One without a stamp: none above it either.
        changed[2] = nil
        #expect(BuildInputs.callsBelow(graph(edges), stamps: changed)[0...2].allSatisfy { $0 == nil })
    }
}
