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
    /// Near-miss file names the folder scan found (`ignored-file`); they are not read, so not in `files`.
    private var ignoredOnDisk: [String] = []

    // What an edit's re-check finds without a pass over every SOP.

    /// SOP id → the SOP files whose SOP names it (``SOPEntry/references``).
    private var referrers: [String: Set<String>] = [:]
    /// The SOP files whose cached checks hold an `unknown-sop` (their "did you mean" may change with the ids).
    private var guessers: Set<String> = []
    /// The SOP files whose outcome or cached checks hold a diagnostic.
    private var withDiagnostics: Set<String> = []

    /// The model's parts kept from one check to the next, updated in place for the SOPs an edit changed,
    /// removed or added (a file added, removed, or no longer read).
    private struct Kept {
        /// The files of ``sops``, and each one's index.
        var rels: [String]
        var index: [String: Int]
        /// The model's SOPs, step graphs and availability, in file order.
        var sops: [SOP]
        var graphs: [StepGraph]
        var availability: [ArtefactAvailability]
        /// ``ProjectModel/sopIndex`` of ``sops``.
        var sopIndex: IDIndex
        /// Each SOP's id and calls (``ProjectChecks/calls(of:)``), for the call graph.
        var ids: [String]
        var calls: [[ProjectChecks.Call]]
        /// The checks across SOPs while their input (every SOP's id, the calls) is unchanged: the call graph,
        /// its cycles and the SOPs whose id is taken (diagnostics are made again from the current model,
        /// so positions follow the edits).
        var callGraph: CallGraph?
        var cycles: [CallGraph.Cycle] = []
        var duplicates: [Int]?
    }

    private var kept: Kept?
    /// Whether the last ``check()`` updated the kept model in place (false: it gathered every SOP again, as
    /// the first check does).
    public private(set) var lastKeptModel = false

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
        self.ignoredOnDisk = folder.ignored
    }

    /// Replaces one file's text (an editor's buffer), adds a file, or removes it (`nil`).
    public func update(_ rel: String, to bytes: [UInt8]?) {
        if files[rel] == bytes { return }
        if (files[rel] == nil) != (bytes == nil) {
            orderCache = nil
            ignoredCache = nil
        }
        files[rel] = bytes
        texts[display(rel)] = bytes
        unreadable.removeAll { $0.path == rel }
        dirtyFiles.insert(rel)
    }

    private func display(_ rel: String) -> String {
        displayPrefix.isEmpty || displayPrefix == "." ? rel : displayPrefix + "/" + rel
    }

    /// The near-miss file names (``DefinitionsSource/ignoredFiles(_:)``), until a file is added or removed.
    private var ignoredCache: [String]?

    private var ignoredFiles: [String] {
        if let ignoredCache { return ignoredCache }
        let ignored = DefinitionsSource.ignoredFiles(Set(files.keys).union(ignoredOnDisk))
        ignoredCache = ignored
        return ignored
    }

    private var sopFiles: [String] {
        if let orderCache { return orderCache }
        let order = DefinitionsSource(memory: files).sopFiles
        orderCache = order
        return order
    }

    /// Stages 1–4 over the current files, redoing only what changed since the last call.
    ///
    /// The model's SOPs are kept between calls and replaced in place: a caller that drops its previous
    /// result before calling again (as the language server does) saves a copy of every SOP.
    public func check() -> CheckResult {
        var clock = PhaseClock()
        var work = Work(decoded: 0, checked: 0)
        let change = decodeChangedFiles(&work)
        clock.lap("session: decode")
        let order = sopFiles
        // Kept unless there is nothing to keep (the first check, or no SOP before to stand in for a new one's
        // step graph until its checks run).
        lastKeptModel = kept != nil && (change.added.isEmpty || !kept!.graphs.isEmpty)
        if !lastKeptModel {
            var rels: [String] = []
            var values: [SOP] = []
            for rel in order {
                if let sop = sops[rel]?.outcome.sop {
                    rels.append(rel)
                    values.append(sop)
                }
            }
            var index: [String: Int] = [:]
            for (i, rel) in rels.enumerated() { index[rel] = i }
            kept = Kept(
                rels: rels, index: index, sops: values, graphs: [], availability: [],
                sopIndex: ProjectModel.sopIndex(of: values), ids: values.indices.map { values[$0].sopID },
                calls: values.indices.map { ProjectChecks.calls(of: values[$0]) })
        } else {
            for (rel, sop) in change.replaced {
                let i = kept!.index[rel]!
                kept!.sops[i] = sop
                kept!.ids[i] = sop.sopID
                kept!.calls[i] = ProjectChecks.calls(of: sop)
            }
            if !change.removed.isEmpty || !change.added.isEmpty { keepSOPs(removing: change.removed, adding: change.added) }
            if change.idsChanged || !change.removed.isEmpty || !change.added.isEmpty {
                kept!.sopIndex = ProjectModel.sopIndex(of: kept!.sops)
                kept!.duplicates = nil
                kept!.callGraph = nil
            }
            if change.callsChanged { kept!.callGraph = nil }
        }
        let model = ProjectModel(
            root: displayPrefix, project: project?.project, sops: kept!.sops, sopIndex: kept!.sopIndex)
        clock.lap("session: model")
        runChecks(of: unchecked.sorted { Bytewise.precedes($0, $1) }, model: model, work: &work)
        if !lastKeptModel {
            kept!.graphs = kept!.rels.map { sops[$0]!.checks!.graph }
            kept!.availability = kept!.rels.map { sops[$0]!.checks!.availability }
        }
        clock.lap("session: checks")
        lastWork = work
        let result = result(order, model: model)
        clock.lap("session: project checks, result")
        return result
    }

    /// Takes SOPs out of the kept model and puts new ones in at their place in file order. A new SOP's step
    /// graph and availability are another's until its checks (which run next) replace them.
    private func keepSOPs(removing removed: [String], adding added: [(rel: String, sop: SOP)]) {
        // Taken before any removal: the model may lose its last SOP and gain another in the same check.
        let standIn = kept!.graphs.first.map { ($0, kept!.availability[0]) }
        for i in removed.compactMap({ kept!.index[$0] }).sorted(by: >) {
            kept!.rels.remove(at: i)
            kept!.sops.remove(at: i)
            kept!.ids.remove(at: i)
            kept!.calls.remove(at: i)
            kept!.graphs.remove(at: i)
            kept!.availability.remove(at: i)
        }
        for (rel, sop) in added.sorted(by: { Bytewise.precedes($0.rel, $1.rel) }) {
            var low = 0
            var high = kept!.rels.count
            while low < high {
                let mid = (low + high) / 2
                if Bytewise.precedes(kept!.rels[mid], rel) { low = mid + 1 } else { high = mid }
            }
            kept!.rels.insert(rel, at: low)
            kept!.sops.insert(sop, at: low)
            kept!.ids.insert(sop.sopID, at: low)
            kept!.calls.insert(ProjectChecks.calls(of: sop), at: low)
            if let standIn {
                kept!.graphs.insert(standIn.0, at: low)
                kept!.availability.insert(standIn.1, at: low)
            }
        }
        var index: [String: Int] = [:]
        index.reserveCapacity(kept!.rels.count)
        for (i, rel) in kept!.rels.enumerated() { index[rel] = i }
        kept!.index = index
    }

    /// What the decoding of changed files changed in the model.
    private struct Change {
        /// SOPs that left the model (their file removed or no longer read) and SOPs that joined it.
        var removed: [String] = []
        var added: [(rel: String, sop: SOP)] = []
        /// SOPs decoded again in place of an SOP of the same file.
        var replaced: [(rel: String, sop: SOP)] = []
        /// An `sop:` id changed (the SOP index and the duplicate ids are found again).
        var idsChanged = false
        /// A `call:` changed (the call graph and its cycles are found again).
        var callsChanged = false
    }

    /// Reads and decodes each changed file, and drops the checks of every SOP whose result it can change
    /// (a new or edited SOP has none yet).
    private func decodeChangedFiles(_ work: inout Work) -> Change {
        var change = Change()
        var touchedIDs = Set<String>()
        var idsChanged = false
        let decoded = decodeInParallel(dirtyFiles.filter { $0 != Checker.projectFileName && files[$0] != nil })
        for rel in dirtyFiles.sorted() {
            let isSOP = DefinitionsSource.isSOPFile(rel)
            if rel == Checker.projectFileName {
                project = files[rel] == nil ? nil : Checker.readProject(source(rel), display: display(rel))
                work.decoded += files[rel] == nil ? 0 : 1
                for key in Array(sops.keys) { dropChecks(key) }
                continue
            }
            guard isSOP else { continue }
            let old = sops[rel]
            let oldSOP = old?.outcome.sop
            for id in old?.references ?? [] { referrers[id]?.remove(rel) }
            dropChecks(rel)
            if let outcome = decoded[rel] {
                work.decoded += 1
                let entry = SOPEntry(outcome: outcome, references: Self.references(of: outcome.sop), checks: nil)
                sops[rel] = entry
                for id in entry.references { referrers[id, default: []].insert(rel) }
                if outcome.diagnostics.isEmpty { withDiagnostics.remove(rel) } else { withDiagnostics.insert(rel) }
                unchecked.insert(rel)
            } else {
                sops[rel] = nil
                unchecked.remove(rel)
                withDiagnostics.remove(rel)
                idsChanged = true
            }
            let newSOP = sops[rel]?.outcome.sop
            if let oldSOP, let newSOP {
                change.replaced.append((rel, newSOP))
                // The SOP index prefers a file that could be read (``ProjectModel/sopIndex(of:)``).
                if oldSOP.id?.id != newSOP.id?.id || (oldSOP.unreadable == .all) != (newSOP.unreadable == .all) {
                    change.idsChanged = true
                }
                if ProjectChecks.calls(of: oldSOP) != ProjectChecks.calls(of: newSOP) { change.callsChanged = true }
            } else if oldSOP != nil {
                change.removed.append(rel)
            } else if let newSOP {
                change.added.append((rel, newSOP))
            }
            if oldSOP?.sopID != newSOP?.sopID { idsChanged = true }
            touchedIDs.formUnion([oldSOP?.sopID, newSOP?.sopID].compactMap { $0 })
        }
        dirtyFiles = []
        // An SOP's steps set the main-path total of every SOP that calls it, however deep (SPEC §2:
        // call-time-mismatch, deadline-exceeded, deadline-at-risk): whatever reaches a touched SOP through
        // references is checked again too, walking the callers with a work list.
        var affected = Set<String>()
        var reached = touchedIDs
        var todo = Array(touchedIDs)
        while let id = todo.popLast() {
            for rel in referrers[id] ?? [] {
                affected.insert(rel)
                if let caller = sops[rel]?.outcome.sop?.sopID, reached.insert(caller).inserted { todo.append(caller) }
            }
        }
        if idsChanged { affected.formUnion(guessers) }
        for rel in affected { dropChecks(rel) }
        return change
    }

    /// Forgets an SOP's cached checks, so that the next check runs them again.
    private func dropChecks(_ rel: String) {
        guard sops.index(forKey: rel) != nil else { return }
        sops[rel]?.checks = nil
        unchecked.insert(rel)
        guessers.remove(rel)
        if sops[rel]?.outcome.diagnostics.isEmpty != false { withDiagnostics.remove(rel) }
    }

    /// Reads and decodes SOP files on all cores (the first check reads every file).
    private func decodeInParallel(_ rels: Set<String>) -> [String: Checker.FileOutcome] {
        let list = rels.filter(DefinitionsSource.isSOPFile).sorted()
        let slots = ResultSlots<Checker.FileOutcome>(count: list.count)
        let sources = list.map(source)
        let displays = list.map(display)
        Cores.perform(iterations: list.count) { i in
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
        let results = Checker.checkEach(targets.map { sops[$0]!.outcome.sop! }, model: model, keeping: { $0 })
        for (rel, found) in zip(targets, results) {
            sops[rel]?.checks = found
            if found.0.contains(where: { $0.id == .unknownSOP }) { guessers.insert(rel) }
            if !found.0.isEmpty { withDiagnostics.insert(rel) }
            if lastKeptModel, let i = kept?.index[rel] {
                kept!.graphs[i] = found.1
                kept!.availability[i] = found.2
            }
        }
        unchecked.subtract(targets)
        work.checked = targets.count
    }

    /// The check result of the current files, assembled from the cached outcomes and checks, and the checks
    /// across SOPs (kept while no id and no call changed).
    private func result(_ order: [String], model: ProjectModel) -> CheckResult {
        var diagnostics: [Diagnostic] = []
        for rel in withDiagnostics.sorted(by: { Bytewise.precedes($0, $1) }) {
            guard let entry = sops[rel] else { continue }
            diagnostics += entry.outcome.diagnostics
            diagnostics += entry.checks?.diagnostics ?? []
        }
        diagnostics += project?.diagnostics ?? []
        let projectDisplay = display(Checker.projectFileName)
        let ignored = Checker.ignoredFiles(
            ignoredFiles, projectMissing: project == nil, display: display)
        diagnostics += ignored.diagnostics
        if project == nil {
            diagnostics.append(Checker.missingProject(projectDisplay, in: displayPrefix, nearMiss: ignored.projectNearMiss))
        }
        for (rel, reason) in unreadable {
            diagnostics.append(Diagnostic(.yamlSyntax, .external(reason), file: display(rel), span: .fileStart))
        }
        // The end of stage 4 (``Checker/conclude``) from what is kept.
        if kept!.callGraph == nil {
            let graph = ProjectChecks.callGraph(ids: kept!.ids, calls: kept!.calls, sopIndex: kept!.sopIndex)
            kept!.callGraph = graph
            kept!.cycles = graph.cycles()
        }
        if kept!.duplicates == nil { kept!.duplicates = ProjectChecks.duplicateIndices(model) }
        diagnostics += ProjectChecks.duplicateIDs(model, at: kept!.duplicates!)
        diagnostics += ProjectChecks.callCycles(model, cycles: kept!.cycles)
        Diagnostic.sortInReportOrder(&diagnostics)
        diagnostics = DiagnosticLimit.apply(diagnostics)
        let clean = !diagnostics.contains { $0.severity == .error }
        let k = kept!
        // Files that are not read show no source line, as in a whole check.
        var sources = texts
        for d in ignored.diagnostics { sources[d.file] = nil }
        if let near = ignored.projectNearMiss { sources[display(near)] = nil }
        return CheckResult(
            diagnostics: diagnostics, model: model, sources: sources,
            fileCount: order.count + (project == nil ? 0 : 1),
            checked: clean
                ? CheckedProject(model: model, graphs: k.graphs, availability: k.availability, calls: k.callGraph!) : nil)
    }
}
