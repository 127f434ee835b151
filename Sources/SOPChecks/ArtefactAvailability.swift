import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// Which artefacts of one SOP are available where: the one answer the checks report from and the later
/// stages (the BPMN data associations, the runtime, an editor) read.
///
/// An artefact is available on entry to a step (or to `end`) when it is an SOP input, or every path from
/// the first step to it passes, before it, a step that makes it; a call step makes the project artefacts
/// its SOP outputs. A step whose `makes:` or call cannot be known — it names something that is no
/// artefact, or an SOP that does not exist or whose outputs name such a thing, or could not be read —
/// makes everything (that is reported already; what comes after it is not reported on top). A step no
/// path reaches has everything.
///
/// Most questions are settled by one maker that dominates the step, answered from merged ranges of the
/// dominator tree in logarithmic time. Every artefact that a need, a call's input or an output of the SOP
/// asks about and the dominators do not settle gets one breadth-first search from the first step that
/// does not go past its makers, made when the value is built and kept: what it reaches lacks the artefact
/// on the path it was reached by. Artefacts that no step makes share one such search. A search is kept as
/// one bit a node (what it reached), not as its tree: a 100,000-step SOP with a hundred such artefacts
/// held 40 MB of trees for paths that only a report needs, and a report searches again
/// (``missingTree(_:)``: the same breadth-first order, so the same path). A question about anything else (a
/// step that does not name the artefact) is answered by a search of its own, not kept.
public struct ArtefactAvailability: Sendable {
    /// One search from the first step: the nodes it reached, one bit each.
    struct Search: Sendable {
        let reached: [UInt64]

        func reaches(_ node: Int) -> Bool { reached[node >> 6] & (1 << UInt64(node & 63)) != 0 }
    }

    /// A range of dominator-tree preorder numbers.
    struct Span: Sendable {
        var lo: Int32
        var hi: Int32
    }

    let graph: StepGraph
    let dominators: Dominators
    /// The artefacts of this SOP, by number: every local or project artefact it names, and the project
    /// artefacts its calls hand over and get back.
    let names: [String]
    let number: IDIndex
    let isInput: [Bool]
    /// What each node makes available (node `end` nothing), flat: `genFlat[genStart[i]..<genStart[i + 1]]`.
    let genStart: [Int]
    let genFlat: [Int32]
    /// The steps that make each artefact, in step order.
    let makers: [[Int]]
    /// Per artefact, the preorder numbers its makers strictly dominate, as disjoint sorted spans.
    let cover: [[Span]]
    /// Per artefact, its search in `searches`, or -1.
    private(set) var searchOf: [Int32] = []
    private(set) var searches: [Search] = []

    /// The number of each step's needs and makes (-1: no artefact of this SOP), flat, step by step:
    /// `needFlat[needStart[i]..<needStart[i + 1]]` are step `i`'s needs in order. Made while numbering,
    /// for the checks that go over the same references (``ArtefactFlowCheck``), and not kept.
    struct StepNumbers: Equatable {
        var needStart: [Int] = []
        var needFlat: [Int32] = []
        var makeStart: [Int] = []
        var makeFlat: [Int32] = []
        /// Whether a need of a step names something known nowhere (no artefact, no equipment).
        var unknownNeed = false
    }

    /// Computes the availability of every artefact of `sop`, whose step graph is `graph`.
    public init(_ sop: SOP, graph: StepGraph, model: ProjectModel) {
        var numbers = StepNumbers()
        self.init(sop, graph: graph, model: model, numbers: &numbers)
    }

    /// The same, handing over the numbers of the steps' references. `learning`: whether the numbering keeps
    /// the copies of ids it is asked for (``RepeatedIDs``); by default for an SOP of a thousand steps or more.
    /// `dominators`: the graph's dominators, made beside the numbering (nil: made here, after it).
    init(
        _ sop: SOP, graph: StepGraph, model: ProjectModel, numbers: inout StepNumbers, learning: Bool? = nil,
        dominators shared: SharedDominators? = nil
    ) {
        var numbering = Numbering(sop: sop, model: model, learns: learning)
        numbering.run(graph.count)
        self.graph = graph
        dominators = shared?.get() ?? Dominators(graph)
        names = numbering.names
        number = numbering.number
        genStart = numbering.genStart
        genFlat = numbering.genFlat
        var isInput = [Bool](repeating: false, count: names.count)
        for ref in sop.inputs { if let a = number[ref.id] { isInput[a] = true } }
        // An input list that cannot be read, or names something that is no artefact (reported), may hold
        // anything: every artefact counts as there from the start, so that nothing is missing on top.
        if sop.unreadable.contains(.inputs) || sop.inputs.contains(where: { !numbering.isArtefact($0.id) }) {
            isInput = [Bool](repeating: true, count: names.count)
        }
        self.isInput = isInput
        var makers = [[Int]](repeating: [], count: names.count)
        for i in 0..<graph.count {
            for a in genFlat[genStart[i]..<genStart[i + 1]] where makers[Int(a)].last != i { makers[Int(a)].append(i) }
        }
        self.makers = makers
        cover = Self.cover(dominators, genStart: genStart, genFlat: genFlat, artefacts: names.count)
        (searchOf, searches) = searchUnsettled(sop, model: model, callees: numbering.callee, needs: numbering.steps)
        numbers = numbering.steps
    }

    /// The node of `end` in the step graph (the steps are 0..<end).
    public var end: Int { graph.end }

    /// How many searches building this value made (the tests count them).
    var searchCount: Int { searches.count }

    /// Whether `artefact` is available on every path into `node` (a step's index, or ``end``), before the
    /// step does anything. An id that is no artefact of this SOP is not available.
    public func isAvailable(_ artefact: String, into node: Int) -> Bool {
        guard let a = number[artefact] else { return false }
        return isAvailable(a, into: node)
    }

    /// A shortest path from the first step to `node` (both included) on which `artefact` is not made
    /// before `node`, or nil when it is available there.
    public func missingPath(_ artefact: String, into node: Int) -> [Int]? {
        guard let a = number[artefact] else { return graph.path(to: node, through: { _ in true }) }
        return missingPath(a, into: node)
    }

    func isAvailable(_ a: Int, into node: Int) -> Bool {
        if graph.count == 0 { return isInput[a] }
        if isInput[a] || !graph.reachable[node] || dominated(a, node) { return true }
        if searchOf[a] >= 0 { return !searches[Int(searchOf[a])].reaches(node) }
        return path(a, to: node) == nil
    }

    func missingPath(_ a: Int, into node: Int) -> [Int]? {
        var tree: [Int32]?
        return missingPath(a, into: node, tree: &tree)
    }

    /// ``missingPath(_:into:)``, read from `tree`, ``missingTree(_:)`` of `a`, made here when nil and
    /// needed: a report of many steps missing one artefact searches once.
    func missingPath(_ a: Int, into node: Int, tree: inout [Int32]?) -> [Int]? {
        if graph.count == 0 { return isInput[a] ? nil : [node] }
        if isInput[a] || !graph.reachable[node] || dominated(a, node) { return nil }
        guard searchOf[a] >= 0 else { return path(a, to: node) }
        guard searches[Int(searchOf[a])].reaches(node) else { return nil }
        if tree == nil { tree = missingTree(a) }
        let parent = tree!
        var path = [node]
        var u = node
        while parent[u] >= 0 {
            u = Int(parent[u])
            path.append(u)
        }
        return path.reversed()
    }

    /// The tree of the breadth-first search from the first step that does not go past the makers of `a`:
    /// the parent of each node reached, -1 for the first step, -2 for a node not reached. Its paths are
    /// those ``StepGraph/path(to:through:)`` finds past the same makers (the same order of search).
    func missingTree(_ a: Int) -> [Int32] {
        var parent = [Int32](repeating: -2, count: graph.count + 1)
        search(avoiding: makers[a]) { v, u in parent[v] = Int32(u) }
        parent[0] = -1
        return parent
    }

    /// What step `i` makes available: its makes, and what its call returns.
    func gen(_ i: Int) -> ArraySlice<Int32> { genFlat[genStart[i]..<genStart[i + 1]] }

    /// Whether a maker of artefact `a` other than `node` dominates it.
    func dominated(_ a: Int, _ node: Int) -> Bool {
        let p = Int32(dominators.pre[node])
        guard p >= 0 else { return false }
        let spans = cover[a]
        var l = 0
        var r = spans.count
        while l < r {
            let mid = (l + r) / 2
            if spans[mid].lo <= p { l = mid + 1 } else { r = mid }
        }
        return l > 0 && p <= spans[l - 1].hi
    }

    /// A search of its own for a question no need, call input or output asked.
    private func path(_ a: Int, to node: Int) -> [Int]? {
        var isMaker = [Bool](repeating: false, count: graph.count + 1)
        for m in makers[a] { isMaker[m] = true }
        return graph.path(to: node, through: { !isMaker[$0] })
    }

    /// The spans, built in one pass over the dominator tree in preorder, so that each artefact's spans come
    /// sorted and a span inside the one before is merged away (subtrees nest or are disjoint).
    private static func cover(_ dom: Dominators, genStart: [Int], genFlat: [Int32], artefacts: Int) -> [[Span]] {
        var cover = [[Span]](repeating: [], count: artefacts)
        var order = NodeNumbers(repeating: -1, count: dom.pre.count)
        for (node, p) in dom.pre.enumerated() where p >= 0 { order[p] = node }
        for m in order where m >= 0 && m < genStart.count - 2 {
            let lo = Int32(dom.pre[m] + 1)
            let hi = Int32(dom.last[m])
            guard lo <= hi else { continue }
            for a in genFlat[genStart[m]..<genStart[m + 1]] {
                if let last = cover[Int(a)].last, lo <= last.hi { continue }
                cover[Int(a)].append(Span(lo: lo, hi: hi))
            }
        }
        return cover
    }

    /// The searches for every artefact that a need, a call's input or an output asks about where the
    /// dominators do not settle it, in artefact order.
    private func searchUnsettled(_ sop: SOP, model: ProjectModel, callees: [Int32], needs: StepNumbers) -> (
        [Int32], [Search]
    ) {
        let n = graph.count
        var unsettled = [Bool](repeating: false, count: names.count)
        func ask(_ a: Int, at node: Int) {
            guard !isInput[a], graph.reachable[node], !dominated(a, node) else { return }
            unsettled[a] = true
        }
        func ask(_ id: String, at node: Int) {
            if let a = number[id] { ask(a, at: node) }
        }
        for i in 0..<n {
            for a in needs.needFlat[needs.needStart[i]..<needs.needStart[i + 1]] where a >= 0 { ask(Int(a), at: i) }
            if callees[i] >= 0 {
                for ref in model.sops[Int(callees[i])].inputs { ask(ref.id, at: i) }
            }
        }
        for ref in sop.outputs { ask(ref.id, at: n) }
        var searchOf = [Int32](repeating: -1, count: names.count)
        var searches: [Search] = []
        var shared: Int32 = -1
        for a in 0..<names.count where unsettled[a] && n > 0 {
            if makers[a].isEmpty, shared >= 0 {
                searchOf[a] = shared
                continue
            }
            searchOf[a] = Int32(searches.count)
            if makers[a].isEmpty { shared = searchOf[a] }
            searches.append(search(avoiding: makers[a]))
        }
        return (searchOf, searches)
    }

    /// Breadth-first from the first step, not going past `makers` (which are reached themselves).
    private func search(avoiding makers: [Int]) -> Search {
        Search(reached: search(avoiding: makers) { _, _ in })
    }

    /// The breadth-first search from the first step not going past `makers`; `found(v, u)` for each node
    /// `v` it reaches from `u`, in the order found. Returns the nodes reached, one bit each.
    @discardableResult
    private func search(avoiding makers: [Int], found: (Int, Int) -> Void) -> [UInt64] {
        let nodes = graph.count + 1
        var isMaker = [Bool](repeating: false, count: nodes)
        for m in makers { isMaker[m] = true }
        var reached = [UInt64](repeating: 0, count: (nodes + 63) >> 6)
        reached[0] = 1
        var queue = [0]
        queue.reserveCapacity(64)
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            if isMaker[u] { continue }
            for v in graph.successors[u] where reached[v >> 6] & (1 << UInt64(v & 63)) == 0 {
                reached[v >> 6] |= 1 << UInt64(v & 63)
                found(v, u)
                queue.append(v)
            }
        }
        return reached
    }
}

/// Numbers the artefacts of an SOP in the order the checks have always used (inputs, outputs, then step by
/// step what it needs, makes and hands to its call, then what calls return), and lists what each step
/// makes available.
private struct Numbering {
    let sop: SOP
    let model: ProjectModel
    var number = IDIndex()
    var names: [String] = []
    /// The called SOP of each step: an index into model.sops, -1 for none, -2 for an unknown SOP.
    var callee: [Int32] = []
    /// Steps that may make anything: what they make or get from their call is not known.
    var wildcard: [Bool] = []
    var genStart: [Int] = []
    var genFlat: [Int32] = []
    /// The numbers of each step's needs and makes.
    var steps = ArtefactAvailability.StepNumbers()
    /// The answers of ``code(_:)`` for each copy of an id.
    var repeated: RepeatedIDs

    init(sop: SOP, model: ProjectModel, learns: Bool?) {
        self.sop = sop
        self.model = model
        let ids = sop.artefacts.count + (model.project.map { $0.artefacts.count + $0.equipment.count } ?? 0)
        repeated = RepeatedIDs(sop, ids: ids, learns: learns)
    }

    /// Whether `id` is a local or project artefact of the SOP.
    func isArtefact(_ id: String) -> Bool {
        let kind = model.artefactKind(id, in: sop)
        return kind == .local || kind == .project
    }

    /// Whether what step `i` makes available cannot be known (see ``ArtefactAvailability``);
    /// `makesNonArtefact`: whether one of its makes is no artefact of the SOP.
    func makesUnknown(_ i: Int, makesNonArtefact: Bool) -> Bool {
        let step = sop.steps[i]
        if callee[i] == -2 || step.unreadable.contains(.makes) || step.unreadable.contains(.call) { return true }
        if makesNonArtefact { return true }
        guard callee[i] >= 0 else { return false }
        // Read in place: a copy of the called SOP would retain each of its parts.
        let c = Int(callee[i])
        return model.sops[c].unreadable.contains(.outputs)
            || model.sops[c].outputs.contains { model.artefactKind($0.id, in: model.sops[c]) == .unknown }
    }

    mutating func artefact(_ id: String) -> Int? {
        let code = code(id)
        return code >= 0 ? code : nil
    }

    /// The number of `id` (given it here when it is a local or project artefact that has none yet); -1 for
    /// an id that is no artefact of the SOP but known (equipment), -2 for one known nowhere.
    mutating func code(_ id: String) -> Int {
        // (Each copy of an id looked up by its text once: ``RepeatedIDs``.)
        if let kept = repeated.kept(id) { return kept }
        let code: Int
        if let a = number[id] {
            code = a
        } else {
            let kind = model.artefactKind(id, in: sop)
            if kind == .local || kind == .project {
                number[id] = names.count
                names.append(id)
                code = names.count - 1
            } else {
                code = kind == .unknown ? -2 : -1
            }
        }
        repeated.keep(id, code)
        return code
    }

    mutating func run(_ n: Int) {
        callee = sop.steps.map { step in step.call.map { model.sopIndex[$0.id].map(Int32.init) ?? -2 } ?? -1 }
        // At most this many artefacts, numbered without the table growing: only local and project artefacts
        // get a number, and each is named by an input, an output, a need or a make (a long SOP names a few
        // hundred artefacts in hundreds of thousands of references: a table for those was 12 MB).
        let references =
            sop.inputs.count + sop.outputs.count + sop.steps.prefix(n).reduce(0) { $0 + $1.needs.count + $1.makes.count }
        number.reserveCapacity(min(references, sop.artefacts.count + (model.project?.artefacts.count ?? 0)))
        for ref in sop.inputs { _ = artefact(ref.id) }
        for ref in sop.outputs { _ = artefact(ref.id) }
        var makesNonArtefact = [Bool](repeating: false, count: n)
        steps.needStart.reserveCapacity(n + 1)
        steps.makeStart.reserveCapacity(n + 1)
        for i in 0..<n {
            let step = sop.steps[i]
            steps.needStart.append(steps.needFlat.count)
            for ref in step.needs {
                let code = code(ref.id)
                if code == -2 { steps.unknownNeed = true }
                steps.needFlat.append(Int32(max(code, -1)))
            }
            steps.makeStart.append(steps.makeFlat.count)
            for ref in step.makes {
                // A make that gets no number is no local or project artefact: ``isArtefact(_:)`` is false.
                let a = artefact(ref.id)
                if a == nil { makesNonArtefact[i] = true }
                steps.makeFlat.append(a.map(Int32.init) ?? -1)
            }
            if callee[i] >= 0 {
                for ref in model.sops[Int(callee[i])].inputs { _ = artefact(ref.id) }
            }
        }
        steps.needStart.append(steps.needFlat.count)
        steps.makeStart.append(steps.makeFlat.count)
        wildcard = (0..<n).map { makesUnknown($0, makesNonArtefact: makesNonArtefact[$0]) }
        genStart = [Int](repeating: 0, count: n + 2)
        for i in 0..<n {
            genStart[i] = genFlat.count
            for a in steps.makeFlat[steps.makeStart[i]..<steps.makeStart[i + 1]] where a >= 0 { genFlat.append(a) }
            if callee[i] >= 0 {
                // Only project artefacts cross SOP boundaries.
                for ref in model.sops[Int(callee[i])].outputs where model.project?.artefactIndex[ref.id] != nil {
                    if let a = artefact(ref.id) { genFlat.append(Int32(a)) }
                }
            }
        }
        genStart[n] = genFlat.count
        genStart[n + 1] = genFlat.count
        if wildcard.contains(true) { makeEverythingAtWildcards(n) }
    }

    /// A step whose making is not known (an unknown SOP called, an unknown artefact made) may deliver
    /// anything: count it as making every artefact, so that what comes after it is not reported as missing
    /// on top.
    mutating func makeEverythingAtWildcards(_ n: Int) {
        var rebuilt: [Int32] = []
        var starts = [Int](repeating: 0, count: n + 2)
        for i in 0..<n {
            starts[i] = rebuilt.count
            if wildcard[i] {
                rebuilt += (0..<names.count).map(Int32.init)
            } else {
                rebuilt += genFlat[genStart[i]..<genStart[i + 1]]
            }
        }
        starts[n] = rebuilt.count
        starts[n + 1] = rebuilt.count
        genFlat = rebuilt
        genStart = starts
    }
}
