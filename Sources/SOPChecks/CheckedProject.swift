import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// A project that passed every check: no diagnostic of severity error. Only the checker makes one (its
/// initialiser is internal to this module), so a stage that takes a `CheckedProject` may rely on every
/// reference resolving: each actor is a role, each needed artefact is available, each call names an SOP
/// and no SOP calls itself.
///
/// It carries what the checks computed, for the later stages to read instead of computing it again: the
/// step graph and the artefact availability of each SOP, and the call graph of the project.
public struct CheckedProject: Sendable {
    /// The decoded project and SOPs.
    public let model: ProjectModel
    /// The step graph of each SOP, by index into ``ProjectModel/sops``, when kept (an editor's session,
    /// ``CheckSession``); empty when not (a check of a folder lets each go once its SOP is checked, and
    /// ``graph(of:)`` computes it again).
    public let graphs: [StepGraph]
    /// Which artefacts each SOP has where, by index into ``ProjectModel/sops``: what the data-flow check
    /// reported from; kept or not as ``graphs``.
    public let availability: [ArtefactAvailability]
    /// Which SOP calls which, with no cycle.
    public let calls: CallGraph
    /// The ids of the SOPs that call each SOP, by id, in id order (Keterkaitan lists them).
    public let callers: [String: [String]]
    /// Indices into `model.sops` of the first SOP of each id, in id order (``sopsInIDOrder``), found once.
    let idOrder: [Int]

    init(model: ProjectModel, graphs: [StepGraph], availability: [ArtefactAvailability], calls: CallGraph) {
        self.model = model
        self.graphs = graphs
        self.availability = availability
        self.calls = calls
        callers = Self.callers(of: calls)
        var seen = Set<String>()
        let sops = model.sops
        idOrder = sops.indices.filter { seen.insert(sops[$0].sopID).inserted }
            .sorted { Bytewise.precedes(sops[$0].sopID, sops[$1].sopID) }
    }

    /// The ids of the SOPs that call each SOP, by id, in id order: ``callers`` of a project with these calls.
    static func callers(of calls: CallGraph) -> [String: [String]] {
        var callers: [String: Set<String>] = [:]
        for (i, list) in calls.calls.enumerated() {
            for call in list where calls.ids[call.callee] != calls.ids[i] {
                callers[calls.ids[call.callee], default: []].insert(calls.ids[i])
            }
        }
        return callers.mapValues { $0.sorted { Bytewise.precedes($0, $1) } }
    }

    /// The indices into `model.sops` of ``sopsInIDOrder``, without a copy of each SOP.
    public var indicesInIDOrder: [Int] { idOrder }

    /// The ids of ``sopsInIDOrder``, without a copy of each SOP.
    public var idsInOrder: [String] { idOrder.map { model.sops[$0].sopID } }

    /// The SOPs in id order, each id once (the order of the outputs and the index).
    public var sopsInIDOrder: [SOP] { idOrder.map { model.sops[$0] } }

    /// The step graph of an SOP of this project: the one the checks used, or, when not kept, made again
    /// the same way.
    public func graph(of sop: SOP) -> StepGraph {
        guard let i = model.sopIndex[sop.sopID], i < graphs.count else { return StepGraph(sop) }
        return graphs[i]
    }

    /// The artefact availability of an SOP of this project: the one the checks reported from, or, when
    /// not kept, computed again the same way (from `graph`, when the caller has the SOP's graph already).
    public func availability(of sop: SOP, graph: StepGraph? = nil) -> ArtefactAvailability {
        if let i = model.sopIndex[sop.sopID], i < availability.count { return availability[i] }
        return ArtefactAvailability(sop, graph: graph ?? self.graph(of: sop), model: model)
    }
}
