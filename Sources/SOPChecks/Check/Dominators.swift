import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// The dominator tree of a ``StepGraph`` from its first step (Cooper, Harvey and Kennedy's iterative
/// algorithm over reverse postorder), with an Euler numbering so that "does m dominate s" is two compares.
struct Dominators {
    /// Immediate dominator of each reachable node; -1 for unreachable ones; the first step is its own.
    let idom: [Int]
    /// Preorder number in the dominator tree, and the last preorder number of the node's subtree.
    let pre: [Int]
    let last: [Int]

    init(_ g: StepGraph) {
        let size = g.count + 1
        guard g.count > 0 else {
            idom = [Int](repeating: -1, count: size)
            pre = idom
            last = idom
            return
        }
        let idom = Self.immediateDominators(g, reversePostorder: Self.reversePostorder(g))
        // Each node's parent, turned round into each node's children, in node order.
        var parents = NodeLists.Builder(lists: size, nodes: size)
        for node in 0..<size {
            if node != 0 && idom[node] >= 0 { parents.append(idom[node]) }
            parents.close()
        }
        let children = parents.lists.transposed()
        (pre, last) = Self.number(children)
        self.idom = idom
    }

    /// The nodes reachable from the first step in reverse postorder, by an explicit stack: SOPs can have
    /// 100,000 steps.
    private static func reversePostorder(_ g: StepGraph) -> [Int] {
        var post: [Int] = []
        post.reserveCapacity(g.count + 1)
        var visited = [Bool](repeating: false, count: g.count + 1)
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
        return post.reversed()
    }

    /// Cooper, Harvey and Kennedy's iteration to a fixed point.
    private static func immediateDominators(_ g: StepGraph, reversePostorder rpo: [Int]) -> [Int] {
        var idom = [Int](repeating: -1, count: g.count + 1)
        var rpoNumber = [Int](repeating: -1, count: g.count + 1)
        for (i, node) in rpo.enumerated() { rpoNumber[node] = i }
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
                        var x = p
                        var y = newIdom
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
        return idom
    }

    /// Preorder numbers of the tree from node 0, and the last one of each subtree, by an explicit stack.
    private static func number(_ children: NodeLists) -> (pre: [Int], last: [Int]) {
        var pre = [Int](repeating: -1, count: children.count)
        var last = [Int](repeating: -1, count: children.count)
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
        return (pre, last)
    }

    /// Whether `m` dominates `s` (both reachable); a node dominates itself.
    func dominates(_ m: Int, _ s: Int) -> Bool {
        pre[m] >= 0 && pre[s] >= 0 && pre[m] <= pre[s] && pre[s] <= last[m]
    }
}
