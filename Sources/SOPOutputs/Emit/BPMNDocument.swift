import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// `<id>.bpmn`: the SOP's ``StateMachine`` as a BPMN 2.0 process (``BPMNDocument``).
public struct BPMNEmitter: SOPEmitter {
    public init() {}
    public var suffix: String { "bpmn" }
    public func render(_ c: SOPOutputContext) -> String { String(decoding: renderText(c).bytes, as: UTF8.self) }
    public func renderText(_ c: SOPOutputContext) -> RenderedText {
        .utf8(BPMNDocument.renderBytes(c.machine, callees: c.project.callees(of: c.machine), availability: c.availability))
    }
}

/// A ``StateMachine`` as BPMN 2.0, valid against the OMG schema (`BPMN20.xsd`), runnable by a BPMN engine as
/// it ships (the tests run it on SpiffWorkflow's `BpmnParser` and `CamundaParser`, nothing patched) and
/// laid out for a modeler (``BPMNLayout``).
///
/// The process has the SOP's id, so a caller's `callActivity` names it in `calledElement`; every other id
/// is `<Kind>_<sopc id>` (`Activity_format`, `Gateway_persetujuan`, `Lane_kabiro`), which cannot clash
/// because sopc ids have neither capitals nor `_`, but for documents. In one pool, a lane per actor in column
/// order; a start event, then per step a `userTask` (a `callActivity` for a call) in the lane of its first
/// actor, then the end event. A task's actors are its candidate groups (`camunda:candidateGroups`, which
/// SpiffWorkflow's Camunda parser reads; Camunda 8's settings are in its own file, ``Camunda8``). A decision is its user task
/// followed by an exclusive gateway whose `Ya` and `Tidak` flows test `decision_<step>`, which completing the
/// task sets to `"yes"` or `"no"` (a Camunda form field declares it); the conditions are Python expressions,
/// as SpiffWorkflow evaluates them (Camunda 8 wants FEEL: see docs/MACHINES.md).
///
/// A document is the task data variable `doc_<id>` (``Camunda8/variable(_:)``), which is what engines
/// hand from task to task and across calls. The SOP's inputs and outputs are its process's data inputs and
/// outputs (`ioSpecification`, ids the variables): a call hands them over by name. Its other documents are
/// data objects of the same ids, each with one data object reference (`Document_<id>`) that every step's
/// associations name: a step reads what it needs (the ones available on every path to it, as the checker's
/// ``ArtefactAvailability`` says — a step may need what it makes itself) and writes what it makes; the SOP's
/// outputs it makes, which have no data object, it lists in its `makes` property. A call also reads the
/// callee's inputs and writes its outputs, and a script task after it writes what the call step makes beyond
/// them.
///
/// Written lean for SOPs of many thousand steps: the BPMN namespace is the default one (no `bpmn:` on every
/// element) and BPMN DI the diagram's (no `bpmndi:` on its shapes and edges), associations have no ids, and
/// the diagram draws the flow (every flow node and sequence flow, the data inputs and outputs) but not the
/// documents' one references and the associations with them.
public enum BPMNDocument {
    static let bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL"
    /// BPMN DI, the default namespace of the diagram: its shapes and edges need no `bpmndi:` (two of them a step).
    static let bpmnDI = "http://www.omg.org/spec/BPMN/20100524/DI"
    static let namespaces: [(String, String)] = [
        ("xmlns", bpmn),
        ("xmlns:dc", "http://www.omg.org/spec/DD/20100524/DC"),
        ("xmlns:di", "http://www.omg.org/spec/DD/20100524/DI"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ("xmlns:camunda", "http://camunda.org/schema/1.0/bpmn"),
    ]

    /// The variable that holds the case's number: every SOP's process takes it as a data input and hands it
    /// back, so that a call passes exactly the documents the called SOP takes and gets back exactly those
    /// it gives (see `ioSpecification()`). A case is started with it in its start data.
    public static let caseVariable = "case_id"

    /// The task data variable a decision's task sets to `"yes"` or `"no"`.
    public static func decisionVariable(_ step: String) -> String {
        "decision_" + Camunda8.underscored(step)
    }

    /// The condition on a decision's branch (`event` is `yes` or `no`), as a Python expression.
    public static func condition(_ step: String, _ event: String) -> String { "\(decisionVariable(step)) == \"\(event)\"" }

    /// - Parameter availability: the SOP's, from its ``CheckedProject``: which of the artefacts a state
    ///   reads are available on every path into it.
    public static func render(
        _ m: StateMachine, callees: [String: StateMachine] = [:], availability: ArtefactAvailability
    ) -> String {
        String(decoding: renderBytes(m, callees: callees, availability: availability), as: UTF8.self)
    }

    /// ``render(_:callees:availability:)``'s text as UTF-8 bytes, as they are written.
    static func renderBytes(
        _ m: StateMachine, callees: [String: StateMachine] = [:], availability: ArtefactAvailability, camunda8: Bool = false
    ) -> [UInt8] {
        Builder(m, callees: callees, availability: availability, camunda8: camunda8).document()
    }

    /// Written on one line each, with their references, bounds or waypoints: the parts of one association,
    /// shape or edge (a tenth of the line breaks of a large SOP's file).
    static let oneLine: Set<String> = ["dataInputAssociation", "dataOutputAssociation", "BPMNShape", "BPMNEdge", "BPMNLabel"]

    /// The same process for Camunda 8 (``Camunda8``): Zeebe extensions only, FEEL conditions, documents as
    /// process variables, no data objects.
    static func renderCamunda8(_ m: StateMachine, callees: [String: StateMachine], availability: ArtefactAvailability) -> String {
        String(decoding: renderBytes(m, callees: callees, availability: availability, camunda8: true), as: UTF8.self)
    }

    /// Builds the document: first the flow graph (nodes in column order, flows), then the XML.
    private struct Builder {
        enum Kind { case start, end, task, decision, gateway, call, script }

        struct Reference {
            var artefact: String
            var input: Bool
            var output: Bool
            /// A document that crosses the SOP's boundary, drawn as the process's data input (under the start
            /// event) or data output (under the end event), with no association.
            var boundary = false
            /// The case number's data input: `artefact` is empty.
            var isCase: Bool { boundary && artefact.isEmpty }
        }

        struct Node {
            var id: String
            var kind: Kind
            var lane: Int
            var name: String
            var state: MachineState?
            var references: [Reference]
            /// For a script task: the documents it makes.
            var makes: [String] = []
        }

        struct Flow {
            var id: String
            var source: Int
            var target: Int
            var name: String?
            var condition: String?
            var vertical = false
        }

        /// How many references a step's list holds before they are looked up by artefact rather than along it.
        static let shortList = 16

        let m: StateMachine
        let callees: [String: StateMachine]
        /// Write the Camunda 8 flavour (``Camunda8``).
        let camunda8: Bool
        var nodes: [Node] = []
        var flows: [Flow] = []
        let artefactNames: [String: String]
        /// The SOP's inputs and outputs, which cross its boundary as process variables (its
        /// `ioSpecification`) rather than as data objects; empty for Camunda 8, which has neither.
        let boundary: Set<String>
        /// The documents the SOP keeps as data objects: the others it knows.
        let kept: [MachineArtefact]

        init(_ m: StateMachine, callees: [String: StateMachine], availability: ArtefactAvailability, camunda8: Bool = false) {
            self.m = m
            self.callees = callees
            self.camunda8 = camunda8
            var names: [String: String] = [:]
            for a in m.artefacts + m.equipment where names[a.id] == nil { names[a.id] = a.name }
            artefactNames = names
            let lane = Dictionary(m.actors.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            func laneOf(_ s: MachineState) -> Int { s.actors.first.flatMap { lane[$0] } ?? 0 }
            let known = Set(m.artefacts.map(\.id))
            let boundary = camunda8 ? [] : Set(m.inputs + m.outputs).intersection(known)
            self.boundary = boundary
            kept = m.artefacts.filter { !boundary.contains($0.id) }
            func port(_ id: String) -> Reference { Reference(artefact: id, input: false, output: false, boundary: true) }

            // Nodes, in column order.
            let first = m.state(m.initial)
            nodes.append(
                Node(
                    id: "Event_Start", kind: .start, lane: first.map(laneOf) ?? 0, name: "Mulai", state: nil,
                    references: [port("")] + m.inputs.filter(known.contains).map(port)))
            var entry: [String: Int] = [:]
            for (i, s) in m.states.enumerated() {
                var refs: [Reference] = []
                // Where each artefact's reference is in the list it was noted into, once the list is long (a
                // step may need and make thousands: each looked for along the list took seconds); a short
                // list, as nearly every step's, is looked along.
                var place: [String: Int] = [:]
                // Only a kept document is associated: a boundary one is a process variable, carried by the
                // task data from the start (an input) or to the end (an output).
                func note(_ id: String, input: Bool, into refs: inout [Reference]) {
                    guard known.contains(id), !boundary.contains(id) else { return }
                    let found: Int?
                    if refs.count > Self.shortList {
                        if place.isEmpty { for (k, r) in refs.enumerated() { place[r.artefact] = k } }
                        found = place[id]
                    } else {
                        found = refs.firstIndex { $0.artefact == id }
                    }
                    if let i = found {
                        if input { refs[i].input = true } else { refs[i].output = true }
                    } else {
                        // (Kept up to date once it is made.)
                        if !place.isEmpty { place[id] = refs.count }
                        refs.append(Reference(artefact: id, input: input, output: !input))
                    }
                }
                let callee = s.call.flatMap { callees[$0] }
                for id in s.needs where availability.isAvailable(id, into: i) { note(id, input: true, into: &refs) }
                for id in callee?.inputs ?? [] where availability.isAvailable(id, into: i) { note(id, input: true, into: &refs) }
                // A call gets back the called SOP's outputs; what the step itself makes beyond them is written
                // by a script task right after it (no engine makes a document out of nothing at a call).
                let delivered = Set(callee?.outputs ?? [])
                let ownMakes = callee == nil || camunda8 ? [] : s.makes.filter { known.contains($0) && !delivered.contains($0) }
                let scripted = Set(ownMakes)
                for id in s.makes where !scripted.contains(id) { note(id, input: false, into: &refs) }
                for id in callee?.outputs ?? [] { note(id, input: false, into: &refs) }
                entry[s.id] = nodes.count
                let kind: Kind = s.kind == .call ? .call : (s.kind == .decision ? .decision : .task)
                nodes.append(
                    Node(id: "Activity_\(s.id)", kind: kind, lane: laneOf(s), name: s.activity, state: s, references: refs))
                if s.kind == .decision {
                    nodes.append(
                        Node(
                            id: "Gateway_\(s.id)", kind: .gateway, lane: laneOf(s), name: s.question ?? "", state: s,
                            references: []))
                }
                if !ownMakes.isEmpty {
                    var made: [Reference] = []
                    place = [:]
                    for id in ownMakes { note(id, input: false, into: &made) }
                    nodes.append(
                        Node(
                            id: "Script_\(s.id)", kind: .script, lane: laneOf(s),
                            name: "Output: \(ownMakes.map { artefactNames[$0] ?? $0 }.joined(separator: ", "))", state: s,
                            references: made, makes: ownMakes))
                }
            }
            let last = m.states.last { s in s.transitions.contains { $0.target == StateMachine.endState } }
            entry[StateMachine.endState] = nodes.count
            let inputs = Set(m.inputs)
            nodes.append(
                Node(
                    id: "Event_End", kind: .end, lane: last.map(laneOf) ?? nodes[0].lane, name: "Selesai", state: nil,
                    references: m.outputs.filter { known.contains($0) && !inputs.contains($0) }.map(port)))

            // Flows, in step order.
            let camunda8 = camunda8
            func condition(_ step: String, _ event: String) -> String {
                camunda8 ? Camunda8.condition(step, event) : BPMNDocument.condition(step, event)
            }
            func connect(_ id: String, _ source: Int, _ target: Int, name: String? = nil, condition: String? = nil) {
                flows.append(Flow(id: id, source: source, target: target, name: name, condition: condition))
            }
            connect("Flow_Start", 0, entry[m.initial] ?? entry[StateMachine.endState]!)
            for s in m.states {
                var from = entry[s.id]!
                if nodes.indices.contains(from + 1), nodes[from + 1].kind == .script {
                    connect("Flow_\(s.id)", from, from + 1)
                    from += 1
                    connect("Flow_\(s.id)_made", from, entry[s.target(of: "done") ?? StateMachine.endState]!)
                    continue
                }
                if s.kind == .decision {
                    connect("Flow_\(s.id)", from, from + 1)
                    let yes = entry[s.target(of: "yes") ?? StateMachine.endState]!
                    let no = entry[s.target(of: "no") ?? StateMachine.endState]!
                    connect("Flow_\(s.id)_yes", from + 1, yes, name: "Ya", condition: condition(s.id, "yes"))
                    connect("Flow_\(s.id)_no", from + 1, no, name: "Tidak", condition: condition(s.id, "no"))
                    // One branch leaves from the right, the other from a corner: the right side goes to the
                    // branch that can be drawn straight, else to Ya.
                    let straightYes = yes == from + 2 && nodes[yes].lane == nodes[from + 1].lane
                    let straightNo = no == from + 2 && nodes[no].lane == nodes[from + 1].lane
                    flows[flows.count - (straightNo && !straightYes ? 2 : 1)].vertical = true
                } else {
                    connect("Flow_\(s.id)", from, entry[s.target(of: "done") ?? StateMachine.endState]!)
                }
            }
            if camunda8 {
                // Zeebe runs documents as process variables (see ``Camunda8``), not as data objects.
                for i in nodes.indices { nodes[i].references = [] }
            }
        }

        func name(_ artefact: String) -> String { artefactNames[artefact] ?? artefact }

        /// The element a reference names: the document's one data object reference, or the process's data
        /// input or output (its variable) for a boundary document.
        func referenceID(_ r: Reference) -> String {
            r.isCase ? BPMNDocument.caseVariable : r.boundary ? Camunda8.variable(r.artefact) : Self.documentID(r.artefact)
        }

        /// The one data object reference of a kept document, which every step that reads or writes it names.
        static func documentID(_ artefact: String) -> String { "Document_\(artefact)" }

        // MARK: XML

        /// The document, written as it is made (``XMLStream``): a process of thousands of steps is never held
        /// as a tree.
        func document() -> [UInt8] {
            let layout = layout()
            var x = XMLStream(indented: false, oneLine: BPMNDocument.oneLine, capacity: 1 << 12 + 1_280 * nodes.count)
            x.open(
                "definitions",
                (camunda8 ? Camunda8.namespaces : namespaces) + [
                    ("id", "Definitions_\(m.id)"), ("targetNamespace", "urn:sopc:\(m.id)"), ("exporter", "sopc"),
                    ("exporterVersion", "1"),
                ] + (camunda8 ? Camunda8.platform : []))
            x.write(
                .element(
                    "collaboration", [("id", "Collaboration_\(m.id)")],
                    [.element("participant", [("id", "Participant_\(m.id)"), ("name", m.name), ("processRef", m.id)], [])]))
            process(into: &x)
            diagram(layout, into: &x)
            x.close()
            return x.bytes()
        }

        func process(into x: inout XMLStream) {
            x.open("process", [("id", m.id), ("name", m.name), ("isExecutable", "true")])
            // The process's own extensions come first (BPMN20.xsd: documentation, extensionElements, …).
            if camunda8 { for node in Camunda8.processExtensions(m) { x.write(node) } }
            if let io = ioSpecification() { x.write(io) }
            if !m.actors.isEmpty {
                x.open("laneSet", [("id", "LaneSet_\(m.id)")])
                for (i, actor) in m.actors.enumerated() {
                    let attributes = [("id", "Lane_\(actor.id)"), ("name", actor.name)]
                    let title = actor.title.flatMap { $0.isEmpty ? nil : $0 }
                    guard title != nil || nodes.contains(where: { $0.lane == i }) else {
                        x.write(.element("lane", attributes, []))
                        continue
                    }
                    x.open("lane", attributes)
                    if let title { x.write(.element("documentation", [], [.text(title)])) }
                    for node in nodes where node.lane == i { x.text("flowNodeRef", [], node.id) }
                    x.close()
                }
                x.close()
            }
            // Each kept document once: its data object (the variable, named) and the one reference to it that
            // the steps' associations name (an engine reads a data object through a reference).
            for a in kept where !camunda8 {
                x.write(.element("dataObject", [("id", Camunda8.variable(a.id)), ("name", a.name)], []))
                x.write(
                    .element(
                        "dataObjectReference", [("id", Self.documentID(a.id)), ("dataObjectRef", Camunda8.variable(a.id))], []))
            }
            var outgoing = [[Int]](repeating: [], count: nodes.count)
            for (k, f) in flows.enumerated() { outgoing[f.source].append(k) }
            for (i, node) in nodes.enumerated() {
                element(node, into: &x)
                for k in outgoing[i] { sequenceFlow(flows[k], into: &x) }
            }
            x.close()
        }

        /// The SOP's inputs and outputs as the process's data inputs and outputs, whose ids are the task data
        /// variables that carry the documents: a call hands the called process the variables of its input
        /// set and takes back those of its output set, by name.
        ///
        /// First comes the case's number, ``caseVariable``, which every process takes and hands back: an
        /// engine that finds no data input hands a called process all the caller's task data, and one that
        /// finds no data output replaces the caller's task data with the called process's (SpiffWorkflow does
        /// both), which would leak the caller's documents in and lose them on the way out. A variable is one
        /// id, so a variable that goes back as it came (the case number, an output that is also an input) is
        /// one data input, which the output set names as well.
        func ioSpecification() -> XMLNode? {
            guard !camunda8 else { return nil }
            let inputs = m.inputs.filter(boundary.contains)
            let outputs = m.outputs.filter { boundary.contains($0) && !inputs.contains($0) }
            let inputIDs = [BPMNDocument.caseVariable] + inputs.map(Camunda8.variable)
            let outputIDs =
                outputs.map(Camunda8.variable) + inputs.filter(m.outputs.contains).map(Camunda8.variable) + [
                    BPMNDocument.caseVariable
                ]
            let ports: [XMLNode] =
                [.element("dataInput", [("id", BPMNDocument.caseVariable), ("name", "Nomor kasus")], [])]
                + inputs.map { .element("dataInput", [("id", Camunda8.variable($0)), ("name", name($0))], []) }
                + outputs.map { .element("dataOutput", [("id", Camunda8.variable($0)), ("name", name($0))], []) }
            return .element(
                "ioSpecification", [("id", "IOSpecification_\(m.id)")],
                ports + [
                    .element(
                        "inputSet", [("id", "InputSet_\(m.id)")],
                        inputIDs.map { .element("dataInputRefs", [], [.text($0)]) }),
                    .element(
                        "outputSet", [("id", "OutputSet_\(m.id)")],
                        outputIDs.map { .element("dataOutputRefs", [], [.text($0)]) }),
                ])
        }

        func sequenceFlow(_ f: Flow, into x: inout XMLStream) {
            var attributes = [("id", f.id)]
            if let name = f.name { attributes.append(("name", name)) }
            attributes += [("sourceRef", nodes[f.source].id), ("targetRef", nodes[f.target].id)]
            guard let condition = f.condition else { return x.empty("sequenceFlow", attributes) }
            x.open("sequenceFlow", attributes)
            x.text("conditionExpression", [("xsi:type", "tFormalExpression")], condition)
            x.close()
        }

        /// A node's element, written straight into `x` (a process has one a step).
        func element(_ node: Node, into x: inout XMLStream) {
            // No `bpmn:incoming`/`bpmn:outgoing`: each sequence flow's sourceRef and targetRef say the same,
            // and engines and modellers read those (a tenth of the bytes of a large SOP's process).
            let inputs = node.references.filter(\.input)
            let outputs = node.references.filter(\.output)
            // Associations have no ids: they are not drawn, and nothing refers to them. Each is one line.
            func inputAssociations(target: (String) -> String) {
                for r in inputs {
                    x.openLine("dataInputAssociation", [])
                    x.inlineText("sourceRef", [], referenceID(r))
                    x.inlineText("targetRef", [], target(r.artefact))
                    x.closeLine()
                }
            }
            func outputAssociations() {
                for r in outputs {
                    x.openLine("dataOutputAssociation", [])
                    x.inlineText("targetRef", [], referenceID(r))
                    x.closeLine()
                }
            }
            let named = [("id", node.id), ("name", node.name)]
            switch node.kind {
            case .start:
                guard !outputs.isEmpty else { return x.empty("startEvent", named) }
                x.open("startEvent", named)
                outputAssociations()
                x.close()
            case .end:
                // A throw event's data input association needs a data input of the event to point at.
                guard !inputs.isEmpty else { return x.empty("endEvent", named) }
                x.open("endEvent", named)
                for r in inputs { x.empty("dataInput", [("id", "DataInput_End_\(r.artefact)")]) }
                inputAssociations { "DataInput_End_\($0)" }
                x.close()
            case .gateway:
                x.empty("exclusiveGateway", named)
            case .script:
                // Sets the variable of each document the call step makes beyond what the called SOP gives back.
                let script = node.makes.map { "\(Camunda8.variable($0)) = True" }.joined(separator: "\n")
                x.open("scriptTask", named + [("scriptFormat", "python")])
                outputAssociations()
                x.text("script", [], script)
                x.close()
            case .task, .decision, .call:
                let s = node.state!
                let text = documentation(s, named: node.name)
                // Camunda 8's are written straight into `x` below (every task has them).
                let settings: XMLNode? = camunda8 ? nil : extensions(s)
                let attributes =
                    node.kind == .call
                    ? named + [("calledElement", s.call ?? "")]
                    : named + (camunda8 ? [] : [("camunda:candidateGroups", s.actors.joined(separator: ","))])
                let element = node.kind == .call ? "callActivity" : "userTask"
                guard !text.isEmpty || camunda8 || settings != nil || !inputs.isEmpty || !outputs.isEmpty else {
                    return x.empty(element, attributes)
                }
                x.open(element, attributes)
                if !text.isEmpty { x.text("documentation", [], text) }
                if camunda8 {
                    Camunda8.writeExtensions(s, in: m, callee: s.call.flatMap { callees[$0] }, into: &x)
                } else if let settings {
                    x.write(settings)
                }
                // Input associations point at a property of the task, as bpmn-js writes them (without the name
                // `__targetRef_placeholder` it gives it: a property's name is optional, and no engine reads it).
                if !inputs.isEmpty { x.empty("property", "id", "Property_" + s.id) }
                inputAssociations { _ in "Property_\(s.id)" }
                outputAssociations()
                x.close()
            }
        }

        /// The activity (unless it is the element's name already), then the form's Waktu and Kelengkapan, and
        /// the called SOP. A decision's question is its gateway's name, not repeated here; the form's Output is
        /// what the task writes (its data output associations and `makes`, or its Zeebe output mappings).
        func documentation(_ s: MachineState, named title: String) -> String {
            // The lines joined by LF, made in one string.
            var text = ""
            var first = true
            func line(_ piece: String) {
                if !first { text += "\n" }
                first = false
                text += piece
            }
            if s.activity != title { line(s.activity) }
            if let t = s.timeText { line("Waktu: " + t) }
            if !s.needs.isEmpty || !s.equipment.isEmpty {
                line("Kelengkapan: ")
                for (k, id) in (s.needs + s.equipment).enumerated() {
                    if k > 0 { text += ", " }
                    text += name(id)
                }
            }
            if let id = s.call { line("SOP: " + (callees[id]?.name ?? id)) }
            return text
        }

        /// Camunda 7's settings, which SpiffWorkflow's Camunda parser reads: the decision's form field, and
        /// `makes`, the variables of the SOP's outputs completing the task makes, which stay in the task data
        /// (a kept document the task makes is the target of its data output association instead). The planned
        /// time is the documentation's Waktu; the Camunda 8 settings are in `<id>.camunda8.bpmn`. Nil when
        /// there is nothing to say.
        func extensions(_ s: MachineState) -> XMLNode? {
            var camunda: [XMLNode] = []
            if s.kind == .decision {
                camunda.append(
                    .element(
                        "camunda:formData", [],
                        [
                            .element(
                                "camunda:formField",
                                [("id", BPMNDocument.decisionVariable(s.id)), ("label", s.question ?? ""), ("type", "enum")],
                                [
                                    .element("camunda:value", [("id", "yes"), ("name", "Ya")], []),
                                    .element("camunda:value", [("id", "no"), ("name", "Tidak")], []),
                                ])
                        ]))
            }
            // A kept document is named by the task's data output association already (an application reads
            // its variable from the data object reference it targets); only a boundary one, which has no data
            // object, is listed here.
            let makes = s.makes.filter(boundary.contains)
            if s.kind != .call, !makes.isEmpty {
                camunda.append(
                    .element(
                        "camunda:properties", [],
                        [
                            .element(
                                "camunda:property",
                                [("name", "makes"), ("value", makes.map(Camunda8.variable).joined(separator: " "))],
                                [])
                        ]))
            }
            return camunda.isEmpty ? nil : .element("extensionElements", [], camunda)
        }

        // MARK: Diagram

        /// What the diagram draws of a node's documents: the process's data inputs under the start event and its
        /// data outputs under the end event. A kept document's one reference is not drawn, nor are the steps'
        /// associations with it: a line from every step that reads or writes a document to one shape would cross
        /// the whole diagram, and a shape per step was most of a large SOP's bytes. The documentation of each
        /// task names its Kelengkapan and Output.
        func drawn(_ node: Node) -> [Reference] { node.references.filter(\.boundary) }

        func layout() -> BPMNLayout {
            let input: [BPMNLayout.Node] = nodes.map { n in
                let shape: BPMNLayout.Shape =
                    switch n.kind {
                    case .start, .end: .event
                    case .gateway: .gateway
                    case .task, .decision, .call, .script: .task(height: BPMNLayout.taskHeight(n.name))
                    }
                let external = shape.isTask ? nil : n.name
                return BPMNLayout.Node(
                    shape: shape, lane: n.lane, label: external?.isEmpty == true ? nil : external,
                    references: drawn(n).map { BPMNLayout.Reference(label: $0.isCase ? "Nomor kasus" : name($0.artefact)) })
            }
            let flowInput = flows.map {
                BPMNLayout.Flow(source: $0.source, target: $0.target, vertical: $0.vertical, label: $0.name)
            }
            return BPMNLayout(nodes: input, flows: flowInput, laneCount: max(m.actors.count, 1))
        }

        func diagram(_ l: BPMNLayout, into x: inout XMLStream) {
            // Each shape and edge written straight into `x`: on one line with its bounds or waypoints, or, with
            // a label (which holds bounds of its own, so is no leaf), a line for each part.
            func label(_ r: BPMNLayout.Rect) {
                x.openLine("BPMNLabel", [])
                x.inlineBounds(x: r.x, y: r.y, width: r.width, height: r.height)
                x.closeLine()
            }
            func shape(
                _ id: String, _ r: BPMNLayout.Rect, _ extra: [(String, String)] = [], label labelRect: BPMNLayout.Rect? = nil
            ) {
                let attributes = [("bpmnElement", id)] + extra
                if let labelRect {
                    x.open("BPMNShape", attributes)
                    x.bounds(x: r.x, y: r.y, width: r.width, height: r.height)
                    label(labelRect)
                    x.close()
                } else {
                    x.openLine("BPMNShape", attributes)
                    x.inlineBounds(x: r.x, y: r.y, width: r.width, height: r.height)
                    x.closeLine()
                }
            }
            func edge(_ id: String, _ points: [BPMNLayout.Point], label labelRect: BPMNLayout.Rect? = nil) {
                let attributes = [("bpmnElement", id)]
                if let labelRect {
                    x.open("BPMNEdge", attributes)
                    for p in points { x.waypoint(x: p.x, y: p.y) }
                    label(labelRect)
                    x.close()
                } else if points.isEmpty {
                    x.empty("BPMNEdge", attributes)
                } else {
                    x.openLine("BPMNEdge", attributes)
                    for p in points { x.inlineWaypoint(x: p.x, y: p.y) }
                    x.closeLine()
                }
            }
            x.open("BPMNDiagram", [("xmlns", BPMNDocument.bpmnDI), ("id", "BPMNDiagram_\(m.id)")])
            x.open("BPMNPlane", [("id", "BPMNPlane_\(m.id)"), ("bpmnElement", "Collaboration_\(m.id)")])
            shape("Participant_\(m.id)", l.pool, [("isHorizontal", "true")])
            for (i, actor) in m.actors.enumerated() {
                shape("Lane_\(actor.id)", l.lanes[i], [("isHorizontal", "true")])
            }
            for (i, node) in nodes.enumerated() {
                shape(node.id, l.nodes[i], node.kind == .gateway ? [("isMarkerVisible", "true")] : [], label: l.nodeLabels[i])
                for (j, r) in drawn(node).enumerated() {
                    shape(referenceID(r), l.references[i][j], label: l.referenceLabels[i][j])
                }
            }
            for (i, f) in flows.enumerated() { edge(f.id, l.flows[i], label: l.flowLabels[i]) }
            x.close()
            x.close()
        }
    }
}

extension BPMNLayout.Shape {
    var isTask: Bool { if case .task = self { true } else { false } }
}
