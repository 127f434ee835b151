import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// A piece of an XML document, built by an emitter and turned into text by ``XMLWriter``: emitters describe
/// the structure, one writer owns escaping and layout.
public indirect enum XMLNode: Sendable {
    /// An element with its attributes in the order given (the order is kept, so output is deterministic).
    case element(String, [(String, String)], [XMLNode])
    /// Character data, escaped on output.
    case text(String)
    /// A comment; any text is accepted (see ``XMLWriter/commentText(_:)``).
    case comment(String)
}

/// Writes an ``XMLNode`` tree as an XML 1.0 document in UTF-8: an XML declaration, two-space indentation (or none),
/// LF line endings, attributes in the order given. An element whose children are all text is written on
/// one line, so that whitespace never changes its content; other elements put each child on its own line.
///
/// Any string is safe to pass in: `&`, `<`, `>`, quotes and line breaks are escaped in attribute values,
/// `&`, `<` and `>` in text (so `]]>` cannot appear), a comment's `--` is broken up, and characters that
/// XML 1.0 does not allow at all (most C0 controls, U+FFFE, U+FFFF) become U+FFFD.
public enum XMLWriter {
    /// The document; `indented: false` writes every element at the start of its line, without the two-space
    /// indentation (the machine outputs of a large SOP, where the indentation would be a tenth of the bytes).
    /// Either way one element a line, so that whitespace never changes the content.
    ///
    /// `oneLine`: elements written on one line with their children when each child is a leaf (an element
    /// without children, or with text only), such as a BPMN association and its references or a diagram
    /// shape and its bounds: one line for one thing, without the line breaks between its parts.
    public static func document(_ root: XMLNode, indented: Bool = true, oneLine: Set<String> = []) -> String {
        // Built as UTF-8 bytes (appending to a `String` piece by piece cost a tenth of a large build), then
        // made a `String` once.
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        out.append(contentsOf: declaration)
        write(root, indent: indented ? 0 : -1, oneLine: oneLine, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The XML declaration every document starts with.
    static let declaration = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8)

    private static func allText(_ children: [XMLNode]) -> Bool {
        children.allSatisfy { if case .text = $0 { true } else { false } }
    }

    /// An element without children, or with text only.
    private static func isLeaf(_ node: XMLNode) -> Bool {
        if case .element(_, _, let children) = node { allText(children) } else { false }
    }

    /// `indent` -1: no indentation at any depth; `inline`: a leaf that goes on its parent's line (no
    /// indentation, no line break after it).
    fileprivate static func write(
        _ node: XMLNode, indent: Int, oneLine: Set<String>, inline: Bool = false, into out: inout [UInt8]
    ) {
        func pad() {
            if indent > 0, !inline {
                for _ in 0..<indent {
                    out.append(0x20)
                    out.append(0x20)
                }
            }
        }
        func lineBreak() { if !inline { out.append(0x0A) } }
        switch node {
        case .text(let t):
            pad()
            textEscaper.escape(t, into: &out)
            out.append(0x0A)
        case .comment(let c):
            pad()
            out.append(contentsOf: "<!-- ".utf8)
            out.append(contentsOf: commentText(c).utf8)
            out.append(contentsOf: " -->\n".utf8)
        case .element(let name, let attributes, let children):
            func close() {
                out.append(UInt8(ascii: "<"))
                out.append(UInt8(ascii: "/"))
                out.append(name)
                out.append(UInt8(ascii: ">"))
                lineBreak()
            }
            pad()
            startTag(name, attributes, into: &out)
            if children.isEmpty {
                out.append(UInt8(ascii: "/"))
                out.append(UInt8(ascii: ">"))
                lineBreak()
            } else if allText(children) {
                out.append(UInt8(ascii: ">"))
                for case .text(let t) in children { textEscaper.escape(t, into: &out) }
                close()
            } else if oneLine.contains(name) && children.allSatisfy(isLeaf) {
                out.append(UInt8(ascii: ">"))
                for child in children { write(child, indent: indent, oneLine: oneLine, inline: true, into: &out) }
                close()
            } else {
                out.append(UInt8(ascii: ">"))
                out.append(0x0A)
                for child in children {
                    write(child, indent: indent < 0 ? -1 : indent + 1, oneLine: oneLine, into: &out)
                }
                pad()
                close()
            }
        }
    }

    /// `<name` and the attributes, without the tag's end.
    fileprivate static func startTag(_ name: String, _ attributes: [(String, String)], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "<"))
        out.append(name)
        for (key, value) in attributes { attribute(key, value, into: &out) }
    }

    /// ` key="value"`, the value escaped.
    fileprivate static func attribute(_ key: String, _ value: String, into out: inout [UInt8]) {
        out.append(0x20)
        out.append(key)
        out.append(UInt8(ascii: "="))
        out.append(UInt8(ascii: "\""))
        attributeEscaper.escape(value, into: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Character data: `&`, `<` and `>` as references (`>` too, so that `]]>` never appears).
    public static func escapeText(_ s: String) -> String { textEscaper(s) }

    /// An attribute value in double quotes: tabs and line breaks as references, which attribute-value
    /// normalisation would otherwise turn into spaces.
    public static func escapeAttribute(_ s: String) -> String { attributeEscaper(s) }

    private static let textReplacements: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"]
    fileprivate static let textEscaper = Escaper(
        textReplacements, otherASCII: replacingDisallowed, beyondASCII: replacingDisallowed)
    private static let attributeEscaper = Escaper(
        textReplacements.merging(["\"": "&quot;", "\t": "&#9;", "\n": "&#10;"]) { a, _ in a },
        otherASCII: replacingDisallowed, beyondASCII: replacingDisallowed)

    /// U+FFFD for a character XML 1.0 does not allow.
    @Sendable private static func replacingDisallowed(_ c: Unicode.Scalar) -> String? { isAllowed(c) ? nil : "\u{FFFD}" }

    /// Comment text: no `--` inside and no `-` at the end (both forbidden in XML comments), line breaks as
    /// spaces. References are not interpreted in comments, so nothing else needs escaping.
    public static func commentText(_ s: String) -> String {
        // Printable ASCII with no `--` and no `-` at the end: nothing to change.
        var text = s
        let unchanged = text.withUTF8 { bytes in
            for (i, b) in bytes.enumerated() {
                guard b >= 0x20, b < 0x7F else { return false }
                if b == UInt8(ascii: "-") && (i + 1 == bytes.count || bytes[i + 1] == UInt8(ascii: "-")) { return false }
            }
            return true
        }
        return unchanged ? s : changedCommentText(s)
    }

    /// ``commentText(_:)`` scalar by scalar.
    static func changedCommentText(_ s: String) -> String {
        var out = ""
        var previous: Unicode.Scalar?
        for var c in s.unicodeScalars {
            if c == "\n" || c == "\r" || c == "\t" { c = " " }
            c = allowed(c)
            if c == "-" && previous == "-" { out += " " }
            out.unicodeScalars.append(c)
            previous = c
        }
        if previous == "-" { out += " " }
        return out
    }

    /// Whether XML 1.0 allows the character anywhere in a document (its `Char` production).
    public static func isAllowed(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    private static func allowed(_ c: Unicode.Scalar) -> Unicode.Scalar { isAllowed(c) ? c : "\u{FFFD}" }
}

/// An XML document written as it is made, byte for byte as ``XMLWriter/document(_:indented:oneLine:)`` writes
/// the same tree: an element of many children (a process of thousands of steps, its diagram) is opened,
/// its children are written one at a time as they are made, each a small ``XMLNode``, and it is closed. No
/// tree of the whole document is held; a large SOP's file is made with a fraction of the memory and
/// allocations.
///
/// ``open(_:_:)`` is for an element whose children are not text alone and that is not written on one line
/// (`oneLine`): it always has at least one child. Elements opened are closed in reverse order.
struct XMLStream {
    private var out: [UInt8]
    /// When the bytes held go to the file being written (``ByteBuffers/spill(_:)``), at the end of an element.
    private let spillAt: Int
    private let indented: Bool
    private let oneLine: Set<String>
    private var open: [String] = []

    init(indented: Bool = true, oneLine: Set<String> = [], capacity: Int = 1 << 16) {
        self.indented = indented
        self.oneLine = oneLine
        out = ByteBuffers.take(reserving: capacity)
        spillAt = ByteBuffers.spillPoint()
        out.append(contentsOf: XMLWriter.declaration)
    }

    /// Hands the bytes so far to the file being written, if there is one and they are many; called where
    /// they are final (the end of an element).
    private mutating func mayHandOver() { if out.count >= spillAt { ByteBuffers.spill(&out) } }

    /// The indentation of the next line written at the current depth (-1: none at all).
    private var indent: Int { indented ? open.count : -1 }

    private mutating func pad() {
        let n = indent
        guard n > 0 else { return }
        for _ in 0..<(2 * n) { out.append(0x20) }
    }

    /// Starts an element whose children follow (``write(_:)``, or elements opened inside it).
    mutating func open(_ name: String, _ attributes: [(String, String)]) {
        pad()
        XMLWriter.startTag(name, attributes, into: &out)
        out.append(UInt8(ascii: ">"))
        out.append(0x0A)
        open.append(name)
    }

    // The same with one or two attributes given one by one: no array of them is made (an SCXML state
    // writes a handful of such elements).

    /// ``open(_:_:)`` of one attribute.
    mutating func open(_ name: String, _ key: String, _ value: String) { open(name, key, value, nil, nil) }

    /// ``open(_:_:)`` of two attributes.
    mutating func open(_ name: String, _ key1: String, _ value1: String, _ key2: String, _ value2: String) {
        open(name, key1, value1, key2 as String?, value2)
    }

    /// ``empty(_:_:)`` of one attribute.
    mutating func empty(_ name: String, _ key: String, _ value: String) { empty(name, key, value, nil, nil) }

    /// ``empty(_:_:)`` of two attributes.
    mutating func empty(_ name: String, _ key1: String, _ value1: String, _ key2: String, _ value2: String) {
        empty(name, key1, value1, key2 as String?, value2)
    }

    private mutating func open(_ name: String, _ key1: String, _ value1: String, _ key2: String?, _ value2: String?) {
        startTag(name, key1, value1, key2, value2)
        out.append(literal: ">\n")
        open.append(name)
    }

    private mutating func empty(_ name: String, _ key1: String, _ value1: String, _ key2: String?, _ value2: String?) {
        startTag(name, key1, value1, key2, value2)
        out.append(literal: "/>\n")
    }

    /// The line's indentation, `<name`, and the one or two attributes.
    private mutating func startTag(_ name: String, _ key1: String, _ value1: String, _ key2: String?, _ value2: String?) {
        pad()
        out.append(UInt8(ascii: "<"))
        out.append(name)
        XMLWriter.attribute(key1, value1, into: &out)
        if let key2, let value2 { XMLWriter.attribute(key2, value2, into: &out) }
    }

    /// `<!-- text -->` on a line of its own: ``write(_:)`` of `.comment(text)`.
    mutating func comment(_ text: String) {
        pad()
        out.append(literal: "<!-- ")
        out.append(XMLWriter.commentText(text))
        out.append(literal: " -->\n")
    }

    /// Ends the element opened last.
    mutating func close() {
        let name = open.removeLast()
        pad()
        endTag(name)
        out.append(0x0A)
        mayHandOver()
    }

    // Elements written straight from their parts, without an ``XMLNode``: the same bytes as ``write(_:)`` of
    // `.element(name, attributes, [])`, `.element(name, attributes, [.text(text)])`, and an element of
    // `oneLine` whose children are all leaves (``openLine(_:_:)``, ``inlineEmpty(_:_:)``,
    // ``inlineText(_:_:_:)``, ``closeLine()``).

    /// `<name attributes/>`, on a line of its own.
    mutating func empty(_ name: String, _ attributes: [(String, String)]) {
        pad()
        inlineEmpty(name, attributes)
        out.append(0x0A)
    }

    /// `<name attributes>text</name>`, on a line of its own.
    mutating func text(_ name: String, _ attributes: [(String, String)], _ text: String) {
        pad()
        inlineText(name, attributes, text)
        out.append(0x0A)
    }

    private var line: String?

    /// The start of an element of `oneLine` whose children, all leaves, follow on the same line.
    mutating func openLine(_ name: String, _ attributes: [(String, String)]) {
        pad()
        XMLWriter.startTag(name, attributes, into: &out)
        out.append(UInt8(ascii: ">"))
        line = name
    }

    /// A leaf without children on the line of ``openLine(_:_:)``.
    mutating func inlineEmpty(_ name: String, _ attributes: [(String, String)]) {
        XMLWriter.startTag(name, attributes, into: &out)
        out.append(UInt8(ascii: "/"))
        out.append(UInt8(ascii: ">"))
    }

    /// A leaf of text on the line of ``openLine(_:_:)``.
    mutating func inlineText(_ name: String, _ attributes: [(String, String)], _ text: String) {
        XMLWriter.startTag(name, attributes, into: &out)
        out.append(UInt8(ascii: ">"))
        XMLWriter.textEscaper.escape(text, into: &out)
        endTag(name)
    }

    /// Ends the element of ``openLine(_:_:)`` and its line.
    mutating func closeLine() {
        endTag(line!)
        line = nil
        out.append(0x0A)
        mayHandOver()
    }

    private mutating func endTag(_ name: String) {
        out.append(UInt8(ascii: "<"))
        out.append(UInt8(ascii: "/"))
        out.append(name)
        out.append(UInt8(ascii: ">"))
    }

    /// `<dc:Bounds x="…" y="…" width="…" height="…"/>` on the current line: ``inlineEmpty(_:_:)`` of the four
    /// numbers as attributes, written without making their strings (a diagram has one a shape).
    mutating func inlineBounds(x: Int, y: Int, width: Int, height: Int) {
        out.append(literal: "<dc:Bounds x=\"")
        out.appendDecimal(x)
        out.append(literal: "\" y=\"")
        out.appendDecimal(y)
        out.append(literal: "\" width=\"")
        out.appendDecimal(width)
        out.append(literal: "\" height=\"")
        out.appendDecimal(height)
        out.append(literal: "\"/>")
    }

    /// `<di:waypoint x="…" y="…"/>` on the current line (an edge has two or more).
    mutating func inlineWaypoint(x: Int, y: Int) {
        out.append(literal: "<di:waypoint x=\"")
        out.appendDecimal(x)
        out.append(literal: "\" y=\"")
        out.appendDecimal(y)
        out.append(literal: "\"/>")
    }

    /// ``inlineBounds(x:y:width:height:)`` on a line of its own.
    mutating func bounds(x: Int, y: Int, width: Int, height: Int) {
        pad()
        inlineBounds(x: x, y: y, width: width, height: height)
        out.append(0x0A)
    }

    /// ``inlineWaypoint(x:y:)`` on a line of its own.
    mutating func waypoint(x: Int, y: Int) {
        pad()
        inlineWaypoint(x: x, y: y)
        out.append(0x0A)
    }

    /// A child of the element open (or the root), written now.
    mutating func write(_ node: XMLNode) {
        XMLWriter.write(node, indent: indent, oneLine: oneLine, into: &out)
        mayHandOver()
    }

    /// The document's UTF-8 bytes, once every element opened is closed.
    consuming func bytes() -> [UInt8] {
        precondition(open.isEmpty, "an element of the XML document was left open")
        return out
    }
}
