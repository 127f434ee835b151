import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The result of checking a definitions folder.
public struct CheckResult: Sendable {
    /// Every diagnostic, in report order.
    public var diagnostics: [Diagnostic]
    /// The decoded project (SOPs included) for the emitters.
    public var model: ProjectModel
    /// The bytes of each file read, by displayed path, so that diagnostics can show their source line.
    public var sources: [String: [UInt8]]
    public var fileCount: Int
    /// Where each displayed path is on disk, for source lines of files whose bytes were not kept.
    public var paths: [String: String] = [:]
    /// Parse trees of large files, kept so that a caller about to exit can skip freeing millions of
    /// nodes one by one (`sopc check` does).
    public var largeTrees: [YAMLNode] = []

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}

/// Runs the front end and every check over a definitions folder:
/// 1. find the files; 2. read and parse each with libyaml (in parallel); 3. decode the typed model;
/// 4. check each SOP against the project (in parallel); 5. check across SOPs; 6. sort.
public enum Checker {
    public static let projectFileName = "sopc.yaml"

    /// - Parameters:
    ///   - directory: the definitions folder as given on the command line.
    ///   - displayPrefix: how paths below the folder are shown (usually `directory` itself).
    public static func check(directory: String, displayPrefix: String? = nil) throws(UsageError) -> CheckResult {
        let root = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var clock = PhaseClock()
        let folder = try DefinitionsFolder.scan(root)
        clock.lap("scan")
        let prefix = displayPrefix ?? root
        @Sendable func display(_ rel: String) -> String { prefix.isEmpty || prefix == "." ? rel : prefix + "/" + rel }

        // The project file and the SOP files are read and decoded independently, on all cores.
        let projectDisplay = display(projectFileName)
        let projectPath = root + "/" + projectFileName
        let files = folder.sopFiles
        let slots = ResultSlots<FileOutcome>(count: files.count + 1)
        DispatchQueue.concurrentPerform(iterations: files.count + 1) { i in
            if i == files.count {
                slots[i] = readProject(path: projectPath, display: projectDisplay)
            } else {
                slots[i] = readSOP(path: root + "/" + files[i], rel: files[i], display: display(files[i]))
            }
        }
        clock.lap("read, parse, decode")
        var diagnostics: [Diagnostic] = []
        var sources: [String: [UInt8]] = [:]
        var paths: [String: String] = [projectDisplay: projectPath]
        var largeTrees: [YAMLNode] = []
        for rel in files { paths[display(rel)] = root + "/" + rel }
        var project: Project?
        var sops: [SOP] = []
        sops.reserveCapacity(files.count)
        for i in 0...files.count {
            guard let outcome = slots[i] else { continue }
            diagnostics += outcome.diagnostics
            // Bytes are kept only where the reader already found something; later checks re-read on demand.
            if let bytes = outcome.bytes, !outcome.diagnostics.isEmpty { sources[outcome.display] = bytes }
            if let tree = outcome.largeTree { largeTrees.append(tree) }
            if i == files.count {
                project = outcome.project
            } else if let sop = outcome.sop {
                sops.append(sop)
            }
        }
        if project == nil, slots[files.count]?.missing == true {
            diagnostics.append(
                Diagnostic(
                    .missingProject, "no project file '\(projectFileName)' in '\(prefix)'", file: projectDisplay,
                    span: .fileStart,
                    help: "create \(projectDisplay) with 'sopc: 1', the organization and its roles"))
        }
        for (rel, reason) in folder.unreadable {
            diagnostics.append(Diagnostic(.yamlSyntax, reason, file: display(rel), span: .fileStart))
        }

        clock.lap("collect")
        let model = ProjectModel(root: prefix, project: project, sops: sops)
        if sops.count >= 16 {
            let perSOP = ResultSlots<[Diagnostic]>(count: sops.count)
            DispatchQueue.concurrentPerform(iterations: sops.count) { i in
                perSOP[i] = checkSOP(model.sops[i], model: model)
            }
            for i in 0..<sops.count { diagnostics += perSOP[i] ?? [] }
        } else {
            // Few SOPs (perhaps one very long one): run the checks of each SOP side by side instead.
            for sop in sops { diagnostics += checkSOP(sop, model: model, checksInParallel: true) }
        }
        clock.lap("check SOPs")
        diagnostics += ProjectChecks.run(model)
        diagnostics.sort(by: Diagnostic.reportOrder)
        clock.lap("project checks, sort")
        return CheckResult(
            diagnostics: diagnostics, model: model, sources: sources,
            fileCount: files.count + (slots[files.count]?.missing == true ? 0 : 1), paths: paths,
            largeTrees: largeTrees)
    }

    static let sopChecks: [any SOPCheck.Type] = [
        ActorCheck.self, ArtefactReferenceCheck.self, SOPReferenceCheck.self, FlowCheck.self,
        ArtefactFlowCheck.self, TimeCheck.self, DateCheck.self,
    ]

    static func checkSOP(_ sop: SOP, model: ProjectModel, checksInParallel: Bool = false) -> [Diagnostic] {
        var sink = SOPSink(file: sop.file)
        var clock = PhaseClock()
        let graph = StepGraph(sop)
        if checksInParallel { clock.lap("    StepGraph") }
        if checksInParallel {
            let slots = ResultSlots<SOPSink>(count: sopChecks.count)
            DispatchQueue.concurrentPerform(iterations: sopChecks.count) { c in
                var local = SOPSink(file: sop.file)
                var clock = PhaseClock()
                sopChecks[c].run(sop, graph: graph, model: model, sink: &local)
                clock.lap("    \(sopChecks[c])")
                slots[c] = local
            }
            for c in 0..<sopChecks.count { sink.absorb(slots[c]!) }
        } else {
            for check in sopChecks { check.run(sop, graph: graph, model: model, sink: &sink) }
        }
        AllowCheck.run(sop, sink: &sink)
        return AllowCheck.filter(sink.findings, sop: sop)
    }

    struct FileOutcome: Sendable {
        var display: String
        var bytes: [UInt8]?
        var diagnostics: [Diagnostic] = []
        var sop: SOP?
        var project: Project?
        var missing = false
        /// The tree of a large file, handed to ``CheckResult/largeTrees``.
        var largeTree: YAMLNode?
        var size: Int?
    }

    static func load(
        path: String, display: String, streaming: (Int) -> StreamingStepDecoder? = { _ in nil }
    ) -> (YAMLNode?, FileOutcome) {
        var outcome = FileOutcome(display: display)
        switch DefinitionsFolder.readFile(path) {
        case .failed(let reason):
            outcome.diagnostics.append(Diagnostic(.yamlSyntax, reason, file: display, span: .fileStart))
            return (nil, outcome)
        case .tooLarge(let size):
            outcome.diagnostics.append(
                Diagnostic(
                    .tooLarge, "the file is \(size) bytes; the limit is \(YAMLLimits.maxFileBytes) bytes (32 MiB)",
                    file: display, span: .fileStart, help: "split it into SOPs that call one another"))
            return (nil, outcome)
        case .bytes(let bytes):
            outcome.size = bytes.count
            let stream = streaming(bytes.count)
            let (root, diagnostics) = YAMLReader(file: display).read(
                bytes, streamingItemsOf: stream == nil ? nil : "steps", onItem: stream.map { s in { s.add($0) } })
            if !diagnostics.isEmpty { outcome.bytes = bytes }
            outcome.diagnostics = diagnostics
            if root == nil, diagnostics.isEmpty {
                // An empty file, or one holding only comments.
                outcome.diagnostics.append(
                    Diagnostic(.wrongType, "the file is empty; it must hold a mapping", file: display, span: .fileStart))
            }
            return (root, outcome)
        }
    }

    static func readProject(path: String, display: String) -> FileOutcome {
        var st = stat()
        if lstat(path, &st) != 0, errno == ENOENT {
            var outcome = FileOutcome(display: display)
            outcome.missing = true
            return outcome
        }
        var (root, outcome) = load(path: path, display: display)
        guard let root, !outcome.diagnostics.contains(where: { $0.id == .yamlSyntax || $0.id == .tooLarge }) else {
            return outcome
        }
        let (project, diagnostics) = ProjectDecoder.decode(root, file: display)
        outcome.project = project
        outcome.diagnostics += diagnostics
        return outcome
    }

    static func readSOP(path: String, rel: String, display: String) -> FileOutcome {
        var clock = PhaseClock()
        // A long file's steps are decoded on other cores while the reader is still reading it.
        var streaming: StreamingStepDecoder?
        var (root, outcome) = load(path: path, display: display) { size in
            guard size > 1 << 20 else { return nil }
            streaming = StreamingStepDecoder(file: display)
            return streaming
        }
        let predecoded = streaming?.finish()
        if (outcome.size ?? 0) > 1 << 20 { clock.lap("  \(display): read and parse") }
        let name = rel.split(separator: "/").last.map(String.init) ?? rel
        let stem = String(name.dropLast(".sop.yaml".count))
        guard let root, !outcome.diagnostics.contains(where: { $0.id == .yamlSyntax || $0.id == .tooLarge }) else {
            return outcome
        }
        let (sop, diagnostics) = SOPDecoder.decode(root, file: display, fileStem: stem, predecoded: predecoded)
        if let size = outcome.size, size > 1 << 20 {
            outcome.largeTree = root
            clock.lap("  \(display): decode")
        }
        outcome.sop = sop
        outcome.diagnostics += diagnostics
        return outcome
    }
}

/// Fixed slots that parallel workers fill, one slot each; read only after the workers finish.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = UnsafeMutablePointer<T?>.allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: max(count, 1))
    }

    deinit {
        storage.deinitialize(count: max(count, 1))
        storage.deallocate()
    }

    subscript(i: Int) -> T? {
        get { storage[i] }
        set { storage[i] = newValue }
    }
}

/// With `SOPC_PROFILE` set, prints how long each phase of a check took on standard error.
struct PhaseClock {
    let enabled = getenv("SOPC_PROFILE") != nil
    var last = PhaseClock.now()

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    mutating func lap(_ phase: String) {
        guard enabled else { return }
        let t = PhaseClock.now()
        StandardStreams.err("sopc: \(phase): \(Int((t - last) * 1000)) ms")
        last = t
    }
}
