/// The data-flow checks over the step graph with its loops: `artefact-unavailable`,
/// `call-input-unavailable`, `output-not-made`, `unused-artefact` and `unused-input`.
///
/// An artefact is available at a step when every path from the first step to it passes through a step
/// that makes it (or it is an SOP input). Most needs are met by a single maker that dominates the needing
/// step; one walk of the dominator tree with a counter per artefact settles those in linear time. The
/// rest (an artefact made on several branches, or really missing) get one search per artefact from the
/// first step that does not go past its makers: whatever that search reaches lacks the artefact on the path
/// it was reached by, and that path is the note.
enum ArtefactFlowCheck: SOPCheck {
    private enum Query {
        case need(step: Int, ref: Ref)
        case callInput(step: Int, callee: SOP, input: Ref)
        case output(ref: Ref)
    }

    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        let n = graph.count
        guard n > 0 else { return }

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
        let callees: [SOP?] = sop.steps.map { step in step.call.flatMap { model.sop($0.id) } }
        // Number every artefact first, so the tables below have their final size.
        for ref in sop.inputs { _ = artefact(ref.id) }
        for ref in sop.outputs { _ = artefact(ref.id) }
        for (i, step) in sop.steps.enumerated() {
            for ref in step.makes { _ = artefact(ref.id) }
            for ref in step.needs { _ = artefact(ref.id) }
            if let callee = callees[i] {
                for ref in callee.inputs { _ = artefact(ref.id) }
            }
        }
        var isInput = [Bool](repeating: false, count: names.count)
        for ref in sop.inputs { if let a = number[ref.id] { isInput[a] = true } }
        var gen = [[Int]](repeating: [], count: n + 1)
        for (i, step) in sop.steps.enumerated() {
            for ref in step.makes { if let a = number[ref.id] { gen[i].append(a) } }
            if let callee = callees[i] {
                // Only project artefacts cross SOP boundaries.
                for ref in callee.outputs where model.project?.artefactIndex[ref.id] != nil {
                    if let a = artefact(ref.id) { gen[i].append(a) }
                }
            }
        }
        let total = names.count
        isInput += Array(repeating: false, count: total - isInput.count)
        // A call to an SOP that does not exist (reported as unknown-sop) may deliver anything: count it as
        // making every artefact, so that what comes after it is not reported as missing on top.
        for (i, step) in sop.steps.enumerated() where callees[i] == nil && step.call != nil {
            gen[i] = Array(0..<total)
        }
        var makers = [[Int]](repeating: [], count: total)
        for i in 0..<n { for a in gen[i] where makers[a].last != i { makers[a].append(i) } }

        // Queries at each node, answered at the node's entry.
        var queries = [[(artefact: Int, query: Query)]](repeating: [], count: n + 1)
        var users = [[Int]](repeating: [], count: total)
        var usedAtAll = [Bool](repeating: false, count: total)
        for (i, step) in sop.steps.enumerated() {
            for ref in step.needs {
                guard let a = number[ref.id] else { continue }
                users[a].append(i)
                usedAtAll[a] = true
                if isInput[a] || gen[i].contains(a) { continue }
                queries[i].append((a, .need(step: i, ref: ref)))
            }
            if let callee = callees[i] {
                for ref in callee.inputs {
                    guard let a = number[ref.id] else {
                        // An input the callee does not define at all is reported there (unknown-artefact).
                        if graph.reachable[i], callee.artefactIndex[ref.id] != nil {
                            sink.emit(
                                .callInputUnavailable,
                                "SOP '\(callee.sopID)' takes input '\(ref.id)', a local artefact of '\(callee.sopID)' that this SOP cannot hand over",
                                at: sop.steps[i].call!.span, step: i,
                                notes: [DiagnosticNote("'\(ref.id)' is an input of '\(callee.sopID)' here", file: callee.file, at: ref.span.start)],
                                help: "an artefact that crosses SOPs must be a project artefact in sopc.yaml")
                        }
                        continue
                    }
                    users[a].append(i)
                    usedAtAll[a] = true
                    if !isInput[a] { queries[i].append((a, .callInput(step: i, callee: callee, input: ref))) }
                }
            }
        }
        var isOutput = [Bool](repeating: false, count: total)
        for ref in sop.outputs {
            guard let a = number[ref.id] else { continue }
            isOutput[a] = true
            if !isInput[a] { queries[n].append((a, .output(ref: ref))) }
        }

        let dom = Dominators(graph)

        // One walk of the dominator tree: count, per artefact, the makers among the strict dominators.
        var failing: [Int: [(node: Int, query: Query)]] = [:]
        var makersAbove = [Int32](repeating: 0, count: total)
        var walk: [(node: Int, next: Int)] = [(0, -1)]
        while let top = walk.last {
            if top.next == -1 {
                for q in queries[top.node] where makersAbove[q.artefact] == 0 {
                    failing[q.artefact, default: []].append((top.node, q.query))
                }
                for a in gen[top.node] { makersAbove[a] += 1 }
                walk[walk.count - 1].next = 0
            }
            let kids = dom.children[top.node]
            let next = walk[walk.count - 1].next
            if next < kids.count {
                walk[walk.count - 1].next += 1
                walk.append((kids[next], -1))
            } else {
                for a in gen[top.node] { makersAbove[a] -= 1 }
                walk.removeLast()
            }
        }

        // The rest: one search per artefact that does not pass its makers.
        var isMaker = [Bool](repeating: false, count: n + 1)
        var parent = [Int](repeating: -1, count: n + 1)
        var seen = [Bool](repeating: false, count: n + 1)
        for a in failing.keys.sorted() {
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
            for (node, query) in failing[a]! where seen[node] {
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
        if unresolved { return }

        // unused-artefact: a made artefact with no user after its maker.
        var usersPre = [[Int]](repeating: [], count: total)
        for a in 0..<total {
            usersPre[a] = users[a].compactMap { dom.pre[$0] >= 0 ? dom.pre[$0] : nil }.sorted()
        }
        var mark = [Bool](repeating: false, count: n + 1)
        for (i, step) in sop.steps.enumerated() where graph.reachable[i] {
            for ref in step.makes {
                guard let a = number[ref.id], !isOutput[a] else { continue }
                if reachesUser(from: i, artefact: a, users: users[a], usersPre: usersPre[a], graph: graph, dom: dom, mark: &mark) {
                    continue
                }
                let name = model.displayName(ref.id, in: sop)
                sink.emit(
                    .unusedArtefact,
                    "'\(ref.id)' (\(name)) is made here, but no later step needs it, no called SOP takes it, and the SOP does not output it",
                    at: ref.span, step: i,
                    help: "list it under 'outputs:' if the SOP delivers it, or allow it: 'allow: [unused-artefact]'")
            }
        }
        for ref in sop.inputs {
            guard let a = number[ref.id], !usedAtAll[a], !isOutput[a] else { continue }
            sink.emit(
                .unusedInput, "input '\(ref.id)' is never needed by a step or taken by a called SOP", at: ref.span,
                help: "add it to the 'needs:' of the step that uses it, or remove it from 'inputs:'")
        }
    }

    private static func reachesUser(
        from m: Int, artefact a: Int, users: [Int], usersPre: [Int], graph: StepGraph, dom: Dominators,
        mark: inout [Bool]
    ) -> Bool {
        if users.isEmpty { return false }
        func isUser(preorder p: Int) -> Bool {
            var l = 0, r = usersPre.count
            while l < r {
                let mid = (l + r) / 2
                if usersPre[mid] < p { l = mid + 1 } else { r = mid }
            }
            return l < usersPre.count && usersPre[l] == p
        }
        for s in graph.successors[m] where dom.pre[s] >= 0 && isUser(preorder: dom.pre[s]) { return true }
        // A user in m's dominator subtree (other than m) is reached from m.
        let lo = dom.pre[m] + 1, hi = dom.last[m]
        if lo <= hi {
            var l = 0, r = usersPre.count
            while l < r {
                let mid = (l + r) / 2
                if usersPre[mid] < lo { l = mid + 1 } else { r = mid }
            }
            if l < usersPre.count, usersPre[l] <= hi { return true }
        }
        let isUser = Set(users)
        var queue = graph.successors[m]
        for v in queue { mark[v] = true }
        var head = 0
        var found = false
        while head < queue.count {
            let u = queue[head]
            head += 1
            if isUser.contains(u) {
                found = true
                break
            }
            for v in graph.successors[u] where !mark[v] {
                mark[v] = true
                queue.append(v)
            }
        }
        for v in queue { mark[v] = false }
        return found
    }

    private static func report(
        _ query: Query, artefact id: String, path: String, makers: [Int], sop: SOP, model: ProjectModel,
        sink: inout SOPSink
    ) {
        let name = model.displayName(id, in: sop)
        var notes = [DiagnosticNote("on this path it is missing: \(path)")]
        let before: String
        if case .output = query { before = "'end'" } else { before = "the step" }
        if let m = makers.first, let ref = sop.steps[m].makes.first(where: { $0.id == id }) {
            notes.append(sink.note("it is made here, but not on every path before \(before)", at: ref.span))
        } else if let m = makers.first, let call = sop.steps[m].call {
            notes.append(sink.note("it comes out of this call, but not on every path before \(before)", at: call.span))
        } else {
            notes.append(DiagnosticNote("no step of this SOP makes it"))
        }
        switch query {
        case .need(let step, let ref):
            sink.emit(
                .artefactUnavailable,
                "step \(sop.stepName(step)) needs '\(id)' (\(name)), which is not available on every path to it",
                at: ref.span, step: step, notes: notes,
                help: "make it in an earlier step on every path, or list it under the SOP's 'inputs:'")
        case .callInput(let step, let callee, let input):
            sink.emit(
                .callInputUnavailable,
                "SOP '\(callee.sopID)' takes input '\(id)' (\(name)), which is not available on every path to step \(sop.stepName(step))",
                at: sop.steps[step].call!.span, step: step,
                notes: notes + [DiagnosticNote("'\(id)' is an input of '\(callee.sopID)' here", file: callee.file, at: input.span.start)],
                help: "make it in an earlier step on every path, or list it under this SOP's 'inputs:'")
        case .output(let ref):
            sink.emit(
                .outputNotMade, "output '\(id)' (\(name)) is not available on every path to 'end'",
                at: ref.span, notes: notes,
                help: "make it in a step on every path to 'end', or remove it from 'outputs:'")
        }
    }
}
