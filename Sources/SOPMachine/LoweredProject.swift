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
        /// Per SOP id, how many SOPs (itself and each SOP that calls it) are not yet ``finished(_:)``;
        /// filled on the first call.
        let pending = Mutex<[String: Int]?>(nil)
    }

    /// Says that the outputs of SOP `id` are made: neither it nor its callees will ask for its machine
    /// again. A machine no SOP still needs is let go (a build of thousands of SOPs holds only the machines
    /// of the SOPs being rendered and of those they call, not every machine of the project). Asked again
    /// after that, it is lowered again, to the same value.
    public func finished(_ id: String) {
        guard let sop = checked.model.sop(id) else { return }
        var ids = [id]
        for step in sop.steps {
            if let callee = step.call?.id, callee != id, !ids.contains(callee) { ids.append(callee) }
        }
        let done: [String] = cache.pending.withLock { pending in
            if pending == nil {
                var counts: [String: Int] = [:]
                for other in checked.model.sops { counts[other.sopID] = 1 + (checked.callers[other.sopID]?.count ?? 0) }
                pending = counts
            }
            var done: [String] = []
            for one in ids {
                guard let left = pending![one] else { continue }
                pending![one] = left - 1
                if left <= 1 { done.append(one) }
            }
            return done
        }
        guard !done.isEmpty else { return }
        cache.machines.withLock { machines in for one in done { machines[one] = nil } }
    }

    /// Every SOP's machine by id (all lowered, in parallel, when not yet).
    public var machines: [String: StateMachine] {
        let sops = checked.sopsInIDOrder
        let slots = ResultSlots<StateMachine>(count: sops.count)
        Cores.perform(iterations: sops.count) { i in slots[i] = machine(sops[i].sopID) }
        var machines: [String: StateMachine] = [:]
        for (i, sop) in sops.enumerated() { machines[sop.sopID] = slots[i] }
        return machines
    }

    public var model: ProjectModel { checked.model }

    /// The ids whose machines are held now (for the tests).
    package var heldMachineIDs: Set<String> { cache.machines.withLock { Set($0.keys) } }

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
