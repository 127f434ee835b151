import Dispatch
import SOPDiagnostics
import SOPFont
import SOPSystem
import Synchronization

/// Turns the YAML tree of one `<id>.sop.yaml` into an ``SOP``, reporting every shape problem.
package enum SOPDecoder {
    static let topKeys = ["sop", "name", "identity", "actors", "inputs", "outputs", "deadline", "artefacts", "allow", "steps"]
    static let identityKeys = [
        "number", "created", "revised", "effective", "approved_by", "legal_basis", "qualifications", "equipment",
        "warnings", "records", "related",
    ]
    /// The keys of a step, in the order of ``stepKeys``: a step's mapping is read by slot (``KeyedPairs``'s
    /// `value(_:)` with a slot), not by searching the keys for a name each time.
    enum StepKey: Int, CaseIterable {
        case id, activity, actor, actors, needs, time, makes, notes, call, next, allow, decision, yes, no
        /// `ya:` and `tidak:` are the form's own words for a decision's branches, accepted as `yes:` and `no:`.
        case ya, tidak

        /// The key as written. Spelled out: `String(describing:)` asks the runtime which protocols the
        /// enum conforms to, a search of every conformance record in the binary, at the first step read.
        var name: String { Self.names[rawValue] }

        static let names = [
            "id", "activity", "actor", "actors", "needs", "time", "makes", "notes", "call", "next", "allow", "decision",
            "yes", "no", "ya", "tidak",
        ]
    }
    /// The keys of a step as the "allowed here" note lists them.
    static let listedStepKeys = StepKey.allCases.filter { $0 != .ya && $0 != .tidak }.map(\.name)
    static let stepKeys = StepKey.allCases.map(\.name)
    static let requiredStepKeys = ["id", "activity"]
    /// The keys a step is reported without (a group: when none of them is there).
    static let wantedOnProcess = [["actor", "actors"], ["time"]]
    static let wantedOnDecision = [["actor", "actors"], ["no", "tidak"], ["time"]]
    /// The keys an unknown key on a decision / a process step may be taken for.
    static let decisionKeys = stepKeys.filter { $0 != "next" }
    static let processKeys = stepKeys.filter { !["yes", "no", "ya", "tidak"].contains($0) }

    /// Where a key that belongs to another place is written (nil: not such a key).
    static func topElsewhere(_ key: String) -> Message? {
        identityKeys.contains(key) ? .writeUnderIdentity(key) : nil
    }

    /// - Parameter predecoded: the steps already decoded one by one while the file was read (see
    ///   ``StreamingStepDecoder``), used when they cover every item of `steps:`.
    /// - Parameter ids: the ids the references share (``SharedIDs``): those of the steps read from their
    ///   events.
    package static func decode(
        _ root: YAMLNode?, file: String, fileStem: String,
        predecoded: (steps: [Step], diagnostics: [Diagnostic], items: Int)? = nil, sharing ids: SharedIDs? = nil
    ) -> (SOP, [Diagnostic]) {
        var d = NodeDecoder(file: file, sharing: ids?.ids ?? IDIndex())
        var sop = SOP(file: file, fileStem: fileStem)
        guard let root else { return (sop, d.sink.diagnostics) }
        sop.rootSpan = root.span
        guard
            let top = d.mapping(
                root, .subjectSOPFile, allowed: topKeys, required: ["sop", "name", "steps"], elsewhere: topElsewhere)
        else {
            sop.unreadable = .all
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
        if let v = top["name"]?.value, !d.isMarker(v, .todoValue(key: "name")), let t = d.printedText(v, .subjectKey("name")) {
            sop.name = t.value
        }
        if let v = top["identity"]?.value { sop.identity = identity(v, &d) }
        if let v = top["actors"]?.value {
            // A column list that cannot be read is no list: the steps' actors are not checked against it.
            let actors = d.refList(v, .subjectKey("actors"))
            if NodeDecoder.isRefList(v) {
                sop.actors = actors
                sop.actorsSpan = v.span
            } else {
                sop.unreadable.insert(.actors)
            }
        }
        if let v = top["inputs"]?.value {
            sop.inputs = d.refList(v, .subjectKey("inputs"))
            if !NodeDecoder.isRefList(v) { sop.unreadable.insert(.inputs) }
        }
        if let v = top["outputs"]?.value {
            sop.outputs = d.refList(v, .subjectKey("outputs"))
            if !NodeDecoder.isRefList(v) { sop.unreadable.insert(.outputs) }
        }
        if let v = top["deadline"]?.value, let t = d.text(v, .subjectKey("deadline")) {
            sop.deadline = TimeField(text: t, duration: StepDuration(parsing: t.value))
        }
        if let v = top["artefacts"]?.value {
            if !v.isNull, v.kind != .mapping { sop.unreadable.insert(.artefacts) }
            for (key, value) in ProjectDecoder.items(v, .subjectKey("artefacts"), &d) {
                guard let ref = d.id(key, .subjectArtefact) else {
                    sop.unreadable.insert(.artefacts)
                    continue
                }
                // Defined even when its name cannot be read, so that its uses are not unknown on top.
                let name = d.printedText(value, .subjectNameOfArtefact(ref.id))?.value ?? ref.id
                sop.artefactIndex[ref.id] = sop.artefacts.count
                sop.artefacts.append(NamedItem(ref: ref, name: name))
            }
        }
        if let v = top["allow"]?.value { sop.allow = d.refList(v, .subjectKey("allow")) }
        var clock = PhaseClock()
        if let v = top["steps"]?.value {
            clock.lap("    top")
            // `steps:` with nothing after it is no steps at all (SPEC §1.2: at least one).
            if (v.kind == .sequence && v.itemCount == 0) || v.isNull {
                d.sink.emit(.missingKey, .noSteps, at: v.isNull ? top["steps"]!.key.span : v.span)
            }
            if v.kind != .sequence || v.itemCount == 0 { sop.unreadable.insert(.steps) }
            if v.kind == .sequence, v.itemCount > YAMLLimits.maxSteps {
                // Not one of them is checked: an SOP this long is a generated or damaged file.
                d.sink.emit(
                    .tooLarge, .tooManySteps(count: v.itemCount, limit: YAMLLimits.maxSteps), at: top["steps"]!.key.span,
                    help: .splitIntoCallingSOPs)
                sop.unreadable.insert(.steps)
            } else if let predecoded, v.kind == .sequence, predecoded.items == v.itemCount {
                sop.steps = predecoded.steps
                d.sink.append(contentsOf: predecoded.diagnostics)
            } else {
                sop.steps = steps(v, &d)
            }
            clock.lap("    steps")
            let steps = sop.steps
            sop.stepIndex = StepIndex(steps) { i, first in
                d.sink.emit(
                    .duplicateID, .stepIDTwice(steps[i].ref.id), at: steps[i].ref.span,
                    notes: [DiagnosticNote(.firstUsedHere, file: file, at: steps[first].ref.span.start)],
                    help: .stepIDsUnique)
            }
        }
        // Without steps (missing-key), nothing in the SOP is "unused": the steps that use it are not there.
        if top["steps"] == nil { sop.unreadable.insert(.steps) }
        clock.lap("    index")
        return (sop, allowed(d.sink.diagnostics, in: sop))
    }

    /// The decoder's one warning, `unprintable-text`, silenced by the SOP's `allow:` or by that of the step
    /// it is in (as the checks' warnings are, AllowCheck in SOPChecks).
    static func allowed(_ diagnostics: [Diagnostic], in sop: SOP) -> [Diagnostic] {
        let id = CheckID.unprintableText.rawValue
        guard diagnostics.contains(where: { $0.id == .unprintableText }) else { return diagnostics }
        if sop.allow.contains(where: { $0.id == id }) { return diagnostics.filter { $0.id != .unprintableText } }
        let silenced = sop.steps.filter { $0.allow.contains { $0.id == id } }.map(\.span)
        return diagnostics.filter { d in
            d.id != .unprintableText || !silenced.contains { $0.start <= d.span.start && d.span.start < $0.end }
        }
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
        Cores.perform(iterations: chunks) { c in
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
        if let v = m.value("number") { id.number = d.printedText(v, .subjectKey("number"))?.value }
        if let v = m.value("created") { id.created = d.date(v, .subjectKey("created")) }
        if let v = m.value("revised") { id.revised = d.date(v, .subjectKey("revised")) }
        if let v = m.value("effective") { id.effective = d.date(v, .subjectKey("effective")) }
        if let v = m.value("approved_by"),
            let a = d.mapping(v, .subjectKey("approved_by"), allowed: ["role", "name", "nip"], required: ["role"])
        {
            var approval = Approval()
            if let r = a["role"]?.value, !d.isMarker(r, .todoValue(key: "approved_by.role")) {
                approval.role = d.reference(r, .subjectKey("approved_by.role"))
            }
            if let r = a["name"]?.value { approval.name = d.printedText(r, .subjectKey("approved_by.name"))?.value }
            if let r = a["nip"]?.value { approval.nip = d.printedText(r, .subjectKey("approved_by.nip"))?.value }
            id.approvedBy = approval
        }
        if let v = m.value("legal_basis") { id.legalBasis = d.printedTextList(v, .subjectKey("legal_basis")) }
        if let v = m.value("qualifications") { id.qualifications = d.printedTextList(v, .subjectKey("qualifications")) }
        if let v = m.value("equipment") {
            id.equipment = d.list(v, .subjectKey("equipment")) { $0.printed($1, .subjectEntry(of: .subjectKey("equipment"))) }
        }
        if let v = m.value("warnings") { id.warnings = d.printedTextList(v, .subjectKey("warnings")) }
        if let v = m.value("records") { id.records = d.printedTextList(v, .subjectKey("records")) }
        if let v = m.value("related") { id.related = d.refList(v, .subjectKey("related")) }
        return id
    }

    static func step(_ node: YAMLNode, _ d: inout NodeDecoder) -> Step? {
        plainStep(node, &d) ?? anyStep(node, &d)
    }

    /// A step as ``anyStep(_:_:)`` reads it, for a step it would report nothing about, read in one pass
    /// over its keys; nil, having reported nothing and changed nothing that shows, for any other step (then
    /// ``anyStep(_:_:)`` reads it, reporting what it finds). A step is plain when each of its keys is one of
    /// ``stepKeys``, written once (``NodeStepValues``), and its values pass ``plainStep(_:span:_:)``.
    static func plainStep(_ node: YAMLNode, _ d: inout NodeDecoder) -> Step? {
        guard let values = NodeStepValues(node) else { return nil }
        return plainStep(values, span: node.span, &d)
    }

    /// The plain step whose keys — each a step key, written once — hold `v`, spanning `span`; nil for a step
    /// that is not plain. Plain: it has `id`, `activity`, `actor` or `actors` (not both), `time`, and on a
    /// decision `no` or `tidak`; `next` only on a process step, a branch only on a decision, and each value
    /// is what its key asks for with nothing that the checks of the general reading would report: an id
    /// of the id pattern other than `end`, texts the form's font prints without a comment after them on
    /// their line, references as non-null scalars, lists of them, no `?` marker. The same rules whether
    /// the values come from the tree (``NodeStepValues``) or straight from libyaml's events
    /// (``EventStepValues``).
    static func plainStep<V: PlainStepValues>(_ v: V, span: SourceSpan, _ d: inout NodeDecoder) -> Step? {
        let isDecision = v.has(.decision)
        let hasYes = v.has(.yes) || v.has(.ya)
        let hasNo = v.has(.no) || v.has(.tidak)
        guard v.has(.time), v.has(.actor) != v.has(.actors),
            isDecision
                ? !v.has(.next) && hasNo && !(v.has(.yes) && v.has(.ya)) && !(v.has(.no) && v.has(.tidak))
                : !hasYes && !hasNo,
            let id = v.scalar(.id), Names.isValidID(id.text), id.text != "end",
            let activity = printedText(.activity), let time = printed(.time)
        else { return nil }
        // Every value is read before the step is made.
        var actors: [Ref] = []
        if v.has(.actor) {
            guard let r = reference(.actor), r.id != "?" else { return nil }
            actors = [r]
        } else {
            guard let list = v.refs(.actors, &d), !list.isEmpty else { return nil }
            actors = list
        }
        guard let needs = v.refs(.needs, &d), let makes = v.refs(.makes, &d), let allow = v.refs(.allow, &d) else {
            return nil
        }
        var notes: String?
        if v.has(.notes) {
            guard let t = printedText(.notes) else { return nil }
            notes = t.text
        }
        var call: Ref?
        if v.has(.call) {
            guard let r = reference(.call) else { return nil }
            call = r
        }
        var question: Text?
        if v.has(.decision) {
            guard let t = printedText(.decision), t.text != "?" else { return nil }
            question = Text(value: t.text, span: t.span)
        }
        var next: Ref?
        if v.has(.next) {
            guard let r = reference(.next) else { return nil }
            next = r
        }
        var yes: (ref: Ref, key: String)?
        var no: (ref: Ref, key: String)?
        for k in [StepKey.yes, .ya, .no, .tidak] where v.has(k) {
            guard let r = reference(k), r.id != "?" else { return nil }
            if k == .yes || k == .ya { yes = (r, k.name) } else { no = (r, k.name) }
        }
        // Made as the general reading makes it, field by field in its order.
        let step = Step(ref: Ref(id.text, id.span), span: span)
        step.activity = activity.text
        step.actors = actors
        step.needs = needs
        step.makes = makes
        step.time = TimeField(text: Text(value: time.text, span: time.span), duration: StepDuration(parsing: time.text))
        if let notes { step.notes = notes }
        if let call { step.call = call }
        step.allow = allow
        if let question { step.decision = question }
        if let next { step.next = next }
        if let yes {
            step.yes = yes.ref
            step.yesKey = yes.key
        }
        if let no {
            step.no = no.ref
            step.noKey = no.key
        }
        return step

        /// ``NodeDecoder/printed(_:_:)`` with nothing to report.
        func printed(_ k: StepKey) -> PlainScalar? {
            guard let s = v.scalar(k), FormFont.unprintable(in: s.text).isEmpty else { return nil }
            return s
        }
        /// ``NodeDecoder/printedText(_:_:)`` with nothing to report: no comment after the text on its line.
        func printedText(_ k: StepKey) -> PlainScalar? {
            guard let s = printed(k), !s.comment else { return nil }
            return s
        }
        func reference(_ k: StepKey) -> Ref? { v.scalar(k).map { Ref(d.shared($0.text), $0.span) } }
    }

    /// ``NodeDecoder/refList(_:_:)`` with nothing to report: a list, empty or of non-null scalars.
    static func refList(_ v: YAMLNode, _ d: inout NodeDecoder) -> [Ref]? {
        guard v.kind == .sequence else { return nil }
        var refs: [Ref] = []
        refs.reserveCapacity(v.children.count)
        for item in v.children {
            guard item.kind == .scalar, !item.isNull else { return nil }
            refs.append(Ref(d.shared(item.text), item.span))
        }
        return refs
    }

    /// The step key `text` is, written exactly so.
    static func stepKey(_ text: String) -> StepKey? {
        KeyedPairs.position(of: text, in: stepKeys).flatMap(StepKey.init(rawValue:))
    }

    /// Any step, in whatever shape: every problem of it reported.
    static func anyStep(_ node: YAMLNode, _ d: inout NodeDecoder) -> Step? {
        // Name the step in messages about its keys when its id can be read.
        let peeked = firstValue(of: "id", in: node) { $0.kind == .scalar && !$0.isNull }
        let label = peeked.map { Message.subjectStepNamed($0.text) } ?? .subjectAStep
        // Whether the step is a decision, before its keys are read: an unknown key is only taken for a key
        // that is valid on this kind of step.
        let isDecision = isDecisionMapping(node)
        guard
            let m = d.mapping(
                node, label, allowed: stepKeys, required: requiredStepKeys, missingAt: peeked?.span,
                suggest: isDecision ? decisionKeys : processKeys,
                elsewhere: { key in
                    if isDecision { return key == "next" ? .decisionGoesOn : nil }
                    return key == "yes" || key == "no" ? .makeItADecision : nil
                }, listed: listedStepKeys,
                wanted: isDecision ? wantedOnDecision : wantedOnProcess)
        else {
            // An item that is no mapping is still a step of the list (reported as wrong-type): it keeps the
            // following steps in their places, and everything about it is unknown, not absent — its id
            // (which a target may name), where it goes, what it needs and makes, who does it, its time.
            let unknown = Step(ref: Ref("", SourceSpan(at: node.span.start)), span: node.span)
            unknown.unreadable = [.id, .next, .needs, .makes, .time, .call, .actors]
            return unknown
        }
        var ref: Ref
        var idUnreadable = false
        if let v = m.value(StepKey.id), let r = d.id(v, .subjectStepID, reserveEnd: true) {
            ref = r
        } else {
            // Without a readable id the step still counts, so that following steps keep their places.
            ref = Ref("", SourceSpan(at: node.span.start))
            idUnreadable = m.has(StepKey.id)
        }
        let what = ref.id.isEmpty ? Message.subjectTheStep : .subjectStepNamed(ref.id)
        func part(_ p: Message.StepPart) -> Message { .subjectStepPart(p, of: what) }
        let step = Step(ref: ref, span: node.span)
        if idUnreadable { step.unreadable.insert(.id) }
        if let v = m.value(StepKey.activity), let t = d.printedText(v, part(.activity)) { step.activity = t.value }
        actors(m, of: step, what, at: ref.id.isEmpty ? SourceSpan(at: node.span.start) : ref.span, &d)
        if let v = m.value(StepKey.needs) {
            step.needs = d.refList(v, part(.needs))
            if !NodeDecoder.isRefList(v) { step.unreadable.insert(.needs) }
        }
        if let v = m.value(StepKey.makes) {
            step.makes = d.refList(v, part(.makes))
            if !NodeDecoder.isRefList(v) { step.unreadable.insert(.makes) }
        }
        // A step with a key that means nothing known may have written its time so: not "missing" then.
        if m.standIns.contains("time") { step.unreadable.insert(.time) }
        if let v = m.value(StepKey.time) {
            if let t = d.printed(v, part(.time)) {
                step.time = TimeField(text: t, duration: StepDuration(parsing: t.value))
            } else {
                step.unreadable.insert(.time)
            }
        }
        if let v = m.value(StepKey.notes), let t = d.printedText(v, part(.notes)) { step.notes = t.value }
        if let v = m.value(StepKey.call) {
            step.call = d.reference(v, part(.call))
            if step.call == nil { step.unreadable.insert(.call) }
        }
        if let v = m.value(StepKey.allow) { step.allow = d.refList(v, part(.allowList)) }
        if let v = m.value(StepKey.decision) {
            // A question that cannot be read still makes the step a decision: its branches are read as such.
            step.decision =
                d.isMarker(v, .todoQuestion(step: ref.id))
                ? Text(value: "", span: v.span) : (d.printedText(v, part(.question)) ?? Text(value: "", span: v.span))
        }
        flow(m, of: step, what, &d)
        return step
    }

    /// The value of the first pair of a mapping whose key reads `key` and whose value is `wanted`, found in
    /// place (no array of the pairs).
    static func firstValue(of key: String, in node: YAMLNode, where wanted: (YAMLNode) -> Bool) -> YAMLNode? {
        guard node.kind == .mapping else { return nil }
        var i = 0
        while i + 1 < node.children.count {
            if node.children[i].text == key, wanted(node.children[i + 1]) { return node.children[i + 1] }
            i += 2
        }
        return nil
    }

    /// `actor:` or `actors:`; `missingAt` is where a step without either is reported.
    static func actors(_ m: KeyedPairs, of step: Step, _ what: Message, at missingAt: SourceSpan, _ d: inout NodeDecoder) {
        func part(_ p: Message.StepPart) -> Message { .subjectStepPart(p, of: what) }
        switch (m[StepKey.actor], m[StepKey.actors]) {
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
            if d.isMarker(one.value, .todoActor(step: step.ref.id)) {
                step.unreadable.insert(.actors)
                break
            }
            if let r = d.reference(one.value, part(.actor)) { step.actors = [r] } else { step.unreadable.insert(.actors) }
        case (nil, let many?):
            step.actors = d.refList(many.value, part(.actors))
            if !NodeDecoder.isRefList(many.value) { step.unreadable.insert(.actors) }
            if step.actors.isEmpty, many.value.kind == .sequence {
                d.sink.emit(.missingKey, .listsNoActor(what), at: many.value.span)
            }
        case (nil, nil):
            if m.standIns.contains("actor") {
                step.unreadable.insert(.actors)
            } else {
                d.sink.emit(.missingKey, .noKey(what, key: "actor"), at: missingAt, help: .sayWhoDoesIt)
            }
        }
    }

    /// Whether a step mapping is a decision: it has `decision:`, or a key taken for it (`keputusan:`).
    static func isDecisionMapping(_ node: YAMLNode) -> Bool {
        var i = 0
        while i + 1 < node.children.count {
            // The key's fields read in place (a copy of the key node would retain its parts).
            guard node.children[i].kind == .scalar else {
                i += 2
                continue
            }
            let text = node.children[i].text
            i += 2
            if text == "decision" { return true }
            if KeyedPairs.position(of: text, in: stepKeys) == nil,
                FormTerms.meaning(of: text, among: ["decision"]) ?? Names.suggestion(for: text, among: ["decision"])
                    != nil
            {
                return true
            }
        }
        return false
    }

    /// A decision's branch, written `yes:` or `ya:` (`no:` or `tidak:`): the pair, or nil. Both spellings
    /// on one step are a `duplicate-key`, reported at the later one; the earlier one counts.
    static func branch(
        _ m: KeyedPairs, _ key: StepKey, _ spelling: StepKey, _ d: inout NodeDecoder
    ) -> (key: YAMLNode, value: YAMLNode)? {
        guard let a = m[key] else { return m[spelling] }
        guard let b = m[spelling] else { return a }
        let (first, second) = a.key.span.start <= b.key.span.start ? (a, b) : (b, a)
        d.sink.emit(
            .duplicateKey, .branchWrittenTwice(second.key.text, other: first.key.text, branch: key.name),
            at: second.key.span,
            notes: [DiagnosticNote(.otherBranchKeyHere(first.key.text), file: d.sink.file, at: first.key.span.start)],
            help: .keepOneBranchKey)
        return first
    }

    /// `next:`, or a decision's `yes:` and `no:` (or `ya:` and `tidak:`).
    static func flow(_ m: KeyedPairs, of step: Step, _ what: Message, _ d: inout NodeDecoder) {
        var isDecision = m.has(StepKey.decision)
        let yes = branch(m, .yes, .ya, &d)
        let no = branch(m, .no, .tidak, &d)
        // Branches without `decision:`: the question is what is missing — one report, at the first branch —
        // and the branches are read as written, so that the flow is the one meant (a missing 'no' is then
        // unknown, not "the following step").
        var questionMissing = false
        if !isDecision, !m.has(StepKey.next),
            let first = [yes, no].compactMap({ $0 }).min(by: { $0.key.span.start < $1.key.span.start })
        {
            d.sink.emit(.unknownKey, .onlyOnDecision(first.key.text), at: first.key.span, help: .makeItADecision)
            step.decision = Text(value: "", span: first.key.span)
            isDecision = true
            questionMissing = true
            step.unreadable.insert(.decision)
            if no == nil { step.unreadable.insert(.no) }
        }
        if let v = m[StepKey.next] {
            if isDecision {
                let target = v.value.kind == .scalar && !v.value.isNull ? v.value.text : nil
                d.sink.emit(
                    .unknownKey, .nextOnDecision, at: v.key.span,
                    help: yes == nil && target != nil ? .writeYes(target!) : .decisionGoesOn)
                // Read as the 'yes' branch it most likely means, so that the flow checks see the intended flow.
                if yes == nil, target != nil { step.yes = Ref(v.value.text, v.value.span) }
            } else {
                step.next = d.reference(v.value, .subjectStepPart(.nextStep, of: what))
                if step.next == nil { step.unreadable.insert(.next) }
            }
        }
        // (Most steps have neither branch: no list of the two is made for them.)
        for (key, pair) in yes == nil && no == nil ? [] : [("yes", yes), ("no", no)] {
            guard let v = pair else { continue }
            let written = v.key.text
            if !isDecision {
                d.sink.emit(.unknownKey, .onlyOnDecision(written), at: v.key.span, help: .makeItADecision)
                continue
            }
            if d.isMarker(v.value, .todoBranch(step: step.ref.id, branch: key)) {
                // Not known yet: nothing that depends on where it goes is checked (the cascade rule).
                step.unreadable.insert(key == "yes" ? .yes : .no)
                continue
            }
            let target = d.reference(v.value, .subjectStepPart(.branch(written), of: what))
            if target == nil { step.unreadable.insert(key == "yes" ? .yes : .no) }
            if key == "yes" {
                step.yes = target
                step.yesKey = written
            } else {
                step.no = target
                step.noKey = written
            }
        }
        if isDecision, no == nil, !questionMissing {
            if m.standIns.contains("no") {
                step.unreadable.insert(.no)
            } else {
                d.sink.emit(.missingKey, .noNoBranch(what), at: m[StepKey.decision]!.key.span, help: .addNoBranch)
            }
        }
    }
}

/// Decodes the steps of an SOP as the reader hands them over, item by item of `steps:`: a plain step read
/// straight from its events (``YAMLReader/read(_:streamingItemsOf:onItem:onStep:)``) as it is, any other
/// item from its node. A short file's items are decoded on the reader's thread as they come; a long file's
/// on other cores while the reader is still reading it — chunks go to a concurrent queue, and the results
/// come back in order. Decoding a step needs nothing but its own node, so the result is the same as
/// decoding afterwards.
package final class StreamingStepDecoder: ItemBlockSink, @unchecked Sendable {
    private enum Item {
        case node(YAMLNode)
        case step(Step)

        /// The step: read from the node, or as read from its events.
        func decoded(_ d: inout NodeDecoder) -> Step? {
            switch self {
            case .node(let node): SOPDecoder.step(node, &d)
            case .step(let step): step
            }
        }
    }
    private let file: String
    private let group = DispatchGroup()
    /// One queue for every decoder: a short file's, read on the reader's thread, makes none.
    private static let queue = DispatchQueue(label: "sopc.steps", attributes: .concurrent)
    private var pending: [Item] = []
    private var chunks: [Int] = []
    private let results: ResultSlots<([Step], [Diagnostic])>
    private var items = 0
    /// Steps a chunk: small enough that a file of a thousand steps is decoded mostly while it is read.
    static let chunkSize = 256
    /// Enough for every item a file of `bytes` can hold (two bytes an item at least, `[a,a,…]`): the reader
    /// keeps no item it hands over, so every item must be decoded here.
    private let maxChunks: Int
    /// For a short file: the steps decoded on the reader's thread, and the decoder they were decoded with.
    private var inline: (steps: [Step], decoder: NodeDecoder)?
    /// The ids of the steps read from their events (a file read whole).
    package let ids = SharedIDs()

    /// - Parameters:
    ///   - bytes: the file's size.
    ///   - inline: whether to decode each item on the reader's thread as it comes (a short file, for which
    ///     other threads cost more than they save).
    package init(file: String, bytes: Int, inline: Bool = false) {
        self.file = file
        maxChunks = inline ? 0 : bytes / 2 / StreamingStepDecoder.chunkSize + 2
        results = ResultSlots(count: maxChunks)
        if inline { self.inline = ([], NodeDecoder(file: file)) }
    }

    /// What the items of one part of a file read in parts (``ChunkPlan``) decoded to; each is only touched
    /// by the thread reading its part.
    private final class Block {
        var decoder: NodeDecoder
        var steps: [Step] = []
        var items = 0
        init(file: String) { decoder = NodeDecoder(file: file) }
    }
    private var blocks: [Block]?

    package func prepare(blocks count: Int) {
        blocks = (0..<count).map { _ in Block(file: file) }
    }

    package func item(_ node: YAMLNode, block: Int) { take(.node(node), block: block) }

    package func step(_ step: Step, block: Int) { take(.step(step), block: block) }

    private func take(_ item: Item, block: Int) {
        let b = blocks![block]
        b.items += 1
        // Past the limit the steps are not decoded: they would all be dropped (``YAMLLimits/maxSteps``).
        guard decoded.add(1, ordering: .relaxed).newValue <= YAMLLimits.maxSteps else { return }
        if let s = item.decoded(&b.decoder) { b.steps.append(s) }
    }

    /// Items handed to ``item(_:block:)`` and ``step(_:block:)`` so far, by every part.
    private let decoded = Atomic<Int>(0)

    package func restart() { blocks = nil }

    /// Called by the reader (on its thread) for each finished step item.
    package func add(_ node: YAMLNode) { take(.node(node)) }

    /// Called by the reader (on its thread) for each step item read from its events.
    package func add(_ step: Step) { take(.step(step)) }

    private func take(_ item: Item) {
        items += 1
        guard items <= YAMLLimits.maxSteps else { return }
        if inline != nil {
            if let s = item.decoded(&inline!.decoder) { inline!.steps.append(s) }
            return
        }
        pending.append(item)
        if pending.count == StreamingStepDecoder.chunkSize { flush() }
    }

    private func flush() {
        guard !pending.isEmpty else { return }
        let index = chunks.count
        chunks.append(index)
        let taken = pending
        pending = []
        pending.reserveCapacity(StreamingStepDecoder.chunkSize)
        guard index < maxChunks else { return }
        let file = self.file
        let results = self.results
        StreamingStepDecoder.queue.async(group: group) {
            var d = NodeDecoder(file: file)
            var out: [Step] = []
            out.reserveCapacity(taken.count)
            for item in taken { if let s = item.decoded(&d) { out.append(s) } }
            results[index] = (out, d.sink.diagnostics)
        }
    }

    /// Waits for every chunk; nil when the list was too long to stream (then it is decoded afterwards).
    package func finish() -> (steps: [Step], diagnostics: [Diagnostic], items: Int)? {
        if let blocks {
            // The file was read in parts: each part's items were decoded on its own thread.
            var steps: [Step] = []
            steps.reserveCapacity(blocks.reduce(0) { $0 + $1.steps.count })
            var diagnostics: [Diagnostic] = []
            var items = 0
            for block in blocks {
                steps += block.steps
                diagnostics += block.decoder.sink.diagnostics
                items += block.items
            }
            return (steps, diagnostics, items)
        }
        if let inline { return (inline.steps, inline.decoder.sink.diagnostics, items) }
        flush()
        group.wait()
        guard chunks.count <= maxChunks else { return nil }
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
