/// A small JSON value with a deterministic writer (keys in the order given, two-space indentation).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    public func serialized(pretty: Bool = true) -> String {
        // Written as UTF-8 bytes and made a `String` once: appending to a `String` piece by piece, and an
        // indentation string made for every line, cost a tenth of a large build.
        var out: [UInt8] = []
        out.reserveCapacity(1 << 12)
        write(into: &out, indent: pretty ? 0 : -1)
        return String(decoding: out, as: UTF8.self)
    }

    /// Pretty JSON of an object whose last member is an array of `count` items made one at a time by `item`:
    /// the same bytes as ``serialized(pretty:)`` of the object with that array, without holding the array
    /// (the states of a machine of thousands of steps).
    package static func object(
        _ members: [(String, JSONValue)], thenArray key: String, count: Int, capacity: Int = 1 << 12,
        item: (Int) -> JSONValue
    ) -> [UInt8] {
        object(members, thenArray: key, count: count, capacity: capacity) { i, out in item(i).write(into: &out, indent: 2) }
    }

    /// ``object(_:thenArray:count:capacity:item:)`` whose items `write` appends itself, each at indentation
    /// level 2 (its members at 3), as ``serialized(pretty:)`` would write it: no value of an item is made.
    package static func object(
        _ members: [(String, JSONValue)], thenArray key: String, count: Int, capacity: Int = 1 << 12,
        write: (Int, inout [UInt8]) -> Void
    ) -> [UInt8] {
        var out = ByteBuffers.take(reserving: capacity)
        let spillAt = ByteBuffers.spillPoint()
        out.append(UInt8(ascii: "{"))
        for (i, (name, value)) in members.enumerated() {
            member(name, first: i == 0, level: 1, into: &out)
            value.write(into: &out, indent: 1)
        }
        member(key, first: members.isEmpty, level: 1, into: &out)
        if count == 0 {
            out.append(contentsOf: "[]".utf8)
        } else {
            out.append(UInt8(ascii: "["))
            for i in 0..<count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(2, into: &out)
                write(i, &out)
                if out.count >= spillAt { ByteBuffers.spill(&out) }
            }
            newline(1, into: &out)
            out.append(UInt8(ascii: "]"))
        }
        newline(0, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// A line break and the indentation of `level`, in pretty JSON.
    package static func newline(_ level: Int, into out: inout [UInt8]) {
        out.append(0x0A)
        for _ in 0..<(2 * level) { out.append(0x20) }
    }

    /// An object's member name at `level` (its members' level) in pretty JSON, after a comma unless it is
    /// the first.
    package static func member(_ key: String, first: Bool, level: Int, into out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        newline(level, into: &out)
        escape(key, into: &out)
        out.append(UInt8(ascii: ":"))
        out.append(0x20)
    }

    private func write(into out: inout [UInt8], indent: Int) {
        let pretty = indent >= 0
        func newline(_ level: Int) { if pretty { JSONValue.newline(level, into: &out) } }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.appendDecimal(i)
        case .number(let d): JSONValue.number(d, into: &out)
        case .string(let s): JSONValue.escape(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                item.write(into: &out, indent: pretty ? indent + 1 : -1)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                JSONValue.escape(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(0x20) }
                value.write(into: &out, indent: pretty ? indent + 1 : -1)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A number as ``serialized(pretty:)`` writes `.number`: an integral value below 10^15 as an integer,
    /// another finite one as Swift prints it, anything else `null`.
    package static func number(_ d: Double, into out: inout [UInt8]) {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 {
            out.appendDecimal(Int(d))
        } else if d.isFinite {
            out.append("\(d)")
        } else {
            out.append(literal: "null")
        }
    }

    /// A string, or `null` for nil.
    package static func string(_ s: String?, into out: inout [UInt8]) {
        if let s { escape(s, into: &out) } else { out.append(literal: "null") }
    }

    /// An array of strings whose line is at indentation `level` (its items at `level + 1`), as
    /// ``serialized(pretty:)`` writes `.array` of `.string`s there.
    package static func strings(_ list: [String], level: Int, into out: inout [UInt8]) {
        if list.isEmpty { return out.append(literal: "[]") }
        out.append(UInt8(ascii: "["))
        for (i, item) in list.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            newline(level + 1, into: &out)
            escape(item, into: &out)
        }
        newline(level, into: &out)
        out.append(UInt8(ascii: "]"))
    }

    /// A JSON string: quotes, backslashes and control characters escaped, and U+2028 and U+2029 too (a
    /// JavaScript string literal may not hold them raw).
    static let stringEscaper = Escaper(
        ["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"],
        otherASCII: { c in
            guard c.value < 0x20 || c.value == 0x7F else { return nil }
            let hex = String(c.value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        },
        beyondASCII: { c in c == "\u{2028}" ? "\\u2028" : c == "\u{2029}" ? "\\u2029" : nil })

    package static func escape(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        stringEscaper.escape(s, into: &out)
        out.append(UInt8(ascii: "\""))
    }
}

extension Optional where Wrapped == String {
    package var json: JSONValue { map(JSONValue.string) ?? .null }
}
