import SOPCompiler
import SOPSystem

/// What ``XMLScanner`` reports while it reads a document, in document order.
protocol XMLEventHandler: AnyObject {
    /// An element starts: its local name, its namespace (nil when its prefix is declared nowhere, or when it
    /// has none and no default namespace is declared), and its attributes by qualified name (`w:val`), the
    /// namespace declarations left out. Returns false to stop reading.
    func start(_ local: String, namespace: String?, attributes: [String: String]) -> Bool
    /// Character data, references resolved and line ends made `\n` (text and CDATA sections alike; a run of
    /// text may come in several pieces).
    func characters(_ text: String)
    /// An element ends.
    func end(_ local: String, namespace: String?)
}

/// A small, strict reader of an XML 1.0 document's elements and text: what a Word document's
/// `word/document.xml` holds, without a library of its own (libxml2 and the ICU it loads cost every `sopc`
/// command a start-up, while only `sopc import` reads XML).
///
/// It takes UTF-8 (a byte order mark allowed) or UTF-16 with a byte order mark, and refuses what is not
/// well-formed: bytes that are not UTF-8 or not XML characters, a reference to a character XML does not allow
/// (`&#0;`), an entity other than the five predefined ones, a document type declaration, tags that do not
/// match, a missing or second root element, text outside it, `]]>` in text, `--` in a comment, a `<` or a
/// missing quote in an attribute, an attribute given twice, a document that ends inside an element, a name
/// with an empty prefix or more than one `:`. Namespace prefixes are resolved; a prefix declared nowhere
/// gives no namespace rather than an error.
enum XMLScanner {
    static let maxDepth = 1 << 16

    /// Reads `bytes`, reporting to `handler`; nil when the whole document was read, else the line (from 1)
    /// where it is not well-formed or where the handler stopped it.
    static func read(_ bytes: [UInt8], into handler: some XMLEventHandler) -> Int? {
        var utf8 = Array(bytes.dropFirst(ByteOrderMark.utf8Length(bytes)))
        if bytes.count >= 2 && ((bytes[0], bytes[1]) == (0xFF, 0xFE) || (bytes[0], bytes[1]) == (0xFE, 0xFF)) {
            guard let text = DelimitedText.utf16(bytes.dropFirst(2), bigEndian: bytes[0] == 0xFE) else { return 1 }
            utf8 = Array(text.utf8)
        }
        if let bad = firstInvalidCharacter(utf8) { return line(at: bad, in: utf8) }
        return utf8.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(bytes: buffer, handler: handler)
            return scanner.document() ? nil : line(at: scanner.failure, in: utf8)
        }
    }

    /// The offset of the first byte that does not start a valid UTF-8 sequence of an XML character
    /// (`Char`: tab, line feed, carriage return, U+0020–U+D7FF, U+E000–U+FFFD, U+10000 and up).
    static func firstInvalidCharacter(_ bytes: [UInt8]) -> Int? {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                guard XMLWriter.isAllowed(s) else { return offset }
                offset += UTF8.width(s)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The line of a byte offset: one more than the line feeds before it (a carriage return alone counts too).
    static func line(at offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        var i = 0
        while i < min(offset, bytes.count) {
            if bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) { line += 1 }
            i += 1
        }
        return line
    }

    private struct Scanner<Handler: XMLEventHandler> {
        let bytes: UnsafeBufferPointer<UInt8>
        let handler: Handler
        var at = 0
        /// Where the document stops being well-formed.
        var failure = 0
        /// What each prefix ("" for the default) stands for, innermost declaration last: a dictionary, so that
        /// a document declaring thousands of prefixes costs no more a lookup.
        var namespaces: [String: [String]] = ["xml": ["http://www.w3.org/XML/1998/namespace"]]
        /// Open elements: qualified name, local name, namespace, and the prefixes each declared.
        var open: [(qualified: ArraySlice<UInt8>, local: String, namespace: String?, declared: [String])] = []

        init(bytes: UnsafeBufferPointer<UInt8>, handler: Handler) {
            self.bytes = bytes
            self.handler = handler
        }

        mutating func fail() -> Bool {
            failure = at
            return false
        }

        func peek(_ text: StaticString) -> Bool { matches(text, at: at) }

        /// Whether the bytes at `i` are `text`.
        func matches(_ text: StaticString, at i: Int) -> Bool {
            let n = text.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            return text.withUTF8Buffer { t in (0..<n).allSatisfy { bytes[i + $0] == t[$0] } }
        }

        static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

        mutating func skipSpace() -> Bool {
            let start = at
            while at < bytes.count && Self.isSpace(bytes[at]) { at += 1 }
            return at > start
        }

        static func isNameStart(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x3A || b >= 0x80
        }

        static func isName(_ b: UInt8) -> Bool {
            isNameStart(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E
        }

        mutating func name() -> ArraySlice<UInt8>? {
            guard at < bytes.count, Self.isNameStart(bytes[at]) else { return nil }
            let start = at
            while at < bytes.count && Self.isName(bytes[at]) { at += 1 }
            return ArraySlice(bytes[start..<at])
        }

        /// The whole document: prolog, one root element, then only comments, processing instructions and space.
        mutating func document() -> Bool {
            if peek("<?xml") && at + 5 < bytes.count && Self.isSpace(bytes[at + 5]) {
                guard declaration() else { return false }
            }
            var rootSeen = false
            while true {
                _ = skipSpace()
                if at == bytes.count { return rootSeen ? true : fail() }
                if peek("<!--") {
                    guard comment() else { return false }
                } else if peek("<?") {
                    guard instruction() else { return false }
                } else if !rootSeen && at + 1 < bytes.count && bytes[at] == UInt8(ascii: "<") && Self.isNameStart(bytes[at + 1]) {
                    guard element() else { return false }
                    rootSeen = true
                } else {
                    return fail()
                }
            }
        }

        /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`, its parts in that order: an encoding
        /// other than UTF-8 or UTF-16 is refused (the bytes were read as one of those).
        mutating func declaration() -> Bool {
            at += 5
            guard skipSpace(), let version = pseudoAttribute("version"), version.count > 2, version.hasPrefix("1."),
                version.dropFirst(2).allSatisfy({ $0.isASCII && $0.isNumber })
            else { return fail() }
            var spaced = skipSpace()
            if spaced && peek("encoding") {
                guard let encoding = pseudoAttribute("encoding"),
                    ["utf-8", "utf8", "utf-16", "utf16"].contains(encoding.lowercased())
                else { return fail() }
                spaced = skipSpace()
            }
            if spaced && peek("standalone") {
                guard let standalone = pseudoAttribute("standalone"), standalone == "yes" || standalone == "no" else {
                    return fail()
                }
                _ = skipSpace()
            }
            guard peek("?>") else { return fail() }
            at += 2
            return true
        }

        /// `name = "value"` (or in single quotes) at `at`, in the XML declaration: the value.
        mutating func pseudoAttribute(_ name: StaticString) -> String? {
            guard peek(name) else { return nil }
            at += name.utf8CodeUnitCount
            _ = skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "=") else { return nil }
            at += 1
            _ = skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") || bytes[at] == UInt8(ascii: "'") else { return nil }
            let quote = bytes[at]
            let start = at + 1
            var end = start
            while end < bytes.count && bytes[end] != quote && bytes[end] != UInt8(ascii: "?") { end += 1 }
            guard end < bytes.count, bytes[end] == quote else { return nil }
            at = end + 1
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }

        /// Where `text` next occurs from `at`.
        func find(_ text: StaticString) -> Int? {
            (at..<bytes.count).first { matches(text, at: $0) }
        }

        mutating func comment() -> Bool {
            at += 4
            guard let end = find("--") else { return fail() }
            at = end
            guard peek("-->") else { return fail() }
            at = end + 3
            return true
        }

        mutating func instruction() -> Bool {
            at += 2
            guard let target = name() else { return fail() }
            if target.count == 3 && String(decoding: target, as: UTF8.self).lowercased() == "xml" { return fail() }
            guard let end = find("?>") else { return fail() }
            if end > at && !Self.isSpace(bytes[at]) { return fail() }
            at = end + 2
            return true
        }

        /// An element and everything in it, without recursion.
        mutating func element() -> Bool {
            guard startTag() else { return false }
            while !open.isEmpty {
                if at == bytes.count { return fail() }
                if bytes[at] != UInt8(ascii: "<") {
                    guard text() else { return false }
                } else if peek("</") {
                    guard endTag() else { return false }
                } else if peek("<!--") {
                    guard comment() else { return false }
                } else if peek("<![CDATA[") {
                    at += 9
                    guard let end = find("]]>"), let text = resolved(until: end, attribute: false, references: false)
                    else { return fail() }
                    handler.characters(text)
                    at = end + 3
                } else if peek("<?") {
                    guard instruction() else { return false }
                } else {
                    guard startTag() else { return false }
                }
            }
            return true
        }

        /// Character data up to the next `<`, references resolved.
        mutating func text() -> Bool {
            let start = at
            while at < bytes.count && bytes[at] != UInt8(ascii: "<") {
                if bytes[at] == UInt8(ascii: "]") && peek("]]>") { return fail() }
                at += 1
            }
            let end = at
            at = start
            guard let value = resolved(until: end, attribute: false) else { return false }
            at = end
            if !value.isEmpty { handler.characters(value) }
            return true
        }

        /// The text from `at` to `end` with its references resolved (unless `references` is false: a CDATA
        /// section) and its line ends made `\n` (CR LF and a lone CR alike); in an attribute, a white-space
        /// character (not one given by reference) is a space.
        mutating func resolved(until end: Int, attribute: Bool, references: Bool = true) -> String? {
            var out: [UInt8] = []
            out.reserveCapacity(end - at)
            while at < end {
                let b = bytes[at]
                if references && b == UInt8(ascii: "&") {
                    guard let scalar = reference(before: end) else { return nil }
                    out.append(contentsOf: String(Character(scalar)).utf8)
                    continue
                }
                if b == 0x0D {
                    if at + 1 < end && bytes[at + 1] == 0x0A { at += 1 }
                    out.append(attribute ? 0x20 : 0x0A)
                } else if attribute && (b == 0x0A || b == 0x09) {
                    out.append(0x20)
                } else {
                    out.append(b)
                }
                at += 1
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#N;` or `&#xH;` of an XML character, at `at`.
        mutating func reference(before end: Int) -> Unicode.Scalar? {
            at += 1
            let start = at
            while at < end && bytes[at] != UInt8(ascii: ";") { at += 1 }
            guard at < end, at > start else {
                _ = fail()
                return nil
            }
            let body = String(decoding: bytes[start..<at], as: UTF8.self)
            at += 1
            var value: UInt32?
            switch body {
            case "amp": value = 0x26
            case "lt": value = 0x3C
            case "gt": value = 0x3E
            case "quot": value = 0x22
            case "apos": value = 0x27
            default:
                if body.hasPrefix("#x") {
                    value = body.count > 2 && body.count <= 8 ? UInt32(body.dropFirst(2), radix: 16) : nil
                } else if body.hasPrefix("#") {
                    value = body.count > 1 && body.count <= 9 ? UInt32(body.dropFirst(), radix: 10) : nil
                }
            }
            guard let scalar = value.flatMap(Unicode.Scalar.init), XMLWriter.isAllowed(scalar) else {
                at = start - 1
                _ = fail()
                return nil
            }
            return scalar
        }

        /// `<name attr="value" ...>` or `<name .../>`, at `at`.
        mutating func startTag() -> Bool {
            at += 1
            guard let qualified = name() else { return fail() }
            // By qualified name, the namespace declarations left out.
            var attributes: [String: String] = [:]
            // Names seen, in a set: an element may have many thousands of attributes.
            var names: Set<ArraySlice<UInt8>> = []
            var declared: [String] = []
            // Whether every attribute's name is a name under XML namespaces (checked when the tag is read).
            var qualifiedNames = true
            while true {
                let spaced = skipSpace()
                guard at < bytes.count else { return fail() }
                if peek("/>") || bytes[at] == UInt8(ascii: ">") { break }
                guard spaced, let attribute = name() else { return fail() }
                _ = skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "=") else { return fail() }
                at += 1
                _ = skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") || bytes[at] == UInt8(ascii: "'") else { return fail() }
                let quote = bytes[at]
                at += 1
                var end = at
                while end < bytes.count && bytes[end] != quote {
                    if bytes[end] == UInt8(ascii: "<") {
                        at = end
                        return fail()
                    }
                    end += 1
                }
                guard end < bytes.count else { return fail() }
                guard let value = resolved(until: end, attribute: true) else { return false }
                at = end + 1
                guard names.insert(attribute).inserted else { return fail() }
                if Self.split(attribute) == nil { qualifiedNames = false }
                let text = String(decoding: attribute, as: UTF8.self)
                if text == "xmlns" || text.hasPrefix("xmlns:") {
                    let prefix = text == "xmlns" ? "" : String(text.dropFirst(6))
                    namespaces[prefix, default: []].append(value)
                    declared.append(prefix)
                } else {
                    attributes[text] = value
                }
            }
            let empty = bytes[at] == UInt8(ascii: "/")
            at += empty ? 2 : 1
            guard let (prefix, local) = Self.split(qualified), qualifiedNames else { return fail() }
            let namespace = self.namespace(of: prefix)
            guard open.count < XMLScanner.maxDepth else { return fail() }
            guard handler.start(local, namespace: namespace, attributes: attributes) else { return fail() }
            if empty {
                handler.end(local, namespace: namespace)
                undeclare(declared)
            } else {
                open.append((qualified, local, namespace, declared))
            }
            return true
        }

        /// `</name>`, at `at`: the name of the innermost open element.
        mutating func endTag() -> Bool {
            at += 2
            guard let qualified = name(), let top = open.last, qualified == top.qualified else { return fail() }
            _ = skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: ">") else { return fail() }
            at += 1
            open.removeLast()
            handler.end(top.local, namespace: top.namespace)
            undeclare(top.declared)
            return true
        }

        /// The declarations of an element that ends go out of scope.
        mutating func undeclare(_ prefixes: [String]) {
            for prefix in prefixes { namespaces[prefix]?.removeLast() }
        }

        /// The prefix ("" for none) and the local name of a qualified name; nil for a name with an empty
        /// prefix or local name, or more than one `:` (not a name under XML namespaces).
        static func split(_ qualified: ArraySlice<UInt8>) -> (String, String)? {
            guard let colon = qualified.firstIndex(of: UInt8(ascii: ":")) else {
                return ("", String(decoding: qualified, as: UTF8.self))
            }
            let prefix = qualified[..<colon]
            let local = qualified[(colon + 1)...]
            guard !prefix.isEmpty, !local.isEmpty, !local.contains(UInt8(ascii: ":")) else { return nil }
            return (String(decoding: prefix, as: UTF8.self), String(decoding: local, as: UTF8.self))
        }

        /// The namespace a prefix stands for here; nil for none (an empty default declaration undeclares).
        func namespace(of prefix: String) -> String? {
            guard let found = namespaces[prefix]?.last else { return nil }
            return found.isEmpty ? nil : found
        }
    }
}
