import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// The control flow of one SOP: steps 0..<n and `end` as node n, with edges resolved from `next`, `yes` and
/// `no` (defaults: the following step, or `end` after the last one).
///
/// A branch whose target names no step (reported by ``FlowCheck``) or could not be read (reported as
/// `wrong-type`) is *broken*: where it was meant to go is unknown, so it is no edge at all — never taken
/// for `end` or for the following step — and the graph is incomplete. A check that would report something
/// the missing edge could change (a step not reached, no way to `end`, a document unused) asks
/// ``reachesBroken`` first, so that one typo is reported once and no path in a note has a made-up edge.
public struct StepGraph: Sendable {
    public let count: Int
    public var end: Int { count }
    /// Where each step's branches go: one target for a step, `yes` then `no` for a decision, even when
    /// both name the same step. The form's arrows and the machine's transitions are these (for a checked
    /// project, which has no broken branch; a broken branch shows here as `end`).
    public let targets: NodeLists
    /// Successors of each step (its targets that are not broken, each once); `end` has none. A decision
    /// lists `yes` first.
    public let successors: NodeLists
    public let predecessors: NodeLists
    /// Steps that some path from the first step reaches (index `end` included).
    public let reachable: [Bool]
    /// Steps from which `end` can be reached.
    public let reachesEnd: [Bool]
    /// Branch targets that name no step: (step, the key as written, the reference).
    public let unknownTargets: [(step: Int, key: String, ref: Ref)]
    /// Steps with a broken branch, in order.
    public let brokenSteps: [Int]
    /// Nodes from which a step with a broken branch can be reached (that step included): what they lead
    /// to depends on where the broken branch was meant to go. All false when the graph is complete.
    public let reachesBroken: [Bool]

    /// Whether every branch of every step goes to a known step or `end`.
    public var isComplete: Bool { brokenSteps.isEmpty }

    public init(_ sop: SOP) {
        let n = sop.steps.count
        count = n
        var succ = NodeLists.Builder(lists: n + 1, nodes: n)
        var branches = NodeLists.Builder(lists: n, nodes: n)
        var unknown: [(step: Int, key: String, ref: Ref)] = []
        var broken: [Int] = []
        /// Steps by the id their invalid id is to be written as (`Siapkan` → `siapkan`), made when needed.
        var bySlug: [String: Int]?
        /// The node a branch goes to; nil when it is broken.
        func resolve(_ ref: Ref?, from i: Int, key: String, unreadable: Bool) -> Int? {
            guard let ref else { return unreadable ? nil : i + 1 }
            if ref.id == "end" { return n }
            if let t = sop.stepIndex[ref.id] { return t }
            // `next: siapkan` names the step whose id `Siapkan` is reported as invalid: that is the mistake.
            if bySlug == nil {
                var index: [String: Int] = [:]
                for (s, step) in sop.steps.enumerated() where !Names.isValidID(step.ref.id) && !step.ref.id.isEmpty {
                    let slug = Names.slug(step.ref.id)
                    if index[slug] == nil, Names.isValidID(slug) { index[slug] = s }
                }
                bySlug = index
            }
            if let t = bySlug?[ref.id], sop.stepIndex[ref.id] == nil { return t }
            unknown.append((i, key, ref))
            return nil
        }
        for i in 0..<n {
            // One or two branches, without an array of them for each step (a long SOP has many).
            let step = sop.steps[i]
            if step.isDecision {
                let yes = resolve(step.yes, from: i, key: step.yesKey, unreadable: step.unreadable.contains(.yes))
                let no = resolve(step.no, from: i, key: step.noKey, unreadable: step.unreadable.contains(.no))
                branches.append(yes ?? n)
                branches.append(no ?? n)
                if yes == nil || no == nil { broken.append(i) }
                if let yes { succ.append(yes) }
                if let no, no != yes { succ.append(no) }
            } else {
                let next = resolve(step.next, from: i, key: "next", unreadable: step.unreadable.contains(.next))
                branches.append(next ?? n)
                if let next { succ.append(next) } else { broken.append(i) }
            }
            branches.close()
            succ.close()
        }
        succ.close()
        targets = branches.lists
        successors = succ.lists
        predecessors = successors.transposed()
        unknownTargets = unknown
        brokenSteps = broken

        // Forwards from the first step (when there is one); backwards from `end` and from the broken steps.
        reachable = n > 0 ? Self.marked(from: [0], along: successors) : [Bool](repeating: false, count: n + 1)
        reachesEnd = Self.marked(from: [n], along: predecessors)
        reachesBroken =
            broken.isEmpty ? [Bool](repeating: false, count: n + 1) : Self.marked(from: broken, along: predecessors)
    }

    /// The nodes a breadth-first walk from `starts` along `edges` reaches (`starts` included).
    static func marked(from starts: [Int], along edges: NodeLists) -> [Bool] {
        var seen = [Bool](repeating: false, count: edges.count)
        for s in starts { seen[s] = true }
        var queue = starts
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            for v in edges[u] where !seen[v] {
                seen[v] = true
                queue.append(v)
            }
        }
        return seen
    }

    /// A shortest path from the first step to `target` that only passes through nodes where `allowed` holds
    /// (the target excepted), or nil.
    func path(to target: Int, through allowed: (Int) -> Bool) -> [Int]? {
        guard count > 0 else { return nil }
        var parent = [Int](repeating: -1, count: count + 1)
        var seen = [Bool](repeating: false, count: count + 1)
        seen[0] = true
        var queue = [0]
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            if u == target { break }
            guard allowed(u) else { continue }
            for v in successors[u] where !seen[v] {
                seen[v] = true
                parent[v] = u
                queue.append(v)
            }
        }
        guard seen[target] else { return nil }
        var path = [target]
        var u = target
        while parent[u] >= 0 {
            u = parent[u]
            path.append(u)
        }
        return path.reversed()
    }

    /// `a → b → c`, naming `end` for node n; long paths keep their first and last steps.
    func describe(_ path: [Int], in sop: SOP) -> String {
        func name(_ i: Int) -> String { i == count ? "end" : (sop.steps[i].ref.id.isEmpty ? "#\(i + 1)" : sop.steps[i].ref.id) }
        if path.count <= 12 { return path.map(name).joined(separator: " → ") }
        return (path.prefix(5).map(name) + ["…"] + path.suffix(5).map(name)).joined(separator: " → ")
    }
}

/// A list of nodes for each node of a graph (a step's branches, its successors or predecessors), held in two
/// flat arrays: a long SOP has hundreds of thousands of steps, and an array for each step and each kind of
/// edge was an allocation of its own (about 17 MB for 100,000 steps, against 2.5 MB now).
public struct NodeLists: Sendable, Equatable, RandomAccessCollection, CustomStringConvertible {
    /// Where the list of each node starts in ``nodes``; one more entry ends the last list.
    private let starts: [Int32]
    private let nodes: [Int32]

    public var startIndex: Int { 0 }
    public var endIndex: Int { starts.count - 1 }

    public subscript(i: Int) -> Nodes { Nodes(nodes, Int(starts[i])..<Int(starts[i + 1])) }

    public var description: String { "[" + map(\.description).joined(separator: ", ") + "]" }

    /// The lists with every edge turned round: node `v` lists each `u` whose list names `v`, in order of `u`
    /// (as often as `u` names `v`). Nodes named must be below ``count``.
    func transposed() -> NodeLists {
        var counts = [Int32](repeating: 0, count: count + 1)
        for v in nodes { counts[Int(v) + 1] += 1 }
        for i in 0..<count { counts[i + 1] += counts[i] }
        var next = counts
        var reversed = [Int32](repeating: 0, count: nodes.count)
        for u in 0..<count {
            for k in Int(starts[u])..<Int(starts[u + 1]) {
                let v = Int(nodes[k])
                reversed[Int(next[v])] = Int32(u)
                next[v] += 1
            }
        }
        return NodeLists(starts: counts, nodes: reversed)
    }

    /// The nodes of one list, numbered from 0.
    public struct Nodes: Sendable, Equatable, RandomAccessCollection, CustomStringConvertible {
        private let storage: [Int32]
        private let range: Range<Int>

        init(_ storage: [Int32], _ range: Range<Int>) {
            self.storage = storage
            self.range = range
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { range.count }
        public subscript(k: Int) -> Int { Int(storage[range.lowerBound + k]) }

        public static func == (a: Nodes, b: Nodes) -> Bool { a.elementsEqual(b) }

        public var description: String { "[" + map(\.description).joined(separator: ", ") + "]" }
    }

    /// Lists made one after another: ``append(_:)`` the nodes of a list, then ``close()`` it.
    struct Builder {
        private var starts: [Int32]
        private var nodes: [Int32]

        init(lists: Int, nodes: Int) {
            starts = [0]
            starts.reserveCapacity(lists + 1)
            self.nodes = []
            self.nodes.reserveCapacity(nodes)
        }

        mutating func append(_ node: Int) { nodes.append(Int32(node)) }
        mutating func close() { starts.append(Int32(nodes.count)) }
        var lists: NodeLists { NodeLists(starts: starts, nodes: nodes) }
    }
}
