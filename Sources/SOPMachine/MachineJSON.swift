import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// `<id>.machine.json`: the lowered ``StateMachine`` as JSON, the file the runtime executes. Its shape is
/// published as the JSON Schema `schemas/machine.schema.json`; ``MachineJSON/decode(_:)`` reads it back.
///
/// Every key is always present (absent values are `null`, lists may be empty), in a fixed order, so the
/// file is byte-for-byte deterministic.
public enum MachineJSON {
    /// The value of `"format"`; a reader refuses any other.
    public static let format = 1
    /// The value of `"$schema"`: where the schema is, relative to `generated/<id>/<id>.machine.json`
    /// in a checkout (the default output folder at the top of the repository).
    public static let schemaReference = "../../schemas/machine.schema.json"

    /// `HH:MM`.
    static func clockText(_ minute: Int) -> String {
        let h = minute / 60
        let m = minute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// `YYYY-MM-DD`.
    static func dateText(_ d: CalendarDate) -> String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))"
    }

    /// The file: ``value(_:)`` written out, its states one at a time (no tree of every state is held).
    public static func render(_ m: StateMachine) -> String { String(decoding: renderBytes(m), as: UTF8.self) }

    /// ``render(_:)``'s text as UTF-8 bytes, as they are written.
    public static func renderBytes(_ m: StateMachine) -> [UInt8] {
        var bytes = JSONValue.object(
            members(m), thenArray: "states", count: m.states.count, capacity: 1 << 12 + 768 * m.states.count
        ) { i, out in write(m.states[i], into: &out) }
        bytes.append(0x0A)
        return bytes
    }

    public static func value(_ m: StateMachine) -> JSONValue { .object(members(m) + [("states", .array(m.states.map(state)))]) }

    private static func strings(_ list: [String]) -> JSONValue { .array(list.map(JSONValue.string)) }

    private static func state(_ s: MachineState) -> JSONValue {
        .object([
            ("id", .string(s.id)),
            ("number", .int(s.number)),
            ("kind", .string(s.kind.rawValue)),
            ("activity", .string(s.activity)),
            ("question", s.question.json),
            ("actors", strings(s.actors)),
            ("needs", strings(s.needs)),
            ("equipment", strings(s.equipment)),
            ("makes", strings(s.makes)),
            ("time", s.timeText.json),
            ("minutes", s.minutes.map { .object([("low", .number($0.low)), ("high", .number($0.high))]) } ?? .null),
            ("call", s.call.json),
            (
                "transitions",
                .array(s.transitions.map { t in .object([("event", .string(t.event)), ("target", .string(t.target))]) })
            ),
        ])
    }

    /// ``state(_:)`` as ``JSONValue/serialized(pretty:)`` writes it as an item of `states` (at indentation
    /// level 2), written from the state's fields without making its value (a machine has one a step).
    private static func write(_ s: MachineState, into out: inout [UInt8]) {
        func member(_ key: String, first: Bool = false) { JSONValue.member(key, first: first, level: 3, into: &out) }
        /// An object of two members whose line is at indentation `level`.
        func pair(level: Int, _ key1: String, _ value1: () -> Void, _ key2: String, _ value2: () -> Void) {
            out.append(UInt8(ascii: "{"))
            JSONValue.member(key1, first: true, level: level + 1, into: &out)
            value1()
            JSONValue.member(key2, first: false, level: level + 1, into: &out)
            value2()
            JSONValue.newline(level, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "{"))
        member("id", first: true)
        JSONValue.escape(s.id, into: &out)
        member("number")
        out.appendDecimal(s.number)
        member("kind")
        JSONValue.escape(s.kind.rawValue, into: &out)
        member("activity")
        JSONValue.escape(s.activity, into: &out)
        member("question")
        JSONValue.string(s.question, into: &out)
        member("actors")
        JSONValue.strings(s.actors, level: 3, into: &out)
        member("needs")
        JSONValue.strings(s.needs, level: 3, into: &out)
        member("equipment")
        JSONValue.strings(s.equipment, level: 3, into: &out)
        member("makes")
        JSONValue.strings(s.makes, level: 3, into: &out)
        member("time")
        JSONValue.string(s.timeText, into: &out)
        member("minutes")
        if let minutes = s.minutes {
            pair(
                level: 3, "low", { JSONValue.number(minutes.low, into: &out) }, "high",
                { JSONValue.number(minutes.high, into: &out) })
        } else {
            out.append(literal: "null")
        }
        member("call")
        JSONValue.string(s.call, into: &out)
        member("transitions")
        if s.transitions.isEmpty {
            out.append(literal: "[]")
        } else {
            out.append(UInt8(ascii: "["))
            for (i, t) in s.transitions.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.newline(4, into: &out)
                pair(
                    level: 4, "event", { JSONValue.escape(t.event, into: &out) }, "target",
                    { JSONValue.escape(t.target, into: &out) })
            }
            JSONValue.newline(3, into: &out)
            out.append(UInt8(ascii: "]"))
        }
        JSONValue.newline(2, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Every member of the file's object but the last, `states`.
    private static func members(_ m: StateMachine) -> [(String, JSONValue)] {
        let actors: [JSONValue] = m.actors.map { a in
            .object([("id", .string(a.id)), ("name", .string(a.name)), ("title", a.title.json)])
        }
        let artefacts: [JSONValue] = m.artefacts.map { a in
            .object([("id", .string(a.id)), ("name", .string(a.name)), ("scope", .string(a.scope.rawValue))])
        }
        let equipment: [JSONValue] = m.equipment.map { e in .object([("id", .string(e.id)), ("name", .string(e.name))]) }
        return [
            ("$schema", .string(schemaReference)),
            ("format", .int(format)),
            ("id", .string(m.id)),
            ("name", .string(m.name)),
            ("initial", .string(m.initial)),
            ("inputs", strings(m.inputs)),
            ("outputs", strings(m.outputs)),
            ("actors", .array(actors)),
            ("artefacts", .array(artefacts)),
            ("equipment", .array(equipment)),
            (
                "calendar",
                .object([
                    ("hoursPerDay", .number(m.calendar.hoursPerDay)),
                    ("daysPerWeek", .number(m.calendar.daysPerWeek)),
                    ("daysPerMonth", .number(m.calendar.daysPerMonth)),
                    ("dayStarts", m.calendar.dayStarts.map { .string(clockText($0)) } ?? .null),
                    (
                        "holidays",
                        .array(
                            m.calendar.holidays.map { h in
                                .object([
                                    ("from", .string(dateText(h.from))), ("to", .string(dateText(h.to))),
                                    ("name", .string(h.name)),
                                ])
                            })
                    ),
                ])
            ),
            (
                "deadline",
                m.deadline.map { d in
                    .object([
                        ("time", .string(d.text)),
                        ("minutes", .object([("low", .number(d.minutes.low)), ("high", .number(d.minutes.high))])),
                    ])
                } ?? .null
            ),
        ]
    }
}
