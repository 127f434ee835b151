import Foundation
import Testing

@testable import SOPCompiler

/// The embedding example of docs/MACHINES.md ("Running it on SpiffWorkflow") is run as it is written, on
/// SpiffWorkflow as it ships, from the committed `generated/`: the Python block is taken out of the docs
/// verbatim and run. What it prints is compared with the lowered machines walked here: every user task of
/// LAKIP and of the SOPs it calls, in order, answering `yes` to every decision, each with the variables it
/// sets (the documents it makes and its decision's field), and LAKIP's outputs at the end.
@Suite struct EmbeddingExampleTests {
    static let machines = Paths.repo.appendingPathComponent("docs/MACHINES.md")

    /// The Python block that embeds the BPMN files in SpiffWorkflow.
    static func example() throws -> String {
        let text = try String(contentsOf: machines, encoding: .utf8)
        let blocks = DocsExampleTests.blocks(text).filter {
            $0.info == "python" && $0.lines.contains { $0.contains("BpmnWorkflow(") }
        }
        try #require(blocks.count == 1, "docs/MACHINES.md has \(blocks.count) Python blocks that start a BpmnWorkflow, not one")
        return blocks[0].lines.joined(separator: "\n") + "\n"
    }

    /// The lines the example should print before its outputs: `<sop>/Activity_<step>: <variables>`, walking
    /// `root` from its first step, entering calls, taking `yes` at every decision.
    static func expectedLines(_ root: String, in project: LoweredProject) -> [String] {
        var lines: [String] = []
        func walk(_ id: String, depth: Int) {
            guard depth < 16, let m = project.machine(id) else { return }
            let known = Set(m.artefacts.map(\.id))
            var current = m.initial
            var steps = 0
            while current != StateMachine.endState, let s = m.state(current), steps < 500 {
                steps += 1
                if let callee = s.call {
                    walk(callee, depth: depth + 1)
                    current = s.target(of: "done") ?? StateMachine.endState
                    continue
                }
                var variables = s.makes.filter(known.contains).map(Camunda8.variable)
                if s.kind == .decision { variables.append(BPMNDocument.decisionVariable(s.id)) }
                lines.append("\(m.id)/Activity_\(s.id): \(Set(variables).sorted().joined(separator: " "))")
                current = s.target(of: s.kind == .decision ? "yes" : "done") ?? StateMachine.endState
            }
        }
        walk(root, depth: 0)
        return lines
    }

    @Test(.tags(.engine), .notInFastLoop) func theEmbeddingExampleRunsAsWritten() throws {
        let script = try Self.example()
        // The example is SpiffWorkflow as it ships: no project helper, no subclass, no patching.
        #expect(!script.contains("bpmn_run") && !script.contains("class ") && !script.contains("setattr"))
        #expect(script.contains("from SpiffWorkflow.camunda.parser import CamundaParser"))
        let file = Scratch.folder.appendingPathComponent("sopc-embedding-\(UUID().uuidString).py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", file.path], in: Paths.repo.appendingPathComponent("generated"))
        try #require(r.status == 0, "the docs' embedding example failed:\n\(r.stderr)")

        let printed = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        let project = lowered(try BPMNTests.model(Paths.definitions))
        let expected = Self.expectedLines("lakip", in: project)
        #expect(
            expected.count > 20 && expected.contains { $0.hasPrefix("rapat/") } && expected.contains { $0.hasPrefix("barang/") })
        #expect(Array(printed.dropLast()) == expected, "the user tasks and what each sets:\n\(r.stdout)")

        let outputs = try #require(printed.last)
        let lakip = try #require(project.machine("lakip"))
        #expect(outputs.hasPrefix("outputs: {"), "\(outputs)")
        #expect(outputs.components(separatedBy: ": '").count - 1 == lakip.outputs.count, "\(outputs)")
        for id in lakip.outputs {
            let variable = Camunda8.variable(id)
            #expect(outputs.contains("'\(variable)': '\(variable).pdf'"), "\(id) is not among LAKIP's outputs: \(outputs)")
        }
    }
}
