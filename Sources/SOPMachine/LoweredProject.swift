import Dispatch
import SOPChecks
import SOPFrontEnd
import SOPSystem

/// A checked project with every SOP lowered into its ``StateMachine``, each exactly once: the machine of a
/// called SOP is the same value for the SOP itself and for every caller that embeds or invokes it.
public struct LoweredProject: Sendable {
    public let checked: CheckedProject
    /// The machines by SOP id.
    public let machines: [String: StateMachine]

    /// Lowers every SOP of the project, in parallel.
    public init(_ checked: CheckedProject) {
        let sops = checked.sopsInIDOrder
        let slots = ResultSlots<StateMachine>(count: sops.count)
        DispatchQueue.concurrentPerform(iterations: sops.count) { i in
            slots[i] = Lowering.lower(sops[i], in: checked)
        }
        var machines: [String: StateMachine] = [:]
        for (i, sop) in sops.enumerated() { machines[sop.sopID] = slots[i] }
        self.checked = checked
        self.machines = machines
    }

    public var model: ProjectModel { checked.model }

    /// The machine of an SOP of the project.
    public func machine(_ id: String) -> StateMachine? { machines[id] }

    /// The machines an SOP's call steps name directly, by id.
    public func callees(of machine: StateMachine) -> [String: StateMachine] {
        var callees: [String: StateMachine] = [:]
        for state in machine.states {
            if let id = state.call, callees[id] == nil { callees[id] = machines[id] }
        }
        return callees
    }
}
