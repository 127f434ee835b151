internal import CYAML
import SOPDiagnostics
import SOPSystem

/// The ids that the steps read from their events share (``NodeDecoder/shared(_:)``), kept past the reading:
/// the SOP's own decoder starts from them, so that its references (`inputs`, `artefacts`…) share the steps'
/// strings.
package final class SharedIDs: @unchecked Sendable {
    var ids = IDIndex()
    package init() {}
}

/// The values of a step read straight from libyaml's events, for ``SOPDecoder/plainStep(_:span:_:)``: no
/// node of the step is made. Only what a plain step can hold is taken — keys that are step keys, each
/// once; values that are scalars or lists of scalars that are not null; no anchor, alias or tag — and the
/// first event that does not fit ends the attempt (``TreeBuilder/stepEvent(_:at:)``).
struct EventStepValues: PlainStepValues {
    var start = SourcePosition(line: 1, column: 1)
    /// One bit a ``SOPDecoder/StepKey``: given; and, of those, given as a list.
    var present: UInt16 = 0
    var isList: UInt16 = 0
    /// By StepKey: a scalar's value (nil for a null one), a list's references; made for the first step read
    /// (``reset(at:)``), not for every reader.
    var scalars: [PlainScalar?] = []
    var lists: [[Ref]] = []
    /// The key whose value comes next, if any.
    var key: SOPDecoder.StepKey?
    /// The references of the list being read, while one is.
    var list: [Ref]?
    /// Nodes read: the mapping, its keys and values, the items of its lists.
    var size = 1
    /// The most events a step is read from: past them, it is read from its nodes.
    static let maxEvents = 4096

    func has(_ k: SOPDecoder.StepKey) -> Bool { present & (1 << k.rawValue) != 0 }

    func scalar(_ k: SOPDecoder.StepKey) -> PlainScalar? {
        has(k) && isList & (1 << k.rawValue) == 0 ? scalars[k.rawValue] : nil
    }

    func refs(_ k: SOPDecoder.StepKey, _ d: inout NodeDecoder) -> [Ref]? {
        guard has(k) else { return [] }
        return isList & (1 << k.rawValue) != 0 ? lists[k.rawValue] : nil
    }

    /// The step keys as little-endian words of their bytes (none is longer than eight), with their lengths.
    static let keyWords: [(word: UInt64, length: Int)] = SOPDecoder.StepKey.allCases.map { k in
        let bytes = Array(k.name.utf8)
        precondition(bytes.count <= 8)
        return (bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * $1.offset) }, bytes.count)
    }

    /// The step key written exactly as the `count` bytes at `p`, or nil.
    static func stepKey(_ p: UnsafePointer<UInt8>, count: Int) -> SOPDecoder.StepKey? {
        guard count >= 1, count <= 8 else { return nil }
        var word: UInt64 = 0
        for i in 0..<count { word |= UInt64(p[i]) << (8 * i) }
        for (i, k) in keyWords.enumerated() where k.word == word && k.length == count {
            return SOPDecoder.StepKey(rawValue: i)
        }
        return nil
    }
}

extension EventStepValues {
    enum Taken {
        case more
        case decline
        case end
    }

    /// Starts reading a step whose mapping starts at `start`.
    mutating func reset(at start: SourcePosition) {
        if scalars.isEmpty {
            scalars = Array(repeating: nil, count: SOPDecoder.StepKey.allCases.count)
            lists = Array(repeating: [], count: SOPDecoder.StepKey.allCases.count)
        }
        self.start = start
        present = 0
        isList = 0
        key = nil
        list = nil
        size = 1
    }

    /// Takes one event of the step: `.end` at the end of its mapping, `.decline` at anything a plain step
    /// cannot hold. `bytes`, `ascii`, `lineBase` and `locator` are the reader's (``TreeBuilder``), to find a
    /// comment after a plain scalar as it does; `decoder` interns the references.
    mutating func take(
        _ event: yaml_event_t, at span: SourceSpan, bytes: UnsafeBufferPointer<UInt8>, ascii: Bool, lineBase: Int,
        locator: inout ByteLocator, decoder: inout NodeDecoder
    ) -> Taken {
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            guard scalar.anchor == nil, scalar.tag == nil else { return .decline }
            size += 1
            guard let key else {
                // A key.
                guard let p = scalar.value, let k = EventStepValues.stepKey(p, count: Int(scalar.length)), !has(k)
                else { return .decline }
                self.key = k
                return .more
            }
            if list != nil, let value = scalar.value, scalar.length > 15 {
                // An item of a list too long to be a null: a reference, found by its bytes when read before.
                list!.append(Ref(decoder.shared(utf8: UnsafeBufferPointer(start: value, count: Int(scalar.length))), span))
                return .more
            }
            let text = TreeBuilder.text(of: event)
            let style = TreeBuilder.style(of: event)
            let isNull = YAMLNode.isNull(text, style: style)
            if list != nil {
                // An item of a list: a reference.
                guard !isNull else { return .decline }
                list!.append(Ref(decoder.shared(text), span))
                return .more
            }
            let comment =
                style == .plain
                && TreeBuilder.comment(
                    after: event, at: span, in: bytes, ascii: ascii, lineBase: lineBase, locator: &locator) != nil
            present |= 1 << key.rawValue
            scalars[key.rawValue] = isNull ? nil : PlainScalar(text: text, span: span, comment: comment)
            self.key = nil
            return .more
        case YAML_SEQUENCE_START_EVENT:
            guard key != nil, list == nil, event.data.sequence_start.anchor == nil, event.data.sequence_start.tag == nil
            else { return .decline }
            size += 1
            list = []
            return .more
        case YAML_SEQUENCE_END_EVENT:
            guard let key, let done = list else { return .decline }
            let bit: UInt16 = 1 << key.rawValue
            present |= bit
            isList |= bit
            lists[key.rawValue] = done
            list = nil
            self.key = nil
            return .more
        case YAML_MAPPING_END_EVENT:
            return key == nil && list == nil ? .end : .decline
        default:
            return .decline
        }
    }
}

extension TreeBuilder {
    /// Whether the mapping that `event` starts is an item of the streamed sequence that may be read straight
    /// from its events: a step handler is given, the sequence and the mapping carry no anchor or tag (an
    /// alias could copy them), and a list inside the mapping stays within ``YAMLLimits/maxDepth``.
    func beginsEventStep(_ event: yaml_event_t) -> Bool {
        guard onStep != nil, !replaying, let top = stack.last else { return false }
        return top.streamed && top.anchor == nil && event.data.mapping_start.anchor == nil
            && event.data.mapping_start.tag == nil && stack.count + depthBase + 1 < YAMLLimits.maxDepth
    }

    mutating func beginEventStep(_ event: yaml_event_t, at span: SourceSpan) {
        eventStep.reset(at: span.start)
        inEventStep = true
        keep(event)
    }

    /// Keeps `event` for a replay: the reading loop does not delete it.
    private mutating func keep(_ event: yaml_event_t) {
        keptEvents.append(event)
        keptEvent = true
    }

    /// Deletes the kept events.
    mutating func releaseKeptEvents() {
        for i in keptEvents.indices { yaml_event_delete(&keptEvents[i]) }
        keptEvents.removeAll(keepingCapacity: true)
    }

    /// One event inside a step read from its events: taken, or — the step not plain — every event of the
    /// step so far handled again as nodes (``replay()``), and the step read from its node.
    mutating func stepEvent(_ event: yaml_event_t, at span: SourceSpan) -> Next {
        keep(event)
        // A step of thousands of nodes (a list of millions of items, made to pass the limits) is read from its
        // nodes: its events are not all kept, and the limits are reported where they are passed.
        if keptEvents.count > EventStepValues.maxEvents { return replay() }
        switch eventStep.take(
            event, at: span, bytes: bytes, ascii: ascii, lineBase: lineBase, locator: &locator, decoder: &stepDecoder)
        {
        case .more: return .more
        case .decline: return replay()
        case .end: break
        }
        guard let step = SOPDecoder.plainStep(eventStep, span: SourceSpan(start: eventStep.start, end: span.end), &stepDecoder)
        else { return replay() }
        let size = eventStep.size
        // Past the node limit, the nodes report it at the one that passes it.
        if sharedNodes == nil, nodes &+ size > YAMLLimits.maxNodes { return replay() }
        inEventStep = false
        defer { releaseKeptEvents() }
        guard count(size, at: span) else { return .done(nil) }
        let top = stack.count - 1
        stack[top].size += size
        stack[top].handedOver += 1
        onStep?(step)
        return .more
    }

    /// Handles the kept events of the step again, as nodes; the step is then read from its node.
    private mutating func replay() -> Next {
        inEventStep = false
        replaying = true
        defer {
            replaying = false
            releaseKeptEvents()
        }
        let events = keptEvents
        for event in events {
            if case .done(let root) = handle(event) { return .done(root) }
        }
        return .more
    }
}
