import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// `unknown-step`, `unreachable-step`, `no-path-to-end`, `decision-same-target`: the shape of the flow.
enum FlowCheck: SOPCheck {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        for t in graph.unknownTargets {
            let ids = sop.steps.map(\.ref.id).filter { !$0.isEmpty } + ["end"]
            sink.emit(
                .unknownStep, .namesNoStep(key: t.key, target: t.ref.id), at: t.ref.span, step: t.step,
                help: Names.didYouMeanHelp(t.ref.id, among: ids) ?? .nameAStep)
        }
        let n = graph.count
        guard n > 0 else { return }

        // With a broken target the flow is not what the author meant; reachability would only echo the typo.
        if graph.unknownTargets.isEmpty {
            for i in 0..<n where !graph.reachable[i] {
                let step = sop.steps[i]
                sink.emit(
                    .unreachableStep, .neverReached(step: sop.stepName(i)), at: step.ref.span, step: i, help: .pointAtIt)
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
                    i == 0 ? .firstStepNoPath(step: sop.stepName(i)) : .noPathToEnd(step: sop.stepName(i)),
                    at: step.ref.span, step: i,
                    notes: [DiagnosticNote(.loopsWithoutExit(cycleDescription))],
                    help: .giveLoopExit)
            }
        }
        for (i, step) in sop.steps.enumerated() where step.isDecision {
            let succ = graph.successors[i]
            guard succ.count == 1, step.no != nil else { continue }
            let target = succ[0] == n ? "end" : sop.steps[succ[0]].ref.id
            sink.emit(
                .decisionSameTarget, .bothBranchesSame(step: sop.stepName(i), target: target, yesIsFollowing: step.yes == nil),
                at: step.no!.span, step: i, help: .sendNoToCorrection)
        }
    }
}
