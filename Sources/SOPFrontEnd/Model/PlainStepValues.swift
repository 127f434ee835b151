import SOPDiagnostics

/// A scalar value of a step as the reading of a plain step needs it: its text, its place, and whether a
/// comment follows it on its line (``YAMLNode/trailingComment``).
struct PlainScalar {
    var text: String
    var span: SourceSpan
    var comment: Bool
}

/// The values of one step whose keys are all step keys, each written once, as
/// ``SOPDecoder/plainStep(_:span:_:)`` reads them: from the step's mapping in the tree
/// (``NodeStepValues``), or from libyaml's events before any node is made (``EventStepValues``).
protocol PlainStepValues {
    /// Whether key `k` is given.
    func has(_ k: SOPDecoder.StepKey) -> Bool
    /// The value under `k` when it is a scalar YAML does not read as null; nil otherwise (absent too).
    func scalar(_ k: SOPDecoder.StepKey) -> PlainScalar?
    /// The references of the list under `k`: none when the key is absent, nil when its value is not a list
    /// of scalars that are not null (``SOPDecoder/refList(_:_:)``).
    func refs(_ k: SOPDecoder.StepKey, _ d: inout NodeDecoder) -> [Ref]?
}

/// A step's mapping in the tree, its values found by key in one pass.
struct NodeStepValues: PlainStepValues {
    let children: [YAMLNode]
    /// The index of each key's value in `children`, by StepKey (16 of them: one lane each); 0 where absent (a
    /// value is never at index 0).
    var at = SIMD16<Int32>(repeating: 0)

    /// nil unless `node` is a mapping whose keys are all step keys, each written once.
    init?(_ node: YAMLNode) {
        guard node.kind == .mapping else { return nil }
        children = node.children
        var i = 0
        while i + 1 < children.count {
            guard children[i].kind == .scalar, let k = SOPDecoder.stepKey(children[i].text), at[k.rawValue] == 0 else {
                return nil
            }
            at[k.rawValue] = Int32(i + 1)
            i += 2
        }
    }

    func has(_ k: SOPDecoder.StepKey) -> Bool { at[k.rawValue] != 0 }

    func scalar(_ k: SOPDecoder.StepKey) -> PlainScalar? {
        guard at[k.rawValue] != 0 else { return nil }
        let v = children[Int(at[k.rawValue])]
        guard v.kind == .scalar, !v.isNull else { return nil }
        return PlainScalar(text: v.text, span: v.span, comment: v.trailingComment != nil)
    }

    func refs(_ k: SOPDecoder.StepKey, _ d: inout NodeDecoder) -> [Ref]? {
        guard at[k.rawValue] != 0 else { return [] }
        return SOPDecoder.refList(children[Int(at[k.rawValue])], &d)
    }
}
