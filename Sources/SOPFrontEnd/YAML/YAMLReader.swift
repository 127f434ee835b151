import SOPSystem
import SOPDiagnostics

internal import CYAML

/// The bounds a file must stay within (SPEC §3 `too-large`).
public enum YAMLLimits {
    public static let maxFileBytes = 32 * 1024 * 1024
    public static let maxDepth = 64
    public static let maxAliasNodes = 100_000
}

/// Reads one YAML file into a tree of ``YAMLNode`` with libyaml's event API.
///
/// Every problem becomes a diagnostic with a position; nothing here traps on user input. Duplicate keys
/// are dropped after being reported (the first one wins), explicit tags are reported and ignored, and
/// aliases are expanded under a node budget.
public struct YAMLReader {
    public let file: String

    public init(file: String) { self.file = file }

    /// Reads a file. `onItem`, when given, is called with each finished item of the sequence under the
    /// top-level key `key` (in order, as soon as the item is complete), so that a caller can start working
    /// on a long list while the rest of the file is still being read.
    public func read(
        _ bytes: [UInt8], streamingItemsOf key: String? = nil, onItem: ((YAMLNode) -> Void)? = nil
    ) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
        var sink = DiagnosticSink(file: file)
        if bytes.count > YAMLLimits.maxFileBytes {
            sink.emit(
                .tooLarge,
                "the file is \(bytes.count) bytes; the limit is \(YAMLLimits.maxFileBytes) bytes (32 MiB)",
                at: .fileStart, help: "split the SOP into sub-SOPs that call one another")
            return (nil, sink.diagnostics)
        }
        // A UTF-8 byte order mark is skipped here: libyaml, told the encoding, would read it as content.
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        let root = bytes.withUnsafeBufferPointer { buffer in
            EventParser.parse(UnsafeBufferPointer(rebasing: buffer[bom...]), sink: &sink, streamKey: key, onItem: onItem)
        }
        return (root, sink.diagnostics)
    }
}

private struct Frame {
    var kind: YAMLNode.Kind
    var start: SourcePosition
    var anchor: String?
    /// Where this collection's children start on the shared value stack.
    var base: Int
    var count = 0
    var size = 1
    /// Scalar keys seen so far in a large mapping, with where they stood (small ones are scanned).
    var keys: [String: SourcePosition]? = nil
    /// Set when a duplicate key was dropped: its value is dropped too.
    var dropNextValue = false
    /// Items of this sequence go to the reader's `onItem` as they finish.
    var streamed = false
}

private enum EventParser {
    static func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    static func string(_ pointer: UnsafePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    /// Line and column of a byte offset, for reader errors (libyaml gives only the offset there).
    static func position(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition {
        var line = 1
        var column = 1
        var i = 0
        let limit = min(offset, bytes.count)
        while i < limit {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b == 0x0D {
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                } else {
                    line += 1
                    column = 1
                }
            } else if b == 0xC2 || b == 0xE2, let length = SourceLines.unicodeBreak(bytes, at: i), i + length <= limit {
                // NEL, LS and PS break lines for libyaml too.
                line += 1
                column = 1
                i += length - 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return SourcePosition(line: line, column: column)
    }

    static func lowerFirst(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.lowercased() + s.dropFirst()
    }

    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, sink: inout DiagnosticSink, streamKey: String? = nil,
        onItem: ((YAMLNode) -> Void)? = nil
    ) -> YAMLNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            sink.emit(.yamlSyntax, "libyaml could not start (out of memory)", at: .fileStart)
            return nil
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        if let base = bytes.baseAddress {
            yaml_parser_set_input_string(&parser, base, bytes.count)
        } else {
            var empty: UInt8 = 0
            yaml_parser_set_input_string(&parser, &empty, 0)
        }

        var stack: [Frame] = []
        // Children of every open collection, innermost last: each collection gets one exact-size array
        // when it closes, instead of growing its own.
        var values: [YAMLNode] = []
        values.reserveCapacity(256)
        var anchors: [String: (node: YAMLNode, size: Int)] = [:]
        var expanded = 0
        var root: YAMLNode?
        var documents = 0
        var event = yaml_event_t()

        /// Adds a finished node to its parent (or makes it the root). Returns false to stop.
        func attach(_ node: YAMLNode, size: Int, anchor: String?) {
            if let anchor { anchors[anchor] = (node, size) }
            guard !stack.isEmpty else {
                root = node
                return
            }
            let top = stack.count - 1
            stack[top].size += size
            if stack[top].kind == .mapping {
                let isKey = stack[top].count % 2 == 0
                if isKey {
                    if node.kind == .scalar {
                        if let first = firstKey(node, in: &stack[top]) {
                            sink.emit(
                                .duplicateKey, "duplicate key '\(node.text)'", at: node.span,
                                notes: [DiagnosticNote("first defined here", file: sink.file, at: first)],
                                help: "remove one of the two; sopc keeps the first")
                            stack[top].dropNextValue = true
                            return
                        }
                    }
                } else if stack[top].dropNextValue {
                    stack[top].dropNextValue = false
                    return
                }
            }
            values.append(node)
            stack[top].count += 1
            if stack[top].streamed { onItem?(node) }
        }

        /// Where a scalar key first stood in the mapping being built, or nil; small mappings are scanned,
        /// large ones get an index on first need.
        func firstKey(_ key: YAMLNode, in frame: inout Frame) -> SourcePosition? {
            let text = key.text
            let end = frame.base + frame.count
            if frame.count < 64 {
                var i = frame.base
                while i < end {
                    if values[i].kind == .scalar, values[i].text == text { return values[i].span.start }
                    i += 2
                }
                return nil
            }
            if frame.keys == nil {
                var index: [String: SourcePosition] = [:]
                var i = frame.base
                while i < end {
                    if values[i].kind == .scalar, index[values[i].text] == nil { index[values[i].text] = values[i].span.start }
                    i += 2
                }
                frame.keys = index
            }
            if let first = frame.keys![text] { return first }
            frame.keys![text] = key.span.start
            return nil
        }

        func reportTag(_ tag: UnsafePointer<yaml_char_t>?, at span: SourceSpan) {
            guard var tag = string(tag) else { return }
            // Show the tag as written ('!!str', not 'tag:yaml.org,2002:str') and underline only it: it is the
            // first or second node property, before or after an anchor.
            var i = Int(event.start_mark.index)
            var column = span.start.column
            func skipToken() {
                while i < bytes.count, ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) {
                    if bytes[i] & 0xC0 != 0x80 { column += 1 }
                    i += 1
                }
                while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 {
                    column += 1
                    i += 1
                }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "&") { skipToken() }
            var tagSpan = span
            if i < bytes.count, bytes[i] == UInt8(ascii: "!") {
                let from = i
                while i < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, 0x2C, 0x5D, 0x7D].contains(bytes[i]) { i += 1 }
                tag = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<i]), as: UTF8.self)
                let start = SourcePosition(line: span.start.line, column: column)
                tagSpan = SourceSpan(at: start, length: tag.count)
            }
            sink.emit(
                .wrongType, "explicit tag '\(tag)' is not supported", at: tagSpan,
                help: "remove the tag; sopc reads plain YAML values only")
        }

        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                reportError(&parser, bytes: bytes, sink: &sink)
                return nil
            }
            defer { yaml_event_delete(&event) }
            let start = position(event.start_mark)
            let span = SourceSpan(start: start, end: position(event.end_mark))
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    sink.emit(
                        .yamlSyntax, "a second YAML document starts here; a file holds exactly one",
                        at: span, help: "put each SOP in its own file")
                    return nil
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                reportTag(scalar.tag, at: span)
                let text: String
                if let value = scalar.value, scalar.length > 0 {
                    text = String(decoding: UnsafeBufferPointer(start: value, count: Int(scalar.length)), as: UTF8.self)
                } else {
                    text = ""
                }
                let style: YAMLNode.ScalarStyle
                switch scalar.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .quoted
                case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: style = .block
                default: style = .plain
                }
                attach(YAMLNode(scalar: text, style: style, span: span), size: 1, anchor: string(scalar.anchor))
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                reportTag(isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag, at: span)
                if stack.count >= YAMLLimits.maxDepth {
                    sink.emit(
                        .tooLarge, "nesting is deeper than \(YAMLLimits.maxDepth) levels", at: span,
                        help: "an SOP needs only a few levels; this file is probably generated wrongly")
                    return nil
                }
                let anchor = string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
                var frame = Frame(kind: isMapping ? .mapping : .sequence, start: start, anchor: anchor, base: values.count)
                // The sequence that is the value of the streamed top-level key (a dropped duplicate is not).
                if !isMapping, let streamKey, stack.count == 1, stack[0].kind == .mapping, stack[0].count % 2 == 1,
                    !stack[0].dropNextValue, values.last?.kind == .scalar, values.last?.text == streamKey
                {
                    frame.streamed = true
                }
                stack.append(frame)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { return root }
                var children = Array(values[frame.base...])
                values.removeSubrange(frame.base...)
                if frame.kind == .mapping, children.count % 2 == 1 { children.removeLast() }
                let node = YAMLNode(
                    kind: frame.kind, span: SourceSpan(start: frame.start, end: span.end), children: children)
                attach(node, size: frame.size, anchor: frame.anchor)
            case YAML_ALIAS_EVENT:
                let name = string(event.data.alias.anchor) ?? ""
                guard let target = anchors[name] else {
                    sink.emit(
                        .yamlSyntax, "unknown alias '*\(name)': no anchor '&\(name)' comes before it", at: span,
                        help: Names.suggestion(for: name, among: anchors.keys.sorted()).map { "did you mean '*\($0)'?" }
                            ?? "an alias '*name' repeats a value marked '&name' earlier in the file")
                    return nil
                }
                expanded += target.size
                if expanded > YAMLLimits.maxAliasNodes {
                    sink.emit(
                        .tooLarge,
                        "aliases expand to more than 100,000 nodes", at: span,
                        help: "write the repeated parts out, or use fewer nested aliases")
                    return nil
                }
                var copy = target.node
                copy.span = span
                attach(copy, size: target.size, anchor: nil)
            default:
                break
            }
        }
    }

    /// What to do about libyaml's most common complaints.
    static let syntaxHelp: [String: String] = [
        "mapping values are not allowed in this context":
            "a plain value cannot contain ': '; put the whole value in quotes",
        "found character that cannot start any plain token":
            "a value cannot start with this character unquoted; put the whole value in quotes",
        "did not find expected key": "this line is not indented like the keys above it",
        "found a tab character that violates indentation": "indent with spaces; YAML does not allow tabs there",
        "found a tab character where an indentation space is expected":
            "indent with spaces; YAML does not allow tabs there",
        "could not find expected ':'": "a key must be followed by ': ' (or the value put in quotes)",
    ]

    static func reportError(_ parser: inout yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, sink: inout DiagnosticSink) {
        let problem = string(UnsafeRawPointer(parser.problem).map { $0.assumingMemoryBound(to: yaml_char_t.self) })
            ?? "libyaml could not read the file"
        switch parser.error {
        case YAML_READER_ERROR:
            var offset = Int(parser.problem_offset)
            var message = lowerFirst(problem)
            if problem.contains("UTF-8") || problem.contains("utf-8") {
                // libyaml points at a bad continuation byte; the character that is broken starts before it.
                if problem.contains("trailing"), offset > 0, offset <= bytes.count {
                    offset -= 1
                    while offset > 0, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
                }
                if offset < bytes.count {
                    let byte = String(bytes[offset], radix: 16, uppercase: true)
                    message = "the file is not valid UTF-8: byte 0x\(byte) here does not start a valid character"
                } else {
                    message = "the file is not valid UTF-8: it ends inside a character"
                }
            } else if parser.problem_value != -1 {
                message += " (#x\(String(parser.problem_value, radix: 16, uppercase: true)))"
            }
            let at = position(ofByte: offset, in: bytes)
            sink.emit(
                .yamlSyntax, message, at: SourceSpan(at: at),
                help: message.hasPrefix("the file is not valid UTF-8")
                    ? "save the file as UTF-8 text (this looks like another encoding, such as Windows-1252)"
                    : "remove the character; a YAML file holds printable text only")
        case YAML_MEMORY_ERROR:
            sink.emit(.yamlSyntax, "libyaml ran out of memory", at: .fileStart)
        default:
            let at = position(parser.problem_mark)
            var notes: [DiagnosticNote] = []
            if let context = string(
                UnsafeRawPointer(parser.context).map { $0.assumingMemoryBound(to: yaml_char_t.self) })
            {
                notes.append(DiagnosticNote(lowerFirst(context), file: sink.file, at: position(parser.context_mark)))
            }
            sink.emit(.yamlSyntax, lowerFirst(problem), at: SourceSpan(at: at), notes: notes, help: syntaxHelp[problem])
        }
    }
}
