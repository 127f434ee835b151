import SOPSystem
import SOPDiagnostics
import SOPFrontEnd

/// The dominator tree of a ``StepGraph`` from its first step (Cooper, Harvey and Kennedy's iterative
/// algorithm over reverse postorder), with an Euler numbering so that "does m dominate s" is two compares.
struct Dominators {
    /// Immediate dominator of each reachable node; -1 for unreachable ones; the first step is its own.
    let idom: [Int]
    /// Preorder number in the dominator tree, and the last preorder number of the node's subtree.
    let pre: [Int]
    let last: [Int]
    /// Dominator-tree children, in node order.
    let children: [[Int]]

    init(_ g: StepGraph) {
        let size = g.count + 1
        var idom = [Int](repeating: -1, count: size)
        var pre = [Int](repeating: -1, count: size)
        var last = [Int](repeating: -1, count: size)
        var children = [[Int]](repeating: [], count: size)
        guard g.count > 0 else {
            self.idom = idom
            self.pre = pre
            self.last = last
            self.children = children
            return
        }
        // Postorder by an explicit stack: SOPs can have 100,000 steps.
        var post: [Int] = []
        post.reserveCapacity(size)
        var visited = [Bool](repeating: false, count: size)
        var stack: [(node: Int, next: Int)] = [(0, 0)]
        visited[0] = true
        while let top = stack.last {
            let succ = g.successors[top.node]
            if top.next < succ.count {
                stack[stack.count - 1].next += 1
                let v = succ[top.next]
                if !visited[v] {
                    visited[v] = true
                    stack.append((v, 0))
                }
            } else {
                post.append(top.node)
                stack.removeLast()
            }
        }
        var rpoNumber = [Int](repeating: -1, count: size)
        for (i, node) in post.enumerated() { rpoNumber[node] = post.count - 1 - i }
        let rpo = Array(post.reversed())

        idom[0] = 0
        var changed = true
        while changed {
            changed = false
            for b in rpo.dropFirst() {
                var newIdom = -1
                for p in g.predecessors[b] where idom[p] != -1 {
                    if newIdom == -1 {
                        newIdom = p
                    } else {
                        var x = p, y = newIdom
                        while x != y {
                            while rpoNumber[x] > rpoNumber[y] { x = idom[x] }
                            while rpoNumber[y] > rpoNumber[x] { y = idom[y] }
                        }
                        newIdom = x
                    }
                }
                if newIdom != -1, idom[b] != newIdom {
                    idom[b] = newIdom
                    changed = true
                }
            }
        }
        for node in 0..<size where node != 0 && idom[node] >= 0 { children[idom[node]].append(node) }

        var counter = 0
        var walk: [(node: Int, next: Int)] = [(0, 0)]
        pre[0] = counter
        counter += 1
        while let top = walk.last {
            let kids = children[top.node]
            if top.next < kids.count {
                walk[walk.count - 1].next += 1
                let v = kids[top.next]
                pre[v] = counter
                counter += 1
                walk.append((v, 0))
            } else {
                last[top.node] = counter - 1
                walk.removeLast()
            }
        }
        self.idom = idom
        self.pre = pre
        self.last = last
        self.children = children
    }

    /// Whether `m` dominates `s` (both reachable); a node dominates itself.
    func dominates(_ m: Int, _ s: Int) -> Bool {
        pre[m] >= 0 && pre[s] >= 0 && pre[m] <= pre[s] && pre[s] <= last[m]
    }
}
