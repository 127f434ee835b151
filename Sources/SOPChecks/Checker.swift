import Dispatch
import SOPDiagnostics
import SOPFrontEnd
import SOPSystem
import Synchronization

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
    /// Each file read from disk by displayed path, identified as it was when it was read (size, times,
    /// inode: ``AtomicDirectory/pathStamp(_:settled:)``); none for a file that changed less than two seconds
    /// before, or that could not be read. What a build records of its inputs (``BuildInputs``).
    public var stamps: [String: String] = [:]
    /// The project with what the checks computed, when there is no error (nil otherwise): the only way
    /// to a ``CheckedProject``.
    public var checked: CheckedProject?
    /// Parse trees of large files, kept so that a caller about to exit can skip freeing millions of
    /// nodes one by one (`sopc check` does).
    public var largeTrees: [YAMLNode] = []
    /// What the ``SideCheck`` given to the check found, by SOP id (the first SOP of each id); nil when none
    /// was given, or when the project has an error (the side check's findings would not count).
    public var sideFindings: [String: [SideFinding]]?

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}

/// One finding of a ``SideCheck``: a diagnostic, and the key under which it is reported once across SOPs
/// (the first SOP in id order keeps it), if any — `form-overflow` reports a role's name too long for the
/// form's header once, not in every SOP it heads a column of.
public typealias SideFinding = (diagnostic: Diagnostic, once: String?)

/// A check of each SOP that needs a checked project — the printed form's check, `form-overflow`, lays out the
/// form — run beside the checks of stage 4 on the step graph they made, instead of in a pass of its own
/// after them. It is run on the first SOP of each id, only when the front end found no error, and, when
/// the SOP's checks run one after another, only when they found no error in it; an SOP checked on all cores
/// (a long one) runs it beside its checks. Its findings count only when the whole project has no error
/// (``CheckResult/sideFindings``); otherwise they are dropped.
public struct SideCheck: Sendable {
    public typealias Run =
        @Sendable (_ sop: SOP, _ graph: StepGraph, _ model: ProjectModel, _ callers: [String]) ->
        [SideFinding]
    public let run: Run
    /// - Parameter run: the findings for an SOP, from its step graph, the model and the ids of the SOPs
    ///   that call it in id order (``CheckedProject/callers``).
    public init(_ run: @escaping Run) { self.run = run }
}

/// Runs the front end and every check over a definitions folder:
/// 1. find the files; 2. read and parse each with libyaml (in parallel); 3. decode the typed model;
/// 4. check each SOP against the project (in parallel); 5. check across SOPs; 6. sort.
public enum Checker {
    public static let projectFileName = "sopc.yaml"

    /// - Parameters:
    ///   - directory: the definitions folder as given on the command line.
    ///   - displayPrefix: how paths below the folder are shown (usually `directory` itself).
    ///   - beside: a check run on each SOP beside the others (``SideCheck``).
    public static func check(
        directory: String, displayPrefix: String? = nil, beside: SideCheck? = nil
    ) throws(UsageError) -> CheckResult {
        let root = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var clock = PhaseClock()
        let folder = try DefinitionsFolder.scan(root)
        clock.lap("scan")
        return check(DefinitionsSource(root: root, folder: folder), displayPrefix: displayPrefix ?? root, beside: beside)
    }

    /// Checks definitions held in memory, with the same pipeline as a folder: `files` maps a path relative
    /// to the definitions root (`sopc.yaml`, `lakip.sop.yaml`, `sub/rapat.sop.yaml`) to the file's bytes.
    /// Paths that a folder scan would skip (not ending in `.sop.yaml`, a part starting with `.`) are
    /// skipped here too. Nothing touches the disk; every file's bytes are kept in ``CheckResult/sources``.
    /// `beside`: a check run on each SOP beside the others (``SideCheck``).
    public static func check(files: [String: [UInt8]], displayPrefix: String = "", beside: SideCheck? = nil) -> CheckResult {
        check(DefinitionsSource(memory: files), displayPrefix: displayPrefix, beside: beside)
    }

    static func check(_ source: DefinitionsSource, displayPrefix prefix: String, beside: SideCheck? = nil) -> CheckResult {
        var clock = PhaseClock()
        @Sendable func display(_ rel: String) -> String { prefix.isEmpty || prefix == "." ? rel : prefix + "/" + rel }

        // The project file and the SOP files are read and decoded independently, on all cores.
        let projectDisplay = display(projectFileName)
        let files = source.sopFiles
        let slots = ResultSlots<FileOutcome>(count: files.count + 1)
        @Sendable func read(_ i: Int) {
            if i == files.count {
                slots[i] = readProject(source, display: projectDisplay)
            } else {
                slots[i] = readSOP(source, rel: files[i], display: display(files[i]))
            }
        }
        // One SOP, or a few small files in memory: on this thread (handing them to others costs more).
        if files.count < 2 || (source.root == nil && source.memory.values.reduce(0) { $0 + $1.count } < 1 << 16) {
            for i in 0...files.count { read(i) }
        } else {
            Cores.perform(iterations: files.count + 1, execute: read)
        }
        clock.lap("read, parse, decode")
        // A long file's bytes and its parts' scratch are freed by now: their pages go back to the system
        // before the checks, and the checks' own freed pages as they free them, so that the checks on one
        // core do not make fresh pages while the other keeps freed ones (the peak of a check of one
        // 100,000-step SOP, docs/BENCHMARKS.md). Short files leave too little to matter.
        let long = (0...files.count).contains { (slots[$0]?.size ?? 0) > 1 << 20 }
        if long {
            Allocator.returnFreedPages(immediately: true)
            clock.lap("return freed pages")
        }
        defer { if long { Allocator.returnFreedPages(immediately: false) } }
        var diagnostics: [Diagnostic] = []
        var sources: [String: [UInt8]] = [:]
        var paths: [String: String] = [:]
        var stamps: [String: String] = [:]
        var largeTrees: [YAMLNode] = []
        if let root = source.root {
            paths[projectDisplay] = root + "/" + projectFileName
            for rel in files { paths[display(rel)] = root + "/" + rel }
        } else {
            // In memory there is nothing to re-read later: keep every file's bytes for the source lines.
            for rel in files + [projectFileName] { sources[display(rel)] = source.memory[rel] }
        }
        var project: Project?
        var sops: [SOP] = []
        sops.reserveCapacity(files.count)
        // Each file's outcome is moved out of its slot: a copy would retain every part of it (and of its SOP).
        let projectSlotMissing = slots[files.count]?.missing == true
        for i in 0...files.count {
            guard var outcome = slots.take(i) else { continue }
            diagnostics += outcome.diagnostics
            // Bytes are kept only where the reader already found something; later checks re-read on demand.
            if let bytes = outcome.bytes, !outcome.diagnostics.isEmpty { sources[outcome.display] = bytes }
            if let tree = outcome.largeTree { largeTrees.append(tree) }
            if let stamp = outcome.stamp { stamps[outcome.display] = stamp }
            if i == files.count {
                project = outcome.project.take()
            } else if let sop = outcome.sop.take() {
                sops.append(sop)
            }
        }
        let projectMissing = project == nil && projectSlotMissing
        let ignored = ignoredFiles(source.ignored, projectMissing: projectMissing, display: display)
        diagnostics += ignored.diagnostics
        if projectMissing {
            diagnostics.append(missingProject(projectDisplay, in: prefix, nearMiss: ignored.projectNearMiss))
        }
        for (rel, reason) in source.unreadable {
            diagnostics.append(Diagnostic(.yamlSyntax, .external(reason), file: display(rel), span: .fileStart))
        }

        clock.lap("collect")
        let model = ProjectModel(root: prefix, project: project, sops: sops)
        let checked = check(model, found: diagnostics, beside: beside)
        clock.lap("check")
        return CheckResult(
            diagnostics: checked.diagnostics, model: model, sources: sources,
            fileCount: files.count + (projectSlotMissing ? 0 : 1), paths: paths, stamps: stamps,
            checked: checked.project, largeTrees: largeTrees, sideFindings: checked.side)
    }

    /// Stage 4 alone: every check over a decoded model, after the front end found `found`. The project is
    /// checked exactly when no diagnostic, found before or now, is an error.
    public static func check(_ model: ProjectModel, found: [Diagnostic] = []) -> (
        diagnostics: [Diagnostic], project: CheckedProject?
    ) {
        let checked = check(model, found: found, beside: nil)
        return (checked.diagnostics, checked.project)
    }

    /// Stage 4, with a ``SideCheck`` run beside it; `side` is what it found when the project is checked.
    static func check(_ model: ProjectModel, found: [Diagnostic], beside: SideCheck?) -> (
        diagnostics: [Diagnostic], project: CheckedProject?, side: [String: [SideFinding]]?
    ) {
        var clock = PhaseClock()
        var diagnostics = found
        let calls = ProjectChecks.callGraph(model)
        // The side check runs only where its findings may count: no error from the front end.
        var side: ResultSlots<[SideFinding]>?
        var besideEach: (@Sendable (Int, StepGraph) -> Void)?
        if let beside, !found.contains(where: { $0.severity == .error }) {
            let callers = CheckedProject.callers(of: calls)
            let slots = ResultSlots<[SideFinding]>(count: model.sops.count)
            let sopIndex = model.sopIndex
            besideEach = { i, graph in
                // Read in place: a copy of the SOP would retain each of its parts.
                guard sopIndex[model.sops[i].sopID] == i else { return }
                slots[i] = beside.run(model.sops[i], graph, model, callers[model.sops[i].sopID] ?? [])
            }
            side = slots
        }
        // The step graph and availability of each SOP are let go as soon as its checks are done: the later
        // stages compute again those of the SOP they work on (``CheckedProject/graph(of:)``), and a project
        // of thousands of SOPs is not held twice. An editor's session keeps them (``CheckSession``).
        for found in checkEach(model.sops, model: model, beside: besideEach, keeping: { $0.0 }) { diagnostics += found }
        clock.lap("check SOPs")
        defer { clock.lap("project checks, sort") }
        let concluded = conclude(model, diagnostics, graphs: [], availability: [], calls: calls)
        guard concluded.project != nil, let side else { return (concluded.diagnostics, concluded.project, nil) }
        var byID: [String: [SideFinding]] = [:]
        for i in model.sops.indices { if let found = side[i] { byID[model.sops[i].sopID] = found } }
        return (concluded.diagnostics, concluded.project, byID)
    }

    /// The checks of each SOP against the project: across SOPs on all cores when there are many, else the
    /// checks of each SOP side by side (few SOPs, perhaps one very long one) unless it is short.
    /// - Parameter keeping: what to keep of each SOP's findings, step graph and availability, taken as each
    ///   SOP's checks end (the rest is let go then).
    /// - Parameter beside: run with each SOP's index and its step graph, beside its checks (``SideCheck``).
    static func checkEach<Kept: Sendable>(
        _ sops: [SOP], model: ProjectModel, beside: (@Sendable (Int, StepGraph) -> Void)? = nil,
        keeping: @Sendable (([Diagnostic], StepGraph, ArtefactAvailability)) -> Kept
    ) -> [Kept] {
        @Sendable func besideOf(_ i: Int) -> (@Sendable (StepGraph) -> Void)? {
            guard let beside else { return nil }
            return { graph in beside(i, graph) }
        }
        guard sops.count >= 16 else {
            return sops.indices.map { i in
                keeping(checkSOP(sops[i], model: model, checksInParallel: sops[i].steps.count >= 64, beside: besideOf(i)))
            }
        }
        let perSOP = ResultSlots<Kept>(count: sops.count)
        // Each SOP passed in place: a copy would retain each of its parts.
        sops.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let all = buffer  // read only, while `sops` is held
            Cores.perform(iterations: all.count) { i in
                perSOP[i] = keeping(checkSOP(all[i], model: model, beside: besideOf(i)))
            }
        }
        return (0..<sops.count).map { perSOP[$0]! }
    }

    /// The end of stage 4: the checks across SOPs, the report in order, and the checked project when no
    /// diagnostic is an error. `graphs` and `availability` are those of `model.sops`, in order.
    static func conclude(
        _ model: ProjectModel, _ found: [Diagnostic], graphs: [StepGraph], availability: [ArtefactAvailability],
        calls: CallGraph? = nil
    ) -> (diagnostics: [Diagnostic], project: CheckedProject?) {
        var diagnostics = found
        let calls = calls ?? ProjectChecks.callGraph(model)
        diagnostics += ProjectChecks.run(model, calls: calls)
        Diagnostic.sortInReportOrder(&diagnostics)
        diagnostics = DiagnosticLimit.apply(diagnostics)
        let clean = !diagnostics.contains { $0.severity == .error }
        return (diagnostics, clean ? CheckedProject(model: model, graphs: graphs, availability: availability, calls: calls) : nil)
    }

    /// `missing-project`: the definitions have no `sopc.yaml`; the help names the near miss that is there
    /// (`sopc.yml`, `Sopc.yaml`), if any.
    static func missingProject(_ projectDisplay: String, in prefix: String, nearMiss: String? = nil) -> Diagnostic {
        Diagnostic(
            .missingProject, .missingProject(file: projectFileName, folder: prefix), file: projectDisplay,
            span: .fileStart, help: nearMiss.map { .renameProjectFile($0) } ?? .createProjectFile(projectDisplay))
    }

    /// `ignored-file` for each file not read whose name is a near miss (``DefinitionsFolder/nearMiss(_:)``).
    /// When the project file is missing, a near miss of it at the root is named by `missing-project` instead
    /// (one mistake, one report), and returned as `projectNearMiss`.
    static func ignoredFiles(
        _ rels: [String], projectMissing: Bool, display: (String) -> String
    ) -> (diagnostics: [Diagnostic], projectNearMiss: String?) {
        var diagnostics: [Diagnostic] = []
        var projectNearMiss: String?
        for rel in rels {
            switch DefinitionsFolder.nearMiss(rel) {
            case .rename(let name)?:
                if name == projectFileName, projectMissing, projectNearMiss == nil {
                    projectNearMiss = rel
                    continue
                }
                let file = rel.split(separator: "/").last.map(String.init) ?? rel
                diagnostics.append(
                    Diagnostic(
                        .ignoredFile, .ignoredFile(file), file: display(rel), span: .fileStart,
                        help: .renameIgnoredFile(name)))
            case .projectNotAtRoot?:
                diagnostics.append(
                    Diagnostic(.ignoredFile, .ignoredProjectFile(rel), file: display(rel), span: .fileStart))
            case nil:
                continue
            }
        }
        return (diagnostics, projectNearMiss)
    }

    static let sopChecks: [any SOPCheck.Type] = [
        ActorCheck.self, ArtefactReferenceCheck.self, SOPReferenceCheck.self, FlowCheck.self,
        ArtefactFlowCheck.self, TimeCheck.self, DateCheck.self, PlanCheck.self,
    ]

    /// The indices of ``sopChecks``, the checks that take longest on a long SOP first (the artefact flow:
    /// about 40 % of the checks' time on `bench/`'s 100,000 steps, then the flow: 15 %), then in their order.
    static let longestFirst: [Int] = {
        let flow = sopChecks.firstIndex { $0 == ArtefactFlowCheck.self }!
        let steps = sopChecks.firstIndex { $0 == FlowCheck.self }!
        return [flow, steps] + sopChecks.indices.filter { $0 != flow && $0 != steps }
    }()

    /// - Parameter beside: a side check of this SOP (``SideCheck``), given its step graph: run beside the
    ///   checks when they run in parallel, else after them when they found no error.
    static func checkSOP(
        _ sop: SOP, model: ProjectModel, checksInParallel: Bool = false, beside: (@Sendable (StepGraph) -> Void)? = nil
    ) -> ([Diagnostic], StepGraph, ArtefactAvailability) {
        var sink = SOPSink(file: sop.file)
        var clock = PhaseClock()
        let graph = StepGraph(sop)
        var availability: ArtefactAvailability?
        if checksInParallel { clock.lap("    StepGraph") }
        if checksInParallel {
            let slots = ResultSlots<(SOPSink, ArtefactAvailability?)>(count: sopChecks.count)
            // The longest jobs first, so that the last to end is a short one: the artefact flow, the
            // dominators it needs after its numbering (made meanwhile on another core, -2), the flow, the side
            // check (the form's layout, -1), then the others (`longestFirst`); their findings are still
            // gathered in the checks' order.
            let dominators = SharedDominators(graph)
            let first = Self.longestFirst
            let jobs = [first[0], -2, first[1]] + (beside == nil ? [] : [-1]) + first.dropFirst(2)
            Cores.perform(iterations: jobs.count) { j in
                let c = jobs[j]
                guard c >= 0 else {
                    var clock = PhaseClock()
                    if c == -2 {
                        _ = dominators.get()
                        clock.lap("    dominators")
                    } else {
                        beside?(graph)
                        clock.lap("    beside")
                    }
                    return
                }
                var local = SOPSink(file: sop.file)
                var clock = PhaseClock()
                let found = ArtefactFlowCheck.run(
                    sopChecks[c], sop, graph: graph, model: model, sink: &local, dominators: dominators)
                clock.lap("    \(sopChecks[c])")
                slots[c] = (local, found)
            }
            for c in 0..<sopChecks.count {
                sink.absorb(slots[c]!.0)
                availability = slots[c]!.1 ?? availability
            }
        } else {
            for check in sopChecks {
                availability = ArtefactFlowCheck.run(check, sop, graph: graph, model: model, sink: &sink) ?? availability
            }
        }
        AllowCheck.run(sop, sink: &sink)
        let findings = AllowCheck.filter(sink.findings, sop: sop)
        if !checksInParallel, let beside, !findings.contains(where: { $0.severity == .error }) { beside(graph) }
        return (findings, graph, availability ?? ArtefactAvailability(sop, graph: graph, model: model))
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
        /// The file's settled stamp as it was read from disk (``CheckResult/stamps``).
        var stamp: String?
    }

    static func load(
        _ source: DefinitionsSource, rel: String, display: String,
        streaming: (Int) -> StreamingStepDecoder? = { _ in nil }
    ) -> (YAMLNode?, FileOutcome) {
        var outcome = FileOutcome(display: display)
        /// Why a file could not be read (too large, or the system's reason).
        func unreadable(_ result: DefinitionsFolder.ReadResult) -> Diagnostic? {
            switch result {
            case .failed(let reason): return Diagnostic(.yamlSyntax, .external(reason), file: display, span: .fileStart)
            case .tooLarge(let size):
                return Diagnostic(
                    .tooLarge, .fileTooLarge(bytes: size, limit: YAMLLimits.maxFileBytes), file: display,
                    span: .fileStart, help: .splitIntoCallingSOPs)
            case .bytes: return nil
            }
        }
        let first = source.read(rel, stamp: &outcome.stamp)
        guard case .bytes(let bytes) = first else {
            if let problem = unreadable(first) { outcome.diagnostics.append(problem) }
            return (nil, outcome)
        }
        outcome.size = bytes.count
        let stream = streaming(bytes.count)
        // A file on disk gives its bytes up to the reader, which lets go of the memory of each part of a
        // long file as soon as it is parsed; should it have to read the file whole after all, it reads it
        // again (a file that cannot be read then is reported as when it cannot be read at first).
        var rereadFailure: Diagnostic?
        var rereadStamp: String?
        let reread: (() -> [UInt8]?)? =
            source.root == nil
            ? nil
            : {
                let again = source.read(rel, stamp: &rereadStamp)
                rereadFailure = unreadable(again)
                if case .bytes(let bytes) = again { return bytes }
                return nil
            }
        let (root, diagnostics, readAgain) = YAMLReader(file: display).read(
            bytes, streamingItemsOf: stream == nil ? nil : "steps", onItem: stream.map { s in { s.add($0) } },
            onStep: stream.map { s in { s.add($0) } }, sharing: stream?.ids, blocks: stream, reread: reread)
        if let rereadFailure {
            outcome.diagnostics.append(rereadFailure)
            return (nil, outcome)
        }
        if let readAgain {
            // Read again: what was found is in those bytes.
            outcome.size = readAgain.count
            outcome.stamp = rereadStamp
        }
        if !diagnostics.isEmpty { outcome.bytes = readAgain ?? bytes }
        outcome.diagnostics = diagnostics
        if root == nil, diagnostics.isEmpty {
            // An empty file, or one holding only comments.
            outcome.diagnostics.append(
                Diagnostic(.wrongType, .emptyFile, file: display, span: .fileStart))
        }
        return (root, outcome)
    }

    /// Files read from memory lately, with what reading each gave (the most recent first, at most
    /// ``recentFileLimit`` of each kind): checking the same file again beside others (a fuzzer, the tests, a
    /// tool checking drafts one by one, an editor with a few projects open) reuses it instead of parsing and
    /// decoding it again. What reading a file gives depends on nothing but its bytes, its path and its
    /// displayed path — except a project file's logo, so a project naming one is not kept.
    final class RecentReads: Sendable {
        private let entries = Mutex<[(rel: String, bytes: [UInt8], outcome: FileOutcome)]>([])
        /// Files longer than this are read each time.
        let largest: Int
        /// Whether an outcome is kept for the next reading.
        let keeps: @Sendable (FileOutcome) -> Bool

        init(largest: Int, keeps: @escaping @Sendable (FileOutcome) -> Bool) {
            self.largest = largest
            self.keeps = keeps
        }

        /// What reading `rel` gives: kept from an earlier reading of the same bytes at the same path and
        /// displayed path, else `read()` (and kept if ``keeps``). Files on disk are always read.
        func outcome(
            _ source: DefinitionsSource, rel: String, display: String, read: () -> FileOutcome
        ) -> FileOutcome {
            guard source.root == nil, let bytes = source.memory[rel], bytes.count <= largest else { return read() }
            let kept = entries.withLock { recent -> FileOutcome? in
                guard
                    let i = recent.firstIndex(where: { $0.rel == rel && $0.bytes == bytes && $0.outcome.display == display })
                else { return nil }
                if i > 0 { recent.insert(recent.remove(at: i), at: 0) }
                return recent[0].outcome
            }
            if let kept { return kept }
            let outcome = read()
            if keeps(outcome) {
                entries.withLock { recent in
                    recent.insert((rel, bytes, outcome), at: 0)
                    if recent.count > recentFileLimit { recent.removeLast() }
                }
            }
            return outcome
        }
    }

    static let recentFileLimit = 4
    /// The project files read lately that name no logo (``RecentReads``).
    private static let recentProjects = RecentReads(largest: 1 << 16) { $0.project?.logoPath == nil }

    static func readProject(_ source: DefinitionsSource, display: String) -> FileOutcome {
        if source.isMissing(projectFileName) {
            var outcome = FileOutcome(display: display)
            outcome.missing = true
            return outcome
        }
        return recentProjects.outcome(source, rel: projectFileName, display: display) {
            decodeProject(source, display: display)
        }
    }

    static func decodeProject(_ source: DefinitionsSource, display: String) -> FileOutcome {
        var (root, outcome) = load(source, rel: projectFileName, display: display)
        guard let root, !outcome.diagnostics.contains(where: Self.stopsReading) else {
            return outcome
        }
        var (project, diagnostics) = ProjectDecoder.decode(root, file: display)
        if let path = project.logoPath {
            switch source.readLogo(path.value) {
            case .success(let logo): project.logo = logo
            case .failure(let problem):
                diagnostics.append(Diagnostic(.invalidLogo, problem.message, file: display, span: path.span, help: .giveLogoFile))
            case nil: break
            }
        }
        outcome.project = project
        outcome.diagnostics += diagnostics
        return outcome
    }

    /// Whether a diagnostic of the reader means the file was not read to its end: a syntax error or a limit
    /// passed (not the count of diagnostics left out, ``DiagnosticLimit``: the file was read).
    static func stopsReading(_ d: Diagnostic) -> Bool {
        d.id == .yamlSyntax || (d.id == .tooLarge && DiagnosticLimit.hiddenCount(d) == nil)
    }

    /// The step whose span holds `position`, by binary search (the steps are in file order).
    static func step(at position: SourcePosition, in sop: SOP) -> Int? {
        var low = 0
        var high = sop.steps.count
        while low < high {
            let mid = (low + high) / 2
            if sop.steps[mid].span.start <= position { low = mid + 1 } else { high = mid }
        }
        guard low > 0, position < sop.steps[low - 1].span.end else { return nil }
        return low - 1
    }

    /// Files longer than this (about 800 steps) have their steps decoded while they are read.
    static let streamAbove = 256 << 10

    /// The SOP files read lately (16 KiB at most) that read and decoded without a diagnostic
    /// (``RecentReads``): files with diagnostics are not kept, so that a stream of drafts being corrected
    /// does not push out the files that stay the same.
    private static let recentSOPs = RecentReads(largest: 16 << 10) { $0.diagnostics.isEmpty }

    static func readSOP(_ source: DefinitionsSource, rel: String, display: String) -> FileOutcome {
        recentSOPs.outcome(source, rel: rel, display: display) { decodeSOP(source, rel: rel, display: display) }
    }

    static func decodeSOP(_ source: DefinitionsSource, rel: String, display: String) -> FileOutcome {
        var clock = PhaseClock()
        // The steps are decoded as the reader hands them over, the plain ones read straight from libyaml's
        // events; a long file's on other cores while the reader is still reading it.
        var streaming: StreamingStepDecoder?
        var (root, outcome) = load(source, rel: rel, display: display) { size in
            streaming = StreamingStepDecoder(file: display, bytes: size, inline: size <= streamAbove)
            return streaming
        }
        let predecoded = streaming?.finish()
        if (outcome.size ?? 0) > 1 << 20 { clock.lap("  \(display): read and parse") }
        let name = rel.split(separator: "/").last.map(String.init) ?? rel
        let stem = String(name.dropLast(".sop.yaml".count))
        guard let root, !outcome.diagnostics.contains(where: Self.stopsReading) else {
            // The file still names an SOP (by its file name), whose every part is unknown: a call to it is not
            // reported as naming no SOP, nor what follows the call as missing.
            var placeholder = SOP(file: display, fileStem: stem)
            placeholder.unreadable = .all
            outcome.sop = placeholder
            return outcome
        }
        let (sop, diagnostics) = SOPDecoder.decode(
            root, file: display, fileStem: stem, predecoded: predecoded, sharing: streaming?.ids)
        if let size = outcome.size, size > 1 << 20 {
            outcome.largeTree = root
            clock.lap("  \(display): decode")
        }
        outcome.sop = sop
        // The decoder's warnings (yaml-comment-in-text) are silenced by `allow:` like the checks' warnings.
        outcome.diagnostics += AllowCheck.filter(
            diagnostics.map { d in
                guard d.severity == .warning else { return (d, nil) }
                return (d, step(at: d.span.start, in: sop))
            }, sop: sop)
        return outcome
    }
}

/// Where the checker reads definitions from: a folder on disk (`root`), or files held in `memory`.
struct DefinitionsSource: Sendable {
    var root: String?
    var memory: [String: [UInt8]] = [:]
    /// SOP files relative to the root, sorted byte-wise.
    var sopFiles: [String]
    /// Entries that could not be read, with why.
    var unreadable: [(path: String, reason: String)] = []
    /// Files not read whose name is a near miss of an SOP or project file, sorted byte-wise.
    var ignored: [String] = []

    init(root: String, folder: DefinitionsFolder) {
        self.root = root
        sopFiles = folder.sopFiles
        unreadable = folder.unreadable
        ignored = folder.ignored
    }

    /// The same selection as ``DefinitionsFolder/scan(_:)``: names ending in `.sop.yaml`, no part hidden.
    init(memory: [String: [UInt8]]) {
        self.memory = memory
        sopFiles = memory.keys.filter(Self.isSOPFile).sorted { Bytewise.precedes($0, $1) }
        ignored = Self.ignoredFiles(memory.keys)
    }

    /// The paths a folder scan would list as ignored (``DefinitionsFolder/nearMiss(_:)``), sorted byte-wise.
    static func ignoredFiles<S: Sequence<String>>(_ rels: S) -> [String] {
        rels.filter { rel in
            !isSOPFile(rel) && DefinitionsFolder.nearMiss(rel) != nil
                && hasNoHiddenPart(rel)
        }.sorted { Bytewise.precedes($0, $1) }
    }

    /// Whether a folder scan would read this path as an SOP: it ends in `.sop.yaml`, and no part of it is
    /// empty or starts with `.`.
    static func isSOPFile(_ rel: String) -> Bool {
        rel.hasSuffix(".sop.yaml") && hasNoHiddenPart(rel)
    }

    /// No part of `rel` is empty or starts with `.`, byte by byte (a `.` followed by a combining mark still
    /// starts a hidden name, and a `/` followed by one still separates).
    static func hasNoHiddenPart(_ rel: String) -> Bool {
        var partStart = true
        for byte in rel.utf8 {
            if partStart, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") { return false }
            partStart = byte == UInt8(ascii: "/")
        }
        return !partStart
    }

    /// A file's bytes; `stamp` is its settled stamp as it was read from disk (nil in memory).
    func read(_ rel: String, stamp: inout String?) -> DefinitionsFolder.ReadResult {
        stamp = nil
        guard let root else {
            guard let bytes = memory[rel] else { return .failed("cannot read file: \(DefinitionsFolder.errorText(ENOENT))") }
            return bytes.count > YAMLLimits.maxFileBytes ? .tooLarge(bytes.count) : .bytes(bytes)
        }
        return DefinitionsFolder.readFile(root + "/" + rel, stamp: &stamp)
    }

    /// The logo named in `sopc.yaml` (`invalid-logo`), relative to the definitions root: read from disk, or
    /// from memory; nil when in memory without it (an editor's session holds the YAML files only), so that
    /// it is neither used nor reported.
    func readLogo(_ path: String) -> Result<Logo, LogoProblem>? {
        guard Logo.isInsideFolder(path) else { return .failure(LogoProblem(.logoOutsideFolder(path))) }
        let bytes: [UInt8]
        if let root {
            if isMissing(path) { return .failure(LogoProblem(.logoNotFound(path))) }
            switch DefinitionsFolder.readFile(root + "/" + path, limit: Logo.maxBytes) {
            case .bytes(let b): bytes = b
            case .tooLarge(let size): return .failure(LogoProblem(.logoTooLarge(path, bytes: size)))
            case .failed(let reason): return .failure(LogoProblem(.logoUnreadable(path, reason: reason)))
            }
        } else {
            guard let b = memory[path] else { return nil }
            bytes = b
        }
        if bytes.count > Logo.maxBytes { return .failure(LogoProblem(.logoTooLarge(path, bytes: bytes.count))) }
        guard let kind = Logo.kind(of: bytes) else { return .failure(LogoProblem(.logoNotAnImage(path))) }
        if kind == .svg && !Logo.isReadableSVG(bytes) { return .failure(LogoProblem(.logoBadSVG(path))) }
        return .success(Logo(path: path, kind: kind, bytes: bytes))
    }

    /// Whether there is no entry at all under this name (a dangling link is there, but unreadable).
    func isMissing(_ rel: String) -> Bool {
        guard let root else { return memory[rel] == nil }
        var st = stat()
        return lstat(root + "/" + rel, &st) != 0 && errno == ENOENT
    }
}

extension CheckResult {
    /// The text of each file the diagnostics point at: the bytes kept while reading, or else the file read
    /// again from disk now. The renderer is handed this; it reads nothing itself.
    public func sourceTexts(for diagnostics: [Diagnostic]) -> [String: [UInt8]] {
        var texts: [String: [UInt8]] = [:]
        for file in Set(diagnostics.map(\.file)) {
            if let bytes = sources[file] {
                texts[file] = bytes
            } else if let path = paths[file], case .bytes(let bytes) = DefinitionsFolder.readFile(path) {
                texts[file] = bytes
            }
        }
        return texts
    }
}

extension DiagnosticRenderer {
    /// A renderer for a check's report, with the source text of every file the report points at.
    public init(colour: Bool, result: CheckResult, language: Language = .standard) {
        self.init(
            colour: colour, sources: result.sourceTexts(for: result.diagnostics), fileCount: result.fileCount,
            language: language)
    }
}

/// Why `organization.logo` cannot be printed (`invalid-logo`).
struct LogoProblem: Error {
    var message: Message
    init(_ message: Message) { self.message = message }
}
