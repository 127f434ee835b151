import SOPDiagnostics
import SOPSystem

/// Everything the checks read: the decoded project and SOPs. Immutable once built, so checks of different
/// SOPs run in parallel.
public final class ProjectModel: Sendable {
    public let root: String
    public let project: Project?
    /// SOPs in file order.
    public let sops: [SOP]
    /// SOP id → index into `sops` (the first file with that id, one that could be read if any).
    public let sopIndex: [String: Int]

    public init(root: String, project: Project?, sops: [SOP]) {
        self.root = root
        self.project = project
        self.sops = sops
        self.sopIndex = Self.sopIndex(of: sops)
    }

    /// A model whose SOP index the caller already has (``sopIndex(of:)`` of the same SOPs): an incremental
    /// check keeps it between edits instead of hashing every SOP id again.
    package init(root: String, project: Project?, sops: [SOP], sopIndex: [String: Int]) {
        self.root = root
        self.project = project
        self.sops = sops
        self.sopIndex = sopIndex
    }

    /// SOP id → index of the first SOP with that id (one that could be read, if any).
    package static func sopIndex(of sops: [SOP]) -> [String: Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity(sops.count)
        // By index, reading a few fields: no copy of each SOP.
        for i in sops.indices where sops[i].unreadable != .all {
            let id = sops[i].id?.id ?? sops[i].fileStem
            if index[id] == nil { index[id] = i }
        }
        // A file that could not be read names an SOP only where no file that could be read does.
        for i in sops.indices {
            let id = sops[i].id?.id ?? sops[i].fileStem
            if index[id] == nil { index[id] = i }
        }
        return index
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
    package func artefactIDs(in sop: SOP, includingEquipment: Bool) -> [String] {
        var ids = sop.artefacts.map(\.ref.id)
        if let p = project {
            ids += p.artefacts.map(\.ref.id)
            if includingEquipment { ids += p.equipment.map(\.ref.id) }
        }
        return ids
    }
}

extension ProjectModel {
    /// The project's working calendar, for sums of `time:` (the default one when the project has none).
    public var calendar: WorkCalendar { project?.calendar ?? WorkCalendar() }

    /// The actor columns of an SOP, in order: its `actors:` (each once, roles the project has), or else the
    /// roles its steps use, in project order. The form's columns, the machine's actors and the BPMN lanes.
    public func actorColumns(of sop: SOP) -> [Role] {
        let roles = project?.roles ?? []
        let roleIndex = project?.roleIndex ?? [:]
        var columnIDs: [String]
        if let explicit = sop.actors {
            columnIDs = []
            for ref in explicit where !columnIDs.contains(ref.id) && roleIndex[ref.id] != nil { columnIDs.append(ref.id) }
        } else {
            var used = Set<String>()
            for step in sop.steps { for a in step.actors { used.insert(a.id) } }
            columnIDs = roles.map(\.ref.id).filter { used.contains($0) }
        }
        return columnIDs.compactMap { roleIndex[$0].map { roles[$0] } }
    }
}
