import Foundation
import Testing

@testable import SOPChecks
@testable import SOPCompiler

/// The step graph's edge lists (``NodeLists``, two flat arrays each) against a plain reading of the steps:
/// an array of targets for each step, and predecessors gathered from them step by step.
@Suite struct StepGraphTests {
    @Test func edgeListsAgreeWithAPlainReadingOfTheSteps() throws {
        var rng = CrossCheckTests.SplitMix("step graph edge lists")
        var graphs = 0
        for _ in 0..<80 {
            let n = Int.random(in: 1...30, using: &rng)
            // Targets: a step, `end`, the following step (nothing written) or a step that does not exist.
            func target() -> String {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: return "end"
                case 1: return "hilang"
                default: return "s\(Int.random(in: 0..<n, using: &rng))"
                }
            }
            var src = "sop: s\nname: S\nsteps:\n"
            for i in 0..<n {
                src += "  - id: s\(i)\n    activity: Langkah \(i)\n    actor: pelaksana\n    time: 5 menit\n"
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<3: src += "    decision: Lanjut?\n    yes: \(target())\n    no: \(target())\n"
                case 3..<5: src += "    next: \(target())\n"
                default: break
                }
            }
            let result = Checker.check(files: ["sopc.yaml": Array(minimalProject.utf8), "s.sop.yaml": Array(src.utf8)])
            let sop = try #require(result.model.sops.first)
            try #require(sop.steps.count == n, "\(src)")
            let graph = StepGraph(sop)
            // The plain reading.
            func node(_ ref: Ref?, after i: Int) -> Int? {
                guard let ref else { return i + 1 }
                return ref.id == "end" ? n : sop.stepIndex[ref.id]
            }
            var targets: [[Int]] = []
            var successors = [[Int]](repeating: [], count: n + 1)
            for (i, step) in sop.steps.enumerated() {
                let branches =
                    step.isDecision ? [node(step.yes, after: i), node(step.no, after: i)] : [node(step.next, after: i)]
                targets.append(branches.map { $0 ?? n })
                for case let t? in branches where !successors[i].contains(t) { successors[i].append(t) }
            }
            var predecessors = [[Int]](repeating: [], count: n + 1)
            for (u, list) in successors.enumerated() { for v in list { predecessors[v].append(u) } }

            #expect(graph.targets.map(Array.init) == targets, "\(src)")
            #expect(graph.successors.map(Array.init) == successors, "\(src)")
            #expect(graph.predecessors.map(Array.init) == predecessors, "\(src)")
            #expect(graph.predecessors.count == n + 1 && graph.successors.count == n + 1 && graph.targets.count == n)
            #expect(graph.successors.description == successors.description)
            if targets.contains(where: { $0.count == 2 && $0[0] != $0[1] }) { graphs += 1 }
        }
        #expect(graphs > 20)
    }
}
