import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// The words `sopc run` and `sopc simulate` print, in English or in Bahasa Indonesia (SPEC §4: the same
/// rule as `check`). Each text is written once per language where it is used: `w("English", "Indonesia")`.
public struct RuntimeWords: Sendable {
    public var language: Language

    public init(_ language: Language) { self.language = language }

    public func callAsFunction(_ english: String, _ indonesian: String) -> String {
        language == .indonesian ? indonesian : english
    }

    /// "1 step" / "2 steps"; Indonesian has no plural.
    func count(_ n: Int, _ english: String, _ indonesian: String) -> String {
        language == .indonesian ? "\(n) \(indonesian)" : "\(n) \(english)\(n == 1 ? "" : "s")"
    }

    /// The answer of a decision as the form prints it.
    func answer(_ event: MachineEvent) -> String { event == .yes ? "Ya" : "Tidak" }

    /// "a, b or c" / "a, b atau c".
    func orList(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + self(" or ", " atau ") + items.last!
    }
}

extension MachineEvent {
    /// An answer as a person writes it: `done`, `yes`/`ya`, `no`/`tidak`, in any case (SPEC §2).
    public init?(answer text: String) {
        switch text.lowercased() {
        case "done", "selesai": self = .done
        case "yes", "ya": self = .yes
        case "no", "tidak": self = .no
        default: return nil
        }
    }
}

extension StateMachine {
    /// The planned working minutes (high end) from `state` to `end` along the main path: each decision
    /// answered `yes`, or `no` where `yes` goes back to a state already passed; a call state lasts its
    /// called SOP's main-path total (SPEC §2, as lowered).
    public func plannedRest(from state: String) -> Double {
        // The states by id, as ``state(_:)`` finds them, without a walk along them for each step of the path
        // (a path of 10,000 steps took 0.8 s).
        let place = states.map(\.id).firstPlaces()
        var total = 0.0
        var seen = Set<String>()
        var id = state
        while id != StateMachine.endState, seen.insert(id).inserted, let s = place[id].map({ states[$0] }) {
            total += s.minutes?.high ?? 0
            if s.kind == .decision, let yes = s.target(of: "yes"), let no = s.target(of: "no") {
                id = seen.contains(yes) ? no : yes
            } else {
                id = s.target(of: "done") ?? StateMachine.endState
            }
        }
        return total
    }

    /// The state after `state` on the main path (`yes` for a decision), or `end`.
    func mainSuccessor(of state: MachineState) -> String {
        state.target(of: state.kind == .decision ? "yes" : "done") ?? StateMachine.endState
    }
}
