import SOPSystem
import SOPDiagnostics
import Dispatch

/// Turns the YAML tree of one `<id>.sop.yaml` into an ``SOP``, reporting every shape problem.
package enum SOPDecoder {
    static let topKeys = ["sop", "name", "identity", "actors", "inputs", "outputs", "artefacts", "allow", "steps"]
    static let identityKeys = [
        "number", "created", "revised", "effective", "approved_by", "legal_basis", "qualifications", "equipment",
        "warnings", "records", "related",
    ]
    static let stepKeys = [
        "id", "activity", "actor", "actors", "needs", "time", "makes", "notes", "call", "next", "allow", "decision",
        "yes", "no",
    ]

    /// - Parameter predecoded: the steps already decoded one by one while the file was read (see
    ///   ``StreamingStepDecoder``), used when they cover every item of `steps:`.
    package static func decode(
        _ root: YAMLNode?, file: String, fileStem: String, predecoded: (steps: [Step], diagnostics: [Diagnostic], items: Int)? = nil
    ) -> (SOP, [Diagnostic]) {
        var d = NodeDecoder(file: file)
        var sop = SOP(file: file, fileStem: fileStem)
        guard let root else { return (sop, d.sink.diagnostics) }
        sop.rootSpan = root.span
        guard let top = d.mapping(root, "an SOP file", allowed: topKeys, required: ["sop", "name", "steps"]) else {
            return (sop, d.sink.diagnostics)
        }
        if let v = top["sop"]?.value, let ref = d.id(v, "SOP id") {
            sop.id = ref
            if ref.id != fileStem {
                d.sink.emit(
                    .sopIDMismatch, "'sop: \(ref.id)' differs from the file name '\(fileStem).sop.yaml'", at: ref.span,
                    help: Names.isValidID(fileStem)
                        ? "write 'sop: \(fileStem)', or rename the file to '\(ref.id).sop.yaml'"
                        : "rename the file to '\(ref.id).sop.yaml'")
            }
        }
        if let v = top["name"]?.value, let t = d.text(v, "'name'") { sop.name = t.value }
        if let v = top["identity"]?.value { sop.identity = identity(v, &d) }
        if let v = top["actors"]?.value {
            sop.actors = d.refList(v, "'actors'")
            sop.actorsSpan = v.span
        }
        if let v = top["inputs"]?.value { sop.inputs = d.refList(v, "'inputs'") }
        if let v = top["outputs"]?.value { sop.outputs = d.refList(v, "'outputs'") }
        if let v = top["artefacts"]?.value {
            for (key, value) in ProjectDecoder.items(v, "'artefacts'", &d) {
                guard let ref = d.id(key, "artefact"), let name = d.text(value, "the name of artefact '\(ref.id)'") else {
                    continue
                }
                sop.artefactIndex[ref.id] = sop.artefacts.count
                sop.artefacts.append(NamedItem(ref: ref, name: name.value))
            }
        }
        if let v = top["allow"]?.value { sop.allow = d.refList(v, "'allow'") }
        var clock = PhaseClock()
        if let v = top["steps"]?.value {
            clock.lap("    top")
            if v.kind == .sequence, v.children.isEmpty {
                d.sink.emit(.missingKey, "'steps' is empty; an SOP has at least one step", at: v.span)
            }
            if let predecoded, v.kind == .sequence, predecoded.items == v.children.count {
                sop.steps = predecoded.steps
                d.sink.append(contentsOf: predecoded.diagnostics)
            } else {
                sop.steps = steps(v, &d)
            }
            clock.lap("    steps")
            sop.stepIndex.reserveCapacity(sop.steps.count)
            for (i, s) in sop.steps.enumerated() where !s.ref.id.isEmpty {
                if let first = sop.stepIndex[s.ref.id] {
                    d.sink.emit(
                        .duplicateID, "step id '\(s.ref.id)' is used twice", at: s.ref.span,
                        notes: [DiagnosticNote("first used here", file: file, at: sop.steps[first].ref.span.start)],
                        help: "step ids are unique in an SOP, so that 'next', 'yes' and 'no' can name them; rename one")
                } else {
                    sop.stepIndex[s.ref.id] = i
                }
            }
        }
        clock.lap("    index")
        return (sop, d.sink.diagnostics)
    }

    /// The steps; a long list is decoded in parallel chunks (the tree is immutable), merged in order.
    static func steps(_ node: YAMLNode, _ d: inout NodeDecoder) -> [Step] {
        let chunk = 4096
        guard node.kind == .sequence, node.children.count > 2 * chunk else {
            if node.kind == .mapping {
                d.sink.emit(
                    .wrongType, "'steps' must be a sequence, found a mapping", at: node.span,
                    help: "write each step as a list item that starts with '- id: <step>'")
                return []
            }
            return d.list(node, "'steps'") { d, item in step(item, &d) }
        }
        let items = node.children
        let chunks = (items.count + chunk - 1) / chunk
        let slots = ResultSlots<([Step], [Diagnostic])>(count: chunks)
        let file = d.sink.file
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var local = NodeDecoder(file: file)
            var out: [Step] = []
            out.reserveCapacity(chunk)
            for i in (c * chunk)..<min(items.count, (c + 1) * chunk) {
                if let s = step(items[i], &local) { out.append(s) }
            }
            slots[c] = (out, local.sink.diagnostics)
        }
        var result: [Step] = []
        result.reserveCapacity(items.count)
        for c in 0..<chunks {
            result += slots[c]!.0
            d.sink.append(contentsOf: slots[c]!.1)
        }
        return result
    }

    static func identity(_ node: YAMLNode, _ d: inout NodeDecoder) -> Identity {
        var id = Identity()
        guard let m = d.mapping(node, "'identity'", allowed: identityKeys) else { return id }
        if let v = m["number"]?.value { id.number = d.text(v, "'number'")?.value }
        if let v = m["created"]?.value { id.created = d.date(v, "'created'") }
        if let v = m["revised"]?.value { id.revised = d.date(v, "'revised'") }
        if let v = m["effective"]?.value { id.effective = d.date(v, "'effective'") }
        if let v = m["approved_by"]?.value,
            let a = d.mapping(v, "'approved_by'", allowed: ["role", "name", "nip"], required: ["role"])
        {
            var approval = Approval()
            if let r = a["role"]?.value { approval.role = d.reference(r, "'approved_by.role'") }
            if let r = a["name"]?.value { approval.name = d.text(r, "'approved_by.name'")?.value }
            if let r = a["nip"]?.value { approval.nip = d.text(r, "'approved_by.nip'")?.value }
            id.approvedBy = approval
        }
        if let v = m["legal_basis"]?.value { id.legalBasis = d.textList(v, "'legal_basis'") }
        if let v = m["qualifications"]?.value { id.qualifications = d.textList(v, "'qualifications'") }
        if let v = m["equipment"]?.value { id.equipment = d.list(v, "'equipment'") { $0.text($1, "an entry of 'equipment'") } }
        if let v = m["warnings"]?.value { id.warnings = d.textList(v, "'warnings'") }
        if let v = m["records"]?.value { id.records = d.textList(v, "'records'") }
        if let v = m["related"]?.value { id.related = d.refList(v, "'related'") }
        return id
    }

    static func step(_ node: YAMLNode, _ d: inout NodeDecoder) -> Step? {
        // Name the step in messages about its keys when its id can be read.
        let peeked = node.pairs.first { $0.key.text == "id" && $0.value.kind == .scalar && !$0.value.isNull }?.value
        let label = peeked.map { "step '\($0.text)'" } ?? "a step"
        guard let m = d.mapping(node, label, allowed: stepKeys, required: ["id", "activity"], missingAt: peeked?.span)
        else { return nil }
        var ref: Ref
        if let v = m["id"]?.value, let r = d.id(v, "step id", reserveEnd: true) {
            ref = r
        } else {
            // Without a readable id the step still counts, so that following steps keep their places.
            ref = Ref("", SourceSpan(at: node.span.start))
        }
        let what = ref.id.isEmpty ? "the step" : "step '\(ref.id)'"
        let step = Step(ref: ref, span: node.span)
        if let v = m["activity"]?.value, let t = d.text(v, "the activity of \(what)") { step.activity = t.value }
        switch (m["actor"], m["actors"]) {
        case let (one?, many?):
            d.sink.emit(
                .duplicateKey, "\(what) has both 'actor' and 'actors'", at: many.key.span,
                notes: [DiagnosticNote("'actor' is here", file: d.sink.file, at: one.key.span.start)],
                help: "keep one: 'actor: x' for one actor, 'actors: [x, y]' for several")
            if let r = d.reference(one.value, "the actor of \(what)") { step.actors = [r] }
        case let (one?, nil) where one.value.kind == .sequence:
            // `actor: [a, b]`: the author meant `actors:`; read it so, after saying so.
            d.sink.emit(
                .wrongType, "'actor' names one role, found a sequence", at: one.value.span,
                help: "for several actors write 'actors:' instead of 'actor:'")
            step.actors = d.refList(one.value, "the actors of \(what)")
        case let (one?, nil):
            if let r = d.reference(one.value, "the actor of \(what)") { step.actors = [r] }
        case let (nil, many?):
            step.actors = d.refList(many.value, "the actors of \(what)")
            if step.actors.isEmpty, many.value.kind == .sequence {
                d.sink.emit(.missingKey, "\(what) lists no actor", at: many.value.span)
            }
        case (nil, nil):
            d.sink.emit(
                .missingKey, "\(what) has no 'actor'", at: ref.id.isEmpty ? SourceSpan(at: node.span.start) : ref.span,
                help: "say who does it: 'actor: <role>' or 'actors: [<role>, ...]'")
        }
        if let v = m["needs"]?.value { step.needs = d.refList(v, "the needs of \(what)") }
        if let v = m["makes"]?.value { step.makes = d.refList(v, "the makes of \(what)") }
        if let v = m["time"]?.value, let t = d.text(v, "the time of \(what)") {
            step.time = TimeField(text: t, duration: StepDuration(parsing: t.value))
        }
        if let v = m["notes"]?.value, let t = d.text(v, "the notes of \(what)") { step.notes = t.value }
        if let v = m["call"]?.value { step.call = d.reference(v, "the call of \(what)") }
        if let v = m["allow"]?.value { step.allow = d.refList(v, "the allow list of \(what)") }
        if let v = m["decision"]?.value { step.decision = d.text(v, "the question of \(what)") }
        let isDecision = m["decision"] != nil
        if let v = m["next"] {
            if isDecision {
                let target = v.value.kind == .scalar && !v.value.isNull ? v.value.text : nil
                d.sink.emit(
                    .unknownKey, "'next' is not allowed on a decision", at: v.key.span,
                    help: m["yes"] == nil && target != nil
                        ? "write 'yes: \(target!)': a decision goes on with 'yes:' and 'no:'"
                        : "a decision goes on with 'yes:' (default: the following step) and 'no:'")
                // Read as the 'yes' branch it most likely means, so that the flow checks see the intended flow.
                if m["yes"] == nil, target != nil { step.yes = Ref(v.value.text, v.value.span) }
            } else {
                step.next = d.reference(v.value, "the next step of \(what)")
            }
        }
        for key in ["yes", "no"] {
            guard let v = m[key] else { continue }
            if !isDecision {
                d.sink.emit(
                    .unknownKey, "'\(key)' is only allowed on a decision", at: v.key.span,
                    help: "add 'decision: <question>?' to make the step a decision, or use 'next:'")
                continue
            }
            let target = d.reference(v.value, "the '\(key)' branch of \(what)")
            if key == "yes" { step.yes = target } else { step.no = target }
        }
        if isDecision, m["no"] == nil {
            d.sink.emit(
                .missingKey, "decision \(what) has no 'no' branch", at: m["decision"]!.key.span,
                help: "add 'no: <step>' (for a correction loop, the step that corrects)")
        }
        return step
    }
}

/// Decodes the steps of a long SOP on other cores while the reader is still reading the file: the reader
/// hands over each finished item of `steps:`, chunks go to a concurrent queue, and the results come back in
/// order. Decoding a step needs nothing but its own node, so the result is the same as decoding afterwards.
package final class StreamingStepDecoder: @unchecked Sendable {
    private let file: String
    private let group = DispatchGroup()
    private let queue = DispatchQueue(label: "sopc.steps", attributes: .concurrent)
    private var pending: [YAMLNode] = []
    private var chunks: [Int] = []
    private let results: ResultSlots<([Step], [Diagnostic])>
    private var items = 0
    static let chunkSize = 1024
    static let maxChunks = 4096

    package init(file: String) {
        self.file = file
        results = ResultSlots(count: StreamingStepDecoder.maxChunks)
    }

    /// Called by the reader (on its thread) for each finished step item.
    package func add(_ node: YAMLNode) {
        items += 1
        pending.append(node)
        if pending.count == StreamingStepDecoder.chunkSize { flush() }
    }

    private func flush() {
        guard !pending.isEmpty else { return }
        let index = chunks.count
        chunks.append(index)
        let nodes = pending
        pending = []
        pending.reserveCapacity(StreamingStepDecoder.chunkSize)
        guard index < StreamingStepDecoder.maxChunks else { return }
        let file = self.file
        let results = self.results
        queue.async(group: group) {
            var d = NodeDecoder(file: file)
            var out: [Step] = []
            out.reserveCapacity(nodes.count)
            for node in nodes { if let s = SOPDecoder.step(node, &d) { out.append(s) } }
            results[index] = (out, d.sink.diagnostics)
        }
    }

    /// Waits for every chunk; nil when the list was too long to stream (then it is decoded afterwards).
    package func finish() -> (steps: [Step], diagnostics: [Diagnostic], items: Int)? {
        flush()
        group.wait()
        guard chunks.count <= StreamingStepDecoder.maxChunks else { return nil }
        var steps: [Step] = []
        steps.reserveCapacity(items)
        var diagnostics: [Diagnostic] = []
        for c in chunks.indices {
            guard let r = results[c] else { return nil }
            steps += r.0
            diagnostics += r.1
        }
        return (steps, diagnostics, items)
    }
}
