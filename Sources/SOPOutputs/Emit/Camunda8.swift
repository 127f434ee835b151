import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// `<id>.camunda8.bpmn`, and beside it one Camunda Form per decision (`<id>.<step>.form`): the SOP for
/// Camunda 8 / Zeebe (8.6 and later), deployed as it is (docs/MACHINES.md).
public struct Camunda8Emitter: SOPEmitter {
    public init() {}
    public var suffix: String { "camunda8.bpmn" }
    public func render(_ c: SOPOutputContext) -> String { String(decoding: renderText(c).bytes, as: UTF8.self) }
    public func renderText(_ c: SOPOutputContext) -> RenderedText {
        .utf8(
            BPMNDocument.renderBytes(
                c.machine, callees: c.project.callees(of: c.machine), availability: c.availability, camunda8: true))
    }
    public func extraFiles(_ c: SOPOutputContext) -> [(suffix: String, text: String)] {
        c.machine.states.filter { $0.kind == .decision }.map { s in
            (Camunda8.formSuffix(s.id), Camunda8.form(s, in: c.machine))
        }
    }
}

/// The Camunda 8 flavour of ``BPMNDocument``: the same pool, lanes, tasks, gateways, flows and diagram,
/// with what Zeebe (8.6+) reads instead of Camunda 7's and SpiffWorkflow's settings:
///
/// - a user task is a Camunda user task (`zeebe:userTask`) with its actors as candidate groups
///   (`zeebe:assignmentDefinition candidateGroups`); a decision's task links its Camunda Form
///   (`zeebe:formDefinition formId`), a radio field `decision_<step>` with the values `yes` (Ya) and `no`
///   (Tidak), and the gateway's flows test it in FEEL (`=decision_x = "yes"`);
/// - a document is a process variable `doc_<id>` (dashes as `_`), `true` once it exists: the SOP's inputs
///   are given when the instance is created, a step's `makes` are set by its output mappings;
/// - a call runs the called SOP's process (`zeebe:calledElement`) with only the documents the called SOP
///   takes (input mappings; `propagateAllParentVariables="false"`), and gets back only its outputs and the
///   step's own makes (output mappings; `propagateAllChildVariables="false"`);
/// - the planned time is the documentation's Waktu, as on the form; the SOP's inputs, outputs and deadline
///   are the process's `zeebe:properties`.
///
/// Data objects are left out: Zeebe does not run them, and the documents travel as variables.
public enum Camunda8 {
    static let namespaces: [(String, String)] = [
        ("xmlns", BPMNDocument.bpmn),
        ("xmlns:dc", "http://www.omg.org/spec/DD/20100524/DC"),
        ("xmlns:di", "http://www.omg.org/spec/DD/20100524/DI"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ("xmlns:zeebe", "http://camunda.org/schema/zeebe/1.0"),
        ("xmlns:modeler", "http://camunda.org/schema/modeler/1.0"),
    ]
    /// What Camunda Modeler writes on a Camunda 8 diagram, so it opens as one.
    static let platform: [(String, String)] = [
        ("modeler:executionPlatform", "Camunda Cloud"), ("modeler:executionPlatformVersion", executionPlatformVersion),
    ]
    /// The oldest Camunda 8 version whose features the files use (Camunda user tasks came with 8.6).
    public static let executionPlatformVersion = "8.6.0"
    /// The Camunda Forms schema version written in the forms.
    public static let formSchemaVersion = 16

    /// The process variable of a document.
    public static func variable(_ artefact: String) -> String { "doc_" + underscored(artefact) }

    /// `text` with each `-` (a character of its own) as `_`: byte by byte for ASCII (each byte a character,
    /// as every sopc id is), character by character otherwise (a `-` with a combining mark is another
    /// character, and stays).
    static func underscored(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return String(text.map { $0 == "-" ? "_" : $0 }) }
        guard utf8.contains(UInt8(ascii: "-")) else { return text }
        return String(decoding: utf8.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "_") : $0 }, as: UTF8.self)
    }

    /// The FEEL condition on a decision's branch.
    public static func condition(_ step: String, _ event: String) -> String {
        "=\(BPMNDocument.decisionVariable(step)) = \"\(event)\""
    }

    /// The id of a decision's form, unique in a deployment of all SOPs.
    public static func formID(sop: String, step: String) -> String { "Form_\(sop)_\(step)" }

    /// What follows `<id>.` in a decision form's file name.
    public static func formSuffix(_ step: String) -> String { "\(step).form" }

    /// Whether an artefact crosses into or out of a called SOP (only project artefacts do).
    static func crosses(_ id: String, _ m: StateMachine) -> Bool {
        m.artefacts.contains { $0.id == id && $0.scope == .project }
    }

    static func number(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d) }

    static func properties(_ list: [(String, String)]) -> [XMLNode] {
        list.isEmpty
            ? []
            : [.element("zeebe:properties", [], list.map { .element("zeebe:property", [("name", $0.0), ("value", $0.1)], []) })]
    }

    /// The process's own extensions: the documents it takes (the variables to give when an instance is
    /// created) and delivers, and its deadline, when it has one.
    static func processExtensions(_ m: StateMachine) -> [XMLNode] {
        var list: [(String, String)] = []
        if !m.inputs.isEmpty { list.append(("inputs", m.inputs.map(variable).joined(separator: ","))) }
        if !m.outputs.isEmpty { list.append(("outputs", m.outputs.map(variable).joined(separator: ","))) }
        if let d = m.deadline {
            list.append(("deadline", d.text))
            list.append(("deadlineMinutes", number(d.minutes.high)))
        }
        return list.isEmpty ? [] : [.element("extensionElements", [], properties(list))]
    }

    /// A task's or call's Zeebe extensions, written straight into `x` (a process has them for every step):
    /// `extensionElements` holding the call's `zeebe:calledElement` or the task's `zeebe:userTask` (with a
    /// decision's `zeebe:formDefinition`) and `zeebe:assignmentDefinition`, then the `zeebe:ioMapping`
    /// when something is mapped.
    static func writeExtensions(_ s: MachineState, in m: StateMachine, callee: StateMachine?, into x: inout XMLStream) {
        var inputs: [(String, String)] = []
        var outputs: [(String, String)] = []
        x.open("extensionElements", [])
        if s.kind == .call {
            x.empty(
                "zeebe:calledElement",
                [
                    ("processId", s.call ?? ""), ("propagateAllChildVariables", "false"),
                    ("propagateAllParentVariables", "false"),
                ])
            if let callee {
                for id in callee.inputs where crosses(id, callee) { inputs.append(("=" + variable(id), variable(id))) }
                for id in callee.outputs where crosses(id, callee) { outputs.append(("=" + variable(id), variable(id))) }
            }
        } else {
            x.empty("zeebe:userTask", [])
            if s.kind == .decision {
                x.empty("zeebe:formDefinition", "formId", formID(sop: m.id, step: s.id))
                let v = BPMNDocument.decisionVariable(s.id)
                outputs.append(("=" + v, v))
            }
            x.empty("zeebe:assignmentDefinition", "candidateGroups", s.actors.joined(separator: ","))
        }
        // Each variable once (a set of those already mapped: a step may make thousands of artefacts).
        var mapped = Set(outputs.map(\.1))
        for id in s.makes {
            let name = variable(id)
            if mapped.insert(name).inserted { outputs.append(("=true", name)) }
        }
        if !inputs.isEmpty || !outputs.isEmpty {
            x.open("zeebe:ioMapping", [])
            for (source, target) in inputs { x.empty("zeebe:input", "source", source, "target", target) }
            for (source, target) in outputs { x.empty("zeebe:output", "source", source, "target", target) }
            x.close()
        }
        x.close()
    }

    /// A decision's Camunda Form: the activity as text, then the question as a required radio field.
    public static func form(_ s: MachineState, in m: StateMachine) -> String {
        let key = BPMNDocument.decisionVariable(s.id)
        let components: [JSONValue] = [
            .object([
                ("text", .string(s.activity)), ("type", .string("text")), ("id", .string("Text_\(key)")),
            ]),
            .object([
                ("label", .string(s.question ?? s.activity)),
                ("type", .string("radio")),
                ("key", .string(key)),
                ("id", .string("Field_\(key)")),
                (
                    "values",
                    .array([
                        .object([("label", .string("Ya")), ("value", .string("yes"))]),
                        .object([("label", .string("Tidak")), ("value", .string("no"))]),
                    ])
                ),
                ("validate", .object([("required", .bool(true))])),
            ]),
        ]
        let form: JSONValue = .object([
            ("id", .string(formID(sop: m.id, step: s.id))),
            ("type", .string("default")),
            ("executionPlatform", .string("Camunda Cloud")),
            ("executionPlatformVersion", .string(executionPlatformVersion)),
            ("exporter", .object([("name", .string("sopc")), ("version", .string("1"))])),
            ("schemaVersion", .int(formSchemaVersion)),
            ("components", .array(components)),
        ])
        return form.serialized() + "\n"
    }
}
