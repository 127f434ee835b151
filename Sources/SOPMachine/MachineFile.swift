import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// Why a machine file (or a case file) cannot be used.
public struct MachineFileError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension MachineJSON {
    /// Reads `<id>.machine.json` back into a ``StateMachine`` and checks that it can run: every reference
    /// resolves, and each state has exactly the transitions its kind needs.
    public static func decode(_ bytes: [UInt8]) throws(MachineFileError) -> StateMachine {
        try decode(try readJSON(bytes))
    }

    /// The JSON value of a machine or case file; text that is not JSON is a ``MachineFileError``.
    package static func readJSON(_ bytes: [UInt8]) throws(MachineFileError) -> JSONValue {
        do {
            return try JSONReader.read(bytes)
        } catch {
            throw MachineFileError("not JSON: \(error.description)")
        }
    }

    public static func decode(_ root: JSONValue) throws(MachineFileError) -> StateMachine {
        let top = try JSONField(root, "").object()
        let format = try top.field("format").int()
        guard format == MachineJSON.format else {
            throw MachineFileError("format \(format) is not supported (this sopc reads format \(MachineJSON.format))")
        }
        var calendar = WorkCalendar()
        let cal = try top.field("calendar").object()
        calendar.hoursPerDay = try cal.field("hoursPerDay").positive(max: 24)
        calendar.daysPerWeek = try cal.field("daysPerWeek").positive(max: 7)
        calendar.daysPerMonth = try cal.field("daysPerMonth").positive(max: 31)
        if let f = cal.optionalField("dayStarts"), f.value != .null {
            guard let minute = ProjectDecoder.clockMinute(try f.string()) else { throw f.error("must be a time HH:MM") }
            calendar.dayStarts = minute
        }
        if let f = cal.optionalField("holidays") {
            calendar.holidays = try f.array().map { h throws(MachineFileError) in
                let o = try h.object()
                let fromField = try o.field("from")
                let toField = try o.field("to")
                guard let from = CalendarDate(try fromField.string()) else { throw fromField.error("must be a date YYYY-MM-DD") }
                guard let to = CalendarDate(try toField.string()), from <= to else {
                    throw toField.error("must be a date YYYY-MM-DD, not before 'from'")
                }
                return Holiday(from: from, to: to, name: try o.field("name").string())
            }
        }
        var deadline: MachineDeadline?
        if let f = top.optionalField("deadline"), f.value != .null {
            let o = try f.object()
            let mf = try o.field("minutes")
            let m = try mf.object()
            let range = MinuteRange(low: try m.field("low").nonNegative(), high: try m.field("high").nonNegative())
            guard range.low <= range.high else { throw mf.error("low is more than high") }
            deadline = MachineDeadline(text: try o.field("time").string(), minutes: range)
        }

        let actors = try top.field("actors").array().map { f throws(MachineFileError) in
            let o = try f.object()
            return MachineActor(
                id: try o.field("id").id(), name: try o.field("name").string(), title: try o.field("title").optionalString())
        }
        let artefacts = try top.field("artefacts").array().map { f throws(MachineFileError) in
            let o = try f.object()
            let scopeField = try o.field("scope")
            guard let scope = MachineArtefact.Scope(rawValue: try scopeField.string()), scope != .equipment else {
                throw scopeField.error("must be \"project\" or \"local\"")
            }
            return MachineArtefact(id: try o.field("id").id(), name: try o.field("name").string(), scope: scope)
        }
        let equipment = try top.field("equipment").array().map { f throws(MachineFileError) in
            let o = try f.object()
            return MachineArtefact(id: try o.field("id").id(), name: try o.field("name").string(), scope: .equipment)
        }
        let states = try top.field("states").array().map { f throws(MachineFileError) in
            let o = try f.object()
            let kindField = try o.field("kind")
            guard let kind = MachineState.Kind(rawValue: try kindField.string()) else {
                throw kindField.error("must be \"task\", \"decision\" or \"call\"")
            }
            let minutesField = try o.field("minutes")
            var minutes: MinuteRange?
            if minutesField.value != .null {
                let m = try minutesField.object()
                minutes = MinuteRange(low: try m.field("low").nonNegative(), high: try m.field("high").nonNegative())
                guard minutes!.low <= minutes!.high else { throw minutesField.error("low is more than high") }
            }
            let transitions = try o.field("transitions").array().map { t throws(MachineFileError) in
                let to = try t.object()
                return MachineTransition(event: try to.field("event").string(), target: try to.field("target").id(allowEnd: true))
            }
            return MachineState(
                id: try o.field("id").id(), number: try o.field("number").int(), kind: kind,
                activity: try o.field("activity").string(), question: try o.field("question").optionalString(),
                actors: try o.field("actors").ids(), needs: try o.field("needs").ids(),
                equipment: try o.field("equipment").ids(), makes: try o.field("makes").ids(), minutes: minutes,
                timeText: try o.field("time").optionalString(), call: try o.field("call").optionalID(),
                transitions: transitions)
        }
        let machine = StateMachine(
            id: try top.field("id").id(), name: try top.field("name").string(), initial: try top.field("initial").id(),
            inputs: try top.field("inputs").ids(), outputs: try top.field("outputs").ids(), actors: actors,
            artefacts: artefacts, equipment: equipment, states: states, calendar: calendar, deadline: deadline)
        try validate(machine)
        return machine
    }

    /// What the runtime relies on, beyond the shape: unique ids, known targets, actors and artefacts, and
    /// the transitions each kind of state needs.
    static func validate(_ m: StateMachine) throws(MachineFileError) {
        func fail(_ text: String) -> MachineFileError { MachineFileError("machine '\(m.id)': \(text)") }
        var stateIDs = Set<String>()
        for s in m.states where !stateIDs.insert(s.id).inserted { throw fail("two states are named '\(s.id)'") }
        guard !m.states.isEmpty else { throw fail("it has no states") }
        guard stateIDs.contains(m.initial) else { throw fail("the initial state '\(m.initial)' is not one of its states") }
        let actorIDs = Set(m.actors.map(\.id))
        let artefactIDs = Set(m.artefacts.map(\.id))
        let equipmentIDs = Set(m.equipment.map(\.id))
        for id in m.inputs + m.outputs where !artefactIDs.contains(id) {
            throw fail("'\(id)' is an input or output but not one of its artefacts")
        }
        for s in m.states {
            let events = s.transitions.map(\.event)
            switch s.kind {
            case .task, .call:
                guard events == ["done"] else {
                    throw fail("state '\(s.id)' (\(s.kind.rawValue)) must have exactly one transition, on 'done'")
                }
            case .decision:
                guard events == ["yes", "no"] else {
                    throw fail("state '\(s.id)' (decision) must have the transitions 'yes' then 'no'")
                }
            }
            guard (s.kind == .call) == (s.call != nil) else {
                throw fail("state '\(s.id)': 'call' must be set exactly on a call state")
            }
            guard (s.kind == .decision) == (s.question != nil) else {
                throw fail("state '\(s.id)': 'question' must be set exactly on a decision state")
            }
            guard !s.actors.isEmpty else { throw fail("state '\(s.id)' has no actor") }
            for a in s.actors where !actorIDs.contains(a) { throw fail("state '\(s.id)': '\(a)' is not one of its actors") }
            for t in s.transitions where t.target != StateMachine.endState && !stateIDs.contains(t.target) {
                throw fail("state '\(s.id)': the target '\(t.target)' is not a state")
            }
            for id in s.needs + s.makes where !artefactIDs.contains(id) {
                throw fail("state '\(s.id)': '\(id)' is not one of its artefacts")
            }
            for id in s.equipment where !equipmentIDs.contains(id) {
                throw fail("state '\(s.id)': '\(id)' is not one of its equipment")
            }
        }
    }
}

/// A JSON value with the path that leads to it, for precise error messages.
package struct JSONField {
    package let value: JSONValue
    package let path: String

    package init(_ value: JSONValue, _ path: String) {
        self.value = value
        self.path = path
    }

    package func error(_ text: String) -> MachineFileError { MachineFileError("\(path.isEmpty ? "the document" : path) \(text)") }

    package func object() throws(MachineFileError) -> JSONObjectFields {
        guard case .object(let members) = value else { throw error("must be an object") }
        return JSONObjectFields(members: Dictionary(members, uniquingKeysWith: { a, _ in a }), path: path)
    }

    package func array() throws(MachineFileError) -> [JSONField] {
        guard case .array(let items) = value else { throw error("must be an array") }
        return items.enumerated().map { JSONField($1, "\(path)[\($0)]") }
    }

    package func string() throws(MachineFileError) -> String {
        guard case .string(let s) = value else { throw error("must be a string") }
        return s
    }

    func optionalString() throws(MachineFileError) -> String? { value == .null ? nil : try string() }

    package func int() throws(MachineFileError) -> Int {
        guard case .int(let n) = value else { throw error("must be an integer") }
        return n
    }

    func number() throws(MachineFileError) -> Double {
        switch value {
        case .int(let n): return Double(n)
        case .number(let d): return d
        default: throw error("must be a number")
        }
    }

    func nonNegative() throws(MachineFileError) -> Double {
        let d = try number()
        guard d >= 0 else { throw error("must not be negative") }
        return d
    }

    func positive(max: Double) throws(MachineFileError) -> Double {
        let d = try number()
        guard d > 0, d <= max else { throw error("must be more than 0 and at most \(Int(max))") }
        return d
    }

    package func id(allowEnd: Bool = false) throws(MachineFileError) -> String {
        let s = try string()
        guard Names.isValidID(s), allowEnd || s != StateMachine.endState else { throw error("is not a valid id: '\(s)'") }
        return s
    }

    func optionalID() throws(MachineFileError) -> String? { value == .null ? nil : try id() }

    func ids() throws(MachineFileError) -> [String] { try array().map { f throws(MachineFileError) in try f.id() } }
}

package struct JSONObjectFields {
    let members: [String: JSONValue]
    let path: String

    package func field(_ key: String) throws(MachineFileError) -> JSONField {
        let p = path.isEmpty ? key : "\(path).\(key)"
        guard let v = members[key] else { throw MachineFileError("\(path.isEmpty ? "the document" : path) lacks '\(key)'") }
        return JSONField(v, p)
    }

    /// A key that files written before it existed lack.
    package func optionalField(_ key: String) -> JSONField? {
        members[key].map { JSONField($0, path.isEmpty ? key : "\(path).\(key)") }
    }
}
