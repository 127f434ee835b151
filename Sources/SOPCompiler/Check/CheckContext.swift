/// Everything the checks read: the decoded project and SOPs. Immutable once built, so checks of different
/// SOPs run in parallel.
public final class ProjectModel: Sendable {
    public let root: String
    public let project: Project?
    /// SOPs in file order.
    public let sops: [SOP]
    /// SOP id → index into `sops` (the first file with that id).
    public let sopIndex: [String: Int]

    public init(root: String, project: Project?, sops: [SOP]) {
        self.root = root
        self.project = project
        self.sops = sops
        var index: [String: Int] = [:]
        for (i, s) in sops.enumerated() where index[s.sopID] == nil { index[s.sopID] = i }
        self.sopIndex = index
    }

    public func sop(_ id: String) -> SOP? { sopIndex[id].map { sops[$0] } }
}

/// What an artefact id in an SOP refers to.
public enum ArtefactKind: Sendable, Equatable {
    case local
    case project
    case equipment
    case unknown
}

extension ProjectModel {
    public func artefactKind(_ id: String, in sop: SOP) -> ArtefactKind {
        if sop.artefactIndex[id] != nil { return .local }
        if let p = project {
            if p.artefactIndex[id] != nil { return .project }
            if p.equipmentIndex[id] != nil { return .equipment }
        }
        return .unknown
    }

    /// The printed name of an artefact or equipment id, as an SOP sees it.
    public func displayName(_ id: String, in sop: SOP) -> String {
        if let i = sop.artefactIndex[id] { return sop.artefacts[i].name }
        if let p = project {
            if let i = p.artefactIndex[id] { return p.artefacts[i].name }
            if let i = p.equipmentIndex[id] { return p.equipment[i].name }
        }
        return id
    }

    /// Every artefact id an SOP can name (local and project), for "did you mean".
    func artefactIDs(in sop: SOP, includingEquipment: Bool) -> [String] {
        var ids = sop.artefacts.map(\.ref.id)
        if let p = project {
            ids += p.artefacts.map(\.ref.id)
            if includingEquipment { ids += p.equipment.map(\.ref.id) }
        }
        return ids
    }
}

/// Collects one SOP's diagnostics with the step each belongs to, so that `allow:` can silence warnings
/// per SOP or per step.
struct SOPSink {
    let file: String
    private(set) var findings: [(diagnostic: Diagnostic, step: Int?)] = []

    init(file: String) { self.file = file }

    mutating func emit(
        _ id: CheckID, _ message: String, at span: SourceSpan, step: Int? = nil,
        notes: [DiagnosticNote] = [], help: String? = nil
    ) {
        findings.append((Diagnostic(id, message, file: file, span: span, notes: notes, help: help), step))
    }

    mutating func absorb(_ other: SOPSink) { findings += other.findings }

    func note(_ message: String, at span: SourceSpan) -> DiagnosticNote {
        DiagnosticNote(message, file: file, at: span.start)
    }
}

/// A check of one SOP against the project.
protocol SOPCheck: Sendable {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink)
}

extension SOP {
    /// How messages name step `i`: its id in quotes, or `#n` (its place) when it has no readable id.
    func stepName(_ i: Int) -> String {
        steps[i].ref.id.isEmpty ? "#\(i + 1)" : "'\(steps[i].ref.id)'"
    }
}
