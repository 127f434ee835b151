import SOPDiagnostics
import SOPFrontEnd
import SOPSystem
import Synchronization

/// The dominator tree of a ``StepGraph`` from its first step (Cooper, Harvey and Kennedy's iterative
/// algorithm over reverse postorder), with an Euler numbering so that "does m dominate s" is two compares.
struct Dominators: Sendable {
    /// Immediate dominator of each reachable node; -1 for unreachable ones; the first step is its own.
    let idom: NodeNumbers
    /// Preorder number in the dominator tree, and the last preorder number of the node's subtree.
    let pre: NodeNumbers
    let last: NodeNumbers

    init(_ g: StepGraph) {
        let size = g.count + 1
        guard g.count > 0 else {
            idom = NodeNumbers(repeating: -1, count: size)
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
    private static func reversePostorder(_ g: StepGraph) -> [Int32] {
        var post: [Int32] = []
        post.reserveCapacity(g.count + 1)
        var visited = [Bool](repeating: false, count: g.count + 1)
        var stack: [(node: Int32, next: Int32)] = [(0, 0)]
        visited[0] = true
        while let top = stack.last {
            let succ = g.successors[Int(top.node)]
            if top.next < succ.count {
                stack[stack.count - 1].next += 1
                let v = succ[Int(top.next)]
                if !visited[v] {
                    visited[v] = true
                    stack.append((Int32(v), 0))
                }
            } else {
                post.append(top.node)
                stack.removeLast()
            }
        }
        post.reverse()
        return post
    }

    /// Cooper, Harvey and Kennedy's iteration to a fixed point.
    private static func immediateDominators(_ g: StepGraph, reversePostorder rpo: [Int32]) -> NodeNumbers {
        var idom = NodeNumbers(repeating: -1, count: g.count + 1)
        var rpoNumber = NodeNumbers(repeating: -1, count: g.count + 1)
        for (i, node) in rpo.enumerated() { rpoNumber[Int(node)] = i }
        idom[0] = 0
        var changed = true
        while changed {
            changed = false
            for b32 in rpo.dropFirst() {
                let b = Int(b32)
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
    private static func number(_ children: NodeLists) -> (pre: NodeNumbers, last: NodeNumbers) {
        var pre = NodeNumbers(repeating: -1, count: children.count)
        var last = NodeNumbers(repeating: -1, count: children.count)
        var counter = 0
        var walk: [(node: Int32, next: Int32)] = [(0, 0)]
        pre[0] = counter
        counter += 1
        while let top = walk.last {
            let kids = children[Int(top.node)]
            if top.next < kids.count {
                walk[walk.count - 1].next += 1
                let v = kids[Int(top.next)]
                pre[v] = counter
                counter += 1
                walk.append((Int32(v), 0))
            } else {
                last[Int(top.node)] = counter - 1
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

/// A number for each node of a step graph, stored in 4 bytes (an SOP has at most 250,000 steps), read and
/// written as `Int`: the dominator tree of a 100,000-step SOP holds three of them.
struct NodeNumbers: RandomAccessCollection, MutableCollection, Sendable {
    private var values: [Int32]

    init(repeating value: Int, count: Int) { values = [Int32](repeating: Int32(value), count: count) }

    var startIndex: Int { 0 }
    var endIndex: Int { values.count }

    subscript(i: Int) -> Int {
        get { Int(values[i]) }
        set { values[i] = Int32(truncatingIfNeeded: newValue) }
    }
}

/// The dominators of one step graph, made once by whichever of two jobs running in parallel asks first: the
/// checks of a long SOP make them as a job of their own beside the artefact numbering, which needs them
/// next (``ArtefactAvailability``). A job that asks while the other makes them waits for those; neither
/// waits on anything else, so no order of the two can block.
final class SharedDominators: Sendable {
    private let graph: StepGraph
    private let made = Mutex<Dominators?>(nil)

    init(_ graph: StepGraph) { self.graph = graph }

    /// The dominators, made here unless made (or being made) already.
    func get() -> Dominators {
        made.withLock { made in
            if let made { return made }
            let dominators = Dominators(graph)
            made = dominators
            return dominators
        }
    }
}
