import Dispatch
import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem
import Synchronization

/// What the outputs of each SOP depend on (docs/OUTPUTS.md, "Only what changed"): one key per SOP id
/// that changes whenever anything its files show may have changed — its own file, the project file and
/// its logo, the files of the SOPs it calls (transitively), of the SOPs that call it and of its
/// `related:` SOPs, and the sopc binary. An SOP added or removed elsewhere in the project changes no other SOP's key: what
/// an SOP's outputs show of other SOPs comes only from those. Files are identified by their
/// size, modification and change times, inode and device, never by a name alone.
public struct BuildInputs: Sendable {
    /// The sopc binary and version, and the emitters.
    public var stamp: String
    /// By SOP id; an SOP without a key is always rendered.
    public var keys: [String: String]
    /// The SOPs whose printed form the check found nothing to report on (`form-overflow`): recorded in the
    /// build state beside their key, so that the next build's check need not lay out their forms again
    /// while their key is the same (``OutputFolder/formsFoundClean(in:inputs:)``).
    public var formClean: Set<String> = []
    /// OUT's build state as ``OutputFolder/formsFoundClean(in:inputs:)`` read it, with the stamp its file had:
    /// the build takes it instead of reading the file again when the file still has that stamp.
    var previous: (fileStamp: String, state: BuildState)?

    public init(stamp: String, keys: [String: String]) {
        self.stamp = stamp
        self.keys = keys
    }

    /// The key of the project's own outputs (the index) over the SOPs `ids`: every SOP's key, in id order
    /// (each covers the project file, the logo and sopc itself); nil when an SOP has none.
    func projectKey(_ ids: [String]) -> String? {
        var parts = ["project"]
        for id in ids {
            guard let key = keys[id] else { return nil }
            parts.append("\(id)=\(key)")
        }
        return Hash128.of(parts.joined(separator: "\n"))
    }

    /// The keys of a checked project read from disk; `paths` maps each displayed file to where it is
    /// (``CheckResult/paths``), `stamps` to its stamp as it was read (``CheckResult/stamps``): what the
    /// outputs are made from, not what may be on disk by now. Nil when the definitions are not on disk
    /// (held in memory). A file without a stamp (changed less than two seconds before it was read) gives no key.
    public static func of(
        _ checked: CheckedProject, paths: [String: String], stamps: [String: String],
        emitters: [any SOPEmitter] = OutputPlan.sopEmitters
    ) -> BuildInputs? {
        let model = checked.model
        guard !paths.isEmpty else { return nil }
        var binary = ""
        #if os(Linux)
            binary = AtomicDirectory.pathStamp("/proc/self/exe") ?? "?"
        #else
            binary = AtomicDirectory.pathStamp(CommandLine.arguments.first ?? "") ?? "?"
        #endif
        let stamp = Hash128.of(
            "\(SOPCVersion.current) \(binary) " + emitters.map { "\(type(of: $0)).\($0.suffix)" }.joined(separator: ","))
        let sopFiles = Set(model.sops.map(\.file))
        var project: [String] = []
        for display in paths.keys where !sopFiles.contains(display) {
            // A project file just changed: no SOP can be taken as unchanged (but the state is recorded).
            guard let now = stamps[display] else { return BuildInputs(stamp: stamp, keys: [:]) }
            project.append("\(display)=\(now)")
        }
        project.sort()
        if let logo = model.project?.logo { project.append("logo=\(Hash128.of(logo.bytes))") }
        var fileStamp: [String: String] = [:]
        for i in model.sops.indices {
            // Read in place (a copy of each SOP would retain every part of it).
            let (id, file) = (model.sops[i].sopID, model.sops[i].file)
            guard let stamp = stamps[file] else { continue }
            fileStamp[id] = "\(id)=\(file)=\(stamp)"
        }
        let common = Hash128.of(stamp + "\n" + project.joined(separator: "\n"))
        let calls = checked.calls
        guard calls.ids.count == model.sops.count else { return BuildInputs(stamp: stamp, keys: [:]) }
        let below = callsBelow(calls, stamps: calls.ids.map { fileStamp[$0] })
        // Each SOP's key on its own, the SOPs shared out over the cores in runs of consecutive ones.
        let perRun = 16
        let runs = (model.sops.count + perRun - 1) / perRun
        let found = ResultSlots<[(String, String)]>(count: runs)
        let stamps = fileStamp
        Cores.perform(iterations: runs) { r in
            var keys: [(String, String)] = []
            for i in (r * perRun)..<min(model.sops.count, (r + 1) * perRun) {
                let id = calls.ids[i]
                guard let own = stamps[id] else { continue }
                // The SOPs it calls, each with all it calls in turn (``callsBelow(_:stamps:)``); then the SOPs
                // that call it and its related SOPs.
                var parts = [common, own, "calls"]
                var complete = true
                for callee in callees(calls, i) {
                    guard let hash = below[callee] else {
                        complete = false
                        break
                    }
                    parts.append(hash)
                }
                var named = Set(checked.callers[id] ?? [])
                for related in model.sops[i].identity.related { named.insert(related.id) }
                named.remove(id)
                parts.append("named")
                for other in named.sorted() where complete {
                    if model.sopIndex[other] == nil {
                        parts.append("\(other)=none")
                    } else if let stamp = stamps[other] {
                        parts.append(stamp)
                    } else {
                        complete = false
                    }
                }
                if complete { keys.append((id, Hash128.of(parts.joined(separator: "\n")))) }
            }
            found[r] = keys
        }
        var keys: [String: String] = [:]
        keys.reserveCapacity(model.sops.count)
        // In the SOPs' order, as before: a later SOP with the same id (reported by the check) wins.
        for r in 0..<runs { for (id, key) in found[r] ?? [] { keys[id] = key } }
        return BuildInputs(stamp: stamp, keys: keys)
    }
}

extension BuildInputs {
    /// For each node of `calls`: one hash of its file's stamp (`stamps`) and of the hashes of the nodes it
    /// calls, in id order, so of every SOP below it; nil when one of them has no stamp (changed just now)
    /// or is in a call cycle (which the check does not let through). Found once for each node, the nodes it
    /// calls first: a key then takes the hashes of the SOPs its SOP calls directly, and still changes with
    /// any SOP below (a chain of thousands of SOPs, walked from every SOP of it, took seconds).
    static func callsBelow(_ calls: CallGraph, stamps: [String?]) -> [String?] {
        var below = [String?](repeating: nil, count: calls.ids.count)
        func calleesOf(_ node: Int) -> [Int] { callees(calls, node) }
        PostOrder.walk(count: calls.ids.count, callees: calleesOf) { node, list, onTheWayDown in
            // A node still on the way down is in a cycle with this one: it has no hash, nor has any node that
            // calls it.
            guard let own = stamps[node] else { return }
            var parts = [own]
            for callee in list {
                guard !onTheWayDown(callee), let hash = below[callee] else { return }
                parts.append(hash)
            }
            below[node] = Hash128.of(parts.joined(separator: "\n"))
        }
        return below
    }

    /// The nodes `node` calls, each once, in id order, itself left out.
    static func callees(_ calls: CallGraph, _ node: Int) -> [Int] {
        var seen = Set<Int>()
        return calls.calls[node].map(\.callee).filter { $0 != node && seen.insert($0).inserted }
            .sorted { Bytewise.precedes(calls.ids[$0], calls.ids[$1]) }
    }
}

/// Two 64-bit FNV-1a hashes with different offsets, as 32 hex digits: change detection, not security.
enum Hash128 {
    static func of(_ text: String) -> String { of(Array(text.utf8)) }

    static func of(_ bytes: [UInt8]) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* 0x100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x100_0000_01b3
            b = b ^ (b >> 29)
        }
        let hex = { (v: UInt64) -> String in
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return hex(a) + hex(b)
    }
}

/// `OUT/.sopc-state`: what the last build knew of OUT, so that the next one renders only what may have
/// changed. For each SOP its input key (``BuildInputs``) and, for each of its files, the stamp the file
/// had when the build left it (size, modification and change times, inode, device). Not part of the
/// output (it describes this folder on this machine): `check --generated` ignores it and it is not in the
/// manifest; deleting it only makes the next build render everything again.
struct BuildState {
    static let fileName = ".sopc-state"
    static let header = "# sopc build state: what the last 'sopc build' left in this folder; not an output, safe to delete."

    var stamp = ""
    var keys: [String: String] = [:]
    /// By SOP id: each file's path relative to OUT and its stamp.
    var files: [String: [(path: String, stamp: String)]] = [:]
    /// SOPs whose form had nothing to report (`form-overflow`) with the inputs of their key: a fourth field
    /// `form-clean` on their `sop` line.
    var formClean: Set<String> = []
    static let formCleanField = "form-clean"
    /// The project's own outputs (the index), by path: the key of what they were made from (every SOP's
    /// key: ``BuildInputs/projectKey``) and the stamp the file had. A `project` line each.
    var project: [String: (key: String, stamp: String)] = [:]
    /// The folders below OUT that the last build looked through for stale temporary files, by path: each
    /// one's stamp then, once settled, and the names looked for (``OutputFolder/removeStaleTemporaries(_:paths:remove:known:)``).
    /// A folder with the same stamp and names now is not looked through again. A `folder` line each.
    var folders: [String: String] = [:]

    init() {}

    /// Whether `other` says the same: the same stamp, keys, files with their stamps, forms found clean and
    /// project files (a build that rendered nothing leaves the state as it found it, and does not write it).
    func says(the other: BuildState) -> Bool {
        guard stamp == other.stamp, keys == other.keys, formClean == other.formClean, files.count == other.files.count,
            project.count == other.project.count, folders == other.folders
        else { return false }
        for (id, list) in files {
            guard let theirs = other.files[id], theirs.count == list.count,
                zip(list, theirs).allSatisfy({ $0.path == $1.path && $0.stamp == $1.stamp })
            else { return false }
        }
        for (path, entry) in project {
            guard let theirs = other.project[path], theirs.key == entry.key, theirs.stamp == entry.stamp else { return false }
        }
        return true
    }

    init?(parsing bytes: [UInt8]) {
        // Byte by byte (a state lists every file of OUT: tens of thousands of lines): each line's fields as
        // ranges, its kind compared as bytes, and an SOP's files gathered before they are stored under it.
        let parsed: Bool = bytes.withUnsafeBufferPointer { all in
            let header = Array(BuildState.header.utf8)
            func text(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: all[range]), as: UTF8.self)
            }
            func `is`(_ range: Range<Int>, _ word: StaticString) -> Bool {
                range.count == word.utf8CodeUnitCount
                    && all[range].elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
            }
            let lines = Manifest.lines(all)
            guard let first = lines.first, all[first].elementsEqual(header) else { return false }
            var current: String?
            var list: [(path: String, stamp: String)] = []
            for line in lines.dropFirst() {
                // At most four fields, split at tabs.
                var fields = (line.lowerBound..<line.lowerBound, 0..<0, 0..<0, 0..<0)
                var count = 0
                var fieldStart = line.lowerBound
                for i in line where all[i] == 0x09 {
                    switch count {
                    case 0: fields.0 = fieldStart..<i
                    case 1: fields.1 = fieldStart..<i
                    case 2: fields.2 = fieldStart..<i
                    default: return false
                    }
                    count += 1
                    fieldStart = i + 1
                }
                switch count {
                case 0: fields.0 = fieldStart..<line.upperBound
                case 1: fields.1 = fieldStart..<line.upperBound
                case 2: fields.2 = fieldStart..<line.upperBound
                default: fields.3 = fieldStart..<line.upperBound
                }
                count += 1
                if `is`(fields.0, "file"), count == 3 {
                    let path = text(fields.1)
                    guard current != nil, Manifest.isSafeRelativePath(path) else { return false }
                    list.append((path, text(fields.2)))
                    continue
                }
                // Any other line ends the files of the SOP before.
                if let id = current, !list.isEmpty {
                    files[id, default: []] += list
                    list = []
                }
                if `is`(fields.0, "stamp"), count == 2 {
                    stamp = text(fields.1)
                } else if `is`(fields.0, "sop"), count == 3 || count == 4 {
                    let id = text(fields.1)
                    keys[id] = text(fields.2)
                    current = id
                    if count == 4 {
                        guard text(fields.3) == BuildState.formCleanField else { return false }
                        formClean.insert(id)
                    }
                } else if `is`(fields.0, "project"), count == 4 {
                    let path = text(fields.1)
                    guard Manifest.isSafeRelativePath(path), !path.contains("/") else { return false }
                    project[path] = (text(fields.2), text(fields.3))
                } else if `is`(fields.0, "folder"), count == 3 {
                    let path = text(fields.1)
                    guard Manifest.isSafeRelativePath(path) else { return false }
                    folders[path] = text(fields.2)
                } else {
                    return false
                }
            }
            if let id = current, !list.isEmpty { files[id, default: []] += list }
            return true
        }
        guard parsed else { return nil }
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The state file's bytes, in one buffer of their size: the lines are walked twice, once to count and
    /// once to write (a state lists every file of OUT: megabytes, written at the end of a build while the
    /// whole project is still held).
    var bytes: [UInt8] {
        func lines(_ put: (String) -> Void) {
            put(BuildState.header + "\nstamp\t" + stamp + "\n")
            for path in project.keys.sorted() {
                put("project\t" + path + "\t" + project[path]!.key + "\t" + project[path]!.stamp + "\n")
            }
            for id in keys.keys.sorted() {
                put("sop\t" + id + "\t" + keys[id]! + (formClean.contains(id) ? "\t" + BuildState.formCleanField : "") + "\n")
                for file in files[id] ?? [] { put("file\t" + file.path + "\t" + file.stamp + "\n") }
            }
            for path in folders.keys.sorted() {
                put("folder\t" + path + "\t" + folders[path]! + "\n")
            }
        }
        var size = 0
        lines { size += $0.utf8.count }
        var out: [UInt8] = []
        out.reserveCapacity(size)
        lines { out.append(contentsOf: $0.utf8) }
        return out
    }

    /// The stamp of the state file in OUT as it is now (``AtomicDirectory/fileStamps(in:names:)``).
    static func fileStamp(_ dir: AtomicDirectory) -> String? { dir.fileStamps(in: "", names: [fileName])[0] }

    static func read(_ dir: AtomicDirectory) -> (state: BuildState?, foreign: Bool) {
        switch try? dir.read(fileName) {
        case .success(let bytes):
            if let state = BuildState(parsing: bytes) { return (state, false) }
            return (nil, true)
        case .failure(.missing): return (nil, false)
        default: return (nil, true)
        }
    }
}

extension OutputFolder {
    /// Whether OUT may hold a build state (anything at its name, or OUT cannot be looked into): when not, a
    /// build into it finds no SOP whose form is known clean (``formsFoundClean(in:inputs:)`` finds none), and
    /// its check lays out every form, best beside the other checks (`Pipeline.checkForBuild`).
    public static func mayHaveBuildState(_ out: String) -> Bool {
        guard let dir = try? AtomicDirectory.open(out) else { return true }
        return (try? dir.entry(BuildState.fileName)) != .missing
    }

    /// The SOPs whose form the last build into `out` recorded as having nothing to report, with the same
    /// key as in `inputs` (so with the same inputs): `sopc build`'s check need not lay out their forms
    /// again. Read without OUT's lock: a state being replaced is read whole, old or new, and what it says
    /// of a key holds whichever build wrote it. Empty when OUT or its state cannot be read.
    /// The state read is kept in `inputs` for the build (``BuildInputs/previous``).
    public static func formsFoundClean(in out: String, inputs: inout BuildInputs) -> Set<String> {
        guard let dir = try? AtomicDirectory.open(out) else { return [] }
        // Stamped before and after reading: the same stamp both times is the file that was read.
        guard let before = BuildState.fileStamp(dir), case (let state?, _) = BuildState.read(dir) else { return [] }
        if BuildState.fileStamp(dir) == before { inputs.previous = (before, state) }
        guard state.stamp == inputs.stamp else { return [] }
        return state.formClean.filter { id in inputs.keys[id] != nil && state.keys[id] == inputs.keys[id] }
    }

    /// The SOPs of a project in id order, a batch at a time (each batch's SOPs in parallel), except those
    /// whose files `fresh` says are in OUT already (it returns their paths). `handle` is given each other
    /// SOP's files one at a time, on the thread that renders them, as each is rendered (its text is let go
    /// before that thread renders the next: no SOP's files are ever all held at once; an SOP alone in its
    /// batch, such as the one SOP of a project, has two of its files rendered at a time); `each` sees every SOP in
    /// order on the calling thread, with what `handle` made of its files, or nil when it was fresh. When
    /// `each` throws, the rest of its batch goes to `abandon`. When `begin` opens a temporary file for an
    /// emitter's file, the file is written into it as it is rendered, and `handle` is given the rest of it
    /// (``OutputPlan/files(of:for:writingInto:_:)``).
    static func walk<Outcome: Sendable>(
        _ project: LoweredProject, emitters: [any SOPEmitter], fresh: @Sendable (SOP) -> [String]?,
        writingInto begin: (@Sendable (_ path: String) -> AtomicDirectory.Staging?)? = nil,
        handle: @Sendable (_ path: String, _ text: consuming RenderedText, _ begun: OutputPlan.WrittenPart?) -> Outcome,
        abandon: ([Outcome]) -> Void = { _ in },
        each: (SOPOutputSummary, [Outcome]?) throws -> Void
    ) throws -> [SOPOutputSummary] {
        let sops = project.checked.sopsInIDOrder
        var summaries: [SOPOutputSummary] = []
        summaries.reserveCapacity(sops.count)
        // The arrays of the files written come back for the next ones (``ByteBuffers``).
        ByteBuffers.startKeeping()
        defer { ByteBuffers.stopKeeping() }
        let batch = 64
        // For an SOP alone in its batch, its files taken longest first, so that the two threads end
        // together rather than one waiting for the other's last long file (the form after the short ones).
        let longestFirst = emitters.indices.sorted {
            cost(of: emitters[$0]) > cost(of: emitters[$1]) || $0 < $1 && cost(of: emitters[$0]) == cost(of: emitters[$1])
        }
        var start = 0
        while start < sops.count {
            let end = min(start + batch, sops.count)
            let first = start
            let slots = ResultSlots<([String], [Outcome]?)>(count: end - start)
            Cores.perform(iterations: end - start) { k in
                let sop = sops[first + k]
                if let paths = fresh(sop) {
                    slots[k] = (paths, nil)
                    return
                }
                let context = SOPOutputContext(sop, project: project)
                @Sendable func render(_ emitter: any SOPEmitter) -> [(String, Outcome)] {
                    OutputPlan.files(of: emitter, for: context, writingInto: begin) { path, text, begun in
                        (path, handle(path, text, begun))
                    }
                }
                var made: [(String, Outcome)] = []
                if first + 1 == end {
                    // An SOP alone in its batch (a project of one long SOP): two of its files at a time, each
                    // taken by whichever thread is free (two at most, whatever the cores: each file of a
                    // 100,000-step SOP is held whole while it is rendered), then in emitter order as always.
                    let each = ResultSlots<[(String, Outcome)]>(count: emitters.count)
                    let next = Mutex(0)
                    Cores.perform(iterations: min(2, emitters.count)) { _ in
                        while true {
                            let n = next.withLock { n in
                                defer { n += 1 }
                                return n
                            }
                            guard n < emitters.count else { return }
                            let e = longestFirst[n]
                            each[e] = render(emitters[e])
                        }
                    }
                    for e in emitters.indices { made += each[e]! }
                } else {
                    for emitter in emitters { made += render(emitter) }
                }
                slots[k] = (made.map(\.0), made.map(\.1))
            }
            // Their machines are not asked for again by these SOPs: those no later SOP calls are let go.
            for k in 0..<(end - start) { project.finished(sops[first + k].sopID) }
            for k in 0..<(end - start) {
                guard let (paths, outcomes) = slots[k] else { continue }
                // A context of its own, without the table the rendering computed: the project-wide outputs
                // read only the SOP (and compute the rest again, should one need it).
                let summary = SOPOutputSummary(context: SOPOutputContext(sops[first + k], project: project), files: paths)
                summaries.append(summary)
                do {
                    try each(summary, outcomes)
                } catch {
                    for rest in (k + 1)..<(end - start) { if let outcomes = slots[rest]?.1 { abandon(outcomes) } }
                    throw error
                }
            }
            start = end
        }
        return summaries
    }

    /// How long an emitter takes to render and write a long SOP's file, roughly, against the others: the
    /// printed form with its layout, then the two BPMN files with their diagrams, then the machine outputs,
    /// then the tables (measured on a 100,000-step SOP: 1.5 s, 1.2 s each, 0.6 s each, 0.4 s each).
    static func cost(of emitter: any SOPEmitter) -> Int {
        switch emitter {
        case is HTMLFormEmitter: 4
        case is BPMNEmitter, is Camunda8Emitter: 3
        case is MachineJSONEmitter, is SCXMLEmitter: 2
        default: 1
        }
    }

    /// What a build did with one rendered file of an SOP.
    enum BuildOutcome: Sendable {
        /// OUT has it already.
        case unchanged
        /// Written under its temporary name.
        case staged(AtomicDirectory.Staged)
        /// In the way (English, Indonesian).
        case inTheWay(String, String)
        /// Reading or writing failed.
        case failed(AtomicDirectory.IOError)
    }

    /// The rest of a file written into its temporary file as it was rendered, written, and the file closed
    /// (its bytes' memory handed back for the next file).
    static func finishStaging(_ begun: OutputPlan.WrittenPart, _ text: consuming RenderedText, in dir: AtomicDirectory)
        -> BuildOutcome
    {
        var text = text
        defer { text.recycle() }
        return text.withBytes { bytes -> BuildOutcome in
            do throws(AtomicDirectory.IOError) {
                return .staged(try dir.finishStaging(begun.staging, last: bytes, failure: begun.failure, sync: false))
            } catch {
                return .failed(error)
            }
        }
    }

    /// Whether one rendered file must be written, and if so, written under its temporary name (on the
    /// rendering thread, straight from the text's bytes).
    /// - Parameter empty: OUT held nothing when the build took its lock: nothing can be there already or in
    ///   the way, and the file is staged without a look.
    static func examineAndStage(
        _ path: String, _ text: consuming RenderedText, in dir: AtomicDirectory, managed: Set<String>, shown: String,
        empty: Bool = false
    ) -> BuildOutcome {
        var text = text
        defer { text.recycle() }
        return text.withBytes { bytes -> BuildOutcome in
            do throws(AtomicDirectory.IOError) {
                if empty { return .staged(try dir.stage(path, bytes, sync: false)) }
                switch try dir.matches(path, bytes) {
                case .success(true):
                    return .unchanged
                case .success(false):
                    guard managed.contains(path) else {
                        return .inTheWay(
                            "'\(shown)\(path)' exists and was not written by sopc; it would be overwritten",
                            "'\(shown)\(path)' sudah ada dan tidak ditulis oleh sopc; berkas itu akan tertimpa")
                    }
                case .failure(.missing):
                    break
                case .failure(.blocked(let part, let what)):
                    return .inTheWay(
                        "'\(shown)\(part)' is \(what), so '\(shown)\(path)' cannot be written",
                        "'\(shown)\(part)' \(AtomicDirectory.indonesian(what)), sehingga '\(shown)\(path)' tidak dapat ditulis")
                case .failure(let entry):
                    return .inTheWay(
                        "'\(shown)\(path)' is \(AtomicDirectory.describe(entry)); sopc writes only regular files there",
                        "'\(shown)\(path)' \(AtomicDirectory.indonesian(AtomicDirectory.describe(entry))); sopc hanya menulis berkas biasa di sana"
                    )
                }
                return .staged(try dir.stage(path, bytes, sync: false))
            } catch {
                return .failed(error)
            }
        }
    }

    /// Whether the files an SOP had at the last build are all still there as that build left them, with
    /// the same input key: then they are its outputs now, and need not be rendered or read.
    static func freshness(_ state: BuildState?, inputs: BuildInputs?, managed: Set<String>, dir: AtomicDirectory)
        -> @Sendable (SOP) -> [String]?
    {
        guard let state, let inputs, state.stamp == inputs.stamp else { return { _ in nil } }
        let keys = inputs.keys
        let oldKeys = state.keys
        let files = state.files
        let box = UncheckedBox(dir)
        return { sop in
            let id = sop.sopID
            guard let key = keys[id], oldKeys[id] == key, let list = files[id], !list.isEmpty,
                list.allSatisfy({ managed.contains($0.path) }), box.value.stampsMatch(in: id, list)
            else { return nil }
            return list.map(\.path)
        }
    }

    /// `sopc build`: brings OUT in line with the outputs of `project`, as ``sync(_:to:)`` does, but SOP by
    /// SOP: an SOP whose inputs did not change since the last build and whose files are still as that
    /// build left them is not rendered at all; the others are rendered a batch at a time (in parallel), and
    /// each file, as soon as it is rendered and on the thread that rendered it, compared with OUT a piece
    /// at a time and, when it differs, written under its temporary name, so that only the file being
    /// rendered is held in memory on each thread. A file in the way stops the build before anything is put in place
    /// (the temporary files are taken back). The temporary files are synced all at once before the first
    /// rename, and the renames once after the last. The whole build holds OUT's lock; when another build
    /// holds it, `waiting` is called, then this waits.
    public static func build(
        _ project: LoweredProject, inputs: BuildInputs?, to out: String, emitters: [any SOPEmitter] = OutputPlan.sopEmitters,
        projectEmitters: [any ProjectEmitter] = OutputPlan.projectEmitters, waiting: () -> Void = {}
    ) throws(UsageError) -> SyncReport {
        let dir = try AtomicDirectory.open(out)
        let shown = display(out)
        var staged: [AtomicDirectory.Staged] = []
        var clock = PhaseClock()
        do {
            try dir.create()
            dir.lock(waiting: waiting)
            let (old, oldBytes) = try readManifest(dir, shown: shown)
            let managed = Set(old.paths)
            // A first build into a new (or emptied) OUT: no file of it can be there already, in the way, or
            // left by a killed build, so none is looked for.
            let empty = old.paths.isEmpty && dir.isEmpty()
            let (state, foreignState) =
                if let previous = inputs?.previous, BuildState.fileStamp(dir) == previous.fileStamp {
                    (Optional(previous.state), false)
                } else {
                    BuildState.read(dir)
                }
            clock.lap("lock, manifest, state")
            var report = SyncReport()
            var problems: [String] = []
            var indonesian: [String] = []
            var produced: [String] = []
            var rendered: [String: [String]] = [:]
            var newState = BuildState()
            newState.stamp = inputs?.stamp ?? ""
            func consider(_ file: OutputPlan.File) throws {
                produced.append(file.path)
                guard
                    let write = try examine(
                        file, in: dir, managed: managed, shown: shown, report: &report, problems: &problems,
                        indonesian: &indonesian)
                else { return }
                if problems.isEmpty { staged.append(try dir.stage(write.path, write.bytes, sync: false)) }
            }
            let fresh = freshness(state, inputs: inputs, managed: managed, dir: dir)
            let box = UncheckedBox(dir)
            // Into an empty OUT, each file goes into its temporary file as it is rendered: a long SOP's file is
            // never held whole (``ByteBuffers/writing(to:_:)``).
            let opening: @Sendable (String) -> AtomicDirectory.Staging? = { path in try? box.value.beginStaging(path) }
            let begin = empty ? opening : nil
            let handle: @Sendable (String, consuming RenderedText, OutputPlan.WrittenPart?) -> BuildOutcome = {
                path, text, begun in
                if let begun { return finishStaging(begun, text, in: box.value) }
                return examineAndStage(path, text, in: box.value, managed: managed, shown: shown, empty: empty)
            }
            let summaries = try walk(
                project, emitters: emitters, fresh: fresh, writingInto: begin, handle: handle,
                abandon: { outcomes in
                    for case .staged(let file) in outcomes { dir.discard(file) }
                },
                each: { summary, outcomes in
                    let id = summary.context.id
                    produced += summary.files
                    if let outcomes {
                        var failure: AtomicDirectory.IOError?
                        for outcome in outcomes {
                            switch outcome {
                            case .unchanged: report.unchanged += 1
                            case .staged(let file): staged.append(file)
                            case .inTheWay(let english, let bahasa):
                                problems.append(english)
                                indonesian.append(bahasa)
                            case .failed(let error): failure = failure ?? error
                            }
                        }
                        if let failure { throw failure }
                        rendered[id] = summary.files
                    } else {
                        report.unchanged += summary.files.count
                        newState.files[id] = state?.files[id]
                    }
                    if let key = inputs?.keys[id] {
                        newState.keys[id] = key
                        if inputs?.formClean.contains(id) == true { newState.formClean.insert(id) }
                    }
                })
            clock.lap("SOPs rendered or found fresh")
            // The index is made from every SOP: when no SOP's key changed and the file is as the last build
            // left it, it is not made again (a project of thousands of SOPs).
            let projectKey = inputs?.projectKey(summaries.map(\.context.id))
            var projectFiles: [String] = []
            for emitter in projectEmitters {
                if let projectKey, !emitter.path.contains("/") {
                    projectFiles.append(emitter.path)
                    if managed.contains(emitter.path), let last = state?.project[emitter.path], state?.stamp == inputs?.stamp,
                        last.key == projectKey,
                        dir.fileStamps(in: "", names: [emitter.path])[0] == last.stamp
                    {
                        produced.append(emitter.path)
                        report.unchanged += 1
                        continue
                    }
                }
                try consider(
                    OutputPlan.File(path: emitter.path, bytes: Array(emitter.render(summaries, model: project.model).utf8)))
            }
            if emitters.contains(where: { $0 is HTMLFormEmitter }) { for file in OutputPlan.fontFiles { try consider(file) } }
            for reserved in [Manifest.fileName, BuildState.fileName] where produced.contains(reserved) {
                problems.append("an output is named '\(reserved)', which is the name of sopc's own file")
                indonesian.append("salah satu output bernama '\(reserved)', yaitu nama berkas milik sopc sendiri")
            }
            guard problems.isEmpty else { throw filesInTheWay(problems, indonesian: indonesian) }
            clock.lap("project outputs")
            let final = Manifest.of(sorted: Manifest.sortedUnique(produced), previous: old)
            let finalBytes = Array(final.text.utf8)
            let leftOver = final == old ? [] : Manifest.leftOver(old.paths, produced: final.paths)
            let adding = staged.map(\.rel).filter { !managed.contains($0) }
            if !staged.isEmpty {
                dir.syncAll()
                clock.lap("sync staged files")
                if !adding.isEmpty { try dir.write(Manifest.fileName, Array(Manifest(paths: old.paths + adding).text.utf8)) }
                let committing = staged
                staged = []
                report.written = try commit(committing, in: dir, syncFolders: false)
                clock.lap("renames")
                dir.syncAll()
                clock.lap("sync renames")
            }
            for path in leftOver {
                if try dir.remove(path) {
                    report.removed.append(path)
                } else if try dir.entry(path) != .missing {
                    report.keptInPlace.append(path)
                }
            }
            if oldBytes != finalBytes { try dir.write(Manifest.fileName, finalBytes) }
            clock.lap("left-over outputs, manifest")
            // (The manifest read is kept as it is when it lists what this build produced: its paths once.)
            if !empty {
                (report.cleaned, newState.folders) = removeStaleTemporaries(
                    dir,
                    paths: (final == old ? final.paths : final.paths + old.paths) + [Manifest.fileName, BuildState.fileName],
                    known: state?.folders ?? [:])
            }
            report.written.sort { Bytewise.precedes($0, $1) }
            clock.lap("stale temporaries")
            // What this build leaves, for the next one.
            if inputs != nil, !foreignState {
                // Each rendered SOP's files stamped as they are now, folder by folder on all cores.
                let stamping = rendered.filter { newState.keys[$0.key] != nil }.map { ($0.key, $0.value) }
                let stamped = ResultSlots<[String?]>(count: stamping.count)
                Cores.perform(iterations: stamping.count) { k in
                    let (id, paths) = stamping[k]
                    stamped[k] = box.value.fileStamps(in: id, names: paths.map { String($0.dropFirst(id.count + 1)) })
                }
                for (k, (id, paths)) in stamping.enumerated() {
                    let stamps = stamped[k]!
                    if paths.allSatisfy({ $0.hasPrefix(id + "/") && !$0.dropFirst(id.count + 1).contains("/") }),
                        stamps.allSatisfy({ $0 != nil })
                    {
                        // An unchanged file keeps the text of its stamp as the state read it (one copy of
                        // each, not two: a state lists every file of OUT).
                        let before = state?.files[id] ?? []
                        newState.files[id] = zip(paths, stamps).enumerated().map { k, file in
                            k < before.count && before[k].path == file.0 && before[k].stamp == file.1!
                                ? before[k] : (file.0, file.1!)
                        }
                    } else {
                        newState.keys[id] = nil
                    }
                }
                for id in newState.keys.keys where newState.files[id] == nil { newState.keys[id] = nil }
                if let projectKey {
                    let stamps = dir.fileStamps(in: "", names: projectFiles)
                    for (path, stamp) in zip(projectFiles, stamps) {
                        if let stamp { newState.project[path] = (projectKey, stamp) }
                    }
                }
                newState.formClean.formIntersection(newState.keys.keys)
                // The state read (what is in OUT: read, or found unchanged, under the lock) stays when it says
                // what the new one says. Else the new one is compared with the file a piece at a time, not read
                // whole beside it.
                if state.map({ newState.says(the: $0) }) != true {
                    let text = newState.bytes
                    let same = text.withUnsafeBytes { raw in (try? dir.matches(BuildState.fileName, raw)) == .success(true) }
                    if !same { try dir.write(BuildState.fileName, text, sync: false) }
                }
                clock.lap("build state")
            }
            return report
        } catch {
            for file in staged { dir.discard(file) }
            dir.removeCreatedFolders()
            if let error = error as? AtomicDirectory.IOError { throw UsageError(error.message, indonesian: error.indonesian) }
            if let error = error as? UsageError { throw error }
            throw UsageError("\(error)")
        }
    }

    /// Whether one file of the build must be written: nil when OUT has it already (counted in
    /// `report.unchanged`) or when it is in the way (a problem added).
    static func examine(
        _ file: OutputPlan.File, in dir: AtomicDirectory, managed: Set<String>, shown: String, report: inout SyncReport,
        problems: inout [String], indonesian: inout [String]
    ) throws -> OutputPlan.File? {
        switch try dir.read(file.path) {
        case .success(let bytes):
            if bytes == file.bytes {
                report.unchanged += 1
                return nil
            } else if managed.contains(file.path) {
                return file
            } else {
                problems.append("'\(shown)\(file.path)' exists and was not written by sopc; it would be overwritten")
                indonesian.append("'\(shown)\(file.path)' sudah ada dan tidak ditulis oleh sopc; berkas itu akan tertimpa")
                return nil
            }
        case .failure(.missing):
            return file
        case .failure(.blocked(let part, let what)):
            problems.append("'\(shown)\(part)' is \(what), so '\(shown)\(file.path)' cannot be written")
            indonesian.append(
                "'\(shown)\(part)' \(AtomicDirectory.indonesian(what)), sehingga '\(shown)\(file.path)' tidak dapat ditulis")
            return nil
        case .failure(let entry):
            problems.append("'\(shown)\(file.path)' is \(AtomicDirectory.describe(entry)); sopc writes only regular files there")
            indonesian.append(
                "'\(shown)\(file.path)' \(AtomicDirectory.indonesian(AtomicDirectory.describe(entry))); sopc hanya menulis berkas biasa di sana"
            )
            return nil
        }
    }

    /// How `out` differs from the outputs of `project`, manifest included, sorted by path (`check
    /// --generated`); the SOPs whose files the last build left as they are, with the same inputs
    /// (``BuildInputs``), are not rendered. A missing OUT is all missing; an OUT that is not a folder is a
    /// ``UsageError``.
    public static func compare(
        _ project: LoweredProject, inputs: BuildInputs?, with out: String, emitters: [any SOPEmitter] = OutputPlan.sopEmitters,
        projectEmitters: [any ProjectEmitter] = OutputPlan.projectEmitters, waiting: () -> Void = {}
    ) throws(UsageError) -> [StaleFile] {
        let dir = try AtomicDirectory.open(out)
        // A build under way holds the lock: its temporary files and half-updated manifest are not reported.
        dir.lock(shared: true, waiting: waiting)
        do {
            var managed = Set<String>()
            var oldManifest: Manifest?
            if case .success(let bytes) = try dir.read(Manifest.fileName), let old = try? Manifest(parsing: bytes) {
                managed = Set(old.paths)
                oldManifest = old
            }
            let state = BuildState.read(dir).state
            var stale: [StaleFile] = []
            var produced: [String] = []
            func consider(_ file: OutputPlan.File) throws {
                produced.append(file.path)
                if let found = try compareFile(
                    file, in: dir, managed: managed.contains(file.path) || file.path == Manifest.fileName)
                {
                    stale.append(found)
                }
            }
            let fresh = freshness(state, inputs: inputs, managed: managed, dir: dir)
            let box = UncheckedBox(dir)
            let known = managed
            let summaries = try walk(
                project, emitters: emitters, fresh: fresh,
                handle: { path, text, _ -> Result<StaleFile?, any Error> in
                    var text = text
                    let found = Result { () throws -> StaleFile? in
                        let same = try text.withBytes { bytes throws(AtomicDirectory.IOError) in
                            try box.value.matches(path, bytes)
                        }
                        if case .success(true) = same { return nil }
                        return try compareFile(
                            OutputPlan.File(path: path, bytes: text.bytes), in: box.value, managed: known.contains(path))
                    }
                    text.recycle()
                    return found
                },
                each: { summary, outcomes in
                    produced += summary.files
                    for outcome in outcomes ?? [] {
                        if let found = try outcome.get() { stale.append(found) }
                    }
                })
            var rest: [OutputPlan.File] = []
            for emitter in projectEmitters {
                rest.append(
                    OutputPlan.File(path: emitter.path, bytes: Array(emitter.render(summaries, model: project.model).utf8)))
            }
            if emitters.contains(where: { $0 is HTMLFormEmitter }) { rest += OutputPlan.fontFiles }
            for file in rest { try consider(file) }
            let manifest = Manifest.of(sorted: Manifest.sortedUnique(produced), previous: oldManifest)
            try consider(OutputPlan.File(path: Manifest.fileName, bytes: Array(manifest.text.utf8)))
            for path in Manifest.leftOver(oldManifest?.paths ?? [], produced: manifest.paths) {
                if try dir.entry(path) == .file { stale.append(StaleFile(path: path, problem: .leftOver, managed: true)) }
            }
            let temporaries = removeStaleTemporaries(
                dir, paths: produced + managed + [Manifest.fileName, BuildState.fileName], remove: false,
                known: state?.folders ?? [:]
            ).removed
            for path in temporaries { stale.append(StaleFile(path: path, problem: .temporary, managed: false)) }
            return stale.sorted { Bytewise.precedes($0.path, $1.path) }
        } catch let error as AtomicDirectory.IOError {
            throw UsageError(error.message, indonesian: error.indonesian)
        } catch {
            throw UsageError("\(error)")
        }
    }

    /// How one file in OUT differs from the build's, or nil when it does not.
    static func compareFile(_ file: OutputPlan.File, in dir: AtomicDirectory, managed isManaged: Bool) throws -> StaleFile? {
        switch try dir.read(file.path) {
        case .success(let bytes):
            if let (line, column) = firstDifference(bytes, file.bytes) {
                return StaleFile(path: file.path, problem: .differs(line: line, column: column), managed: isManaged, found: bytes)
            }
            return nil
        case .failure(.missing):
            return StaleFile(path: file.path, problem: .missing, managed: isManaged)
        case .failure(.blocked(let part, let what)):
            return StaleFile(path: file.path, problem: .notAFile(what, blockedBy: part), managed: isManaged)
        case .failure(let entry):
            return StaleFile(
                path: file.path, problem: .notAFile(AtomicDirectory.describe(entry), blockedBy: nil), managed: isManaged)
        }
    }
}

/// Lets the freshness test and the search for stale temporary files, which only work through their own
/// descriptors, be shared by the threads.
final class UncheckedBox: @unchecked Sendable {
    let value: AtomicDirectory
    init(_ value: AtomicDirectory) { self.value = value }
}
