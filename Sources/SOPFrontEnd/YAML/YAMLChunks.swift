internal import CYAML
import Dispatch
import SOPDiagnostics
import SOPSystem

#if canImport(Glibc)
    import Glibc
#endif

/// Receives the items of a long top-level sequence read in blocks on several threads
/// (``YAMLReader/read(_:streamingItemsOf:onItem:blocks:)``).
package protocol ItemBlockSink: AnyObject, Sendable {
    /// Called once before any item, with the number of blocks.
    func prepare(blocks: Int)
    /// Each item of block `block`, in order, on the thread reading that block (one thread a block).
    func item(_ node: YAMLNode, block: Int)
    /// One item of block `block` that is a plain step read from its events (no node made).
    func step(_ step: Step, block: Int)
    /// Forget every block: the file is read again, its items handed one by one to the reader's `onItem`.
    func restart()
}

/// Where a file whose last top-level key holds a long block sequence can be cut, so that its parts are
/// parsed on several cores: at the start of an item of that sequence, on a line of its own.
///
/// The plan is made from the bytes alone and is only a guess: a line that looks like an item may be inside
/// a quoted text. The reader checks each part's parse against it (the items each part found must start on
/// the lines planned, every part must parse without a diagnostic, and a part after the first without an
/// anchor, alias or tag) and reads the file again as one piece when anything differs, so that the result is
/// always the one-piece reading's.
struct ChunkPlan: Equatable {
    /// Byte offset where each part starts; the first is 0 (the part with everything before the sequence).
    var starts: [Int]
    /// The line (0-based) where each part starts.
    var lines: [Int]
    /// The line (1-based) of each item of the sequence, by part.
    var itemLines: [[Int]]
    /// The spaces before each item's `-`.
    var indent: Int

    /// A plan for `bytes`, whose top-level key `key` (written plainly at column 1, `key:` alone on its line)
    /// holds a block sequence running to the end of the file; nil when there is no such sequence, the file
    /// has line breaks other than LF, or it would make fewer than two parts of about `partBytes`.
    init?(_ bytes: UnsafeBufferPointer<UInt8>, key: String, partBytes: Int) {
        let count = bytes.count
        guard let base = bytes.baseAddress, !Self.hasOtherLineBreaks(bytes) else { return nil }
        let keyBytes = Array(key.utf8)
        var lineStart = 0
        var line = 0
        var keyLine: Int?
        var indent: Int?
        var items: [(offset: Int, line: Int)] = []
        while lineStart < count {
            let end =
                memchr(base + lineStart, 0x0A, count - lineStart).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
                ?? count
            var i = lineStart
            while i < end, bytes[i] == 0x20 { i += 1 }
            let spaces = i - lineStart
            let blank = i == end
            let comment = !blank && bytes[i] == UInt8(ascii: "#")
            if keyLine == nil {
                if spaces == 0, Self.isKeyLine(bytes, from: lineStart, to: end, key: keyBytes) { keyLine = line }
            } else if !blank && !comment {
                if bytes[i] == 0x09, spaces <= (indent ?? spaces) { return nil }
                if indent == nil { indent = spaces }
                let k = indent!
                if spaces < k { return nil }  // something after the sequence
                if spaces == k {
                    // An item: `- ` and then something on the same line (not a comment).
                    guard bytes[i] == UInt8(ascii: "-"), i + 1 < end, bytes[i + 1] == 0x20 else { return nil }
                    var j = i + 2
                    while j < end, bytes[j] == 0x20 { j += 1 }
                    guard j < end, bytes[j] != UInt8(ascii: "#") else { return nil }
                    items.append((lineStart, line))
                }
            }
            lineStart = end + 1
            line += 1
        }
        guard keyLine != nil, !items.isEmpty, partBytes > 0 else { return nil }
        var starts = [0]
        var lines = [0]
        var itemLines: [[Int]] = [[]]
        for item in items {
            if item.offset - starts[starts.count - 1] >= partBytes, !itemLines[itemLines.count - 1].isEmpty {
                starts.append(item.offset)
                lines.append(item.line)
                itemLines.append([])
            }
            itemLines[itemLines.count - 1].append(item.line + 1)
        }
        guard starts.count >= 2 else { return nil }
        self.starts = starts
        self.lines = lines
        self.itemLines = itemLines
        self.indent = indent ?? 0
    }

    /// Whether the bytes hold a line break other than LF: CR, or (beyond ASCII) NEL, LS or PS, which break
    /// lines for libyaml too.
    static func hasOtherLineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        if memchr(base, 0x0D, bytes.count) != nil { return true }
        if TreeBuilder.isASCII(bytes) { return false }
        return SourceLines.containsUnicodeBreak(bytes)
    }

    /// `key:` at the start of the line, then only spaces or a comment.
    static func isKeyLine(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int, key: [UInt8]) -> Bool {
        guard end - from > key.count else { return false }
        for (k, b) in key.enumerated() where bytes[from + k] != b { return false }
        var i = from + key.count
        guard bytes[i] == UInt8(ascii: ":") else { return false }
        i += 1
        if i == end { return true }
        guard bytes[i] == 0x20 else { return false }
        while i < end, bytes[i] == 0x20 { i += 1 }
        return i == end || bytes[i] == UInt8(ascii: "#")
    }
}

/// The parse of one part of a file cut by a ``ChunkPlan``.
struct ChunkOutcome: Sendable {
    var root: YAMLNode?
    /// The line of each item of the sequence handed over, in order.
    var itemLines: [Int] = []
    var clean = false
    /// Whether the part's memory was given back to the system.
    var released = false
}

extension YAMLReader {
    /// Files at least this long have their long top-level list parsed on several cores.
    static let partedAbove = 256 << 10

    /// The parts of a file cut by `plan`, parsed side by side (with `steps`, the items that are plain steps
    /// read from their events and handed to `blocks` as steps); the root of the whole file, or nil when any
    /// part's reading differs from the plan (then nothing of it is used). With `releasing`, the whole pages
    /// of each part read cleanly are given back to the system (`MADV_DONTNEED`: they read as zeros after);
    /// `released` says whether any was.
    static func readInParts(
        _ bytes: UnsafeBufferPointer<UInt8>, plan: ChunkPlan, key: String, file: String, blocks: any ItemBlockSink,
        steps: Bool = false, releasing: Bool = false
    ) -> (root: YAMLNode?, released: Bool) {
        let parts = plan.starts.count
        let outcomes = ResultSlots<ChunkOutcome>(count: parts)
        nonisolated(unsafe) let whole = bytes
        blocks.prepare(blocks: parts)
        let budget = NodeBudget()
        Cores.perform(iterations: parts) { p in
            let from = plan.starts[p]
            let to = p + 1 < parts ? plan.starts[p + 1] : whole.count
            // Read whole, what ends where the next part starts ends at its first item's `-`.
            let next = p + 1 < parts ? plan.lines[p + 1] + 1 : nil
            outcomes[p] = parsePart(
                UnsafeBufferPointer(rebasing: whole[from..<to]), first: p == 0, lineBase: plan.lines[p],
                endFix: next.map {
                    (SourcePosition(line: $0, column: 1), SourcePosition(line: $0, column: plan.indent + 1))
                }, key: key, file: file, budget: budget, onItem: { blocks.item($0, block: p) },
                onStep: steps ? { blocks.step($0, block: p) } : nil)
            if releasing, outcomes[p]!.clean {
                outcomes[p]!.released = release(UnsafeBufferPointer(rebasing: whole[from..<to]))
            }
        }
        let released = (0..<parts).contains { outcomes[$0]?.released == true }
        var total = 0
        for p in 0..<parts {
            guard let outcome = outcomes[p], outcome.clean, outcome.itemLines == plan.itemLines[p] else {
                return (nil, released)
            }
            total += outcome.itemLines.count
        }
        // The first part's root, with its list made whole: every item was handed over, and the list (and the
        // root around it) ends where the last part's list ends.
        guard var root = outcomes[0]?.root, root.kind == .mapping, root.children.count >= 2,
            let last = outcomes[parts - 1]?.root, last.kind == .sequence
        else { return (nil, released) }
        let k = root.children.count - 1
        guard root.children[k - 1].kind == .scalar, root.children[k - 1].text == key, root.children[k].kind == .sequence,
            root.children[k].children.isEmpty
        else { return (nil, released) }
        root.children[k].handedOver = UInt32(total)
        root.children[k].span.end = last.span.end
        root.span.end = last.span.end
        return (root, released)
    }

    /// Gives the whole pages inside `bytes` back to the system; whether there was one. The memory stays
    /// mapped and reads as zeros.
    static func release(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0 else { return false }
        let start = (Int(bitPattern: base) + page - 1) / page * page
        let end = (Int(bitPattern: base) + bytes.count) / page * page
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return false }
        return madvise(pointer, end - start, MADV_DONTNEED) == 0
    }

    /// Parses one part: the first as a file whose `key` list is streamed, the others as a list alone, lines
    /// counted from `lineBase`. Clean when nothing was reported and no part of YAML that reaches across
    /// parts (an anchor, an alias, a tag) was met.
    static func parsePart(
        _ bytes: UnsafeBufferPointer<UInt8>, first: Bool, lineBase: Int,
        endFix: (from: SourcePosition, to: SourcePosition)?, key: String, file: String, budget: NodeBudget,
        onItem: @escaping (YAMLNode) -> Void, onStep: ((Step) -> Void)?
    ) -> ChunkOutcome {
        var outcome = ChunkOutcome()
        var lines: [Int] = []
        var builder = TreeBuilder(
            bytes: bytes, sink: DiagnosticSink(file: file), streamKey: first ? key : nil,
            onItem: { node in
                lines.append(node.span.start.line)
                onItem(node)
            },
            onStep: onStep.map { onStep in
                { step in
                    lines.append(step.span.start.line)
                    onStep(step)
                }
            })
        builder.lineBase = lineBase
        builder.sharedNodes = budget
        builder.endFix = endFix
        if !first {
            builder.streamRoot = true
            builder.depthBase = 1
        }
        // A later part stops at an anchor, an alias or a tag; an error of libyaml is reported, which makes the
        // part unclean too.
        outcome.root = EventParser.run(bytes, builder: &builder, stop: { !first && crossesParts($0) })
        outcome.itemLines = lines
        // What the part read since it last added to the budget counts too: all the parts together may not pass
        // the limit.
        let withinBudget = budget.add(builder.unshared)
        outcome.clean = builder.sink.diagnostics.isEmpty && outcome.root != nil && withinBudget
        return outcome
    }

    /// An anchor, an alias or a tag: what a part read alone could read otherwise.
    static func crossesParts(_ event: yaml_event_t) -> Bool {
        switch event.type {
        case YAML_ALIAS_EVENT: return true
        case YAML_SCALAR_EVENT: return event.data.scalar.anchor != nil || event.data.scalar.tag != nil
        case YAML_SEQUENCE_START_EVENT:
            return event.data.sequence_start.anchor != nil || event.data.sequence_start.tag != nil
        case YAML_MAPPING_START_EVENT: return event.data.mapping_start.anchor != nil || event.data.mapping_start.tag != nil
        default: return false
        }
    }
}
