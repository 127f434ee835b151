import SOPDiagnostics
import SOPSystem

/// Shape checks shared by the project and SOP decoders: each reports a diagnostic and returns nil where the
/// YAML does not have the shape the format asks for, so decoding goes on and every problem is found.
struct NodeDecoder {
    var sink: DiagnosticSink

    init(file: String) { sink = DiagnosticSink(file: file) }

    /// The pairs of a mapping whose keys are all allowed; reports unknown, non-scalar and missing keys.
    /// A missing key is reported at `missingAt` (default: where the mapping starts), except one that an
    /// unknown key is a near miss of (that typo is the report). A merge key (`<<`) is reported, and its
    /// mapping's keys then stand in for absent ones, so that the rest of the mapping is checked as meant.
    mutating func mapping(
        _ node: YAMLNode, _ what: @autoclosure () -> Message, allowed: [String], required: [String] = [],
        missingAt: SourceSpan? = nil
    ) -> KeyedPairs? {
        guard node.kind == .mapping else {
            sink.emit(.wrongType, .mustBeMapping(what(), found: node.shape), at: node.span)
            return nil
        }
        var result = KeyedPairs(node: node, allowed: allowed)
        var misspelt: [String] = []
        var merges: [YAMLNode] = []
        var i = 0
        while i + 1 < node.children.count {
            let keyIndex = i
            let key = node.children[i]
            i += 2
            guard key.kind == .scalar else {
                sink.emit(.wrongType, .keyMustBePlain(what(), found: key.shape), at: key.span)
                continue
            }
            if key.text == "<<" {
                sink.emit(
                    .unknownKey, .mergeKeyUnsupported, at: key.span, help: .writeMergeOut)
                merges.append(node.children[keyIndex + 1])
                continue
            }
            guard let slot = KeyedPairs.position(of: key.text, in: allowed) else {
                let near = Names.suggestion(for: key.text, among: allowed)
                if let near { misspelt.append(near) }
                sink.emit(
                    .unknownKey, .unknownKey(key.text, in: what()), at: key.span,
                    notes: [DiagnosticNote(.allowedKeys(allowed))],
                    help: near.map { .didYouMean($0) })
                continue
            }
            result.set(slot, keyIndex)
        }
        for merge in merges {
            for source in merge.kind == .sequence ? merge.children : [merge] where source.kind == .mapping {
                for (key, value) in source.pairs where key.kind == .scalar && allowed.contains(key.text) {
                    if result[key.text] == nil { result.merged[key.text] = (key, value) }
                }
            }
        }
        for key in required where result[key] == nil && !misspelt.contains(key) {
            sink.emit(.missingKey, .noKey(what(), key: key), at: missingAt ?? SourceSpan(at: node.span.start))
        }
        return result
    }

    /// A non-null scalar.
    mutating func text(_ node: YAMLNode, _ what: @autoclosure () -> Message) -> Text? {
        guard node.kind == .scalar, !node.isNull else {
            sink.emit(.wrongType, .mustBeText(what(), found: node.shape), at: node.span)
            return nil
        }
        return Text(value: node.text, span: node.span)
    }

    /// Whether `node` is the marker `?` that `sopc import` writes where a table does not say something
    /// (docs/IMPORT.md); if so, reports it (`import-todo`) with `text`, saying what to fill in.
    mutating func isMarker(_ node: YAMLNode, _ text: @autoclosure () -> Message) -> Bool {
        guard node.kind == .scalar, node.text == "?" else { return false }
        sink.emit(.importTodo, text(), at: node.span, help: .todoReplaceMarker)
        return true
    }

    /// An id, checked against the id pattern.
    mutating func id(_ node: YAMLNode, _ what: @autoclosure () -> Message, reserveEnd: Bool = false) -> Ref? {
        guard let t = text(node, what()) else { return nil }
        checkID(t.value, what(), at: t.span, reserveEnd: reserveEnd)
        return Ref(t.value, t.span)
    }

    /// A reference to something defined elsewhere: any scalar (its existence is checked later).
    mutating func reference(_ node: YAMLNode, _ what: @autoclosure () -> Message) -> Ref? {
        guard let t = text(node, what()) else { return nil }
        return Ref(t.value, t.span)
    }

    mutating func checkID(_ value: String, _ what: @autoclosure () -> Message, at span: SourceSpan, reserveEnd: Bool = false) {
        if !Names.isValidID(value) {
            let slug = Names.slug(value)
            sink.emit(
                .invalidID, .invalidID(what(), value: value), at: span, notes: [DiagnosticNote(.idPattern)],
                help: Names.isValidID(slug) && slug != value ? .writeIDAs(slug) : nil)
        } else if reserveEnd, value == "end" {
            sink.emit(
                .invalidID, .endReserved, at: span, help: .nameStepAfterAction)
        }
    }

    /// A sequence of items; a single scalar is reported (the format always writes lists).
    mutating func list<T>(_ node: YAMLNode, _ what: @autoclosure () -> Message, _ item: (inout NodeDecoder, YAMLNode) -> T?)
        -> [T]
    {
        if node.isNull { return [] }
        guard node.kind == .sequence else {
            sink.emit(
                .wrongType, .mustBeSequence(what(), found: node.shape), at: node.span,
                help: node.kind == .scalar ? .writeAsList(node.text) : nil)
            return []
        }
        var out: [T] = []
        out.reserveCapacity(node.children.count)
        for child in node.children {
            if let v = item(&self, child) { out.append(v) }
        }
        return out
    }

    mutating func refList(_ node: YAMLNode, _ what: @autoclosure () -> Message) -> [Ref] {
        if node.kind == .scalar, !node.isNull {
            // Reported, then read as the one-item list it surely means, so nothing cascades from it.
            _ = list(node, what()) { _, _ in Optional<Ref>.none }
            return [Ref(node.text, node.span)]
        }
        return list(node, what()) { $0.reference($1, .subjectEntry(of: what())) }
    }

    mutating func textList(_ node: YAMLNode, _ what: @autoclosure () -> Message) -> [String] {
        list(node, what()) { $0.text($1, .subjectEntry(of: what()))?.value }
    }

    /// A positive decimal number.
    mutating func positiveNumber(_ node: YAMLNode, _ what: @autoclosure () -> Message, max: Double) -> Double? {
        guard let t = text(node, what()) else { return nil }
        guard node.style == .plain, let v = Double(t.value), v.isFinite, v > 0, v <= max else {
            sink.emit(.wrongType, .mustBeNumber(what(), max: Int(max), found: t.value), at: t.span)
            return nil
        }
        return v
    }

    /// An identity date.
    mutating func date(_ node: YAMLNode, _ what: @autoclosure () -> Message) -> DateField? {
        guard let t = text(node, what()) else { return nil }
        let d = CalendarDate(t.value)
        if d == nil {
            let parts = t.value.split(separator: "-", omittingEmptySubsequences: false)
            let numbers = parts.map { p in p.allSatisfy { $0 >= "0" && $0 <= "9" } && !p.isEmpty ? Int(p) : nil }
            if parts.count == 3, parts.map(\.count) == [4, 2, 2], let y = numbers[0], let m = numbers[1], let day = numbers[2] {
                let reason: Message =
                    !(1...12).contains(m)
                    ? .noSuchMonth(m)
                    : y < 1
                        ? .noYearZero
                        : day < 1
                            ? .noDayZero
                            : .monthHasDays(month: m, year: y, days: CalendarDate.days(inMonth: m, year: y))
                sink.emit(.invalidDate, .notARealDate(what(), text: t.value, reason: reason), at: t.span)
            } else {
                // A day-month-year date, the order usual in Indonesia, turned round.
                let turned =
                    parts.count == 3 && parts.map(\.count) == [2, 2, 4] && numbers.allSatisfy { $0 != nil }
                    ? "\(parts[2])-\(parts[1])-\(parts[0])" : nil
                sink.emit(
                    .invalidDate, .notYMD(what(), text: t.value), at: t.span,
                    help: turned.flatMap { CalendarDate($0) == nil ? nil : .writeYearFirst($0) } ?? .writeYMD)
            }
        }
        return DateField(text: t, date: d)
    }
}

/// The pairs of a mapping by allowed key: a slot per allowed key holding the key's index in the node.
struct KeyedPairs {
    let node: YAMLNode
    let allowed: [String]
    /// The index in `node.children` of each allowed key, -1 when absent. Inline storage: a mapping per
    /// step is decoded, and a heap array each would cost more than the lookups.
    private var inline = SIMD32<Int32>(repeating: -1)
    private var overflow: [Int] = []

    init(node: YAMLNode, allowed: [String]) {
        self.node = node
        self.allowed = allowed
        if allowed.count > 32 { overflow = Array(repeating: -1, count: allowed.count) }
    }

    /// Keys that only a (reported) merge key supplies; empty in a valid file.
    var merged: [String: (key: YAMLNode, value: YAMLNode)] = [:]

    /// Where `name` stands in `allowed`; compares lengths first, since most names differ in length.
    @inline(__always) static func position(of name: String, in allowed: [String]) -> Int? {
        let length = name.utf8.count
        for i in allowed.indices where allowed[i].utf8.count == length && allowed[i] == name { return i }
        return nil
    }

    func slot(_ i: Int) -> Int { i < 32 ? Int(inline[i]) : overflow[i] }

    mutating func set(_ i: Int, _ keyIndex: Int) {
        if i < 32 { inline[i] = Int32(keyIndex) } else { overflow[i] = keyIndex }
    }

    subscript(name: String) -> (key: YAMLNode, value: YAMLNode)? {
        guard let i = KeyedPairs.position(of: name, in: allowed), slot(i) >= 0 else {
            return merged.isEmpty ? nil : merged[name]
        }
        let k = slot(i)
        return (node.children[k], node.children[k + 1])
    }
}
