internal import CYAML
import SOPDiagnostics
import SOPSystem
import Synchronization

/// A collection being built: a mapping or sequence whose end event has not come yet.
struct Frame {
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
    /// Items handed to `onItem` and not kept (a streamed sequence without an anchor: no alias can copy it).
    var handedOver = 0
}

/// Builds the tree from libyaml's events, one method per kind of event. Reports duplicate keys, tags,
/// unknown aliases and the limits of ``YAMLLimits`` as it goes.
struct TreeBuilder {
    /// What handling one event leads to: more events, or the end of reading with the root (nil after an
    /// error that stops reading).
    enum Next {
        case more
        case done(YAMLNode?)
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var sink: DiagnosticSink
    let streamKey: String?
    let onItem: ((YAMLNode) -> Void)?

    /// Called, instead of `onItem`, with each item of the streamed sequence that is a plain step read straight
    /// from its events (``EventStepValues``): no node of it is made. nil: every item is a node.
    var onStep: ((Step) -> Void)?
    /// The step being read from its events, while ``inEventStep``.
    var eventStep = EventStepValues()
    var inEventStep = false
    /// The events of ``eventStep`` so far, kept (not deleted by the reading loop) to be handled again as
    /// nodes should the step turn out not to be plain.
    var keptEvents: [yaml_event_t] = []
    /// Set when ``handle(_:)`` kept its event: the reading loop must not delete it (``releaseKeptEvents()``
    /// does).
    var keptEvent = false
    /// While the kept events are handled again as nodes (``inEventStep`` is false then): no step is begun.
    var replaying = false
    /// Interns the references of the steps read from their events.
    var stepDecoder: NodeDecoder

    var stack: [Frame] = []
    /// Children of every open collection, innermost last: each collection gets one exact-size array when it
    /// closes, instead of growing its own.
    var values: [YAMLNode] = []
    var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    /// Nodes added by aliases so far, against ``YAMLLimits/maxAliasNodes``.
    var expanded = 0
    /// Nodes read so far (aliases count what they copy), against ``YAMLLimits/maxNodes``.
    var nodes = 0
    /// For a part of a file read alone (``ChunkPlan``): the nodes of every part, shared between the parts'
    /// threads. A part stops, without a diagnostic, once they pass the limit; the file is then read whole,
    /// which reports it at its place.
    var sharedNodes: NodeBudget?
    /// Nodes of this part not yet added to ``sharedNodes``.
    var unshared = 0
    var root: YAMLNode?
    var documents = 0
    /// Anchors on plain scalars that no alias has used yet, with the scalar's place and text.
    var scalarAnchors: [String: (span: SourceSpan, text: String)] = [:]
    /// Byte offsets of the events' positions (libyaml's marks count characters).
    var locator: ByteLocator
    /// Whether every byte is ASCII: then a mark's character index is its byte offset.
    let ascii: Bool
    /// Lines before `bytes` in the file, for a part of a file read alone (``ChunkPlan``): added to every
    /// position made.
    var lineBase = 0
    /// For a part of a file read alone: the root is the streamed sequence itself.
    var streamRoot = false
    /// Levels of nesting around the part read, counted against ``YAMLLimits/maxDepth``.
    var depthBase = 0
    /// For a part of a file read alone: where its end is (the start of the next part's first line), and
    /// where the reading of the whole file puts what ends there (at the next item's `-`).
    var endFix: (from: SourcePosition, to: SourcePosition)?

    init(
        bytes: UnsafeBufferPointer<UInt8>, sink: DiagnosticSink, streamKey: String?, onItem: ((YAMLNode) -> Void)?,
        onStep: ((Step) -> Void)? = nil
    ) {
        self.bytes = bytes
        self.sink = sink
        self.streamKey = streamKey
        self.onItem = onItem
        self.onStep = onItem == nil ? nil : onStep
        stepDecoder = NodeDecoder(file: sink.file)
        locator = ByteLocator(bytes)
        ascii = TreeBuilder.isASCII(bytes)
        values.reserveCapacity(256)
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        var high: UInt64 = 0
        while i + 8 <= bytes.count {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < bytes.count {
            high |= UInt64(bytes[i])
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    static func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    static func string(_ pointer: UnsafePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    mutating func handle(_ event: yaml_event_t) -> Next {
        var start = TreeBuilder.position(event.start_mark)
        var end = TreeBuilder.position(event.end_mark)
        start.line += lineBase
        end.line += lineBase
        if let endFix {
            if start == endFix.from { start = endFix.to }
            if end == endFix.from { end = endFix.to }
        }
        let span = SourceSpan(start: start, end: end)
        if inEventStep { return stepEvent(event, at: span) }
        switch event.type {
        case YAML_STREAM_END_EVENT:
            reportUnusedScalarAnchors()
            return .done(root)
        case YAML_DOCUMENT_START_EVENT: return documentStart(at: span)
        case YAML_SCALAR_EVENT: return scalar(event, at: span)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT: return collectionStart(event, at: span)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT: return collectionEnd(at: span)
        case YAML_ALIAS_EVENT: return alias(event, at: span)
        default: return .more
        }
    }

    mutating func documentStart(at span: SourceSpan) -> Next {
        documents += 1
        guard documents > 1 else { return .more }
        sink.emit(.yamlSyntax, .secondDocument, at: span, help: .secondDocumentHelp)
        return .done(nil)
    }

    /// Counts `n` more nodes; false (reading stops) past ``YAMLLimits/maxNodes``, reported when the whole file
    /// is read.
    @inline(__always)
    mutating func count(_ n: Int, at span: SourceSpan) -> Bool {
        nodes &+= n
        return sharedNodes == nil && nodes <= YAMLLimits.maxNodes ? true : countPast(n, at: span)
    }

    /// ``count(_:at:)`` when the part shares its count or the limit is passed.
    @inline(never)
    mutating func countPast(_ n: Int, at span: SourceSpan) -> Bool {
        if let sharedNodes {
            unshared += n
            guard unshared >= 4096 else { return true }
            defer { unshared = 0 }
            return sharedNodes.add(unshared)
        }
        guard nodes > YAMLLimits.maxNodes else { return true }
        sink.emit(.tooLarge, .tooManyNodes(limit: YAMLLimits.maxNodes), at: span, help: .splitIntoCallingSOPs)
        return false
    }

    mutating func scalar(_ event: yaml_event_t, at span: SourceSpan) -> Next {
        guard count(1, at: span) else { return .done(nil) }
        let scalar = event.data.scalar
        reportTag(scalar.tag, at: span, scalar: true)
        let text = TreeBuilder.text(of: event)
        let style = TreeBuilder.style(of: event)
        let comment =
            style != .plain
            ? nil
            : TreeBuilder.comment(after: event, at: span, in: bytes, ascii: ascii, lineBase: lineBase, locator: &locator)
        let anchor = TreeBuilder.string(scalar.anchor)
        if let anchor, style == .plain, scalar.tag == nil { scalarAnchors[anchor] = (span, text) }
        // Made in the call: handed over, not copied.
        attach(YAMLNode(scalar: text, style: style, span: span, comment: comment), size: 1, anchor: anchor)
        return .more
    }

    /// The text of the scalar of `event`.
    static func text(of event: yaml_event_t) -> String {
        let scalar = event.data.scalar
        guard let value = scalar.value, scalar.length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: value, count: Int(scalar.length)), as: UTF8.self)
    }

    /// How the scalar of `event` is written.
    static func style(of event: yaml_event_t) -> YAMLNode.ScalarStyle {
        switch event.data.scalar.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE: .quoted
        case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: .block
        default: .plain
        }
    }

    /// The comment that follows the plain scalar of `event`, at `span`, on its line, or nil: in `bytes`, a
    /// part's lines counted from `lineBase`, bytes found by `locator` unless every byte is `ascii`.
    static func comment(
        after event: yaml_event_t, at span: SourceSpan, in bytes: UnsafeBufferPointer<UInt8>, ascii: Bool,
        lineBase: Int, locator: inout ByteLocator
    ) -> YAMLNode? {
        comment(
            in: bytes,
            after: ascii
                ? min(Int(event.end_mark.index), bytes.count)
                : locator.offset(of: SourcePosition(line: span.end.line - lineBase, column: span.end.column)),
            at: span.end)
    }

    /// The comment that follows a plain scalar ending at byte `index` (position `end`) on its line, or nil.
    /// Static, on the bytes alone: a method of the builder called from its mutating ones would be handed a
    /// copy of the whole builder for each scalar.
    static func comment(in bytes: UnsafeBufferPointer<UInt8>, after index: Int, at end: SourcePosition) -> YAMLNode? {
        guard index <= bytes.count else { return nil }
        var i = index
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        // YAML starts a comment only after white space: `a#b` is text.
        guard i < bytes.count, bytes[i] == UInt8(ascii: "#"), i > index || index == 0 || [0x20, 0x09].contains(bytes[index - 1])
        else { return nil }
        let from = i
        while i < bytes.count, bytes[i] != 0x0A, bytes[i] != 0x0D { i += 1 }
        var to = i
        while to > from, bytes[to - 1] == 0x20 || bytes[to - 1] == 0x09 { to -= 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
        let start = SourcePosition(line: end.line, column: end.column + (from - index))
        return YAMLNode(scalar: text, style: .plain, span: SourceSpan(at: start, length: text.count))
    }

    mutating func collectionStart(_ event: yaml_event_t, at span: SourceSpan) -> Next {
        let isMapping = event.type == YAML_MAPPING_START_EVENT
        let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
        reportTag(tag, at: span)
        if stack.count + depthBase >= YAMLLimits.maxDepth {
            sink.emit(.tooLarge, .nestingTooDeep(limit: YAMLLimits.maxDepth), at: span, help: .fewLevels)
            return .done(nil)
        }
        if isMapping, beginsEventStep(event) {
            beginEventStep(event, at: span)
            return .more
        }
        guard count(1, at: span) else { return .done(nil) }
        let anchor = TreeBuilder.string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
        var frame = Frame(kind: isMapping ? .mapping : .sequence, start: span.start, anchor: anchor, base: values.count)
        // The sequence that is the value of the streamed top-level key (a dropped duplicate is not).
        if !isMapping, let streamKey, stack.count == 1, stack[0].kind == .mapping, stack[0].count % 2 == 1,
            !stack[0].dropNextValue, values.last?.kind == .scalar, values.last?.text == streamKey
        {
            frame.streamed = true
        }
        if !isMapping, streamRoot, stack.isEmpty { frame.streamed = true }
        stack.append(frame)
        return .more
    }

    mutating func collectionEnd(at span: SourceSpan) -> Next {
        guard let frame = stack.popLast() else { return .done(root) }
        // The children are the last values: moved into their array, with empty nodes (nothing to release)
        // left in their slots for the removal; a copy of the slice and a removal of it would retain and
        // release every child.
        let count = values.count - frame.base
        var children = [YAMLNode](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard count > 0, let to = buffer.baseAddress else { return }
            values.withUnsafeMutableBufferPointer { all in
                let from = all.baseAddress! + frame.base
                to.moveInitialize(from: from, count: count)
                for k in 0..<count { (from + k).initialize(to: YAMLNode(scalar: "", style: .plain, span: .fileStart)) }
            }
            initialized = count
        }
        values.removeLast(count)
        if frame.kind == .mapping, children.count % 2 == 1 { children.removeLast() }
        var node = YAMLNode(kind: frame.kind, span: SourceSpan(start: frame.start, end: span.end), children: children)
        node.handedOver = UInt32(frame.handedOver)
        attach(node, size: frame.size, anchor: frame.anchor)
        return .more
    }

    mutating func alias(_ event: yaml_event_t, at span: SourceSpan) -> Next {
        let name = TreeBuilder.string(event.data.alias.anchor) ?? ""
        guard let target = anchors[name] else {
            // `*Penting menerima surat`: text after the alias on its line means the '*' was text.
            var textHelp: Message?
            let start = locator.offset(of: span.start)
            var i = locator.offset(of: span.end)
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            let plain = PlainText(bytes)
            if i < bytes.count, ![0x0A, 0x0D, 0x23, 0x2C, 0x5D, 0x7D].contains(bytes[i]), plain.startsValue(start) {
                textHelp = .quoteWholeText(plain.quotedLine(valueAt: start))
            }
            sink.emit(
                .yamlSyntax, .unknownAlias(name), at: span,
                help: textHelp ?? Names.suggestion(for: name, among: anchors.keys.sorted()).map { .didYouMeanAlias($0) }
                    ?? .aliasHelp)
            return .done(nil)
        }
        scalarAnchors[name] = nil
        expanded += target.size
        if expanded > YAMLLimits.maxAliasNodes {
            sink.emit(.tooLarge, .aliasesExpandTooMuch, at: span, help: .writeRepeatedParts)
            return .done(nil)
        }
        guard count(target.size, at: span) else { return .done(nil) }
        var copy = target.node
        copy.span = span
        if copy.kind == .scalar { copy.children = [] }
        attach(copy, size: target.size, anchor: nil)
        return .more
    }

    /// Adds a finished node to its parent (or makes it the root); a duplicate key and its value are dropped.
    mutating func attach(_ node: __owned YAMLNode, size: Int, anchor: String?) {
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
                if node.kind == .scalar, let first = firstKey(node, inFrame: top) {
                    sink.emit(
                        .duplicateKey, .duplicateKey(node.text), at: node.span,
                        notes: [DiagnosticNote(.firstDefinedHere, file: sink.file, at: first)],
                        help: .removeOneKeepFirst)
                    stack[top].dropNextValue = true
                    return
                }
            } else if stack[top].dropNextValue {
                stack[top].dropNextValue = false
                return
            }
        }
        if stack[top].streamed, let onItem {
            onItem(node)
            if stack[top].anchor == nil {
                stack[top].handedOver += 1
                return
            }
        }
        values.append(node)
        stack[top].count += 1
    }

    /// Where a scalar key first stood in the mapping being built at `stack[f]`, or nil; small mappings are
    /// scanned, large ones get an index on first need.
    mutating func firstKey(_ key: YAMLNode, inFrame f: Int) -> SourcePosition? {
        let text = key.text
        let base = stack[f].base
        let end = base + stack[f].count
        if stack[f].count < 64 {
            var i = base
            while i < end {
                if values[i].kind == .scalar, values[i].text == text { return values[i].span.start }
                i += 2
            }
            return nil
        }
        if stack[f].keys == nil {
            var index: [String: SourcePosition] = [:]
            var i = base
            while i < end {
                if values[i].kind == .scalar, index[values[i].text] == nil { index[values[i].text] = values[i].span.start }
                i += 2
            }
            stack[f].keys = index
        }
        if let first = stack[f].keys![text] { return first }
        stack[f].keys![text] = key.span.start
        return nil
    }

    /// An anchor on a plain text that no alias uses is text that starts with '&' (`&Menerima surat` reads as
    /// the anchor 'Menerima' on the text 'surat'): reported, since the printed text would lose its start.
    mutating func reportUnusedScalarAnchors() {
        let text = PlainText(bytes)
        for (name, scalar) in scalarAnchors.sorted(by: { $0.value.span.start < $1.value.span.start }) {
            let start = locator.offset(of: scalar.span.start)
            guard start < bytes.count, bytes[start] == UInt8(ascii: "&"), text.startsValue(start) else { continue }
            sink.emit(
                .yamlSyntax, .anchorTakesText(name, value: scalar.text),
                at: SourceSpan(at: scalar.span.start, length: name.count + 1),
                help: .quoteWholeText(text.quotedLine(valueAt: start)))
        }
    }

    /// Reports an explicit tag on the node at `span`.
    mutating func reportTag(_ tag: UnsafePointer<yaml_char_t>?, at span: SourceSpan, scalar: Bool = false) {
        guard var tag = TreeBuilder.string(tag) else { return }
        let index = locator.offset(of: span.start)
        // Show the tag as written ('!!str', not 'tag:yaml.org,2002:str') and underline only it: it is the
        // first or second node property, before or after an anchor.
        let bytes = self.bytes
        var i = index
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
        // On a scalar, a local tag (`!Penting …`) is most likely text that starts with '!'.
        let help: Message =
            scalar && tag.hasPrefix("!") && !tag.hasPrefix("!!") && PlainText(bytes).startsValue(i - tag.utf8.count)
            ? .removeTagOrQuote(PlainText(bytes).quotedLine(valueAt: i - tag.utf8.count)) : .removeTag
        sink.emit(.wrongType, .explicitTag(tag), at: tagSpan, help: help)
    }
}

/// The nodes read by all the parts of a file read in parts, against ``YAMLLimits/maxNodes``.
final class NodeBudget: Sendable {
    private let used = Atomic<Int>(0)

    /// Adds `n`; false once the total passes the limit.
    func add(_ n: Int) -> Bool {
        used.add(n, ordering: .relaxed).newValue <= YAMLLimits.maxNodes
    }
}
