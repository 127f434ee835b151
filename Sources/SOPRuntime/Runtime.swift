import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// An event of docs/FORMAT.md "Meaning": `done` completes a task, `yes`/`no` answers a decision.
public enum MachineEvent: String, Sendable, Hashable, CaseIterable {
    case done, yes, no
}

/// A point or a length of planned working time, in minutes: the low and the high end of the ranges
/// (`3-7 hari`) added up.
public struct PlannedTime: Sendable, Hashable {
    public var low: Double
    public var high: Double

    public static let zero = PlannedTime(low: 0, high: 0)

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    public static func + (a: PlannedTime, b: PlannedTime) -> PlannedTime {
        PlannedTime(low: a.low + b.low, high: a.high + b.high)
    }
    public static func - (a: PlannedTime, b: PlannedTime) -> PlannedTime {
        PlannedTime(low: a.low - b.low, high: a.high - b.high)
    }
}

/// One running instance of an SOP on the runtime's stack.
public struct RuntimeFrame: Sendable, Hashable {
    /// The SOP (machine id).
    public var sop: String
    /// The current state; never `end` (an instance that reaches `end` leaves the stack).
    public var state: String
    /// Available artefact ids, in the order they became available (equipment is always available and is
    /// not listed).
    public var artefacts: [String]
    /// How many events the runtime had taken when this instance entered its current state.
    public var enteredAfter: Int
    /// For a call state, its entry in the timeline (finished when the child ends).
    var callEntry: Int?
}

/// A step that ran (or, for a call, is running) on the planned timeline.
public struct TimelineEntry: Sendable, Hashable {
    /// 0 for the SOP the case runs, 1 for an SOP it calls, …
    public var depth: Int
    public var sop: String
    public var state: String
    /// The event that completed it; nil for a call (it completes when the called SOP ends).
    public var event: MachineEvent?
    /// Who completed it; nil for a call.
    public var actor: String?
    public var start: PlannedTime
    /// nil while a call is still running.
    public var end: PlannedTime?
    /// For a call: the caller's artefacts handed to the called SOP.
    public var passed: [String]
    /// What became available when it completed: the step's makes; for a call, the called SOP's outputs and
    /// the step's makes.
    public var received: [String]
}

/// What one event did, in order, for a command line to tell.
public enum RuntimeEffect: Sendable, Hashable {
    /// A state completed (a call state completes when its child ends; then `actor` is nil).
    case completed(depth: Int, sop: String, state: String, event: MachineEvent, actor: String?)
    case entered(depth: Int, sop: String, state: String)
    case started(depth: Int, sop: String, inputs: [String])
    case ended(depth: Int, sop: String, outputs: [String])
}

/// An event the runtime did not take, and why. Nothing changed.
public struct Refusal: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The same in Bahasa Indonesia.
    public var indonesian: String

    public init(description: String, indonesian: String? = nil) {
        self.description = description
        self.indonesian = indonesian ?? description
    }

    /// The reason in a language.
    public func text(_ language: Language) -> String { language == .indonesian ? indonesian : description }
}

/// Executes machines with the meaning of docs/FORMAT.md "Meaning". The runtime holds a stack of instances, outermost first:
/// an event goes to the innermost one. It starts the root SOP with its inputs; entering a call state starts
/// a child instance with the caller's artefacts the callee lists as inputs; when a child reaches `end`, the
/// callee's outputs and the call state's makes become available in the caller, which moves on along `done`.
/// As in the checks, only project artefacts cross between SOPs: a callee's local inputs and outputs are
/// its own.
/// An event by someone who is not an actor of the current state, or of the wrong kind (`yes`/`no` on a
/// task, `done` on a decision), is refused and changes nothing.
///
/// The runtime also keeps the planned timeline: each task or decision lasts its planned minutes (low and
/// high) from the moment it is entered; a call lasts as long as the called SOP's steps.
public struct Runtime: Sendable {
    public let library: MachineLibrary
    public let root: String
    public private(set) var stack: [RuntimeFrame] = []
    public private(set) var timeline: [TimelineEntry] = []
    /// The planned working time used so far.
    public private(set) var clock = PlannedTime.zero
    /// How many events were taken.
    public private(set) var eventCount = 0
    /// The root instance's artefacts once the case has ended.
    public private(set) var finalArtefacts: [String] = []
    /// What starting the root did (entering its first state, and any calls that starts).
    public private(set) var startEffects: [RuntimeEffect] = []

    public init(root: String, library: MachineLibrary) throws(MachineFileError) {
        guard let machine = library.machine(root) else { throw MachineFileError("no machine '\(root)' is loaded") }
        self.library = library
        self.root = root
        var effects: [RuntimeEffect] = []
        start(machine, artefacts: machine.inputs, effects: &effects)
        startEffects = effects
    }

    /// The case has ended: the root instance reached `end`.
    public var isFinished: Bool { stack.isEmpty }

    /// The machine and state of each instance on the stack, outermost first.
    public var path: [(machine: StateMachine, state: MachineState)] { stack.map(located) }

    /// The innermost instance's machine and state: where the next event goes (the last of ``path``, found
    /// without the others: a case may be thousands of calls deep).
    public var current: (machine: StateMachine, state: MachineState)? { stack.last.map(located) }

    /// The machine and state of one instance.
    private func located(_ f: RuntimeFrame) -> (machine: StateMachine, state: MachineState) {
        (library.machine(f.sop)!, library.state(f.state, of: f.sop)!)
    }

    /// Why `event` by `actor` would be refused now, or nil when it would be taken (in English and in
    /// Bahasa Indonesia; texts from the definitions terminal-safe).
    public func refusal(_ event: MachineEvent, by actor: String) -> Refusal? {
        guard let (m, s) = current else {
            return Refusal(
                description: "the case has ended; no step is waiting for an event",
                indonesian: "kasus ini telah selesai; tidak ada langkah yang menunggu")
        }
        var problems: [String] = []
        var masalah: [String] = []
        let activity = Runtime.shortened(s.activity).terminalSafe
        let place = "step '\(s.id)' of SOP '\(m.id)' (\(s.number). \(activity))"
        let tempat = "langkah '\(s.id)' pada SOP '\(m.id)' (\(s.number). \(activity))"
        if !s.actors.contains(actor) {
            let allowed = s.actors.map { "'\($0)' (\(m.actorName($0).terminalSafe))" }
            var text = "'\(actor)' is not an actor of \(place): only \(Runtime.orList(allowed)) may act there"
            var teks =
                "'\(actor)' bukan pelaksana \(tempat): hanya \(RuntimeWords(.indonesian).orList(allowed)) yang dapat bertindak"
            let known = Set(library.machines.values.flatMap { $0.actors.map(\.id) })
            if !known.contains(actor), let near = Names.suggestion(for: actor, among: known.sorted()) {
                text += " ('\(actor)' is no role of this case; did you mean '\(near)'?)"
                teks += " ('\(actor)' bukan peran dalam kasus ini; maksud Anda '\(near)'?)"
            }
            problems.append(text)
            masalah.append(teks)
        }
        let question = (s.question ?? "").terminalSafe
        switch (s.kind, event) {
        case (.decision, .done):
            problems.append("\(place) is a decision (\(question)): answer it with 'yes' or 'no', not 'done'")
            masalah.append("\(tempat) adalah keputusan (\(question)): jawab dengan 'ya' atau 'tidak', bukan 'done'")
        case (.task, .yes), (.task, .no), (.call, .yes), (.call, .no):
            problems.append("\(place) is a task, not a decision: complete it with 'done', not '\(event.rawValue)'")
            masalah.append("\(tempat) adalah kegiatan, bukan keputusan: selesaikan dengan 'done', bukan '\(event.rawValue)'")
        default: break
        }
        return problems.isEmpty
            ? nil : Refusal(description: problems.joined(separator: "; and "), indonesian: masalah.joined(separator: "; dan "))
    }

    /// Takes `event` by `actor` in the innermost instance, or throws a ``Refusal`` and changes nothing.
    @discardableResult
    public mutating func apply(_ event: MachineEvent, by actor: String) throws(Refusal) -> [RuntimeEffect] {
        if let refusal = refusal(event, by: actor) { throw refusal }
        let depth = stack.count - 1
        let (m, s) = current!
        eventCount += 1
        var effects: [RuntimeEffect] = [.completed(depth: depth, sop: m.id, state: s.id, event: event, actor: actor)]
        let minutes = s.minutes.map { PlannedTime(low: $0.low, high: $0.high) } ?? .zero
        let start = clock
        clock = clock + minutes
        make(s.makes, at: depth)
        timeline.append(
            TimelineEntry(
                depth: depth, sop: m.id, state: s.id, event: event, actor: actor, start: start, end: clock, passed: [],
                received: s.makes))
        move(depth, along: s.target(of: event.rawValue)!, effects: &effects)
        return effects
    }

    // MARK: - Moving

    private mutating func start(_ machine: StateMachine, artefacts: [String], effects: inout [RuntimeEffect]) {
        stack.append(
            RuntimeFrame(sop: machine.id, state: machine.initial, artefacts: [], enteredAfter: eventCount))
        let depth = stack.count - 1
        make(artefacts, at: depth)
        effects.append(.started(depth: depth, sop: machine.id, inputs: artefacts))
        enter(depth, machine.initial, effects: &effects)
    }

    private mutating func enter(_ depth: Int, _ state: String, effects: inout [RuntimeEffect]) {
        let m = library.machine(stack[depth].sop)!
        stack[depth].state = state
        stack[depth].enteredAfter = eventCount
        stack[depth].callEntry = nil
        effects.append(.entered(depth: depth, sop: m.id, state: state))
        let s = library.state(state, of: m.id)!
        guard s.kind == .call, let callee = s.call.flatMap(library.machine) else { return }
        let passed = stack[depth].artefacts.filter { callee.inputs.contains($0) && callee.crosses($0) }
        stack[depth].callEntry = timeline.count
        timeline.append(
            TimelineEntry(
                depth: depth, sop: m.id, state: s.id, event: nil, actor: nil, start: clock, end: nil, passed: passed, received: []
            ))
        start(callee, artefacts: callee.inputs.filter { passed.contains($0) }, effects: &effects)
    }

    private mutating func move(_ depth: Int, along target: String, effects: inout [RuntimeEffect]) {
        guard target == StateMachine.endState else {
            enter(depth, target, effects: &effects)
            return
        }
        let finished = stack.removeLast()
        let callee = library.machine(finished.sop)!
        // The root delivers all its outputs to the world; a called SOP hands back its project artefacts.
        let outputs = depth == 0 ? callee.outputs : callee.outputs.filter { callee.crosses($0) }
        effects.append(.ended(depth: depth, sop: callee.id, outputs: outputs))
        guard depth > 0 else {
            finalArtefacts = finished.artefacts
            return
        }
        let caller = depth - 1
        let m = library.machine(stack[caller].sop)!
        let s = library.state(stack[caller].state, of: m.id)!
        let received = outputs + s.makes.filter { !outputs.contains($0) }
        make(received, at: caller)
        if let entry = stack[caller].callEntry {
            timeline[entry].end = clock
            timeline[entry].received = received
        }
        effects.append(.completed(depth: caller, sop: m.id, state: s.id, event: .done, actor: nil))
        move(caller, along: s.target(of: MachineEvent.done.rawValue)!, effects: &effects)
    }

    private mutating func make(_ artefacts: [String], at depth: Int) {
        for a in artefacts where !stack[depth].artefacts.contains(a) { stack[depth].artefacts.append(a) }
    }

    // MARK: - Texts

    /// The first words of an activity, for messages.
    static func shortened(_ text: String, limit: Int = 60) -> String {
        guard text.count > limit else { return text }
        var cut = String(text.prefix(limit))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + " …"
    }

    static func orList(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}

extension StateMachine {
    /// The printed name of a role of this SOP (its id when unknown).
    public func actorName(_ id: String) -> String { actors.first { $0.id == id }?.name ?? id }

    /// Whether an artefact may cross into or out of this SOP when it is called: only project artefacts do
    /// (a local one is private to the SOP, whatever its id).
    public func crosses(_ id: String) -> Bool { artefacts.contains { $0.id == id && $0.scope == .project } }

    /// The printed name of an artefact or equipment (its id when unknown).
    public func artefactName(_ id: String) -> String {
        (artefacts.first { $0.id == id } ?? equipment.first { $0.id == id })?.name ?? id
    }
}
