/// Which SOP calls which: the one call graph that the checks (`call-cycle`), the checked project and the
/// runtime's machine library all read. Nodes are indices into ``ids``; an edge records the step that calls.
public struct CallGraph: Sendable {
    /// One call: the called node, and the index of the calling step in the caller.
    public struct Call: Sendable, Hashable {
        public var callee: Int
        public var step: Int
    }

    /// A cycle of calls, the shortest way round from its first node (the least id of its group) back to it:
    /// `nodes` starts and ends with that node; `steps[k]` is the step of `nodes[k]` that calls `nodes[k + 1]`.
    public struct Cycle: Sendable, Equatable {
        public var nodes: [Int]
        public var steps: [Int]
    }

    /// The id of each node (ids may repeat: then only the first node of an id has calls).
    public let ids: [String]
    /// The calls each node makes, in step order.
    public let calls: [[Call]]

    public init(ids: [String], calls: [[Call]]) {
        self.ids = ids
        self.calls = calls
    }

    /// Builds the graph from each node's calls by id; a call to an id that no node has is left out.
    public init(ids: [String], callsByID: [[(callee: String, step: Int)]]) {
        var first: [String: Int] = [:]
        for (i, id) in ids.enumerated() where first[id] == nil { first[id] = i }
        self.init(
            ids: ids,
            calls: callsByID.map { list in list.compactMap { c in first[c.callee].map { Call(callee: $0, step: c.step) } } })
    }

    /// One cycle per group of nodes that call one another (or a node that calls itself), in the order the
    /// groups are found; empty when the graph has no cycle.
    public func cycles() -> [Cycle] {
        stronglyConnectedGroups().compactMap(shortestRound)
    }

    /// `root` and every node it calls, directly or not (each once; `root` first, then in search order).
    public func closure(of root: Int) -> [Int] {
        var seen = Set<Int>()
        var queue = [root]
        var order: [Int] = []
        while let n = queue.popLast() {
            guard seen.insert(n).inserted else { continue }
            order.append(n)
            queue += calls[n].map(\.callee)
        }
        return order
    }

    /// Tarjan's algorithm, iteratively: the groups with more than one node, and the nodes that call
    /// themselves.
    func stronglyConnectedGroups() -> [[Int]] {
        let n = ids.count
        var index = [Int](repeating: -1, count: n)
        var low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        var counter = 0
        var groups: [[Int]] = []
        func enter(_ v: Int) {
            index[v] = counter
            low[v] = counter
            counter += 1
            stack.append(v)
            onStack[v] = true
        }
        for root in 0..<n where index[root] == -1 {
            var work: [(node: Int, next: Int)] = [(root, 0)]
            enter(root)
            while let top = work.last {
                if top.next < calls[top.node].count {
                    work[work.count - 1].next += 1
                    let v = calls[top.node][top.next].callee
                    if index[v] == -1 {
                        enter(v)
                        work.append((v, 0))
                    } else if onStack[v] {
                        low[top.node] = min(low[top.node], index[v])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.node] = min(low[parent.node], low[top.node]) }
                guard low[top.node] == index[top.node] else { continue }
                var group: [Int] = []
                while let w = stack.popLast() {
                    onStack[w] = false
                    group.append(w)
                    if w == top.node { break }
                }
                let selfLoop = group.count == 1 && calls[top.node].contains { $0.callee == top.node }
                if group.count > 1 || selfLoop { groups.append(group) }
            }
        }
        return groups
    }

    /// The shortest way round a group, breadth-first from its least id back to it inside the group.
    func shortestRound(_ group: [Int]) -> Cycle? {
        let members = Set(group)
        let start = group.min { ids[$0] < ids[$1] }!
        var parent: [Int: Call] = [:]  // node → (the node it was reached from, that node's calling step)
        var queue = [start]
        var head = 0
        var closing: Call?
        search: while head < queue.count {
            let u = queue[head]
            head += 1
            for e in calls[u] where members.contains(e.callee) {
                if e.callee == start {
                    closing = Call(callee: u, step: e.step)
                    break search
                }
                if parent[e.callee] == nil {
                    parent[e.callee] = Call(callee: u, step: e.step)
                    queue.append(e.callee)
                }
            }
        }
        guard let closing else { return nil }
        var nodes = [closing.callee]
        var steps = [closing.step]
        while nodes[0] != start {
            let p = parent[nodes[0]]!
            nodes.insert(p.callee, at: 0)
            steps.insert(p.step, at: 0)
        }
        nodes.append(start)
        return Cycle(nodes: nodes, steps: steps)
    }
}

/// A depth-first walk over nodes `0..<count` and what each calls, without recursion (call chains may be
/// thousands deep): `finish` sees every node once, after every node it calls that was not already on the
/// way down, with the nodes it calls and whether a node is still on the way down (the node itself is: a
/// node it calls that is, is in a cycle with it).
package enum PostOrder {
    package static func walk(
        count: Int, callees: (Int) -> [Int], finish: (_ node: Int, _ callees: [Int], _ onTheWayDown: (Int) -> Bool) -> Void
    ) {
        // 0 not reached yet, 1 on the way down, 2 done.
        var state = [UInt8](repeating: 0, count: count)
        for root in 0..<count where state[root] == 0 {
            var stack: [(node: Int, callees: [Int], next: Int)] = [(root, callees(root), 0)]
            state[root] = 1
            while let top = stack.last {
                if top.next < top.callees.count {
                    stack[stack.count - 1].next += 1
                    let callee = top.callees[top.next]
                    if state[callee] == 0 {
                        state[callee] = 1
                        stack.append((callee, callees(callee), 0))
                    }
                    continue
                }
                stack.removeLast()
                finish(top.node, top.callees) { state[$0] == 1 }
                state[top.node] = 2
            }
        }
    }
}
