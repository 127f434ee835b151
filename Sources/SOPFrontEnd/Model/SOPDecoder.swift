import Dispatch
import SOPDiagnostics
import SOPSystem

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
        _ root: YAMLNode?, file: String, fileStem: String,
        predecoded: (steps: [Step], diagnostics: [Diagnostic], items: Int)? = nil
    ) -> (SOP, [Diagnostic]) {
        var d = NodeDecoder(file: file)
        var sop = SOP(file: file, fileStem: fileStem)
        guard let root else { return (sop, d.sink.diagnostics) }
        sop.rootSpan = root.span
        guard let top = d.mapping(root, .subjectSOPFile, allowed: topKeys, required: ["sop", "name", "steps"]) else {
            return (sop, d.sink.diagnostics)
        }
        if let v = top["sop"]?.value, let ref = d.id(v, .subjectSOPID) {
            sop.id = ref
            if ref.id != fileStem {
                d.sink.emit(
                    .sopIDMismatch, .sopIDMismatch(ref.id, fileStem: fileStem), at: ref.span,
                    help: Names.isValidID(fileStem) ? .writeSOPOrRename(fileStem: fileStem, id: ref.id) : .renameFile(ref.id))
            }
        }
        if let v = top["name"]?.value, !d.isMarker(v, .todoValue(key: "name")), let t = d.text(v, .subjectKey("name")) {
            sop.name = t.value
        }
        if let v = top["identity"]?.value { sop.identity = identity(v, &d) }
        if let v = top["actors"]?.value {
            sop.actors = d.refList(v, .subjectKey("actors"))
            sop.actorsSpan = v.span
        }
        if let v = top["inputs"]?.value { sop.inputs = d.refList(v, .subjectKey("inputs")) }
        if let v = top["outputs"]?.value { sop.outputs = d.refList(v, .subjectKey("outputs")) }
        if let v = top["artefacts"]?.value {
            for (key, value) in ProjectDecoder.items(v, .subjectKey("artefacts"), &d) {
                guard let ref = d.id(key, .subjectArtefact), let name = d.text(value, .subjectNameOfArtefact(ref.id)) else {
                    continue
                }
                sop.artefactIndex[ref.id] = sop.artefacts.count
                sop.artefacts.append(NamedItem(ref: ref, name: name.value))
            }
        }
        if let v = top["allow"]?.value { sop.allow = d.refList(v, .subjectKey("allow")) }
        var clock = PhaseClock()
        if let v = top["steps"]?.value {
            clock.lap("    top")
            if v.kind == .sequence, v.children.isEmpty {
                d.sink.emit(.missingKey, .noSteps, at: v.span)
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
                        .duplicateID, .stepIDTwice(s.ref.id), at: s.ref.span,
                        notes: [DiagnosticNote(.firstUsedHere, file: file, at: sop.steps[first].ref.span.start)],
                        help: .stepIDsUnique)
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
                    .wrongType, .stepsMustBeSequence, at: node.span, help: .writeStepsAsList)
                return []
            }
            return d.list(node, .subjectKey("steps")) { d, item in step(item, &d) }
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
        guard let m = d.mapping(node, .subjectKey("identity"), allowed: identityKeys) else { return id }
        if let v = m["number"]?.value { id.number = d.text(v, .subjectKey("number"))?.value }
        if let v = m["created"]?.value { id.created = d.date(v, .subjectKey("created")) }
        if let v = m["revised"]?.value { id.revised = d.date(v, .subjectKey("revised")) }
        if let v = m["effective"]?.value { id.effective = d.date(v, .subjectKey("effective")) }
        if let v = m["approved_by"]?.value,
            let a = d.mapping(v, .subjectKey("approved_by"), allowed: ["role", "name", "nip"], required: ["role"])
        {
            var approval = Approval()
            if let r = a["role"]?.value, !d.isMarker(r, .todoValue(key: "approved_by.role")) {
                approval.role = d.reference(r, .subjectKey("approved_by.role"))
            }
            if let r = a["name"]?.value { approval.name = d.text(r, .subjectKey("approved_by.name"))?.value }
            if let r = a["nip"]?.value { approval.nip = d.text(r, .subjectKey("approved_by.nip"))?.value }
            id.approvedBy = approval
        }
        if let v = m["legal_basis"]?.value { id.legalBasis = d.textList(v, .subjectKey("legal_basis")) }
        if let v = m["qualifications"]?.value { id.qualifications = d.textList(v, .subjectKey("qualifications")) }
        if let v = m["equipment"]?.value {
            id.equipment = d.list(v, .subjectKey("equipment")) { $0.text($1, .subjectEntry(of: .subjectKey("equipment"))) }
        }
        if let v = m["warnings"]?.value { id.warnings = d.textList(v, .subjectKey("warnings")) }
        if let v = m["records"]?.value { id.records = d.textList(v, .subjectKey("records")) }
        if let v = m["related"]?.value { id.related = d.refList(v, .subjectKey("related")) }
        return id
    }

    static func step(_ node: YAMLNode, _ d: inout NodeDecoder) -> Step? {
        // Name the step in messages about its keys when its id can be read.
        let peeked = node.pairs.first { $0.key.text == "id" && $0.value.kind == .scalar && !$0.value.isNull }?.value
        let label = peeked.map { Message.subjectStepNamed($0.text) } ?? .subjectAStep
        guard let m = d.mapping(node, label, allowed: stepKeys, required: ["id", "activity"], missingAt: peeked?.span)
        else { return nil }
        var ref: Ref
        if let v = m["id"]?.value, let r = d.id(v, .subjectStepID, reserveEnd: true) {
            ref = r
        } else {
            // Without a readable id the step still counts, so that following steps keep their places.
            ref = Ref("", SourceSpan(at: node.span.start))
        }
        let what = ref.id.isEmpty ? Message.subjectTheStep : .subjectStepNamed(ref.id)
        func part(_ p: Message.StepPart) -> Message { .subjectStepPart(p, of: what) }
        let step = Step(ref: ref, span: node.span)
        if let v = m["activity"]?.value, let t = d.text(v, part(.activity)) { step.activity = t.value }
        actors(m, of: step, what, at: ref.id.isEmpty ? SourceSpan(at: node.span.start) : ref.span, &d)
        if let v = m["needs"]?.value { step.needs = d.refList(v, part(.needs)) }
        if let v = m["makes"]?.value { step.makes = d.refList(v, part(.makes)) }
        if let v = m["time"]?.value, let t = d.text(v, part(.time)) {
            step.time = TimeField(text: t, duration: StepDuration(parsing: t.value))
        }
        if let v = m["notes"]?.value, let t = d.text(v, part(.notes)) { step.notes = t.value }
        if let v = m["call"]?.value { step.call = d.reference(v, part(.call)) }
        if let v = m["allow"]?.value { step.allow = d.refList(v, part(.allowList)) }
        if let v = m["decision"]?.value {
            step.decision =
                d.isMarker(v, .todoQuestion(step: ref.id)) ? Text(value: "", span: v.span) : d.text(v, part(.question))
        }
        flow(m, of: step, what, &d)
        return step
    }

    /// `actor:` or `actors:`; `missingAt` is where a step without either is reported.
    static func actors(_ m: KeyedPairs, of step: Step, _ what: Message, at missingAt: SourceSpan, _ d: inout NodeDecoder) {
        func part(_ p: Message.StepPart) -> Message { .subjectStepPart(p, of: what) }
        switch (m["actor"], m["actors"]) {
        case (let one?, let many?):
            d.sink.emit(
                .duplicateKey, .actorAndActors(what), at: many.key.span,
                notes: [DiagnosticNote(.actorIsHere, file: d.sink.file, at: one.key.span.start)],
                help: .keepOneActorKey)
            if let r = d.reference(one.value, part(.actor)) { step.actors = [r] }
        case (let one?, nil) where one.value.kind == .sequence:
            // `actor: [a, b]`: the author meant `actors:`; read it so, after saying so.
            d.sink.emit(.wrongType, .actorIsOneRole, at: one.value.span, help: .useActorsKey)
            step.actors = d.refList(one.value, part(.actors))
        case (let one?, nil):
            if d.isMarker(one.value, .todoActor(step: step.ref.id)) { break }
            if let r = d.reference(one.value, part(.actor)) { step.actors = [r] }
        case (nil, let many?):
            step.actors = d.refList(many.value, part(.actors))
            if step.actors.isEmpty, many.value.kind == .sequence {
                d.sink.emit(.missingKey, .listsNoActor(what), at: many.value.span)
            }
        case (nil, nil):
            d.sink.emit(.missingKey, .noKey(what, key: "actor"), at: missingAt, help: .sayWhoDoesIt)
        }
    }

    /// `next:`, or a decision's `yes:` and `no:`.
    static func flow(_ m: KeyedPairs, of step: Step, _ what: Message, _ d: inout NodeDecoder) {
        let isDecision = m["decision"] != nil
        if let v = m["next"] {
            if isDecision {
                let target = v.value.kind == .scalar && !v.value.isNull ? v.value.text : nil
                d.sink.emit(
                    .unknownKey, .nextOnDecision, at: v.key.span,
                    help: m["yes"] == nil && target != nil ? .writeYes(target!) : .decisionGoesOn)
                // Read as the 'yes' branch it most likely means, so that the flow checks see the intended flow.
                if m["yes"] == nil, target != nil { step.yes = Ref(v.value.text, v.value.span) }
            } else {
                step.next = d.reference(v.value, .subjectStepPart(.nextStep, of: what))
            }
        }
        for key in ["yes", "no"] {
            guard let v = m[key] else { continue }
            if !isDecision {
                d.sink.emit(.unknownKey, .onlyOnDecision(key), at: v.key.span, help: .makeItADecision)
                continue
            }
            if d.isMarker(v.value, .todoBranch(step: step.ref.id, branch: key)) { continue }
            let target = d.reference(v.value, .subjectStepPart(.branch(key), of: what))
            if key == "yes" { step.yes = target } else { step.no = target }
        }
        if isDecision, m["no"] == nil {
            d.sink.emit(.missingKey, .noNoBranch(what), at: m["decision"]!.key.span, help: .addNoBranch)
        }
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
