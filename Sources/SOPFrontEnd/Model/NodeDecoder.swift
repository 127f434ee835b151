import SOPDiagnostics
import SOPFont
import SOPSystem

/// Shape checks shared by the project and SOP decoders: each reports a diagnostic and returns nil where the
/// YAML does not have the shape the format asks for, so decoding goes on and every problem is found.
struct NodeDecoder {
    var sink: DiagnosticSink
    /// The ids read so far that are too long for a small string: every reference to the same id then shares
    /// one copy of its text (an artefact's id is written where it is declared, and in the `needs` and `makes`
    /// of the steps that pass it on).
    var ids = IDIndex()

    init(file: String) { sink = DiagnosticSink(file: file) }

    /// A decoder whose references share the strings of `ids` (read before, by another decoder).
    init(file: String, sharing ids: IDIndex) {
        sink = DiagnosticSink(file: file)
        self.ids = ids
    }

    /// `id`, or the copy of it read before. Ids of at most 15 bytes are held inside the string itself.
    mutating func shared(_ id: String) -> String {
        guard id.utf8.count > 15 else { return id }
        return ids.interned(id)
    }

    /// ``shared(_:)`` of the id whose UTF-8 form is `bytes` (a scalar as libyaml hands it over): an id read
    /// before is found by its bytes, with no string made for it.
    mutating func shared(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        return ids.interned(utf8: bytes)
    }

    /// The pairs of a mapping whose keys are all allowed; reports unknown, non-scalar and missing keys.
    /// An unknown key that means an allowed one — the form's word for it (`kegiatan` for `activity`), the
    /// key in other capitals or spacing (`Approved by`), or a near miss (`activty`) — gets a help naming
    /// the key to write and, when that key is not given too, is read as it: one mistake, one report (no
    /// missing key, nothing downstream). Only the keys in `suggest` (default: `allowed`) are suggested;
    /// a key that means one allowed elsewhere gets `elsewhere`'s help. A missing key is reported at
    /// `missingAt` (default: where the mapping starts). A merge key (`<<`) is reported, and its mapping's
    /// keys then stand in for absent ones, so that the rest of the mapping is checked as meant. `listed`
    /// is the list of keys the "allowed here" note shows (default: `allowed`).
    mutating func mapping(
        _ node: YAMLNode, _ what: @autoclosure () -> Message, allowed: [String], required: [String] = [],
        missingAt: SourceSpan? = nil, suggest: [String]? = nil, elsewhere: (String) -> Message? = { _ in nil },
        listed: [String]? = nil, wanted: [[String]] = []
    ) -> KeyedPairs? {
        guard node.kind == .mapping else {
            sink.emit(.wrongType, .mustBeMapping(what(), found: node.shape), at: node.span)
            return nil
        }
        var result = KeyedPairs(node: node, allowed: allowed)
        var unknown: [Int] = []
        var merges: [YAMLNode] = []
        var i = 0
        while i + 1 < node.children.count {
            let keyIndex = i
            i += 2
            // The key's fields read in place (a copy of each key node would retain its parts).
            guard node.children[keyIndex].kind == .scalar else {
                let key = node.children[keyIndex]
                sink.emit(.wrongType, .keyMustBePlain(what(), found: key.shape), at: key.span)
                continue
            }
            let text = node.children[keyIndex].text
            if text == "<<" {
                sink.emit(
                    .unknownKey, .mergeKeyUnsupported, at: node.children[keyIndex].span, help: .writeMergeOut)
                merges.append(node.children[keyIndex + 1])
                continue
            }
            guard let slot = KeyedPairs.position(of: text, in: allowed) else {
                unknown.append(keyIndex)
                continue
            }
            result.set(slot, keyIndex)
        }
        // After every allowed key is known, so that a key given further down is not read twice.
        var unmatched: [YAMLNode] = []
        for keyIndex in unknown {
            let key = node.children[keyIndex]
            let found = unknownKey(
                key, node.children[keyIndex + 1], in: &result, what(), suggest: suggest ?? allowed,
                elsewhere: elsewhere, listed: listed ?? allowed)
            if !found { unmatched.append(key) }
        }
        for merge in merges {
            for source in merge.kind == .sequence ? merge.children : [merge] where source.kind == .mapping {
                for (key, value) in source.pairs where key.kind == .scalar && allowed.contains(key.text) {
                    if result[key.text] == nil { result.merged[key.text] = (key, value) }
                }
            }
        }
        // An unknown key that means nothing known is most likely a key that is missing, written some other
        // way: paired with one, in order (the required keys, then the `wanted` ones the caller reports when
        // missing; a group of keys is missing when none of them is there), it names that key, which is not
        // also "missing" (a wanted one is in `standIns`, for the caller to take as unknown).
        var missing = required.filter { result[$0] == nil }
        let required = missing.count
        missing += wanted.filter { group in group.allSatisfy { result[$0] == nil } }.map { $0[0] }
        for (k, key) in unmatched.enumerated() {
            let meant = k < missing.count ? missing[k] : nil
            if k >= required, let meant { result.standIns.insert(meant) }
            sink.emit(
                .unknownKey, .unknownKey(key.text, in: what()), at: key.span,
                notes: [DiagnosticNote(.allowedKeys(listed ?? allowed))], help: meant.map { .perhapsMissingKey($0) })
        }
        for key in missing.prefix(required).dropFirst(min(unmatched.count, required)) {
            sink.emit(.missingKey, .noKey(what(), key: key), at: missingAt ?? SourceSpan(at: node.span.start))
        }
        return result
    }

    /// Reports an unknown key, with the key it means; reads it as that key when that one is not given.
    /// Returns false, reporting nothing, for a key that means no key known here or elsewhere.
    private mutating func unknownKey(
        _ key: YAMLNode, _ value: YAMLNode, in result: inout KeyedPairs, _ what: Message, suggest: [String],
        elsewhere: (String) -> Message?, listed: [String]
    ) -> Bool {
        let term = FormTerms.meaning(of: key.text, among: suggest, value: value)
        let meant = term ?? Names.suggestion(for: key.text, among: suggest)
        var notes = [DiagnosticNote(.allowedKeys(listed))]
        var help: Message?
        if let meant {
            if let given = result[meant] {
                help = .termMeansGivenKey(key.text, key: meant)
                notes.append(DiagnosticNote(.givenKeyIsHere(meant), file: sink.file, at: given.key.span.start))
            } else {
                result.merged[meant] = (key, value)
                let sameWord = FormTerms.normalise(key.text) == FormTerms.normalise(meant)
                help = term != nil && !sameWord ? .writeKeyForTerm(key.text, key: meant) : .didYouMean(meant)
            }
        } else {
            // A key of another place (`nomor:` or `number:` beside `steps:` belongs under `identity:`).
            let asKey = String(FormTerms.normalise(key.text).map { $0 == " " ? "_" : $0 })
            help = (FormTerms.meanings(of: key.text) + [asKey]).lazy.compactMap(elsewhere).first
            if help == nil { return false }
        }
        sink.emit(.unknownKey, .unknownKey(key.text, in: what), at: key.span, notes: notes, help: help)
        return true
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

    /// A text printed on the form (an activity, a name, a note): as ``text(_:_:)``, and `yaml-comment-in-text`
    /// when a plain value is followed on its line by ` #…` — one blank, then `#` — which YAML drops as a
    /// comment. A comment set off by two blanks or more (yamllint's rule for comments) is taken as meant. A
    /// value that is nothing but a comment (`activity: #1 …`) is reported as `wrong-type`, with the help.
    mutating func printedText(_ node: YAMLNode, _ what: @autoclosure () -> Message) -> Text? {
        if let written = Self.flowText(node) {
            // `activity: [Segera] …` on one line: a text in brackets or braces, read as a list or mapping.
            sink.emit(
                .wrongType, .mustBeText(what(), found: node.shape), at: node.span,
                help: .quoteWholeText(YAMLQuoting.quoted(written)))
            return nil
        }
        guard let comment = node.trailingComment else { return printed(node, what()) }
        if node.isNull {
            let help = Message.quoteWholeText(YAMLQuoting.quoted(comment.text))
            sink.emit(.wrongType, .mustBeText(what(), found: node.shape), at: comment.span, help: help)
            return nil
        }
        let gap = comment.span.start.column - node.span.end.column
        if gap == 1, comment.span.start.line == node.span.end.line {
            sink.emit(
                .yamlCommentInText, .commentInText(what(), comment: comment.text), at: comment.span,
                help: .quoteTextOrSpaceComment(YAMLQuoting.quoted(node.text + " " + comment.text)))
        }
        return printed(node, what())
    }

    /// A list or mapping written on one line with plain items only (`[Segera]`, `{Rahasia}`), as written,
    /// near enough: what a text starting with `[` or `{` became. Nil for anything else.
    static func flowText(_ node: YAMLNode) -> String? {
        guard node.kind != .scalar, node.span.start.line == node.span.end.line, !node.children.isEmpty,
            node.children.allSatisfy({ $0.kind == .scalar && $0.style == .plain })
        else { return nil }
        if node.kind == .sequence { return "[" + node.children.map(\.text).joined(separator: ", ") + "]" }
        return "{" + node.pairs.map { $0.value.isNull ? $0.key.text : "\($0.key.text): \($0.value.text)" }.joined(separator: ", ")
            + "}"
    }

    mutating func printedTextList(_ node: YAMLNode, _ what: @autoclosure () -> Message) -> [String] {
        list(node, what()) { $0.printedText($1, .subjectEntry(of: what()))?.value }
    }

    /// A text the printed form shows: a non-null scalar, with an `unprintable-text` warning for each
    /// character the form's font (``FormFont``) cannot print.
    mutating func printed(_ node: YAMLNode, _ what: @autoclosure () -> Message) -> Text? {
        guard let t = text(node, what()) else { return nil }
        // One report for each run of adjacent characters (a word in another script, an emoji sequence).
        var runs: [(offset: Int, characters: String, codes: [String])] = []
        for (offset, character, scalar) in FormFont.unprintable(in: t.value) {
            if let last = runs.last, last.offset + last.characters.unicodeScalars.count == offset {
                runs[runs.count - 1].characters.append(character)
                runs[runs.count - 1].codes.append(FormFont.codeName(scalar))
            } else {
                runs.append((offset, String(character), [FormFont.codeName(scalar)]))
            }
        }
        for run in runs {
            let at = Self.place(ofCharacters: run.offset, count: run.characters.unicodeScalars.count, in: node)
            sink.emit(
                .unprintableText,
                .unprintableCharacter(
                    what(), character: Self.shown(run.characters), code: run.codes.joined(separator: " ")),
                at: at, help: .replaceUnprintable)
        }
        return t
    }

    /// Characters as a message may show them: empty when one of them is a control, format or unassigned
    /// character, which would act on the reader's terminal or show nothing (the message gives the codes).
    static func shown(_ characters: String) -> String {
        let hidden: Set<Unicode.GeneralCategory> = [
            .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned,
        ]
        return characters.unicodeScalars.contains { hidden.contains($0.properties.generalCategory) } ? "" : characters
    }

    /// Where `count` characters (Unicode scalars, as columns count them) from `offset` of a scalar's value are in the file: exact on a scalar written
    /// on one line (plain, or quoted without escapes); the scalar's first character otherwise, where folding
    /// and escapes leave no way back from the value to the source.
    static func place(ofCharacters offset: Int, count: Int, in node: YAMLNode) -> SourceSpan {
        let span = node.span
        if span.start.line == span.end.line {
            let written = span.end.column - span.start.column
            let lead = node.style == .quoted ? 1 : 0
            if node.style != .block && written == node.text.unicodeScalars.count + 2 * lead {
                let at = SourcePosition(line: span.start.line, column: span.start.column + lead + offset)
                return SourceSpan(at: at, length: count)
            }
        }
        return SourceSpan(at: span.start)
    }

    /// An id, checked against the id pattern. A step's id (`reserveEnd`) is not ``shared(_:)``: each is
    /// written once, and the references to it from `next:` and the branches are few.
    mutating func id(_ node: YAMLNode, _ what: @autoclosure () -> Message, reserveEnd: Bool = false) -> Ref? {
        guard let t = text(node, what()) else { return nil }
        checkID(t.value, what(), at: t.span, reserveEnd: reserveEnd)
        return Ref(reserveEnd ? t.value : shared(t.value), t.span)
    }

    /// A reference to something defined elsewhere: any scalar (its existence is checked later).
    mutating func reference(_ node: YAMLNode, _ what: @autoclosure () -> Message) -> Ref? {
        guard let t = text(node, what()) else { return nil }
        return Ref(shared(t.value), t.span)
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
            return [Ref(shared(node.text), node.span)]
        }
        return list(node, what()) { $0.reference($1, .subjectEntry(of: what())) }
    }

    /// Whether `refList` reads the whole of `node`: null, one scalar, or a list of scalars. Otherwise the
    /// list it returns misses what was meant (reported as wrong-type).
    static func isRefList(_ node: YAMLNode) -> Bool {
        switch node.kind {
        case .scalar: return true
        case .mapping: return false
        case .sequence: return node.children.allSatisfy { $0.kind == .scalar && !$0.isNull }
        }
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

    /// Keys that only a (reported) merge key or a (reported) unknown key meaning them supplies; empty in a
    /// valid file.
    var merged: [String: (key: YAMLNode, value: YAMLNode)] = [:]
    /// The `wanted` keys that are missing but that an unknown key meaning nothing known may stand for.
    var standIns: Set<String> = []

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

    /// Where key `name` stands in `node.children`, when given in the mapping itself (not merged).
    private func keyIndex(_ name: String) -> Int? {
        guard let i = KeyedPairs.position(of: name, in: allowed), slot(i) >= 0 else { return nil }
        return slot(i)
    }

    /// The value of key `name` (``subscript(_:)``'s), without a copy of its key node.
    func value(_ name: String) -> YAMLNode? {
        guard let k = keyIndex(name) else { return merged.isEmpty ? nil : merged[name]?.value }
        return node.children[k + 1]
    }

    /// Whether key `name` is given (``subscript(_:)`` is not nil).
    func has(_ name: String) -> Bool {
        keyIndex(name) != nil || (!merged.isEmpty && merged[name] != nil)
    }

    subscript(name: String) -> (key: YAMLNode, value: YAMLNode)? {
        guard let k = keyIndex(name) else { return merged.isEmpty ? nil : merged[name] }
        return (node.children[k], node.children[k + 1])
    }

    // The same, by the key's place in `allowed` (a step's ``SOPDecoder/StepKey``), where no name is searched.

    func value(_ key: SOPDecoder.StepKey) -> YAMLNode? {
        let k = slot(key.rawValue)
        guard k >= 0 else { return merged.isEmpty ? nil : merged[allowed[key.rawValue]]?.value }
        return node.children[k + 1]
    }

    func has(_ key: SOPDecoder.StepKey) -> Bool {
        slot(key.rawValue) >= 0 || (!merged.isEmpty && merged[allowed[key.rawValue]] != nil)
    }

    subscript(key: SOPDecoder.StepKey) -> (key: YAMLNode, value: YAMLNode)? {
        let k = slot(key.rawValue)
        guard k >= 0 else { return merged.isEmpty ? nil : merged[allowed[key.rawValue]] }
        return (node.children[k], node.children[k + 1])
    }
}
