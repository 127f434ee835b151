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

    public func read(_ bytes: [UInt8]) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
        var sink = DiagnosticSink(file: file)
        if bytes.count > YAMLLimits.maxFileBytes {
            sink.emit(
                .tooLarge,
                "the file is \(bytes.count) bytes; the limit is \(YAMLLimits.maxFileBytes) bytes (32 MiB)",
                at: .fileStart, help: "split the SOP into sub-SOPs that call one another")
            return (nil, sink.diagnostics)
        }
        let root = bytes.withUnsafeBufferPointer { buffer in
            EventParser.parse(buffer, sink: &sink)
        }
        return (root, sink.diagnostics)
    }
}

private struct Frame {
    var kind: YAMLNode.Kind
    var start: SourcePosition
    var anchor: String?
    var children: [YAMLNode] = []
    var size = 1
    /// Scalar keys seen so far in a mapping, with where they stood.
    var keys: [String: SourcePosition] = [:]
    /// Set when a duplicate key was dropped: its value is dropped too.
    var dropNextValue = false
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

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, sink: inout DiagnosticSink) -> YAMLNode? {
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
                let isKey = stack[top].children.count % 2 == 0
                if isKey {
                    if node.kind == .scalar {
                        if let first = stack[top].keys[node.text] {
                            sink.emit(
                                .duplicateKey, "duplicate key '\(node.text)'", at: node.span,
                                notes: [DiagnosticNote("first defined here", file: sink.file, at: first)],
                                help: "remove one of the two; sopc keeps the first")
                            stack[top].dropNextValue = true
                            return
                        }
                        stack[top].keys[node.text] = node.span.start
                    }
                } else if stack[top].dropNextValue {
                    stack[top].dropNextValue = false
                    return
                }
            }
            stack[top].children.append(node)
        }

        func reportTag(_ tag: UnsafePointer<yaml_char_t>?, at span: SourceSpan) {
            guard let tag = string(tag) else { return }
            sink.emit(
                .wrongType, "explicit tag '\(tag)' is not supported", at: span,
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
                stack.append(Frame(kind: isMapping ? .mapping : .sequence, start: start, anchor: anchor))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { return root }
                var children = frame.children
                if frame.kind == .mapping, children.count % 2 == 1 { children.removeLast() }
                let node = YAMLNode(
                    kind: frame.kind, span: SourceSpan(start: frame.start, end: span.end), children: children)
                attach(node, size: frame.size, anchor: frame.anchor)
            case YAML_ALIAS_EVENT:
                let name = string(event.data.alias.anchor) ?? ""
                guard let target = anchors[name] else {
                    sink.emit(.yamlSyntax, "unknown alias '*\(name)': no anchor '&\(name)' comes before it", at: span)
                    return nil
                }
                expanded += target.size
                if expanded > YAMLLimits.maxAliasNodes {
                    sink.emit(
                        .tooLarge,
                        "aliases expand to more than \(YAMLLimits.maxAliasNodes) nodes", at: span,
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

    static func reportError(_ parser: inout yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, sink: inout DiagnosticSink) {
        let problem = string(UnsafeRawPointer(parser.problem).map { $0.assumingMemoryBound(to: yaml_char_t.self) })
            ?? "libyaml could not read the file"
        switch parser.error {
        case YAML_READER_ERROR:
            let at = position(ofByte: Int(parser.problem_offset), in: bytes)
            var message = lowerFirst(problem)
            if problem.contains("UTF-8") || problem.contains("utf-8") {
                message = "the file is not valid UTF-8 (\(message))"
            } else if parser.problem_value != -1 {
                message += " (#x\(String(parser.problem_value, radix: 16, uppercase: true)))"
            }
            sink.emit(.yamlSyntax, message, at: SourceSpan(at: at), help: "save the file as UTF-8 text")
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
            sink.emit(.yamlSyntax, lowerFirst(problem), at: SourceSpan(at: at), notes: notes)
        }
    }
}
