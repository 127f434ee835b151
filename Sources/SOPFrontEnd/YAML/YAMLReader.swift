internal import CYAML
import SOPDiagnostics
import SOPSystem

/// The bounds a file must stay within (`too-large` in docs/CHECKS.md).
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
                .tooLarge, .fileTooLarge(bytes: bytes.count, limit: YAMLLimits.maxFileBytes), at: .fileStart,
                help: .splitIntoSubSOPs)
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

/// Runs libyaml over the bytes and hands each event to a ``TreeBuilder``; reports libyaml's own errors.
private enum EventParser {
    static func position(_ mark: yaml_mark_t) -> SourcePosition { TreeBuilder.position(mark) }

    static func string(_ pointer: UnsafePointer<yaml_char_t>?) -> String? { TreeBuilder.string(pointer) }

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
            sink.emit(.yamlSyntax, .libyamlCannotStart, at: .fileStart)
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
        var builder = TreeBuilder(bytes: bytes, sink: sink, streamKey: streamKey, onItem: onItem)
        defer { sink = builder.sink }
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                reportError(&parser, bytes: bytes, sink: &builder.sink)
                return nil
            }
            defer { yaml_event_delete(&event) }
            if case .done(let root) = builder.handle(event) { return root }
        }
    }

    /// What to do about libyaml's most common complaints.
    static let syntaxHelp: [String: Message] = [
        "mapping values are not allowed in this context": .quoteValueWithColon,
        "found character that cannot start any plain token": .quoteValueStart,
        "did not find expected key": .indentLikeKeys,
        "found a tab character that violates indentation": .indentWithSpaces,
        "found a tab character where an indentation space is expected": .indentWithSpaces,
        "could not find expected ':'": .keyNeedsColon,
    ]

    static func reportError(_ parser: inout yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, sink: inout DiagnosticSink) {
        let given = string(UnsafeRawPointer(parser.problem).map { $0.assumingMemoryBound(to: yaml_char_t.self) })
        let problem = given ?? ""
        switch parser.error {
        case YAML_READER_ERROR:
            var offset = Int(parser.problem_offset)
            var message = Message.libyamlProblem(given.map(lowerFirst), character: nil)
            let utf8 = problem.contains("UTF-8") || problem.contains("utf-8")
            if utf8 {
                // libyaml points at a bad continuation byte; the character that is broken starts before it.
                if problem.contains("trailing"), offset > 0, offset <= bytes.count {
                    offset -= 1
                    while offset > 0, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
                }
                if offset < bytes.count {
                    let byte = String(bytes[offset], radix: 16, uppercase: true)
                    message = .invalidUTF8Byte(byte)
                } else {
                    message = .invalidUTF8AtEnd
                }
            } else if parser.problem_value != -1 {
                message = .libyamlProblem(given.map(lowerFirst), character: Int(parser.problem_value))
            }
            let at = position(ofByte: offset, in: bytes)
            sink.emit(.yamlSyntax, message, at: SourceSpan(at: at), help: utf8 ? .saveAsUTF8 : .removeCharacter)
        case YAML_MEMORY_ERROR:
            sink.emit(.yamlSyntax, .libyamlOutOfMemory, at: .fileStart)
        default:
            let at = position(parser.problem_mark)
            var notes: [DiagnosticNote] = []
            if let context = string(
                UnsafeRawPointer(parser.context).map { $0.assumingMemoryBound(to: yaml_char_t.self) })
            {
                notes.append(
                    DiagnosticNote(.libyamlContext(lowerFirst(context)), file: sink.file, at: position(parser.context_mark)))
            }
            sink.emit(
                .yamlSyntax, .libyamlProblem(given.map(lowerFirst), character: nil), at: SourceSpan(at: at), notes: notes,
                help: syntaxHelp[problem])
        }
    }
}
