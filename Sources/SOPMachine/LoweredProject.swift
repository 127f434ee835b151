import Dispatch
import SOPChecks
import SOPFrontEnd
import SOPSystem
import Synchronization

/// A checked project whose SOPs are lowered into their ``StateMachine``s on first use, each at most once
/// per id: the machine of a called SOP is the same value for the SOP itself and for every caller that
/// embeds or invokes it. A build that renders only some SOPs lowers only those and the SOPs they call.
public struct LoweredProject: Sendable {
    public let checked: CheckedProject
    private let cache: Cache

    public init(_ checked: CheckedProject) {
        self.checked = checked
        cache = Cache()
    }

    private final class Cache: Sendable {
        let machines = Mutex<[String: StateMachine]>([:])
    }

    /// Every SOP's machine by id (all lowered, in parallel, when not yet).
    public var machines: [String: StateMachine] {
        let sops = checked.sopsInIDOrder
        let slots = ResultSlots<StateMachine>(count: sops.count)
        DispatchQueue.concurrentPerform(iterations: sops.count) { i in slots[i] = machine(sops[i].sopID) }
        var machines: [String: StateMachine] = [:]
        for (i, sop) in sops.enumerated() { machines[sop.sopID] = slots[i] }
        return machines
    }

    public var model: ProjectModel { checked.model }

    /// The machine of an SOP of the project, lowered on first use.
    public func machine(_ id: String) -> StateMachine? {
        if let known = cache.machines.withLock({ $0[id] }) { return known }
        guard let sop = checked.model.sop(id) else { return nil }
        // Lowered outside the lock (another thread may lower the same SOP meanwhile: the first one kept
        // is the one every caller sees).
        let made = Lowering.lower(sop, in: checked)
        return cache.machines.withLock { known in
            if let first = known[id] { return first }
            known[id] = made
            return made
        }
    }

    /// The machines an SOP's call steps name directly, by id.
    public func callees(of machine: StateMachine) -> [String: StateMachine] {
        var callees: [String: StateMachine] = [:]
        for state in machine.states {
            if let id = state.call, callees[id] == nil { callees[id] = self.machine(id) }
        }
        return callees
    }
}
