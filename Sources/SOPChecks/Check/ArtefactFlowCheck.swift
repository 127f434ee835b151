import SOPSystem
import SOPDiagnostics
import SOPFrontEnd

/// The data-flow checks over the step graph with its loops: `artefact-unavailable`,
/// `call-input-unavailable`, `output-not-made`, `unused-artefact` and `unused-input`.
///
/// An artefact is available at a step when every path from the first step to it passes through a step
/// that makes it (or it is an SOP input). Most needs are met by a single maker that dominates the needing
/// step; one walk of the dominator tree with a counter per artefact settles those in linear time. The
/// rest (an artefact made on several branches, or really missing) get one search per artefact from the
/// first step that does not go past its makers: whatever that search reaches lacks the artefact on the path
/// it was reached by, and that path is the note.
package enum ArtefactFlowCheck: SOPCheck {
    /// A question answered at a node's entry: is this artefact available here? Compact, because a long SOP
    /// asks one per need; the reference it came from is looked up only to report it.
    private struct Query {
        enum Kind: UInt8 { case need, callInput, output }
        var kind: Kind
        var artefact: Int32
        /// The step (for `output`: unused).
        var step: Int32
        /// Index into the step's `needs`, the callee's `inputs`, or the SOP's `outputs`.
        var index: Int32
    }

    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        _ = analyse(sop, graph: graph, model: model, sink: &sink)
    }

    /// The breadth-first searches one run made, for the tests: `forwards` from the first step (one per
    /// artefact the dominator walk could not settle), `backwards` from the users (one per artefact whose
    /// makers the quick tests could not settle). Returned, not stored: runs in parallel share nothing.
    package struct Searches: Equatable {
        package var forwards = 0, backwards = 0
        package init(forwards: Int = 0, backwards: Int = 0) {
            self.forwards = forwards
            self.backwards = backwards
        }
    }

    package static func analyse(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) -> Searches {
        var searches = Searches()
        let n = graph.count
        guard n > 0 else { return searches }

        // Number the artefacts this SOP can hold.
        var number: [String: Int] = [:]
        var names: [String] = []
        func artefact(_ id: String) -> Int? {
            if let a = number[id] { return a }
            let kind = model.artefactKind(id, in: sop)
            guard kind == .local || kind == .project else { return nil }
            number[id] = names.count
            names.append(id)
            return names.count - 1
        }
        // The called SOP of each step: an index into model.sops, -1 for none, -2 for an unknown SOP.
        var callee = [Int32](repeating: -1, count: n)
        for i in 0..<n {
            if let call = sop.steps[i].call { callee[i] = model.sopIndex[call.id].map(Int32.init) ?? -2 }
        }
        // Resolve every step's needs and makes once, into flat lists (-1: not an artefact of this SOP).
        var needStart = [Int](repeating: 0, count: n + 1)
        var needFlat: [Int32] = []
        var makeStart = [Int](repeating: 0, count: n + 1)
        var makeFlat: [Int32] = []
        for ref in sop.inputs { _ = artefact(ref.id) }
        for ref in sop.outputs { _ = artefact(ref.id) }
        for i in 0..<n {
            let step = sop.steps[i]
            needStart[i] = needFlat.count
            for ref in step.needs { needFlat.append(artefact(ref.id).map(Int32.init) ?? -1) }
            makeStart[i] = makeFlat.count
            for ref in step.makes { makeFlat.append(artefact(ref.id).map(Int32.init) ?? -1) }
            if callee[i] >= 0 {
                for ref in model.sops[Int(callee[i])].inputs { _ = artefact(ref.id) }
            }
        }
        needStart[n] = needFlat.count
        makeStart[n] = makeFlat.count
        // gen: what each step makes available (its makes, and what the SOP it calls returns).
        var genStart = [Int](repeating: 0, count: n + 2)
        var genFlat: [Int32] = []
        genFlat.reserveCapacity(makeFlat.count)
        var unknownCalls: [Int] = []
        for i in 0..<n {
            genStart[i] = genFlat.count
            for k in makeStart[i]..<makeStart[i + 1] where makeFlat[k] >= 0 { genFlat.append(makeFlat[k]) }
            if callee[i] >= 0 {
                // Only project artefacts cross SOP boundaries.
                for ref in model.sops[Int(callee[i])].outputs where model.project?.artefactIndex[ref.id] != nil {
                    if let a = artefact(ref.id) { genFlat.append(Int32(a)) }
                }
            } else if callee[i] == -2 {
                unknownCalls.append(i)
            }
        }
        genStart[n] = genFlat.count
        genStart[n + 1] = genFlat.count
        let total = names.count
        // A call to an SOP that does not exist (reported as unknown-sop) may deliver anything: count it as
        // making every artefact, so that what comes after it is not reported as missing on top.
        if !unknownCalls.isEmpty {
            var rebuilt: [Int32] = []
            var starts = [Int](repeating: 0, count: n + 2)
            for i in 0..<n {
                starts[i] = rebuilt.count
                if callee[i] == -2 {
                    rebuilt += (0..<total).map(Int32.init)
                } else {
                    rebuilt += genFlat[genStart[i]..<genStart[i + 1]]
                }
            }
            starts[n] = rebuilt.count
            starts[n + 1] = rebuilt.count
            genFlat = rebuilt
            genStart = starts
        }
        func gen(_ i: Int) -> ArraySlice<Int32> { genFlat[genStart[i]..<genStart[i + 1]] }

        var isInput = [Bool](repeating: false, count: total)
        for ref in sop.inputs { if let a = number[ref.id] { isInput[a] = true } }
        var makers = [[Int]](repeating: [], count: total)
        for i in 0..<n { for a in gen(i) where makers[Int(a)].last != i { makers[Int(a)].append(i) } }

        // Queries, flat, then grouped by node.
        var queryList: [Query] = []
        queryList.reserveCapacity(needFlat.count)
        var users = [[Int]](repeating: [], count: total)
        var usedAtAll = [Bool](repeating: false, count: total)
        for i in 0..<n {
            for k in needStart[i]..<needStart[i + 1] where needFlat[k] >= 0 {
                let a = Int(needFlat[k])
                users[a].append(i)
                usedAtAll[a] = true
                if isInput[a] || gen(i).contains(Int32(a)) { continue }
                queryList.append(Query(kind: .need, artefact: Int32(a), step: Int32(i), index: Int32(k - needStart[i])))
            }
            if callee[i] >= 0 {
                let called = model.sops[Int(callee[i])]
                for (k, ref) in called.inputs.enumerated() {
                    // Only project artefacts cross SOP boundaries: a local input of the callee is its own, even
                    // when this SOP has a local artefact of the same id.
                    guard called.artefactIndex[ref.id] == nil, let a = number[ref.id] else {
                        // An input the callee does not define at all is reported there (unknown-artefact).
                        if graph.reachable[i], called.artefactIndex[ref.id] != nil {
                            sink.emit(
                                .callInputUnavailable,
                                "SOP '\(called.sopID)' takes input '\(ref.id)', a local artefact of '\(called.sopID)' that this SOP cannot hand over",
                                at: sop.steps[i].call!.span, step: i,
                                notes: [DiagnosticNote("'\(ref.id)' is an input of '\(called.sopID)' here", file: called.file, at: ref.span.start)],
                                help: "an artefact that crosses SOPs must be a project artefact in sopc.yaml")
                        }
                        continue
                    }
                    users[a].append(i)
                    usedAtAll[a] = true
                    if !isInput[a] { queryList.append(Query(kind: .callInput, artefact: Int32(a), step: Int32(i), index: Int32(k))) }
                }
            }
        }
        var isOutput = [Bool](repeating: false, count: total)
        var outputQueries: [Query] = []
        for (k, ref) in sop.outputs.enumerated() {
            guard let a = number[ref.id] else { continue }
            isOutput[a] = true
            if !isInput[a] { outputQueries.append(Query(kind: .output, artefact: Int32(a), step: Int32(n), index: Int32(k))) }
        }
        var queryStart = [Int](repeating: 0, count: n + 2)
        for q in queryList { queryStart[Int(q.step) + 1] += 1 }
        queryStart[n + 1] = queryStart[n] + outputQueries.count
        for i in 0..<n { queryStart[i + 1] += queryStart[i] }
        queryStart[n + 1] = queryStart[n] + outputQueries.count
        var queries = [Query](repeating: Query(kind: .need, artefact: 0, step: 0, index: 0), count: queryList.count + outputQueries.count)
        var fill = queryStart
        for q in queryList {
            queries[fill[Int(q.step)]] = q
            fill[Int(q.step)] += 1
        }
        for (k, q) in outputQueries.enumerated() { queries[queryStart[n] + k] = q }

        let dom = Dominators(graph)

        // One walk of the dominator tree: count, per artefact, the makers among the strict dominators.
        var failing: [Int: [Query]] = [:]
        var makersAbove = [Int32](repeating: 0, count: total)
        var walk: [(node: Int, next: Int)] = [(0, -1)]
        while let top = walk.last {
            if top.next == -1 {
                for k in queryStart[top.node]..<queryStart[top.node + 1] where makersAbove[Int(queries[k].artefact)] == 0 {
                    failing[Int(queries[k].artefact), default: []].append(queries[k])
                }
                for a in gen(top.node) { makersAbove[Int(a)] += 1 }
                walk[walk.count - 1].next = 0
            }
            let kids = dom.children[top.node]
            let next = walk[walk.count - 1].next
            if next < kids.count {
                walk[walk.count - 1].next += 1
                walk.append((kids[next], -1))
            } else {
                for a in gen(top.node) { makersAbove[Int(a)] -= 1 }
                walk.removeLast()
            }
        }

        // The rest: one search per artefact that does not pass its makers.
        var isMaker = [Bool](repeating: false, count: n + 1)
        var parent = [Int](repeating: -1, count: n + 1)
        var seen = [Bool](repeating: false, count: n + 1)
        for a in failing.keys.sorted() {
            searches.forwards += 1
            for m in makers[a] { isMaker[m] = true }
            var queue = [0]
            seen[0] = true
            parent[0] = -1
            var head = 0
            while head < queue.count {
                let u = queue[head]
                head += 1
                if isMaker[u] { continue }
                for v in graph.successors[u] where !seen[v] {
                    seen[v] = true
                    parent[v] = u
                    queue.append(v)
                }
            }
            for query in failing[a]! where seen[Int(query.step)] {
                let node = Int(query.step)
                var path = [node]
                var u = node
                while parent[u] >= 0 {
                    u = parent[u]
                    path.append(u)
                }
                path.reverse()
                report(query, artefact: names[a], path: graph.describe(path, in: sop), makers: makers[a], sop: sop, model: model, sink: &sink)
            }
            for m in makers[a] { isMaker[m] = false }
            for u in queue {
                seen[u] = false
                parent[u] = -1
            }
        }

        // A need, output or call that names nothing may be the use the author meant; "unused" would echo it.
        let unresolved = sop.outputs.contains { model.artefactKind($0.id, in: sop) == .unknown }
            || sop.steps.contains { step in
                step.needs.contains { model.artefactKind($0.id, in: sop) == .unknown }
                    || step.call.map { model.sop($0.id) == nil } == true
            }
        if unresolved { return searches }

        // unused-artefact: a made artefact with no user after its maker.
        var usersPre = [[Int]](repeating: [], count: total)
        for a in 0..<total {
            usersPre[a] = users[a].compactMap { dom.pre[$0] >= 0 ? dom.pre[$0] : nil }.sorted()
        }
        // Artefact by artefact, so that the backwards search from its users (needed only when the quick tests
        // fail) runs once per artefact into one reused buffer, however many steps make it.
        var sites = [[(step: Int, index: Int)]](repeating: [], count: total)
        for i in 0..<n where graph.reachable[i] {
            for k in makeStart[i]..<makeStart[i + 1] where makeFlat[k] >= 0 && !isOutput[Int(makeFlat[k])] {
                sites[Int(makeFlat[k])].append((i, k - makeStart[i]))
            }
        }
        var reaches = [Bool](repeating: false, count: n + 1)
        for a in 0..<total where !sites[a].isEmpty {
            var searched: [Int]? = nil
            for (i, k) in sites[a] {
                if quicklyReachesUser(from: i, users: users[a], usersPre: usersPre[a], graph: graph, dom: dom) { continue }
                if searched == nil, !users[a].isEmpty {
                    searches.backwards += 1
                    var queue = users[a]
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
                    searched = queue
                }
                if searched != nil, graph.successors[i].contains(where: { reaches[$0] }) { continue }
                let ref = sop.steps[i].makes[k]
                let name = model.displayName(ref.id, in: sop)
                sink.emit(
                    .unusedArtefact,
                    "'\(ref.id)' (\(name)) is made here, but no later step needs it, no called SOP takes it, and the SOP does not output it",
                    at: ref.span, step: i,
                    help: "list it under 'outputs:' if the SOP delivers it, or allow it: 'allow: [unused-artefact]'")
            }
            for u in searched ?? [] { reaches[u] = false }
        }
        for ref in sop.inputs {
            guard let a = number[ref.id], !usedAtAll[a], !isOutput[a] else { continue }
            sink.emit(
                .unusedInput, "input '\(ref.id)' is never needed by a step or taken by a called SOP", at: ref.span,
                help: "add it to the 'needs:' of the step that uses it, or remove it from 'inputs:'")
        }
        return searches
    }

    /// The cheap cases of "does a step after m use the artefact": a user right after m, or a user that m
    /// dominates (every path to it passes m). False means "look further", not "no".
    private static func quicklyReachesUser(
        from m: Int, users: [Int], usersPre: [Int], graph: StepGraph, dom: Dominators
    ) -> Bool {
        if users.isEmpty { return false }
        func firstAtLeast(_ p: Int) -> Int {
            var l = 0, r = usersPre.count
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
        let lo = dom.pre[m] + 1, hi = dom.last[m]
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
        var notes = [DiagnosticNote("on this path it is missing: \(path)")]
        let before: String
        if query.kind == .output { before = "'end'" } else { before = "the step" }
        if let m = makers.first, let ref = sop.steps[m].makes.first(where: { $0.id == id }) {
            notes.append(sink.note("it is made here, but not on every path before \(before)", at: ref.span))
        } else if let m = makers.first, let call = sop.steps[m].call {
            notes.append(sink.note("it comes out of this call, but not on every path before \(before)", at: call.span))
        } else {
            notes.append(DiagnosticNote("no step of this SOP makes it"))
        }
        let step = Int(query.step), index = Int(query.index)
        switch query.kind {
        case .need:
            let ref = sop.steps[step].needs[index]
            sink.emit(
                .artefactUnavailable,
                "step \(sop.stepName(step)) needs '\(id)' (\(name)), which is not available on every path to it",
                at: ref.span, step: step, notes: notes,
                help: "make it in an earlier step on every path, or list it under the SOP's 'inputs:'")
        case .callInput:
            let callee = model.sop(sop.steps[step].call!.id)!
            let input = callee.inputs[index]
            sink.emit(
                .callInputUnavailable,
                "SOP '\(callee.sopID)' takes input '\(id)' (\(name)), which is not available on every path to step \(sop.stepName(step))",
                at: sop.steps[step].call!.span, step: step,
                notes: notes + [DiagnosticNote("'\(id)' is an input of '\(callee.sopID)' here", file: callee.file, at: input.span.start)],
                help: "make it in an earlier step on every path, or list it under this SOP's 'inputs:'")
        case .output:
            let ref = sop.outputs[index]
            sink.emit(
                .outputNotMade, "output '\(id)' (\(name)) is not available on every path to 'end'",
                at: ref.span, notes: notes,
                help: "make it in a step on every path to 'end', or remove it from 'outputs:'")
        }
    }
}
