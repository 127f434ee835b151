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
        var out = ""
        write(into: &out, indent: pretty ? 0 : -1)
        return out
    }

    private func write(into out: inout String, indent: Int) {
        let pretty = indent >= 0
        func newline(_ level: Int) {
            if pretty {
                out += "\n"
                out += String(repeating: "  ", count: level)
            }
        }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 {
                out += String(Int(d))
            } else if d.isFinite {
                out += "\(d)"
            } else {
                out += "null"
            }
        case .string(let s): JSONValue.escape(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                newline(indent + 1)
                item.write(into: &out, indent: pretty ? indent + 1 : -1)
            }
            newline(indent)
            out += "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                newline(indent + 1)
                JSONValue.escape(key, into: &out)
                out += pretty ? ": " : ":"
                value.write(into: &out, indent: pretty ? indent + 1 : -1)
            }
            newline(indent)
            out += "}"
        }
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

    static func escape(_ s: String, into out: inout String) {
        out += "\""
        stringEscaper.escape(s, into: &out)
        out += "\""
    }
}

extension Optional where Wrapped == String {
    package var json: JSONValue { map(JSONValue.string) ?? .null }
}
