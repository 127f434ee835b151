import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// The data-flow checks over the step graph with its loops: `artefact-unavailable`,
/// `call-input-unavailable`, `output-not-made`, `unused-artefact` and `unused-input`.
///
/// Whether an artefact is available where it is needed is the SOP's ``ArtefactAvailability``, computed here
/// once and kept on the ``CheckedProject`` for the later stages; this check reports from it, with the
/// shortest path on which the artefact is missing as the note.
enum ArtefactFlowCheck: SOPCheck {
    /// A question answered at a node's entry: is this artefact available here? Compact, because a long SOP
    /// asks one per need; the reference it came from is looked up only to report it.
    private struct Query {
        enum Kind: UInt8 { case need, callInput, output }
        var kind: Kind
        var artefact: Int32
        /// The step (for `output`: the end node).
        var step: Int32
        /// Index into the step's `needs`, the callee's `inputs`, or the SOP's `outputs`.
        var index: Int32
    }

    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        _ = analyse(sop, graph: graph, model: model, sink: &sink)
    }

    /// The breadth-first searches one run made, for the tests: `forwards` from the first step (one per
    /// artefact the dominators could not settle where a step, call or output asks for it; the artefacts no
    /// step makes share one), `backwards` from the users (one per artefact whose makers the quick tests
    /// could not settle). Returned, not stored: runs in parallel share nothing.
    struct Searches: Equatable { var forwards = 0, backwards = 0 }

    /// What one run computed: the availability, for the ``CheckedProject``, and the searches it made.
    struct Analysis {
        let availability: ArtefactAvailability
        let searches: Searches
    }

    /// Runs one of the checks of an SOP; this one also hands back the availability it computed.
    /// `dominators`: the step graph's dominators, made beside this check (nil: made by it).
    static func run(
        _ check: any SOPCheck.Type, _ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink,
        dominators: SharedDominators? = nil
    ) -> ArtefactAvailability? {
        guard check is ArtefactFlowCheck.Type else {
            check.run(sop, graph: graph, model: model, sink: &sink)
            return nil
        }
        return analyse(sop, graph: graph, model: model, sink: &sink, dominators: dominators).availability
    }

    static func analyse(
        _ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink, dominators: SharedDominators? = nil
    ) -> Analysis {
        var numbers = ArtefactAvailability.StepNumbers()
        let availability = ArtefactAvailability(
            sop, graph: graph, model: model, numbers: &numbers, dominators: dominators)
        guard graph.count > 0 else { return Analysis(availability: availability, searches: Searches()) }
        var pass = Pass(sop: sop, graph: graph, model: model, availability: availability, numbers: numbers)
        pass.collectUses(sink: &sink)
        pass.reportUnavailable(sink: &sink)
        let backwards = pass.reportUnused(sink: &sink)
        return Analysis(
            availability: availability, searches: Searches(forwards: availability.searchCount, backwards: backwards))
    }

    /// One run over one SOP, a method per phase: the uses of each artefact, what is unavailable where it
    /// is used, what is never used.
    private struct Pass {
        let sop: SOP
        let graph: StepGraph
        let model: ProjectModel
        let availability: ArtefactAvailability
        /// Each step's makes resolved (-1: not an artefact of this SOP), flat.
        var makeStart: [Int] = []
        var makeFlat: [Int32] = []
        /// The steps that need each artefact or hand it to their call.
        var users: [[Int32]]
        var usedAtAll: [Bool]
        var isOutput: [Bool]
        /// Every question, in node order (each step's needs, then its call's inputs; the outputs last).
        var queries: [Query] = []

        /// The numbers of each step's needs (and makes, in ``makeFlat``).
        let needStart: [Int]
        let needFlat: [Int32]
        /// Whether a need of a step in the graph names something known nowhere.
        let unknownNeed: Bool

        init(
            sop: SOP, graph: StepGraph, model: ProjectModel, availability: ArtefactAvailability,
            numbers: ArtefactAvailability.StepNumbers
        ) {
            self.sop = sop
            self.graph = graph
            self.model = model
            self.availability = availability
            needStart = numbers.needStart
            needFlat = numbers.needFlat
            unknownNeed = numbers.unknownNeed
            makeStart = numbers.makeStart
            makeFlat = numbers.makeFlat
            let total = availability.names.count
            users = [[Int32]](repeating: [], count: total)
            usedAtAll = [Bool](repeating: false, count: total)
            isOutput = [Bool](repeating: false, count: total)
        }

        var n: Int { graph.count }

        mutating func collectUses(sink: inout SOPSink) {
            let number = availability.number
            let isInput = availability.isInput
            queries.reserveCapacity(n)
            for i in 0..<n {
                let step = sop.steps[i]
                for k in 0..<(needStart[i + 1] - needStart[i]) {
                    let numbered = needFlat[needStart[i] + k]
                    guard numbered >= 0 else { continue }
                    let a = Int(numbered)
                    users[a].append(Int32(i))
                    usedAtAll[a] = true
                    if isInput[a] || availability.gen(i).contains(Int32(a)) { continue }
                    queries.append(Query(kind: .need, artefact: Int32(a), step: Int32(i), index: Int32(k)))
                }
                if let call = step.call, let c = model.sopIndex[call.id] { collectCallInputs(i, model.sops[c], sink: &sink) }
            }
            for (k, ref) in sop.outputs.enumerated() {
                guard let a = number[ref.id] else { continue }
                isOutput[a] = true
                if !isInput[a] { queries.append(Query(kind: .output, artefact: Int32(a), step: Int32(n), index: Int32(k))) }
            }
        }

        mutating func collectCallInputs(_ i: Int, _ called: SOP, sink: inout SOPSink) {
            for (k, ref) in called.inputs.enumerated() {
                // Only project artefacts cross SOP boundaries: a local input of the callee is its own, even
                // when this SOP has a local artefact of the same id.
                guard called.artefactIndex[ref.id] == nil, let a = availability.number[ref.id] else {
                    // An input the callee does not define at all is reported there (unknown-artefact).
                    if graph.reachable[i], called.artefactIndex[ref.id] != nil {
                        sink.emit(
                            .callInputUnavailable, .localCallInput(sop: called.sopID, id: ref.id),
                            at: sop.steps[i].call!.span, step: i,
                            notes: [
                                DiagnosticNote(.inputOfHere(ref.id, sop: called.sopID), file: called.file, at: ref.span.start)
                            ],
                            help: .crossAsProjectArtefact)
                    }
                    continue
                }
                users[a].append(Int32(i))
                usedAtAll[a] = true
                if !availability.isInput[a] {
                    queries.append(Query(kind: .callInput, artefact: Int32(a), step: Int32(i), index: Int32(k)))
                }
            }
        }

        /// Each question the availability answers no, artefact by artefact and in dominator-tree preorder
        /// within one (the order the reports have always come in), with the path on which it is missing.
        func reportUnavailable(sink: inout SOPSink) {
            // The closures below take these, not the pass: one that reads a property of the pass holds a copy
            // of the whole pass (every array retained), made again at each call of the sort's comparison.
            let pre = availability.dominators.pre
            let queries = self.queries
            let availability = self.availability
            let failing = queries.indices.filter {
                !availability.isAvailable(Int(queries[$0].artefact), into: Int(queries[$0].step))
            }
            .sorted { x, y in
                let a = queries[x]
                let b = queries[y]
                if a.artefact != b.artefact { return a.artefact < b.artefact }
                if a.step != b.step { return pre[Int(a.step)] < pre[Int(b.step)] }
                return x < y
            }
            // An artefact made in a step no path reaches is missing because of that (reported, or not known
            // while a branch is broken), not as another problem.
            let makerUnreached = availability.makers.map { $0.contains { !graph.reachable[$0] } }
            // The search tree of the artefact reported on, made once for all its failing questions.
            var treeOf = -1
            var tree: [Int32]?
            for q in failing {
                let query = queries[q]
                let a = Int(query.artefact)
                if makerUnreached[a] { continue }
                if treeOf != a { (treeOf, tree) = (a, nil) }
                guard let path = availability.missingPath(a, into: Int(query.step), tree: &tree) else { continue }
                report(
                    query, artefact: availability.names[a], path: graph.describe(path, in: sop), makers: availability.makers[a],
                    sop: sop, model: model, sink: &sink)
            }
        }

        /// `unused-artefact` and `unused-input`; returns the backwards searches made.
        func reportUnused(sink: inout SOPSink) -> Int {
            // A need, output or call that names nothing may be the use the author meant; "unused" would echo it.
            // So may a list that could not be read, or a called SOP whose inputs are not all known.
            // The closures take these, not the pass (see reportUnavailable), and the called SOP is read in
            // place, not copied.
            let model = self.model
            let sop = self.sop
            let n = self.n
            func calleeUnknown(_ step: Step) -> Bool {
                if step.unreadable.contains(.call) { return true }
                guard let call = step.call else { return false }
                guard let c = model.sopIndex[call.id] else { return true }
                return model.sops[c].unreadable.contains(.inputs)
                    || model.sops[c].inputs.contains { model.artefactKind($0.id, in: model.sops[c]) == .unknown }
            }
            // (A need with a number is a local or project artefact; of those without, the numbering knows
            // whether one is known nowhere, for the steps in the graph.)
            let unresolved =
                sop.unreadable.contains(.outputs) || sop.unreadable.contains(.steps) || unknownNeed
                || sop.outputs.contains { model.artefactKind($0.id, in: sop) == .unknown }
                || sop.steps.indices.contains { i in
                    let step = sop.steps[i]
                    return step.unreadable.contains(.needs)
                        || (i >= n && step.needs.contains { model.artefactKind($0.id, in: sop) == .unknown })
                        || calleeUnknown(step)
                }
            if unresolved { return 0 }
            let backwards = reportUnusedArtefacts(sink: &sink)
            for ref in sop.inputs {
                guard let a = availability.number[ref.id], !usedAtAll[a], !isOutput[a] else { continue }
                sink.emit(.unusedInput, .unusedInput(ref.id), at: ref.span, help: .needOrRemoveInput)
            }
            return backwards
        }

        /// unused-artefact: a made artefact with no user after its maker. Artefact by artefact, so that the
        /// backwards search from its users (needed only when the quick tests fail) runs once per artefact
        /// into one reused buffer, however many steps make it.
        func reportUnusedArtefacts(sink: inout SOPSink) -> Int {
            let dom = availability.dominators
            let total = availability.names.count
            var searches = 0
            var sites = [[(step: Int32, index: Int32)]](repeating: [], count: total)
            for i in 0..<n where graph.reachable[i] {
                for k in makeStart[i]..<makeStart[i + 1] where makeFlat[k] >= 0 && !isOutput[Int(makeFlat[k])] {
                    sites[Int(makeFlat[k])].append((Int32(i), Int32(k - makeStart[i])))
                }
            }
            var reaches = [Bool](repeating: false, count: n + 1)
            for a in 0..<total where !sites[a].isEmpty {
                // A step no path reaches that needs it is the problem (reported, or not known while a branch
                // is broken), not the artefact.
                if users[a].contains(where: { !graph.reachable[Int($0)] }) { continue }
                let usersPre = users[a].compactMap { dom.pre[Int($0)] >= 0 ? dom.pre[Int($0)] : nil }.sorted()
                var searched: [Int]? = nil
                for site in sites[a] {
                    let (i, k) = (Int(site.step), Int(site.index))
                    // After a broken branch, a step that needs it may be where the branch was meant to go.
                    if graph.reachesBroken[i], !users[a].isEmpty { continue }
                    if quicklyReachesUser(from: i, users: users[a], usersPre: usersPre, graph: graph, dom: dom) { continue }
                    if searched == nil, !users[a].isEmpty {
                        searches += 1
                        searched = markPredecessors(of: users[a], in: &reaches)
                    }
                    if searched != nil, graph.successors[i].contains(where: { reaches[$0] }) { continue }
                    let ref = sop.steps[i].makes[k]
                    let name = model.displayName(ref.id, in: sop)
                    sink.emit(
                        .unusedArtefact, .unusedArtefact(ref.id, name: name), at: ref.span, step: i, help: .outputOrAllow)
                }
                for u in searched ?? [] { reaches[u] = false }
            }
            return searches
        }

        /// Marks in `reaches` every node from which one of `users` can be reached; returns them, to unmark.
        func markPredecessors(of users: [Int32], in reaches: inout [Bool]) -> [Int] {
            var queue = users.map(Int.init)
            for u in queue { reaches[u] = true }
            var head = 0
            while head < queue.count {
                let u = queue[head]
                head += 1
                for p in graph.predecessors[u] where !reaches[p] {
                    reaches[p] = true
                    queue.append(p)
                }
            }
            return queue
        }
    }

    /// The cheap cases of "does a step after m use the artefact": a user right after m, or a user that m
    /// dominates (every path to it passes m). False means "look further", not "no".
    private static func quicklyReachesUser(
        from m: Int, users: [Int32], usersPre: [Int], graph: StepGraph, dom: Dominators
    ) -> Bool {
        if users.isEmpty { return false }
        func firstAtLeast(_ p: Int) -> Int {
            var l = 0
            var r = usersPre.count
            while l < r {
                let mid = (l + r) / 2
                if usersPre[mid] < p { l = mid + 1 } else { r = mid }
            }
            return l
        }
        for s in graph.successors[m] where dom.pre[s] >= 0 {
            let l = firstAtLeast(dom.pre[s])
            if l < usersPre.count, usersPre[l] == dom.pre[s] { return true }
        }
        let lo = dom.pre[m] + 1
        let hi = dom.last[m]
        if lo <= hi {
            let l = firstAtLeast(lo)
            if l < usersPre.count, usersPre[l] <= hi { return true }
        }
        return false
    }

    private static func report(
        _ query: Query, artefact id: String, path: String, makers: [Int], sop: SOP, model: ProjectModel,
        sink: inout SOPSink
    ) {
        let name = model.displayName(id, in: sop)
        var notes = [DiagnosticNote(.missingOnPath(path))]
        let beforeEnd = query.kind == .output
        if let m = makers.first, let ref = sop.steps[m].makes.first(where: { $0.id == id }) {
            notes.append(sink.note(.madeNotOnEveryPath(beforeEnd: beforeEnd), at: ref.span))
        } else if let m = makers.first, let call = sop.steps[m].call {
            notes.append(sink.note(.callGivesNotOnEveryPath(beforeEnd: beforeEnd), at: call.span))
        } else {
            notes.append(DiagnosticNote(.noStepMakes))
        }
        let step = Int(query.step)
        let index = Int(query.index)
        switch query.kind {
        case .need:
            let ref = sop.steps[step].needs[index]
            sink.emit(
                .artefactUnavailable, .needUnavailable(step: sop.stepName(step), id: id, name: name),
                at: ref.span, step: step, notes: notes, help: .makeEarlierOrInput)
        case .callInput:
            let callee = model.sop(sop.steps[step].call!.id)!
            let input = callee.inputs[index]
            sink.emit(
                .callInputUnavailable,
                .callInputUnavailable(sop: callee.sopID, id: id, name: name, step: sop.stepName(step)),
                at: sop.steps[step].call!.span, step: step,
                notes: notes + [DiagnosticNote(.inputOfHere(id, sop: callee.sopID), file: callee.file, at: input.span.start)],
                help: .makeEarlierOrThisInput)
        case .output:
            let ref = sop.outputs[index]
            sink.emit(
                .outputNotMade, .outputNotMade(id, name: name), at: ref.span, notes: notes, help: .makeOnEveryPathOrRemove)
        }
    }
}
