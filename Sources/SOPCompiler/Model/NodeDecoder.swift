/// Shape checks shared by the project and SOP decoders: each reports a diagnostic and returns nil where the
/// YAML does not have the shape the format asks for, so decoding goes on and every problem is found.
struct NodeDecoder {
    var sink: DiagnosticSink

    init(file: String) { sink = DiagnosticSink(file: file) }

    /// The pairs of a mapping whose keys are all allowed; reports unknown, non-scalar and missing keys.
    mutating func mapping(
        _ node: YAMLNode, _ what: String, allowed: [String], required: [String] = []
    ) -> [String: (key: YAMLNode, value: YAMLNode)]? {
        guard node.kind == .mapping else {
            sink.emit(.wrongType, "\(what) must be a mapping, found \(node.shapeName)", at: node.span)
            return nil
        }
        var result: [String: (key: YAMLNode, value: YAMLNode)] = [:]
        for (key, value) in node.pairs {
            guard key.kind == .scalar else {
                sink.emit(.wrongType, "a key in \(what) must be a plain name, found \(key.shapeName)", at: key.span)
                continue
            }
            if key.text == "<<" {
                sink.emit(
                    .unknownKey, "merge keys ('<<') are not supported", at: key.span,
                    help: "write the keys out, or use an alias for a whole value")
                continue
            }
            guard allowed.contains(key.text) else {
                sink.emit(
                    .unknownKey, "unknown key '\(key.text)' in \(what)", at: key.span,
                    notes: [DiagnosticNote("allowed here: \(Names.quotedList(allowed))")],
                    help: Names.didYouMean(key.text, among: allowed))
                continue
            }
            result[key.text] = (key, value)
        }
        for key in required where result[key] == nil {
            sink.emit(.missingKey, "\(what) has no '\(key)'", at: SourceSpan(at: node.span.start))
        }
        return result
    }

    /// A non-null scalar.
    mutating func text(_ node: YAMLNode, _ what: String) -> Text? {
        guard node.kind == .scalar, !node.isNull else {
            sink.emit(.wrongType, "\(what) must be text, found \(node.shapeName)", at: node.span)
            return nil
        }
        return Text(value: node.text, span: node.span)
    }

    /// An id, checked against the id pattern.
    mutating func id(_ node: YAMLNode, _ what: String, reserveEnd: Bool = false) -> Ref? {
        guard let t = text(node, what) else { return nil }
        checkID(t.value, what, at: t.span, reserveEnd: reserveEnd)
        return Ref(t.value, t.span)
    }

    /// A reference to something defined elsewhere: any scalar (its existence is checked later).
    mutating func reference(_ node: YAMLNode, _ what: String) -> Ref? {
        guard let t = text(node, what) else { return nil }
        return Ref(t.value, t.span)
    }

    mutating func checkID(_ value: String, _ what: String, at span: SourceSpan, reserveEnd: Bool = false) {
        if !Names.isValidID(value) {
            let slug = Names.slug(value)
            sink.emit(
                .invalidID, "\(what) '\(value)' is not a valid id", at: span,
                notes: [DiagnosticNote("an id is lower-case letters, digits and single dashes, starts with a letter, and has at most 64 characters")],
                help: Names.isValidID(slug) && slug != value ? "write it as '\(slug)'" : nil)
        } else if reserveEnd, value == "end" {
            sink.emit(
                .invalidID, "'end' is reserved as a step target and cannot be a step id", at: span,
                help: "name the step after what it does, e.g. 'selesai'")
        }
    }

    /// A sequence of items; a single scalar is reported (the format always writes lists).
    mutating func list<T>(_ node: YAMLNode, _ what: String, _ item: (inout NodeDecoder, YAMLNode) -> T?) -> [T] {
        if node.isNull { return [] }
        guard node.kind == .sequence else {
            sink.emit(
                .wrongType, "\(what) must be a sequence, found \(node.shapeName)", at: node.span,
                help: node.kind == .scalar ? "write it as a list: [\(node.text)]" : nil)
            return []
        }
        var out: [T] = []
        out.reserveCapacity(node.children.count)
        for child in node.children {
            if let v = item(&self, child) { out.append(v) }
        }
        return out
    }

    mutating func refList(_ node: YAMLNode, _ what: String) -> [Ref] {
        list(node, what) { $0.reference($1, "an entry of \(what)") }
    }

    mutating func textList(_ node: YAMLNode, _ what: String) -> [String] {
        list(node, what) { $0.text($1, "an entry of \(what)")?.value }
    }

    /// A positive decimal number.
    mutating func positiveNumber(_ node: YAMLNode, _ what: String, max: Double) -> Double? {
        guard let t = text(node, what) else { return nil }
        guard node.style == .plain, let v = Double(t.value), v.isFinite, v > 0, v <= max else {
            sink.emit(.wrongType, "\(what) must be a number above 0 and at most \(Int(max)), found '\(t.value)'", at: t.span)
            return nil
        }
        return v
    }

    /// An identity date.
    mutating func date(_ node: YAMLNode, _ what: String) -> DateField? {
        guard let t = text(node, what) else { return nil }
        let d = CalendarDate(t.value)
        if d == nil {
            sink.emit(
                .invalidDate, "\(what) '\(t.value)' is not a real date", at: t.span,
                help: "write the date as YYYY-MM-DD, e.g. 2024-01-15")
        }
        return DateField(text: t, date: d)
    }
}
