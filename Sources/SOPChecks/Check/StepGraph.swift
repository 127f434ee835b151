import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// The control flow of one SOP: steps 0..<n and `end` as node n, with edges resolved from `next`, `yes` and
/// `no` (defaults: the following step, or `end` after the last one). Targets that name no step are
/// reported by ``FlowCheck`` and lead to `end` here, so that one typo does not cascade.
public struct StepGraph: Sendable {
    public let count: Int
    public var end: Int { count }
    /// Where each step's branches go: one target for a step, `yes` then `no` for a decision, even when
    /// both name the same step. The form's arrows and the machine's transitions are these.
    public let targets: [[Int]]
    /// Successors of each step (its targets, each once); `end` has none. A decision lists `yes` first.
    public let successors: [[Int]]
    public let predecessors: [[Int]]
    /// Steps that some path from the first step reaches (index `end` included).
    public let reachable: [Bool]
    /// Steps from which `end` can be reached.
    public let reachesEnd: [Bool]
    /// Branch targets that name no step: (step, which key, the reference).
    public let unknownTargets: [(step: Int, key: String, ref: Ref)]

    public init(_ sop: SOP) {
        let n = sop.steps.count
        count = n
        var succ = [[Int]](repeating: [], count: n + 1)
        var branches = [[Int]](repeating: [], count: n)
        var unknown: [(step: Int, key: String, ref: Ref)] = []
        func resolve(_ ref: Ref?, from i: Int, key: String) -> Int {
            guard let ref else { return i + 1 }
            if ref.id == "end" { return n }
            if let t = sop.stepIndex[ref.id] { return t }
            unknown.append((i, key, ref))
            return n
        }
        for (i, step) in sop.steps.enumerated() {
            if step.isDecision {
                let yes = resolve(step.yes, from: i, key: "yes")
                let no = step.no.map { resolve($0, from: i, key: "no") } ?? (i + 1)
                branches[i] = [yes, no]
                succ[i] = yes == no ? [yes] : [yes, no]
            } else {
                branches[i] = [resolve(step.next, from: i, key: "next")]
                succ[i] = branches[i]
            }
        }
        var pred = [[Int]](repeating: [], count: n + 1)
        for i in 0..<n {
            for s in succ[i] { pred[s].append(i) }
        }
        targets = branches
        successors = succ
        predecessors = pred
        unknownTargets = unknown

        // Forwards from the first step (when there is one); backwards from `end`.
        reachable = n > 0 ? Self.marked(from: 0, along: succ) : [Bool](repeating: false, count: n + 1)
        reachesEnd = Self.marked(from: n, along: pred)
    }

    /// The nodes a breadth-first walk from `start` along `edges` reaches (`start` included).
    static func marked(from start: Int, along edges: [[Int]]) -> [Bool] {
        var seen = [Bool](repeating: false, count: edges.count)
        seen[start] = true
        var queue = [start]
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
