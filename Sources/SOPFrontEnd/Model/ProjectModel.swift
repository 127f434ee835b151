import SOPDiagnostics
import SOPSystem
import Synchronization

/// Everything the checks read: the decoded project and SOPs. Immutable once built, so checks of different
/// SOPs run in parallel.
public final class ProjectModel: Sendable {
    public let root: String
    public let project: Project?
    /// SOPs in file order.
    public let sops: [SOP]
    /// SOP id → index into `sops` (the first file with that id, one that could be read if any).
    public let sopIndex: IDIndex
    /// Main-path totals found so far, by SOP id (``mainPathTotal(of:)``): each is computed on first use, over
    /// the SOPs its SOP calls only, so that an editor's re-check of one SOP does not sum every SOP again.
    private let totals = Mutex<[String: (low: Double, high: Double)?]>([:])
    /// ``Names/slugsOfInvalid(_:)`` of the project's artefact and equipment ids, found once for every SOP's
    /// reference check.
    public let projectItemSlugs: Set<String>
    /// ``Names/slugsOfInvalid(_:)`` of the project's role ids, found once for every SOP's actor check.
    public let roleSlugs: Set<String>
    /// The longest printed name of a project artefact or piece of equipment, in UTF-8 bytes (0 for none):
    /// what the printed form's check bounds a Kelengkapan or Output by (``displayName(_:in:)``).
    public let longestProjectItemName: Int
    /// Each SOP's id, in the order of ``sops``: read once, not by copying each SOP to read it.
    public let sopIDs: [String]
    /// The file names (without extension) of the SOPs whose `sop:` differs from their file name.
    public let mismatchedFileStems: Set<String>

    public init(root: String, project: Project?, sops: [SOP]) {
        self.root = root
        self.project = project
        self.sops = sops
        let index = Self.sopIndex(of: sops)
        self.sopIndex = index
        projectItemSlugs = Self.itemSlugs(project)
        roleSlugs = Names.slugsOfInvalid((project?.roles ?? []).map(\.ref.id))
        longestProjectItemName = Self.longestItemName(project)
        (sopIDs, mismatchedFileStems) = Self.ids(of: sops)
    }

    static func ids(of sops: [SOP]) -> (ids: [String], mismatched: Set<String>) {
        var ids: [String] = []
        ids.reserveCapacity(sops.count)
        var mismatched: Set<String> = []
        // By index, reading a few fields: no copy of each SOP.
        for i in sops.indices {
            let id = sops[i].sopID
            ids.append(id)
            if id != sops[i].fileStem { mismatched.insert(sops[i].fileStem) }
        }
        return (ids, mismatched)
    }

    static func longestItemName(_ project: Project?) -> Int {
        guard let project else { return 0 }
        var longest = 0
        for item in project.artefacts { longest = max(longest, item.name.utf8.count) }
        for item in project.equipment { longest = max(longest, item.name.utf8.count) }
        return longest
    }

    static func itemSlugs(_ project: Project?) -> Set<String> {
        guard let project else { return [] }
        return Names.slugsOfInvalid(project.artefacts.map(\.ref.id) + project.equipment.map(\.ref.id))
    }

    /// A model whose SOP index the caller already has (``sopIndex(of:)`` of the same SOPs): an incremental
    /// check keeps it between edits instead of hashing every SOP id again.
    package init(root: String, project: Project?, sops: [SOP], sopIndex: IDIndex) {
        self.root = root
        self.project = project
        self.sops = sops
        self.sopIndex = sopIndex
        projectItemSlugs = Self.itemSlugs(project)
        roleSlugs = Names.slugsOfInvalid((project?.roles ?? []).map(\.ref.id))
        longestProjectItemName = Self.longestItemName(project)
        (sopIDs, mismatchedFileStems) = Self.ids(of: sops)
    }

    /// SOP id → index of the first SOP with that id (one that could be read, if any).
    package static func sopIndex(of sops: [SOP]) -> IDIndex {
        var index = IDIndex()
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

    /// The name of SOP `id`, read in place (``sop(_:)`` copies the SOP, retaining each of its parts).
    public func sopName(_ id: String) -> String? { sopIndex[id].map { sops[$0].name } }

    /// The planned time of `sop`'s main path: ``mainPathTotal(of:)``, or for an SOP in a call cycle (which has
    /// none) the same sum with the written time of each call step whose called SOP has no total either.
    public func plannedTotal(of sop: SOP) -> (low: Double, high: Double) {
        mainPathTotal(of: sop.sopID) ?? MainPathTotals.total(sop, calendar: calendar, callTotal: { mainPathTotal(of: $0) })
    }

    /// The main-path total of SOP `id` (SPEC §2: a call step lasts its called SOP's main path); nil for an
    /// unknown SOP or one in a call cycle. Computed over `id`'s call closure (the same result as over the
    /// whole project, since the closure holds every SOP a total depends on), and kept.
    public func mainPathTotal(of id: String) -> (low: Double, high: Double)? {
        if let known = totals.withLock({ $0[id] }) { return known }
        guard let start = sopIndex[id] else { return nil }
        var closure = [start]
        var seen: Set<Int> = [start]
        var i = 0
        while i < closure.count {
            for step in sops[closure[i]].steps {
                if let call = step.call, let c = sopIndex[call.id], seen.insert(c).inserted { closure.append(c) }
            }
            i += 1
        }
        let local = closure.map { sops[$0] }
        // Every SOP of the closure is the one the project's index names for its id.
        var localIndex: [String: Int] = [:]
        for (k, global) in closure.enumerated() { localIndex[sops[global].sopID] = k }
        let found = MainPathTotals.compute(local, index: localIndex, calendar: calendar)
        return totals.withLock { memo in
            for sop in local { memo[sop.sopID] = .some(found[sop.sopID]) }
            return found[id]
        }
    }
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
        sop.artefactIndex[id] != nil ? .local : projectItemKind(id)
    }

    /// What `id` is in the project alone (``artefactKind(_:in:)`` for an id the SOP does not define).
    public func projectItemKind(_ id: String) -> ArtefactKind {
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
        let roleIndex = project?.roleIndex ?? IDIndex()
        var columnIDs: [String]
        if let explicit = sop.actors {
            columnIDs = []
            for ref in explicit where !columnIDs.contains(ref.id) && roleIndex[ref.id] != nil { columnIDs.append(ref.id) }
        } else {
            var used = Set<String>()
            // (Steps one after another are mostly done by the same role: it is not looked up again; and
            // once every role of the project is used, no step can add one.)
            var last: String?
            var usedRoles = 0
            scan: for step in sop.steps {
                for a in step.actors where a.id != last {
                    last = a.id
                    guard used.insert(a.id).inserted, roleIndex[a.id] != nil else { continue }
                    usedRoles += 1
                    if usedRoles == roleIndex.count { break scan }
                }
            }
            columnIDs = roles.map(\.ref.id).filter { used.contains($0) }
        }
        return columnIDs.compactMap { roleIndex[$0].map { roles[$0] } }
    }
}

/// SPEC §2's one time rule over the whole project: the planned minutes of each SOP's main path (every
/// decision answered "yes", or "no" where "yes" goes back to a step already on the path), a call step
/// counting its called SOP's main path. Computed once per model, callees first, without recursion (call
/// chains may be thousands deep); an SOP in a call cycle has no total, and a call to it counts the call
/// step's written time.
enum MainPathTotals {
    static func compute(_ sops: [SOP], index: [String: Int], calendar: WorkCalendar) -> [String: (low: Double, high: Double)] {
        var totals: [String: (low: Double, high: Double)] = [:]
        func callees(_ i: Int) -> [Int] { sops[i].steps.compactMap { $0.call.flatMap { index[$0.id] } } }
        func reaches(_ from: Int, _ to: Int) -> Bool {
            var seen = Set([from])
            var todo = [from]
            while let i = todo.popLast() {
                for c in callees(i) {
                    if c == to { return true }
                    if seen.insert(c).inserted { todo.append(c) }
                }
            }
            return false
        }
        PostOrder.walk(count: sops.count, callees: callees) { node, list, onTheWayDown in
            let sop = sops[node]
            // In a cycle (a callee still on the way down, itself included; or one without a total that
            // calls back), this SOP gets no total.
            let cyclic = list.contains { c in onTheWayDown(c) || (totals[sops[c].sopID] == nil && reaches(c, node)) }
            if !cyclic { totals[sop.sopID] = total(sop, calendar: calendar, callTotal: { totals[$0] }) }
        }
        return totals
    }

    /// The step each branch of step `i` leads to (`yes` then `no` for a decision); `count` is `end`, as is a
    /// target that names no step.
    static func targets(_ sop: SOP, _ i: Int) -> [Int] {
        let n = sop.steps.count
        func resolve(_ ref: Ref?) -> Int {
            guard let ref else { return i + 1 }
            return ref.id == "end" ? n : sop.stepIndex[ref.id] ?? n
        }
        let step = sop.steps[i]
        return step.isDecision ? [resolve(step.yes), step.no.map { resolve($0) } ?? i + 1] : [resolve(step.next)]
    }

    static func total(
        _ sop: SOP, calendar: WorkCalendar, callTotal: (String) -> (low: Double, high: Double)?
    ) -> (low: Double, high: Double) {
        var low = 0.0
        var high = 0.0
        var onPath = Set<Int>()
        var i = sop.steps.isEmpty ? -1 : 0
        while i >= 0, i < sop.steps.count, onPath.insert(i).inserted {
            let step = sop.steps[i]
            let m =
                step.call.flatMap { callTotal($0.id) } ?? step.time?.duration.map { $0.minutes(on: calendar) } ?? (0, 0)
            low += m.low
            high += m.high
            let t = targets(sop, i)
            i = step.isDecision && t.count > 1 && onPath.contains(t[0]) ? t[1] : t[0]
        }
        return (low, high)
    }
}
