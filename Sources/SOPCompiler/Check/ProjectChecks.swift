/// Checks across SOP files: `duplicate-id` between SOPs and `call-cycle`.
enum ProjectChecks {
    static func run(_ model: ProjectModel) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for sop in model.sops {
            guard let ref = sop.id, let first = model.sopIndex[sop.sopID], model.sops[first].file != sop.file else { continue }
            let other = model.sops[first]
            out.append(
                Diagnostic(
                    .duplicateID, "SOP id '\(ref.id)' is used by two files", file: sop.file, span: ref.span,
                    notes: [DiagnosticNote("also used here", file: other.file, at: (other.id?.span ?? .fileStart).start)],
                    help: "SOP ids are unique in a project; rename one of the files and its 'sop:'"))
        }
        out += callCycles(model)
        return out
    }

    /// One diagnostic per strongly connected group of SOPs that call each other, at the call that opens the
    /// cycle from the group's first SOP.
    static func callCycles(_ model: ProjectModel) -> [Diagnostic] {
        let sops = model.sops
        let n = sops.count
        var edges = [[(target: Int, step: Int)]](repeating: [], count: n)
        for (i, sop) in sops.enumerated() where model.sopIndex[sop.sopID] == i {
            for (s, step) in sop.steps.enumerated() {
                if let call = step.call, let t = model.sopIndex[call.id] { edges[i].append((t, s)) }
            }
        }
        // Tarjan's algorithm, iteratively.
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        var counter = 0
        var components: [[Int]] = []
        for root in 0..<n where index[root] == -1 {
            var work: [(node: Int, next: Int)] = [(root, 0)]
            index[root] = counter
            low[root] = counter
            counter += 1
            stack.append(root)
            onStack[root] = true
            while let top = work.last {
                if top.next < edges[top.node].count {
                    work[work.count - 1].next += 1
                    let v = edges[top.node][top.next].target
                    if index[v] == -1 {
                        index[v] = counter
                        low[v] = counter
                        counter += 1
                        stack.append(v)
                        onStack[v] = true
                        work.append((v, 0))
                    } else if onStack[v] {
                        low[top.node] = min(low[top.node], index[v])
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last { low[parent.node] = min(low[parent.node], low[top.node]) }
                    if low[top.node] == index[top.node] {
                        var component: [Int] = []
                        while let w = stack.popLast() {
                            onStack[w] = false
                            component.append(w)
                            if w == top.node { break }
                        }
                        let selfLoop = component.count == 1 && edges[top.node].contains { $0.target == top.node }
                        if component.count > 1 || selfLoop { components.append(component) }
                    }
                }
            }
        }
        var out: [Diagnostic] = []
        for component in components {
            let members = Set(component)
            let start = component.min { sops[$0].sopID < sops[$1].sopID }!
            // Shortest way round: breadth-first from the start back to it inside the group.
            var parent: [Int: (node: Int, step: Int)] = [:]
            var queue = [start]
            var head = 0
            var closing: (node: Int, step: Int)?
            search: while head < queue.count {
                let u = queue[head]
                head += 1
                for e in edges[u] where members.contains(e.target) {
                    if e.target == start {
                        closing = (u, e.step)
                        break search
                    }
                    if parent[e.target] == nil {
                        parent[e.target] = (u, e.step)
                        queue.append(e.target)
                    }
                }
            }
            guard let closing else { continue }
            var chain = [closing.node]
            while chain[0] != start { chain.insert(parent[chain[0]]!.node, at: 0) }
            let firstStep = chain.count > 1 ? parent[chain[1]]!.step : closing.step
            chain.append(start)
            let cycle = chain.map { "'\(sops[$0].sopID)'" }.joined(separator: " → ")
            let sop = sops[start]
            let call = sop.steps[firstStep].call!
            var notes: [DiagnosticNote] = []
            for k in 1..<(chain.count - 1) {
                let caller = sops[chain[k]]
                let callee = sops[chain[k + 1]].sopID
                if let step = caller.steps.first(where: { $0.call?.id == callee }) {
                    notes.append(DiagnosticNote("'\(caller.sopID)' calls '\(callee)' here", file: caller.file, at: step.call!.span.start))
                }
            }
            out.append(
                Diagnostic(
                    .callCycle,
                    chain.count == 2 ? "SOP '\(sop.sopID)' calls itself" : "SOPs call each other in a cycle: \(cycle)",
                    file: sop.file, span: call.span,
                    notes: notes, help: chain.count == 2
                        ? "a step cannot perform the SOP it belongs to; remove this 'call:'"
                        : "a called SOP must finish without calling back; break the cycle at one 'call:'"))
        }
        return out
    }
}
