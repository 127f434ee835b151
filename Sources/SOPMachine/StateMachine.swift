import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// The executable meaning of one SOP (docs/FORMAT.md "Meaning"), lowered once from the checked model. Every machine output
/// (`machine.json`, SCXML, BPMN) and the runtime read this, never the YAML model.
///
/// An instance has a current state (a step, or `end`) and a set of available artefacts. It starts in
/// ``initial`` with ``inputs``. In a task or decision state, an event by one of the state's ``actors``
/// completes it: its ``MachineState/makes`` become available and it follows the transition for the event
/// (`done` for a task, `yes`/`no` for a decision). Entering a call state starts a child instance of
/// ``MachineState/call`` with the caller's artefacts the callee lists as inputs; when the child reaches
/// `end`, the callee's outputs and the state's own makes become available and the caller follows `done`.
/// Events by anyone else are refused and change nothing.
public struct StateMachine: Sendable, Hashable {
    /// The id of the final state every path ends in.
    public static let endState = "end"

    public var id: String
    public var name: String
    public var initial: String
    /// Artefact ids available when an instance starts.
    public var inputs: [String]
    /// Artefact ids the SOP delivers (available at `end`).
    public var outputs: [String]
    /// The roles that act in this SOP, in column order.
    public var actors: [MachineActor]
    /// Every artefact the SOP names (project and local), by id order of first mention.
    public var artefacts: [MachineArtefact]
    /// Equipment the SOP's steps name (always available).
    public var equipment: [MachineArtefact]
    /// One state per step, in step order; `end` is implicit.
    public var states: [MachineState]
    /// How planned durations add up.
    public var calendar: WorkCalendar
    /// The SOP's promised maximum (`deadline:`), when it has one.
    public var deadline: MachineDeadline? = nil

    public func state(_ id: String) -> MachineState? { states.first { $0.id == id } }
}

public struct MachineActor: Sendable, Hashable {
    public var id: String
    public var name: String
    public var title: String?
}

public struct MachineArtefact: Sendable, Hashable {
    public enum Scope: String, Sendable, Hashable {
        case project, local, equipment
    }

    public var id: String
    public var name: String
    public var scope: Scope
}

public struct MachineState: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// Completed by `done` from one of its actors.
        case task
        /// Answered by `yes` or `no` from one of its actors.
        case decision
        /// Runs another SOP; completes when that SOP reaches `end`.
        case call
    }

    public var id: String
    /// 1-based row number on the printed form.
    public var number: Int
    public var kind: Kind
    public var activity: String
    /// The decision's question, for a decision.
    public var question: String?
    /// Role ids allowed to act here; the first is the one whose column holds the symbol.
    public var actors: [String]
    /// Artefact ids needed (available on every path, by the checks).
    public var needs: [String]
    /// Equipment ids needed.
    public var equipment: [String]
    /// Artefact ids made available when the state completes.
    public var makes: [String]
    /// The planned duration, in working minutes (low and high end of a range), and as written.
    public var minutes: MinuteRange?
    public var timeText: String?
    /// The called SOP, for a call state.
    public var call: String?
    /// Where each event leads: `done` for a task or call, `yes` and `no` for a decision.
    public var transitions: [MachineTransition]

    public func target(of event: String) -> String? { transitions.first { $0.event == event }?.target }
}

/// An SOP's `deadline:`: as written, and in working minutes.
public struct MachineDeadline: Sendable, Hashable {
    public var text: String
    public var minutes: MinuteRange

    public init(text: String, minutes: MinuteRange) {
        self.text = text
        self.minutes = minutes
    }
}

public struct MinuteRange: Sendable, Hashable {
    public var low: Double
    public var high: Double
}

public struct MachineTransition: Sendable, Hashable {
    /// `done`, `yes` or `no`.
    public var event: String
    /// A state id, or ``StateMachine/endState``.
    public var target: String
}
