import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// Reads JSON text (RFC 8259) into a ``JSONValue``, for the runtime's machine and case files. Strict: one
/// value, no trailing commas, no duplicate keys, nesting bounded.
public struct JSONReader {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// 1-based line and column (in bytes) of the problem.
        public var line: Int
        public var column: Int
        public var reason: String
        public var description: String { "line \(line), column \(column): \(reason)" }
    }

    public static let maxDepth = 256

    private let b: [UInt8]
    private var i = 0

    public static func read(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        var r = JSONReader(bytes)
        r.skipSpace()
        let value = try r.value(depth: 0)
        r.skipSpace()
        guard r.i == r.b.count else { throw r.fail("unexpected text after the JSON value") }
        return value
    }

    private init(_ bytes: [UInt8]) { b = bytes }

    private func fail(_ reason: String) -> Failure {
        var line = 1
        var start = 0
        for j in 0..<min(i, b.count) where b[j] == 0x0A {
            line += 1
            start = j + 1
        }
        return Failure(line: line, column: i - start + 1, reason: reason)
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(Failure) -> JSONValue {
        let w = Array(word.utf8)
        guard i + w.count <= b.count, Array(b[i..<i + w.count]) == w else { throw fail("unexpected character") }
        i += w.count
        return value
    }

    /// Past an opening bracket and the space after it; true, past the closing bracket too, when the object
    /// or array is empty.
    private mutating func opensEmpty(_ close: UInt8) -> Bool {
        i += 1
        skipSpace()
        guard i < b.count, b[i] == close else { return false }
        i += 1
        return true
    }

    /// Past what follows a member or an item: a comma (false: another one comes) or the closing bracket (true).
    private mutating func closes(_ close: UInt8) throws(Failure) -> Bool {
        skipSpace()
        guard i < b.count else { throw fail("unexpected end of the text") }
        if b[i] == UInt8(ascii: ",") {
            i += 1
            return false
        }
        guard b[i] == close else { throw fail("expected ',' or '\(Character(Unicode.Scalar(close)))'") }
        i += 1
        return true
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth < JSONReader.maxDepth else { throw fail("nesting deeper than \(JSONReader.maxDepth) levels") }
        guard i < b.count else { throw fail("unexpected end of the text") }
        switch b[i] {
        case UInt8(ascii: "{"):
            if opensEmpty(UInt8(ascii: "}")) { return .object([]) }
            var members: [(String, JSONValue)] = []
            var keys = Set<String>()
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a key in quotes") }
                let key = try string()
                guard keys.insert(key).inserted else { throw fail("the key '\(key)' appears twice") }
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                skipSpace()
                members.append((key, try value(depth: depth + 1)))
                if try closes(UInt8(ascii: "}")) { return .object(members) }
            }
        case UInt8(ascii: "["):
            if opensEmpty(UInt8(ascii: "]")) { return .array([]) }
            var items: [JSONValue] = []
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                if try closes(UInt8(ascii: "]")) { return .array(items) }
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    private mutating func number() throws(Failure) -> JSONValue {
        let start = i
        func digits() -> Int {
            let s = i
            while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
            return i - s
        }
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        guard digits() > 0 else { throw fail("unexpected character") }
        if b[intStart] == 0x30, i - intStart > 1 { throw fail("a number may not start with 0") }
        var integral = true
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            integral = false
            guard digits() > 0 else { throw fail("expected digits after '.'") }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            integral = false
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw fail("expected digits in the exponent") }
        }
        let text = String(decoding: b[start..<i], as: UTF8.self)
        if integral, let n = Int(text) { return .int(n) }
        guard let d = Double(text), d.isFinite else { throw fail("the number \(text) is out of range") }
        return .number(d)
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 <= b.count else { throw fail("unexpected end of the text") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
            default: throw fail("expected four hex digits after \\u")
            }
            v = v * 16 + digit
            i += 1
        }
        return v
    }

    private mutating func string() throws(Failure) -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < b.count else { throw fail("unterminated string") }
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                break
            }
            if c < 0x20 { throw fail("a control character in a string must be escaped") }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < b.count else { throw fail("unterminated string") }
            let e = b[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 2 <= b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                        throw fail("a lone surrogate in \\u escape")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("a lone surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw fail("a lone surrogate in \\u escape")
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(scalar)!).utf8))
            default: throw fail("unknown escape \\\(Character(Unicode.Scalar(e)))")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("a string is not valid UTF-8") }
        return s
    }
}
