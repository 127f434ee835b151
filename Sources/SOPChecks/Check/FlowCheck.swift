import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// `unknown-step`, `unreachable-step`, `no-path-to-end`, `decision-same-target`: the shape of the flow.
///
/// One mistake, one report: a broken branch (a target that names no step, or one that could not be read)
/// is no edge of the ``StepGraph``, and nothing that depends on where it was meant to go is reported — no
/// step is "never reached" while a reached step has a broken branch, no step "cannot reach end" when it
/// can reach one. Of the steps no path reaches, only where an unreached part starts is reported, naming
/// the steps after it.
enum FlowCheck: SOPCheck {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        // A target may name a step whose id could not be read: then "names no step" may well be wrong.
        // (The ids a "did you mean" picks from are listed only when a target names no step.)
        if !graph.unknownTargets.isEmpty, !sop.steps.contains(where: { $0.unreadable.contains(.id) }) {
            let ids = sop.steps.map(\.ref.id).filter { !$0.isEmpty } + ["end"]
            for uses in groupedByName(graph.unknownTargets, \.ref.id) {
                let t = uses[0]
                sink.emit(
                    .unknownStep, .namesNoStep(key: t.key, target: t.ref.id), at: t.ref.span, step: t.step,
                    notes: sink.otherUses(of: t.ref.id, at: uses.dropFirst().map(\.ref.span)[...]),
                    help: Names.didYouMeanHelp(t.ref.id, among: ids) ?? .nameAStep)
            }
        }
        let n = graph.count
        guard n > 0 else { return }
        let broken = Set(graph.brokenSteps)
        let sameTarget = sop.steps.indices.filter { i in
            let targets = graph.targets[i]
            return sop.steps[i].isDecision && !broken.contains(i) && sop.steps[i].no != nil && targets.count == 2
                && !sop.steps[i].unreadable.contains(.decision)
                && targets[0] == targets[1]
        }
        var folded: Set<Int> = []
        // A reached step whose branch is broken might lead anywhere: which steps are reached is not known.
        if !graph.brokenSteps.contains(where: { graph.reachable[$0] }) {
            folded = unreachable(sop, graph: graph, sameTarget: sameTarget, sink: &sink)
        }
        // A decision whose branches meet and leave a part unreached has one branch meant elsewhere: like a
        // broken branch, it may be the way out of what looks like a loop without exit.
        let suspect =
            folded.isEmpty ? nil : StepGraph.marked(from: folded.sorted(), along: graph.predecessors)
        noPathToEnd(sop, graph: graph, suspect: suspect, sink: &sink)
        for i in sameTarget where !folded.contains(i) {
            let step = sop.steps[i]
            sink.emit(
                .decisionSameTarget,
                .bothBranchesSame(
                    step: sop.stepName(i), target: target(graph.targets[i][0], sop), yesIsFollowing: step.yes == nil),
                at: step.no!.span, step: i, help: .sendNoToCorrection)
        }
    }

    static func target(_ node: Int, _ sop: SOP) -> String {
        node == sop.steps.count ? "end" : sop.steps[node].ref.id
    }

    /// `unreachable-step`, once for each part of the SOP that no path reaches: at its first step (one with
    /// no predecessor, or the first of a loop of them), naming the steps after it.
    ///
    /// A decision whose `yes` and `no` lead to the same step is what most often leaves a step unreached (the
    /// `no` meant for it): then the unreached step's report points at that `no` in a note, instead of a
    /// `decision-same-target` of its own — one mistake, one report. Each such decision is paired with the
    /// first unreached part after it (or else the first one left); returns the decisions paired.
    static func unreachable(_ sop: SOP, graph: StepGraph, sameTarget: [Int], sink: inout SOPSink) -> Set<Int> {
        let n = graph.count
        var covered = [Bool](repeating: false, count: n + 1)
        let unreached = (0..<n).filter { !graph.reachable[$0] }
        let starts = unreached.filter { graph.predecessors[$0].isEmpty } + unreached
        var roots: [Int] = []
        for i in starts where !covered[i] {
            covered[i] = true
            roots.append(i)
            var queue = [i]
            var head = 0
            while head < queue.count {
                let u = queue[head]
                head += 1
                for v in graph.successors[u] where v < n && !graph.reachable[v] && !covered[v] {
                    covered[v] = true
                    queue.append(v)
                }
            }
        }
        // Pair the decisions whose branches meet (unless that is allowed, so meant) with unreached parts.
        var cause: [Int: Int] = [:]
        let sopAllows = sop.allow.contains { $0.id == CheckID.decisionSameTarget.rawValue }
        let sorted = roots.sorted()
        var after = 0  // the first root that may be after the decision (decisions come in order)
        var any = 0  // the first root that may be free
        for d in sameTarget
        where !sopAllows && !sop.steps[d].allow.contains(where: { $0.id == CheckID.decisionSameTarget.rawValue }) {
            while after < sorted.count, sorted[after] <= d || cause[sorted[after]] != nil { after += 1 }
            while any < sorted.count, cause[sorted[any]] != nil { any += 1 }
            guard let r = after < sorted.count ? sorted[after] : any < sorted.count ? sorted[any] : nil else { break }
            cause[r] = d
        }
        covered = [Bool](repeating: false, count: n + 1)
        for i in roots {
            covered[i] = true
            var after: [Int] = []
            var queue = [i]
            var head = 0
            while head < queue.count {
                let u = queue[head]
                head += 1
                for v in graph.successors[u] where v < n && !graph.reachable[v] && !covered[v] {
                    covered[v] = true
                    after.append(v)
                    queue.append(v)
                }
            }
            let shown = 10
            let names = after.prefix(shown).map { sop.steps[$0].ref.id.isEmpty ? "#\($0 + 1)" : sop.steps[$0].ref.id }
            let step = sop.steps[i]
            var notes: [DiagnosticNote] = []
            if let d = cause[i] {
                notes.append(
                    sink.note(
                        .sameTargetLeavesUnreached(step: sop.stepName(d), target: target(graph.targets[d][0], sop)),
                        at: sop.steps[d].no!.span))
            }
            if !after.isEmpty { notes.append(DiagnosticNote(.alsoNotReached(names, more: max(0, after.count - shown)))) }
            sink.emit(
                .unreachableStep, .neverReached(step: sop.stepName(i)), at: step.ref.span, step: i, notes: notes,
                help: cause[i] != nil ? .pointABranchAtIt : .pointAtIt)
        }
        return Set(cause.values)
    }

    /// `no-path-to-end` where the flow enters a trap; a step that can reach a broken branch (or a `suspect`
    /// decision) is no trap (that branch may be meant for a way out).
    static func noPathToEnd(_ sop: SOP, graph: StepGraph, suspect: [Bool]?, sink: inout SOPSink) {
        let n = graph.count
        func free(_ u: Int) -> Bool { graph.reachesEnd[u] || graph.reachesBroken[u] || suspect?[u] == true }
        var cycleText: [Int: String] = [:]
        for i in 0..<n where graph.reachable[i] && !free(i) {
            // Report where the flow enters the trap, not every step inside it.
            let entered = i == 0 || graph.predecessors[i].contains { graph.reachable[$0] && free($0) }
            guard entered else { continue }
            // Follow the trap until a step repeats; every step walked leads into the same cycle, so it is
            // remembered for later entries (many entries into one trap stay linear). No step here can reach a
            // broken branch, so each has all its edges.
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
                u = graph.successors[u].first { !free($0) } ?? graph.successors[u][0]
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
}
