import Dispatch
import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// Stages 1–4 run again and again over a project whose files change — an editor's unsaved buffers, a
/// preview that follows every keystroke — redoing only what a change can affect.
///
/// The session holds every file's text. After ``update(_:to:)`` of one file, ``check()`` reads and decodes
/// that file alone and runs the checks of the SOPs whose result can depend on it: the SOP itself, the SOPs
/// that name its old or new id (in `call:` or `related:`), and — when the set of SOP ids changes — the SOPs
/// that named an SOP that did not exist (their "did you mean" may change). A change of `sopc.yaml`, which
/// every check reads, checks every SOP again. The checks across SOPs (duplicate ids, call cycles) are linear
/// and always run. The result is the same, diagnostic for diagnostic, as a whole check of the same files
/// (``Checker/check(files:displayPrefix:)``); the tests compare the two after random edits.
public final class CheckSession: @unchecked Sendable {
    /// What the last ``check()`` did, for tests and benchmarks.
    public struct Work: Sendable, Equatable {
        /// Files read and decoded again.
        public var decoded: Int
        /// SOPs whose checks ran again.
        public var checked: Int
    }

    /// How paths are shown in diagnostics (the definitions folder as given, or empty).
    public let displayPrefix: String
    /// Every file's text, by path relative to the definitions root (`sopc.yaml`, `sub/a.sop.yaml`).
    public private(set) var files: [String: [UInt8]]
    public private(set) var lastWork = Work(decoded: 0, checked: 0)

    private struct SOPEntry {
        var outcome: Checker.FileOutcome
        /// The SOP ids this file's SOP names in `call:` and `related:`.
        var references: Set<String>
        /// The checks' findings and step graph, while still valid.
        var checks: (diagnostics: [Diagnostic], graph: StepGraph, availability: ArtefactAvailability)?
    }

    private var project: Checker.FileOutcome?
    private var sops: [String: SOPEntry] = [:]
    private var dirtyFiles: Set<String>
    /// The SOP files whose checks are not cached (``SOPEntry/checks`` nil), so that a check finds them
    /// without a pass over every entry.
    private var unchecked: Set<String> = []
    /// The SOP files in check order, until a file is added or removed.
    private var orderCache: [String]?
    /// Every file's text by displayed path, for the renderer.
    private var texts: [String: [UInt8]] = [:]
    private var unreadable: [(path: String, reason: String)] = []

    /// A session over files held in memory (paths relative to the definitions root).
    public init(files: [String: [UInt8]], displayPrefix: String = "") {
        self.files = files
        self.displayPrefix = displayPrefix
        dirtyFiles = Set(files.keys)
        for (rel, bytes) in files { texts[display(rel)] = bytes }
    }

    /// A session over a definitions folder, read whole now; later changes come through ``update(_:to:)``.
    public convenience init(directory: String, displayPrefix: String? = nil) throws(UsageError) {
        let root = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let folder = try DefinitionsFolder.scan(root)
        var files: [String: [UInt8]] = [:]
        var unreadable = folder.unreadable
        for rel in folder.sopFiles + [Checker.projectFileName] {
            switch DefinitionsFolder.readFile(root + "/" + rel) {
            case .bytes(let bytes): files[rel] = bytes
            case .failed(let reason):
                if !DefinitionsSource(root: root, folder: folder).isMissing(rel) { unreadable.append((rel, reason)) }
            case .tooLarge(let size):
                // Kept as a placeholder of the same size, so the reader reports it as too large.
                files[rel] = [UInt8](repeating: 0x20, count: size)
            }
        }
        self.init(files: files, displayPrefix: displayPrefix ?? root)
        self.unreadable = unreadable
    }

    /// Replaces one file's text (an editor's buffer), adds a file, or removes it (`nil`).
    public func update(_ rel: String, to bytes: [UInt8]?) {
        if files[rel] == bytes { return }
        if (files[rel] == nil) != (bytes == nil) { orderCache = nil }
        files[rel] = bytes
        texts[display(rel)] = bytes
        unreadable.removeAll { $0.path == rel }
        dirtyFiles.insert(rel)
    }

    private func display(_ rel: String) -> String {
        displayPrefix.isEmpty || displayPrefix == "." ? rel : displayPrefix + "/" + rel
    }

    private var sopFiles: [String] {
        if let orderCache { return orderCache }
        let order = DefinitionsSource(memory: files).sopFiles
        orderCache = order
        return order
    }

    /// Stages 1–4 over the current files, redoing only what changed since the last call.
    public func check() -> CheckResult {
        var clock = PhaseClock()
        var work = Work(decoded: 0, checked: 0)
        decodeChangedFiles(&work)
        clock.lap("session: decode")
        let order = sopFiles
        var sopValues: [SOP] = []
        for rel in order { if let sop = sops[rel]?.outcome.sop { sopValues.append(sop) } }
        let model = ProjectModel(root: displayPrefix, project: project?.project, sops: sopValues)
        clock.lap("session: model")
        runChecks(of: unchecked.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, model: model, work: &work)
        clock.lap("session: checks")
        lastWork = work
        let result = result(order, model: model)
        clock.lap("session: project checks, result")
        return result
    }

    /// Reads and decodes each changed file, and drops the checks of every SOP whose result it can change
    /// (a new or edited SOP has none yet).
    private func decodeChangedFiles(_ work: inout Work) {
        var touchedIDs = Set<String>()
        var idsChanged = false
        let decoded = decodeInParallel(dirtyFiles.filter { $0 != Checker.projectFileName && files[$0] != nil })
        for rel in dirtyFiles.sorted() {
            let isSOP = DefinitionsSource.isSOPFile(rel)
            if rel == Checker.projectFileName {
                project = files[rel] == nil ? nil : Checker.readProject(source(rel), display: display(rel))
                work.decoded += files[rel] == nil ? 0 : 1
                for key in sops.keys { sops[key]?.checks = nil }
                unchecked.formUnion(sops.keys)
                continue
            }
            guard isSOP else { continue }
            let oldID = sops[rel]?.outcome.sop?.sopID
            if let outcome = decoded[rel] {
                work.decoded += 1
                sops[rel] = SOPEntry(outcome: outcome, references: Self.references(of: outcome.sop), checks: nil)
                unchecked.insert(rel)
            } else {
                sops[rel] = nil
                unchecked.remove(rel)
                idsChanged = true
            }
            let newID = sops[rel]?.outcome.sop?.sopID
            if oldID != newID { idsChanged = true }
            touchedIDs.formUnion([oldID, newID].compactMap { $0 })
        }
        dirtyFiles = []
        if !touchedIDs.isEmpty || idsChanged {
            for (rel, entry) in sops {
                let named = !entry.references.isDisjoint(with: touchedIDs)
                let guessed = idsChanged && entry.checks?.diagnostics.contains { $0.id == .unknownSOP } == true
                if named || guessed {
                    sops[rel]?.checks = nil
                    unchecked.insert(rel)
                }
            }
        }
    }

    /// Reads and decodes SOP files on all cores (the first check reads every file).
    private func decodeInParallel(_ rels: Set<String>) -> [String: Checker.FileOutcome] {
        let list = rels.filter(DefinitionsSource.isSOPFile).sorted()
        let slots = ResultSlots<Checker.FileOutcome>(count: list.count)
        let sources = list.map(source)
        let displays = list.map(display)
        DispatchQueue.concurrentPerform(iterations: list.count) { i in
            slots[i] = Checker.readSOP(sources[i], rel: list[i], display: displays[i])
        }
        var outcomes: [String: Checker.FileOutcome] = [:]
        for (i, rel) in list.enumerated() { outcomes[rel] = slots[i] }
        return outcomes
    }

    private func source(_ rel: String) -> DefinitionsSource {
        DefinitionsSource(memory: files[rel].map { [rel: $0] } ?? [:])
    }

    private static func references(of sop: SOP?) -> Set<String> {
        guard let sop else { return [] }
        return Set(sop.steps.compactMap { $0.call?.id } + sop.identity.related.map(\.id))
    }

    private func runChecks(of rels: [String], model: ProjectModel, work: inout Work) {
        let targets = rels.filter { sops[$0]?.outcome.sop != nil }
        let results = Checker.checkEach(targets.map { sops[$0]!.outcome.sop! }, model: model)
        for (rel, found) in zip(targets, results) { sops[rel]?.checks = found }
        unchecked.subtract(targets)
        work.checked = targets.count
    }

    /// The check result of the current files, assembled from the cached outcomes and checks.
    private func result(_ order: [String], model: ProjectModel) -> CheckResult {
        var diagnostics: [Diagnostic] = []
        var graphs: [StepGraph] = []
        var availability: [ArtefactAvailability] = []
        for rel in order {
            guard let entry = sops[rel] else { continue }
            diagnostics += entry.outcome.diagnostics
            if let checks = entry.checks {
                diagnostics += checks.diagnostics
                graphs.append(checks.graph)
                availability.append(checks.availability)
            }
        }
        diagnostics += project?.diagnostics ?? []
        let projectDisplay = display(Checker.projectFileName)
        if project == nil { diagnostics.append(Checker.missingProject(projectDisplay, in: displayPrefix)) }
        for (rel, reason) in unreadable {
            diagnostics.append(Diagnostic(.yamlSyntax, .external(reason), file: display(rel), span: .fileStart))
        }
        let checked = Checker.conclude(model, diagnostics, graphs: graphs, availability: availability)
        return CheckResult(
            diagnostics: checked.diagnostics, model: model, sources: texts,
            fileCount: order.count + (project == nil ? 0 : 1), checked: checked.project)
    }
}
