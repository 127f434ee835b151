internal import CYAML
import SOPDiagnostics
import SOPSystem

#if canImport(Glibc)
    import Glibc
#endif

/// The bounds a file must stay within (`too-large` in docs/CHECKS.md).
public enum YAMLLimits {
    public static let maxFileBytes = 32 * 1024 * 1024
    public static let maxDepth = 64
    public static let maxAliasNodes = 100_000
    /// Nodes in one file (keys, values, list items; an alias counts the nodes it copies). A 32 MiB SOP of
    /// real steps has about two million; a file of millions of one-letter items would otherwise cost
    /// gigabytes of memory.
    public static let maxNodes = 3_000_000
    /// Steps in one SOP.
    public static let maxSteps = 250_000
}

/// Reads one YAML file into a tree of ``YAMLNode`` with libyaml's event API.
///
/// Every problem becomes a diagnostic with a position; nothing here traps on user input. Duplicate keys
/// are dropped after being reported (the first one wins), explicit tags are reported and ignored, and
/// aliases are expanded under a node budget.
public struct YAMLReader {
    public let file: String

    public init(file: String) { self.file = file }

    /// Reads a file as ``read(_:streamingItemsOf:onItem:)`` does; with `blocks` as well, a long file whose
    /// list under `key` runs to its end may be cut into parts parsed on all cores (``ChunkPlan``): its items
    /// then go to `blocks`, part by part, and not to `onItem`. Should any part read otherwise than the file
    /// read whole would, `blocks` is told to restart and the file is read whole: the root and diagnostics
    /// are always those of one reading from start to end.
    ///
    /// With `reread`, the caller gives `bytes` up (it reads them no more, and holds no other copy of their
    /// storage): the memory of each part parsed is given back to the system as soon as the part is done, so
    /// that a long file's bytes are not held beside all of its model. Should the file then have to be read
    /// as one piece after all, `reread` gives its bytes again (nil: it could not be read, and the result is
    /// nil without a diagnostic; the caller reports why), and `readAgain` in the result are those bytes
    /// (nil when the file was not read again).
    package func read(
        _ bytes: [UInt8], streamingItemsOf key: String? = nil, onItem: ((YAMLNode) -> Void)? = nil,
        onStep: ((Step) -> Void)? = nil, sharing ids: SharedIDs? = nil, blocks: (any ItemBlockSink)?,
        reread: (() -> [UInt8]?)? = nil
    ) -> (root: YAMLNode?, diagnostics: [Diagnostic], readAgain: [UInt8]?) {
        var readAgain: [UInt8]?
        if let blocks, let key, bytes.count >= YAMLReader.partedAbove, bytes.count <= YAMLLimits.maxFileBytes,
            YAMLReader.cores > 1
        {
            let bom = ByteOrderMark.utf8Length(bytes)
            let releasing = reread != nil
            let (root, released) = bytes.withUnsafeBufferPointer { buffer -> (YAMLNode?, Bool) in
                let body = UnsafeBufferPointer(rebasing: buffer[bom...])
                let partBytes = YAMLReader.partBytes(body.count, cores: YAMLReader.cores)
                var clock = PhaseClock()
                guard let plan = ChunkPlan(body, key: key, partBytes: partBytes) else { return (nil, false) }
                clock.lap("    plan (\(plan.starts.count) parts)")
                defer { clock.lap("    parts") }
                return YAMLReader.readInParts(
                    body, plan: plan, key: key, file: file, blocks: blocks, steps: onStep != nil, releasing: releasing)
            }
            if let root { return (root, [], nil) }
            blocks.restart()
            if released {
                guard let again = reread?() else { return (nil, [], nil) }
                readAgain = again
            }
        }
        let (root, diagnostics) = read(
            readAgain ?? bytes, streamingItemsOf: key, onItem: onItem, onStep: onStep, sharing: ids)
        return (root, diagnostics, readAgain)
    }

    /// How long each part of a file read in parts is: at least two parts, about 64 KiB each or more, at most
    /// eight a core; as many as a multiple of the cores when there are that many (so that no core waits while
    /// another reads a last odd part), or one a core when each still gets 16 KiB.
    static func partBytes(_ count: Int, cores: Int) -> Int {
        let cores = max(1, cores)
        var parts = min(cores * 8, max(2, count / (64 << 10)))
        if parts >= cores {
            parts -= parts % cores
        } else if count / cores >= 16 << 10 {
            parts = cores
        }
        return (count + parts - 1) / parts
    }

    /// The cores online.
    static let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Reads a file. `onItem`, when given, is called with each finished item of the sequence under the
    /// top-level key `key` (in order, as soon as the item is complete), so that a caller can start working
    /// on a long list while the rest of the file is still being read. `onStep`, when given with `onItem`,
    /// is called instead of `onItem` with each item that is a plain step, read straight from libyaml's events
    /// (``SOPDecoder/plainStep(_:span:_:)``): the step the item's node would decode to, no node made.
    public func read(
        _ bytes: [UInt8], streamingItemsOf key: String? = nil, onItem: ((YAMLNode) -> Void)? = nil,
        onStep: ((Step) -> Void)? = nil
    ) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
        read(bytes, streamingItemsOf: key, onItem: onItem, onStep: onStep, sharing: nil)
    }

    /// ``read(_:streamingItemsOf:onItem:onStep:)``, the ids of the steps read from their events left in `ids`.
    package func read(
        _ bytes: [UInt8], streamingItemsOf key: String?, onItem: ((YAMLNode) -> Void)?, onStep: ((Step) -> Void)?,
        sharing ids: SharedIDs?
    ) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
        var sink = DiagnosticSink(file: file)
        if bytes.count > YAMLLimits.maxFileBytes {
            sink.emit(
                .tooLarge, .fileTooLarge(bytes: bytes.count, limit: YAMLLimits.maxFileBytes), at: .fileStart,
                help: .splitIntoSubSOPs)
            return (nil, sink.diagnostics)
        }
        // A byte order mark is skipped: libyaml, told the encoding, would read it as content.
        let bom = ByteOrderMark.utf8Length(bytes)
        let root = bytes.withUnsafeBufferPointer { buffer in
            EventParser.parse(
                UnsafeBufferPointer(rebasing: buffer[bom...]), sink: &sink, streamKey: key, onItem: onItem, onStep: onStep,
                sharing: ids)
        }
        return (root, sink.diagnostics)
    }
}

/// Runs libyaml over the bytes and hands each event to a ``TreeBuilder``; reports libyaml's own errors.
enum EventParser {
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
        onItem: ((YAMLNode) -> Void)? = nil, onStep: ((Step) -> Void)? = nil, sharing ids: SharedIDs? = nil
    ) -> YAMLNode? {
        var builder = TreeBuilder(bytes: bytes, sink: sink, streamKey: streamKey, onItem: onItem, onStep: onStep)
        if let ids {
            builder.stepDecoder.ids = ids.ids
            ids.ids = IDIndex()
        }
        defer {
            sink = builder.sink
            if let ids { ids.ids = builder.stepDecoder.ids }
        }
        return run(bytes, builder: &builder)
    }

    /// Runs libyaml over `bytes` and hands each event to `builder` up to the end; nil after an error of
    /// libyaml (reported in the builder's sink) or at an event `stop` refuses.
    static func run(
        _ bytes: UnsafeBufferPointer<UInt8>, builder: inout TreeBuilder, stop: (yaml_event_t) -> Bool = { _ in false }
    ) -> YAMLNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            builder.sink.emit(.yamlSyntax, .libyamlCannotStart, at: .fileStart)
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
        // Events a step read from its events kept (``TreeBuilder/stepEvent(_:at:)``) are deleted however
        // the reading ends.
        defer { builder.releaseKeptEvents() }
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                reportError(&parser, bytes: bytes, sink: &builder.sink)
                return nil
            }
            if stop(event) {
                yaml_event_delete(&event)
                return nil
            }
            let next = builder.handle(event)
            if builder.keptEvent {
                builder.keptEvent = false
            } else {
                yaml_event_delete(&event)
            }
            if case .done(let root) = next { return root }
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

    /// Whether libyaml's message holds `word` (compared byte for byte: a fuzzer's broken files make many).
    static func mentions(_ message: String, _ word: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        let text = Array(message.utf8)
        guard needle.count <= text.count else { return false }
        for start in 0...(text.count - needle.count) where text[start..<start + needle.count].elementsEqual(needle) {
            return true
        }
        return false
    }

    static func reportError(_ parser: inout yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, sink: inout DiagnosticSink) {
        let given = string(UnsafeRawPointer(parser.problem).map { $0.assumingMemoryBound(to: yaml_char_t.self) })
        let problem = given ?? ""
        switch parser.error {
        case YAML_READER_ERROR:
            var offset = Int(parser.problem_offset)
            var message = Message.libyamlProblem(given.map(lowerFirst), character: nil)
            let utf8 = mentions(problem, "UTF-8") || mentions(problem, "utf-8")
            if utf8 {
                // libyaml points at a bad continuation byte; the character that is broken starts before it.
                if mentions(problem, "trailing"), offset > 0, offset <= bytes.count {
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
            let contextText = string(UnsafeRawPointer(parser.context).map { $0.assumingMemoryBound(to: yaml_char_t.self) })
            var text = PlainText(bytes)
            if let explained = text.explain(
                problem: problem, context: contextText, at: at,
                contextAt: contextText == nil ? nil : position(parser.context_mark))
            {
                sink.emit(.yamlSyntax, explained.message, at: SourceSpan(at: explained.at), help: explained.help)
                return
            }
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

/// libyaml's errors that everyday text causes, said in plain words: the character they are about (where
/// libyaml often points after it, or at the start of the collection around it), what YAML made of it, and
/// the fix — usually the whole text in quotes, written out.
struct PlainText {
    let bytes: UnsafeBufferPointer<UInt8>
    var locator: ByteLocator

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        locator = ByteLocator(bytes)
    }

    struct Explanation {
        var message: Message
        var at: SourcePosition
        var help: Message?
    }

    /// The character at byte `i`, as text.
    func character(at i: Int) -> String {
        guard i < bytes.count else { return "" }
        var end = i + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self)
    }

    func lineStart(_ i: Int) -> Int {
        var j = min(i, bytes.count)
        while j > 0, bytes[j - 1] != 0x0A, bytes[j - 1] != 0x0D { j -= 1 }
        return j
    }

    func lineEnd(_ i: Int) -> Int {
        var j = i
        while j < bytes.count, bytes[j] != 0x0A, bytes[j] != 0x0D { j += 1 }
        return j
    }

    func isBlank(_ i: Int) -> Bool { i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) }

    /// Where the value starts on the line holding byte `i`: after the first `key: ` (or `- `, or both), when
    /// that is at or before `i`.
    func valueStart(onLineOf i: Int) -> Int? {
        let end = lineEnd(i)
        var j = lineStart(i)
        while isBlank(j) { j += 1 }
        while j + 1 < end, bytes[j] == UInt8(ascii: "-"), isBlank(j + 1) {
            j += 1
            while isBlank(j) { j += 1 }
        }
        var k = j
        // The first ': ' outside quotes ends the key (a key of a block mapping is short and plain).
        while k < end, bytes[k] != UInt8(ascii: "\""), bytes[k] != UInt8(ascii: "'") {
            if bytes[k] == UInt8(ascii: ":"), k + 1 == end || isBlank(k + 1) {
                k += 1
                while isBlank(k) { k += 1 }
                return k <= i ? k : nil
            }
            k += 1
        }
        return j <= i ? j : nil
    }

    /// Whether byte `i` starts a value: only blanks between it and the `: ` or `- ` before it.
    func startsValue(_ i: Int) -> Bool {
        valueStart(onLineOf: i) == i
    }

    /// The line of the value starting at byte `start`, with the whole value in quotes:
    /// `activity: "*) Menerima surat"`.
    func quotedLine(valueAt start: Int) -> String {
        let from = lineStart(start)
        var indentEnd = from
        while isBlank(indentEnd) { indentEnd += 1 }
        var end = lineEnd(start)
        while end > start, isBlank(end - 1) { end -= 1 }
        let prefix = String(decoding: UnsafeBufferPointer(rebasing: bytes[indentEnd..<start]), as: UTF8.self)
        let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return prefix + YAMLQuoting.quoted(value)
    }

    mutating func explain(problem: String, context: String?, at: SourcePosition, contextAt: SourcePosition?) -> Explanation? {
        let p = locator.offset(of: at)
        switch (problem, context) {
        case (_, "while scanning an alias"?), (_, "while scanning an anchor"?):
            // `*) …`, `&…`: libyaml points after the indicator; the indicator is the character to quote.
            guard let contextAt else { return nil }
            let c = locator.offset(of: contextAt)
            guard startsValue(c) else { return nil }
            return Explanation(
                message: .valueStartsWith(character(at: c)), at: contextAt, help: .quoteWholeText(quotedLine(valueAt: c)))
        case (_, "while scanning a block scalar"?):
            guard let contextAt else { return nil }
            let c = locator.offset(of: contextAt)
            guard startsValue(c) else { return nil }
            let indicator = character(at: c)
            return Explanation(
                message: .blockIndicatorWithText(indicator), at: contextAt,
                help: .quoteOrBlockText(quotedLine(valueAt: c), indicator: indicator))
        case ("found unexpected end of stream", "while scanning a quoted scalar"?),
            ("found unexpected document indicator", "while scanning a quoted scalar"?):
            guard let contextAt else { return nil }
            let quote = character(at: locator.offset(of: contextAt))
            return Explanation(message: .unclosedQuote(quote), at: contextAt, help: .closeQuote(quote))
        case ("found a tab character that violates indentation", _),
            ("found a tab character where an indentation space is expected", _):
            var t = p
            while t < bytes.count, bytes[t] == 0x20 { t += 1 }
            let tab = t < bytes.count && bytes[t] == 0x09 ? t : p
            return Explanation(message: .tabInIndentation, at: position(of: tab, near: at, from: p), help: .indentWithSpaces)
        case ("found character that cannot start any token", _):
            if p < bytes.count, bytes[p] == 0x09 {
                return Explanation(message: .tabInIndentation, at: at, help: .indentWithSpaces)
            }
            guard startsValue(p) else { return nil }
            return Explanation(message: .valueStartsWith(character(at: p)), at: at, help: .quoteWholeText(quotedLine(valueAt: p)))
        case ("block sequence entries are not allowed in this context", _),
            ("mapping keys are not allowed in this context", _):
            guard startsValue(p) else { return nil }
            return Explanation(message: .valueStartsWith(character(at: p)), at: at, help: .quoteWholeText(quotedLine(valueAt: p)))
        case ("did not find expected node content", _):
            guard p < bytes.count, [UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(bytes[p]), startsValue(p)
            else { return nil }
            return Explanation(message: .valueStartsWith(character(at: p)), at: at, help: .quoteWholeText(quotedLine(valueAt: p)))
        case ("mapping values are not allowed in this context", _):
            guard let start = valueStart(onLineOf: p), start < p else { return nil }
            return Explanation(message: .colonInPlainText, at: at, help: .quoteWholeText(quotedLine(valueAt: start)))
        case ("did not find expected key", _), ("did not find expected '-' indicator", _), ("could not find expected ':'", _):
            // Text after a closed quote or list on the same line: `activity: "Surat" masuk`, `[a] b`.
            guard let start = valueStart(onLineOf: p), start < p else { return nil }
            let first = bytes[start]
            var before = p
            while before > start, isBlank(before - 1) { before -= 1 }
            guard before > start else { return nil }
            let last = bytes[before - 1]
            let help = Message.quoteWholeText(quotedLine(valueAt: start))
            if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'"), last == first {
                if before - 1 > start {
                    return Explanation(message: .textAfterQuote(character(at: start)), at: at, help: help)
                }
                // The quote here closed a value opened on an earlier line: that opening quote is the mistake.
                var q = start - 1
                while q >= 0, bytes[q] != first || (q > 0 && bytes[q - 1] == UInt8(ascii: "\\")) { q -= 1 }
                guard q >= 0 else { return nil }
                let quote = character(at: q)
                return Explanation(
                    message: .unclosedQuote(quote), at: EventParser.position(ofByte: q, in: bytes), help: .closeQuote(quote))
            }
            if (first == UInt8(ascii: "[") && last == UInt8(ascii: "]"))
                || (first == UInt8(ascii: "{") && last == UInt8(ascii: "}"))
            {
                return Explanation(message: .textAfterFlow(open: character(at: start)), at: at, help: help)
            }
            return nil
        default:
            return nil
        }
    }

    /// The position of byte `target` on the line of byte `from` (at position `at`), counted in characters.
    func position(of target: Int, near at: SourcePosition, from: Int) -> SourcePosition {
        guard target > from else { return at }
        var column = at.column
        var i = from
        while i < target {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: at.line, column: column)
    }
}
