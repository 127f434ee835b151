import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// `<id>.scxml`: the SOP's ``StateMachine`` as a W3C SCXML 1.0 document (``SCXML``).
public struct SCXMLEmitter: SOPEmitter {
    public init() {}
    public var suffix: String { "scxml" }
    public func render(_ c: SOPOutputContext) -> String {
        let project = c.project
        return SCXML.render(c.machine) { id in project.machine(id) }
    }
    public func renderText(_ c: SOPOutputContext) -> RenderedText {
        let project = c.project
        return .utf8(SCXML.renderBytes(c.machine) { id in project.machine(id) })
    }
}

/// Writes a ``StateMachine`` as W3C SCXML 1.0 (valid against the W3C schema) with the meaning of docs/FORMAT.md "Meaning":
///
/// - One `<state>` per step, with the step's id, in step order, and a top-level `<final id="end">`.
/// - An event is `<actor>.<event>`: `kabiro.done` completes a task step of `kabiro`, `kasubag-tu.yes` and
///   `kasubag-tu.no` answer a decision. A step has one transition per event it takes, listing every actor
///   allowed to send it, so the machine itself enforces who may act; any other event reaches the step's
///   last transition, `event="*"`, which only logs `refused` (no target, no assignment: state and data stay).
///   Actor first, because SCXML matches event names by prefix tokens: `done.<actor>` would collide with the
///   platform's `done.invoke.*` and `done.state.*` for actors named `invoke` or `state`.
/// - Artefacts are data: `a_<id>` (dashes as underscores) is `1` when the artefact is available and `0`
///   when not. Inputs start at `1`; a transition `<assign>`s `1` to what its step makes. Equipment, always
///   available, is not data. The expressions (`0`, `1`, names, `_event.name`, `_event.data.x`) mean the
///   same in ECMAScript and in Python, so the document declares `ecmascript` and runs on Python
///   interpreters as well.
/// - A call step runs the called SOP as a nested machine: `<invoke>` of `../<callee>/<callee>.scxml`
///   (its place in the build's output), passing the callee's inputs as `<param>`s that override its data.
///   The call state forwards every event it does not handle itself to the child (`<send
///   target="#_<invokeid>">`, so events go to the innermost running instance); the child's final state
///   sends `sop.end.<callee>` to its parent with the callee's project outputs, and the caller takes them
///   and its own makes and moves on. The child also returns the outputs as `<donedata>`, as SCXML's
///   `done.invoke.<invokeid>` carries them; the caller does not wait for that event because some
///   interpreters raise it as soon as the child has started, and ignores it (a late one is dropped with
///   the cancelled invocation).
/// - Every user text (activity, question, names, time) is in comments, so no text can change the meaning.
public enum SCXML {
    public static let namespace = "http://www.w3.org/2005/07/scxml"
    /// The type of an SCXML `<invoke>`, as the specification requires every processor to accept it.
    public static let invokeType = "http://www.w3.org/TR/scxml/"

    /// The document. `callee` gives the machine of a called SOP (for its inputs, outputs and name).
    public static func render(_ machine: StateMachine, callee: (String) -> StateMachine?) -> String {
        String(decoding: renderBytes(machine, callee: callee), as: UTF8.self)
    }

    /// ``render(_:callee:)``'s text as UTF-8 bytes, as they are written.
    public static func renderBytes(_ machine: StateMachine, callee: (String) -> StateMachine?) -> [UInt8] {
        var x = XMLStream(capacity: 1 << 12 + 512 * machine.states.count)
        write(machine, callee: callee, into: &x)
        return x.bytes()
    }

    /// The document, written into `x` as it is made (``XMLStream``): no tree of the whole machine is held.
    private static func write(_ m: StateMachine, callee: (String) -> StateMachine?, into x: inout XMLStream) {
        let names = Identifiers(m)
        var callees: [String: StateMachine] = [:]
        for s in m.states {
            if let id = s.call, callees[id] == nil, let c = callee(id) { callees[id] = c }
        }

        // Every artefact the machine names, then any project artefact a callee takes or returns that the
        // lowering did not list (it does for a checked model), so that every location assigned is declared.
        var data = m.artefacts.map(\.id)
        var declared = Set(data)
        for s in m.states {
            guard let id = s.call, let c = callees[id] else { continue }
            for a in Self.passed(c.inputs, of: c) + Self.passed(c.outputs, of: c) where declared.insert(a).inserted {
                data.append(a)
            }
        }
        let inputs = Set(m.inputs)

        let actorNames = Dictionary(m.actors.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        x.open(
            "scxml",
            [
                ("xmlns", namespace), ("version", "1.0"), ("datamodel", "ecmascript"), ("name", names.machine),
                ("initial", names.state(m.initial)),
            ])
        x.write(.comment("SOP \(m.id): \(m.name). Generated by sopc; edit the SOP's .sop.yaml, not this file."))
        x.write(
            .comment(
                "Events are '<actor>.done' for a task step and '<actor>.yes' or '<actor>.no' for a decision; "
                    + "any other event is logged as refused and changes nothing. Data a_<artefact> is 1 when the artefact is available."
            ))
        if !data.isEmpty {
            x.write(
                .element(
                    "datamodel", [],
                    data.map { id in .element("data", [("id", names.data(id)), ("expr", inputs.contains(id) ? "1" : "0")], []) }))
        }

        for s in m.states {
            var note = "\(s.number). \(s.activity)"
            if let q = s.question { note += " — \(q)" }
            var about = s.actors.map { actorNames[$0] ?? $0 }.joined(separator: ", ")
            if let callID = s.call { about += (about.isEmpty ? "" : "; ") + "SOP \(callees[callID]?.name ?? callID)" }
            if let t = s.timeText { about += (about.isEmpty ? "" : "; ") + t }
            if !about.isEmpty { note += " (\(about))" }
            x.comment(note)
            state(s, names: names, callee: s.call.flatMap { callees[$0] }, into: &x)
        }

        x.write(final(m, names: names))
        x.close()
    }

    /// The project artefacts among `ids` (only those cross SOP boundaries).
    package static func passed(_ ids: [String], of m: StateMachine) -> [String] {
        let project = Set(m.artefacts.filter { $0.scope == .project }.map(\.id))
        return ids.filter { project.contains($0) }
    }

    /// A step's state, written straight into `x` (a machine has one a step), each element from its parts.
    static func state(_ s: MachineState, names: Identifiers, callee: StateMachine?, into x: inout XMLStream) {
        let makes = s.makes.uniqued()
        /// A transition's `<assign>`s of what the step makes.
        func assignAvailable() { for id in makes { x.empty("assign", "location", names.data(id), "expr", "1") } }
        x.open("state", "id", names.state(s.id))
        if s.kind == .call, let callID = s.call {
            let invokeID = names.invokeID(s.id)
            let inputs = callee.map { passed($0.inputs, of: $0) } ?? []
            let outputs = callee.map { passed($0.outputs, of: $0) } ?? []
            let invoke = [("id", invokeID), ("type", invokeType), ("src", Identifiers.source(callID))]
            if inputs.isEmpty {
                x.empty("invoke", invoke)
            } else {
                x.open("invoke", invoke)
                for id in inputs { x.empty("param", "name", names.data(id), "expr", names.data(id)) }
                x.close()
            }
            let target = names.state(s.target(of: "done") ?? StateMachine.endState)
            let returned = outputs.filter { !makes.contains($0) }
            if returned.isEmpty && makes.isEmpty {
                x.empty("transition", "event", Identifiers.returnEvent(callID), "target", target)
            } else {
                x.open("transition", "event", Identifiers.returnEvent(callID), "target", target)
                for id in returned { x.empty("assign", "location", names.data(id), "expr", "_event.data." + names.data(id)) }
                assignAvailable()
                x.close()
            }
            // An early done.invoke (raised by some interpreters when the child starts) is not the child's end.
            x.empty("transition", "event", "done.invoke." + invokeID)
            // Platform errors are logged, not forwarded: a failing forward would raise another error.
            x.open("transition", "event", "error.execution error.communication error.platform")
            x.empty("log", "label", "error", "expr", "_event.name")
            x.close()
            x.open("transition", "event", "*")
            x.empty("send", "target", "#_" + invokeID, "eventexpr", "_event.name")
            x.close()
        } else {
            let actors = s.actors.uniqued().map(Identifiers.token)
            for t in s.transitions where !actors.isEmpty {
                let events =
                    actors.count == 1 ? actors[0] + "." + t.event : actors.map { "\($0).\(t.event)" }.joined(separator: " ")
                if makes.isEmpty {
                    x.empty("transition", "event", events, "target", names.state(t.target))
                } else {
                    x.open("transition", "event", events, "target", names.state(t.target))
                    assignAvailable()
                    x.close()
                }
            }
            x.open("transition", "event", "*")
            x.empty("log", "label", "refused", "expr", "_event.name")
            x.close()
        }
        x.close()
    }

    static func final(_ m: StateMachine, names: Identifiers) -> XMLNode {
        let outputs = passed(m.outputs, of: m)
        let params: [XMLNode] = outputs.map { .element("param", [("name", names.data($0)), ("expr", names.data($0))], []) }
        var children: [XMLNode] = [
            .element(
                "onentry", [], [.element("send", [("target", "#_parent"), ("event", Identifiers.returnEvent(m.id))], params)])
        ]
        if !params.isEmpty { children.append(.element("donedata", [], params)) }
        return .element("final", [("id", StateMachine.endState)], children)
    }

    /// The identifiers an SOP's SCXML uses (state, data and invoke ids, event names). For a checked SOP every step id is already an XML name and unique, and
    /// is used as it is; anything else is made XML-safe and unique, deterministically.
    public struct Identifiers: Sendable {
        public let machine: String
        private var states: [String: String] = [:]
        private var data: [String: String] = [:]

        public init(_ m: StateMachine) {
            machine = Self.token(m.id)
            var used: Set<String> = [StateMachine.endState]
            func claim(_ base: String, separator: String) -> String {
                var name = base
                var n = 1
                while !used.insert(name).inserted {
                    n += 1
                    name = "\(base)\(separator)\(n)"
                }
                return name
            }
            for s in m.states where states[s.id] == nil {
                var base = Self.token(s.id)
                if !(base.unicodeScalars.first.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) } ?? false) {
                    base = "s-" + base
                }
                states[s.id] = claim(base, separator: "-")
            }
            var ids = m.artefacts.map(\.id)
            for s in m.states { ids += s.makes }
            ids += m.inputs + m.outputs
            for id in ids where data[id] == nil {
                // A token is ASCII: its `-` become `_` byte by byte.
                let underscored = Self.token(id).utf8.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "_") : $0 }
                data[id] = claim("a_" + String(decoding: underscored, as: UTF8.self), separator: "_")
            }
        }

        /// The id of a step's state (`end` for the end).
        public func state(_ stepID: String) -> String {
            stepID == StateMachine.endState ? StateMachine.endState : states[stepID] ?? Self.token(stepID)
        }

        /// The data id of an artefact.
        public func data(_ artefactID: String) -> String { data[artefactID] ?? "a_" + Self.token(artefactID) }

        /// The id of a call state's `<invoke>`: the state's id and `.call` (a state id never holds a dot).
        public func invokeID(_ stepID: String) -> String { state(stepID) + ".call" }

        /// The event a called SOP sends its caller when it reaches `end`.
        public static func returnEvent(_ sopID: String) -> String { "sop.end.\(token(sopID))" }

        /// Where a called SOP's document is, from the caller's: `OUT/<id>/<id>.scxml` beside it.
        public static func source(_ sopID: String) -> String { "../\(sopID)/\(sopID).scxml" }

        /// An id as one token of an event name or an XML name: letters, digits, `-` and `_` kept, anything
        /// else a `-`. Ids that follow the id pattern of docs/FORMAT.md are unchanged.
        public static func token(_ id: String) -> String {
            // An id made of those characters only (as nearly every sopc id is) is its own token.
            if !id.isEmpty && id.utf8.allSatisfy(isTokenByte) { return id }
            return replacedToken(id)
        }

        static func isTokenByte(_ b: UInt8) -> Bool {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"):
                true
            default: false
            }
        }

        /// ``token(_:)`` scalar by scalar.
        static func replacedToken(_ id: String) -> String {
            let kept = id.unicodeScalars.map { c -> Unicode.Scalar in c.isASCII && isTokenByte(UInt8(c.value)) ? c : "-" }
            return kept.isEmpty ? "x" : String(String.UnicodeScalarView(kept))
        }
    }
}
