import SOPSystem
import SOPDiagnostics
import SOPFrontEnd

/// `unknown-step`, `unreachable-step`, `no-path-to-end`, `decision-same-target`: the shape of the flow.
enum FlowCheck: SOPCheck {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        for t in graph.unknownTargets {
            let ids = sop.steps.map(\.ref.id).filter { !$0.isEmpty } + ["end"]
            sink.emit(
                .unknownStep, "'\(t.key): \(t.ref.id)' names no step of this SOP", at: t.ref.span, step: t.step,
                help: Names.didYouMean(t.ref.id, among: ids) ?? "name a step id of this SOP, or 'end'")
        }
        let n = graph.count
        guard n > 0 else { return }

        // With a broken target the flow is not what the author meant; reachability would only echo the typo.
        if graph.unknownTargets.isEmpty {
            for i in 0..<n where !graph.reachable[i] {
                let step = sop.steps[i]
                sink.emit(
                    .unreachableStep, "step \(sop.stepName(i)) is never reached from the first step",
                    at: step.ref.span, step: i,
                    help: "point a 'next', 'yes' or 'no' at it, or remove it")
            }
            var cycleText: [Int: String] = [:]
            for i in 0..<n where graph.reachable[i] && !graph.reachesEnd[i] {
                // Report where the flow enters the trap, not every step inside it.
                let entered = i == 0 || graph.predecessors[i].contains { graph.reachable[$0] && graph.reachesEnd[$0] }
                guard entered else { continue }
                // Follow the trap until a step repeats; every step walked leads into the same cycle, so it is
                // remembered for later entries (many entries into one trap stay linear).
                var seen: [Int: Int] = [:]
                var walk: [Int] = []
                var u = i
                var known: String?
                while seen[u] == nil {
                    if let c = cycleText[u] {
                        known = c
                        break
                    }
                    seen[u] = walk.count
                    walk.append(u)
                    u = graph.successors[u].first { !graph.reachesEnd[$0] } ?? graph.successors[u][0]
                }
                let cycleDescription = known ?? graph.describe(Array(walk[seen[u]!...]) + [u], in: sop)
                for w in walk { cycleText[w] = cycleDescription }
                let step = sop.steps[i]
                sink.emit(
                    .noPathToEnd,
                    i == 0
                        ? "no path leads from the first step \(sop.stepName(i)) to 'end': the SOP can never finish"
                        : "no path leads from step \(sop.stepName(i)) to 'end'",
                    at: step.ref.span, step: i,
                    notes: [DiagnosticNote("it loops without exit: \(cycleDescription)")],
                    help: "give the loop an exit: a decision whose other branch goes on towards 'end'")
            }
        }
        for (i, step) in sop.steps.enumerated() where step.isDecision {
            let succ = graph.successors[i]
            guard succ.count == 1, step.no != nil else { continue }
            let target = succ[0] == n ? "end" : sop.steps[succ[0]].ref.id
            let yes = step.yes == nil ? " (the following step)" : ""
            sink.emit(
                .decisionSameTarget, "both branches of decision \(sop.stepName(i)) lead to '\(target)'\(yes)",
                at: step.no!.span, step: i,
                help: "send 'no' to the step that corrects, or make the step a plain process step")
        }
    }
}
