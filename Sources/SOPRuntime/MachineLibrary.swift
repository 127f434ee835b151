import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// The machines a case may run: one SOP and, transitively, every SOP it calls, by id. Built from
/// `machine.json` texts (files of a build, the copies a case file keeps, or a checked project rendered on
/// the spot), so the runtime always executes exactly what `sopc build` writes.
public struct MachineLibrary: Sendable {
    /// The machines by id.
    public let machines: [String: StateMachine]
    /// Where each state is in its machine's `states`, by machine id and state id: the runtime looks up the
    /// current state at every event (a walk along the states made a path of thousands of steps cost the
    /// square of its length).
    private let stateIndex: [String: [String: Int]]

    /// Checks that every call resolves to a machine of the library and that no SOP calls itself, directly
    /// or through others (an instance stack would grow without end).
    public init(_ machines: [StateMachine]) throws(MachineFileError) {
        var byID: [String: StateMachine] = [:]
        for m in machines {
            guard byID[m.id] == nil else { throw MachineFileError("two machines are named '\(m.id)'") }
            byID[m.id] = m
        }
        for m in machines {
            for s in m.states {
                if let call = s.call, byID[call] == nil {
                    throw MachineFileError("machine '\(m.id)': state '\(s.id)' calls '\(call)', which is not loaded")
                }
            }
        }
        // The same call graph and cycle search as the `call-cycle` check, over the loaded machines.
        let ids = byID.keys.sorted { Bytewise.precedes($0, $1) }
        let graph = CallGraph(
            ids: ids,
            callsByID: ids.map { id in byID[id]!.states.enumerated().compactMap { i, s in s.call.map { ($0, i) } } })
        if let cycle = graph.cycles().first {
            throw MachineFileError(
                "the machines call each other in a cycle: " + cycle.nodes.map { "'\(ids[$0])'" }.joined(separator: " -> "))
        }
        self.machines = byID
        // The first state of an id, as `StateMachine.state(_:)` finds it.
        stateIndex = byID.mapValues { $0.states.map(\.id).firstPlaces() }
    }

    public func machine(_ id: String) -> StateMachine? { machines[id] }

    /// The state `state` of the machine `sop`: ``StateMachine/state(_:)`` without the walk.
    public func state(_ state: String, of sop: String) -> MachineState? {
        guard let i = stateIndex[sop]?[state] else { return nil }
        return machines[sop]?.states[i]
    }

    /// `root` and every machine it calls, directly or not, in id order.
    public func closure(of root: String) -> [StateMachine] {
        var seen: Set<String> = []
        var queue = [root]
        while let id = queue.popLast() {
            guard seen.insert(id).inserted, let m = machines[id] else { continue }
            queue += m.states.compactMap(\.call)
        }
        return seen.sorted { Bytewise.precedes($0, $1) }.compactMap { machines[$0] }
    }

    /// The machines of `root` and the SOPs it calls in a checked project (no errors), rendered to
    /// `machine.json` text and read back: the same bytes `sopc build` writes are what runs.
    public init(checked project: LoweredProject, root: String) throws(MachineFileError) {
        var machines: [StateMachine] = []
        var seen = Set<String>()
        var queue = [root]
        while let id = queue.popLast() {
            guard seen.insert(id).inserted else { continue }
            guard let lowered = project.machine(id) else { throw MachineFileError("the project has no SOP '\(id)'") }
            let text = MachineJSON.render(lowered)
            let machine = try MachineJSON.decode(Array(text.utf8))
            machines.append(machine)
            queue += machine.states.compactMap(\.call)
        }
        try self.init(machines)
    }

    /// Loads `root` and every SOP it calls from a folder of machine files: `<folder>/<id>.machine.json`, or
    /// the layout `sopc build` writes, `<folder>/<id>/<id>.machine.json`.
    public static func load(root: String, folder: String) throws(MachineFileError) -> MachineLibrary {
        var machines: [StateMachine] = []
        var seen = Set<String>()
        var queue = [root]
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        while let id = queue.popLast() {
            guard seen.insert(id).inserted else { continue }
            guard Names.isValidID(id) else { throw MachineFileError("'\(id)' is not a valid SOP id") }
            let candidates = ["\(base)/\(id).machine.json", "\(base)/\(id)/\(id).machine.json"]
            var found: StateMachine?
            for path in candidates {
                switch FileIO.readRegularFile(path, limit: DefinitionsFolder.maxFileBytes) {
                case .bytes(let bytes):
                    do {
                        found = try MachineJSON.decode(bytes)
                    } catch {
                        throw MachineFileError("\(path): \(error.description)")
                    }
                case .tooLarge(let size): throw MachineFileError("\(path): the file is too large (\(size) bytes)")
                case .failed: continue
                }
                guard found!.id == id else { throw MachineFileError("\(path) holds the machine '\(found!.id)', not '\(id)'") }
                break
            }
            guard let machine = found else {
                throw MachineFileError(
                    "no machine '\(id)' in '\(folder)' (looked for \(candidates.map { "'\($0)'" }.joined(separator: " and ")))")
            }
            machines.append(machine)
            queue += machine.states.compactMap(\.call)
        }
        return try MachineLibrary(machines)
    }
}
