import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// The planned time of the form: the main path (SPEC §2's one rule: a call step lasts its called SOP's main
/// path), and one trip round each correction loop, both computed on the SOP's step graph
/// (``FormTable/targets(of:)``).
public struct FormTiming: Sendable {
    public struct Loop: Sendable {
        /// The decision row (0-based) whose branch loops back.
        public var decision: Int
        /// The row of the main path the loop comes back to.
        public var target: Int
        /// The rows off the main path that the branch runs through first, in order (none when it goes straight
        /// back).
        public var away: [Int] = []
        /// The decision's answer that loops: "Tidak", or "Ya" when `yes` is the branch that goes back.
        public var answer = "Tidak"
        public var low: Double
        public var high: Double
    }

    /// Rows on the main path (every decision answered "yes"), in order.
    public var mainPath: [Int]
    public var low: Double
    public var high: Double
    public var loops: [Loop]

    public init(_ table: FormTable) {
        let steps = table.sop.steps
        func minutes(_ i: Int) -> (Double, Double) { (table.stepMinutes[i].low, table.stepMinutes[i].high) }
        // The main path, as simulate and the deadline checks take it (MainPath): the form's total is theirs.
        let main = MainPath(table.graph, isDecision: { steps[$0].isDecision }, minutes: table.stepMinutes)
        let path = main.steps
        mainPath = path
        low = main.low
        high = main.high
        // Each row's first place on the main path, -1 off it (a lookup per row, not a search of the path).
        var place = [Int](repeating: -1, count: steps.count)
        for (position, row) in path.enumerated() where place[row] < 0 { place[row] = position }
        func onPath(_ row: Int) -> Bool { place[row] >= 0 }
        // The branch each decision on the main path takes: the one that leads to the next row of the path.
        var taken = [UInt8](repeating: 0, count: steps.count)
        for (position, d) in path.enumerated() where steps[d].isDecision {
            let targets = table.targets(of: d)
            let next: FormTarget = position + 1 < path.count ? .row(path[position + 1]) : .end
            taken[d] = targets[0] == next || targets.count < 2 ? 0 : 1
        }
        // A loop: a decision on the main path whose other branch comes back, on the step graph, to a row of
        // the main path at or before it: straight back ("Tidak" to an earlier row), or through rows off the
        // main path first (to a correction step, or a call of another SOP, that then leads back). One trip
        // runs along that branch, then along the main path from where it comes back to the decision again.
        let sums = MainPath.PathSums(path, minutes: table.stepMinutes)
        var loops: [Loop] = []
        for (position, d) in path.enumerated() where steps[d].isDecision {
            let other = 1 - Int(taken[d])
            guard case .row(let first) = table.targets(of: d)[other] else { continue }
            // Off the main path: from each row, back onto the main path at or before the decision where a
            // target goes there, else on to the first row the walk has not been to.
            var away: [Int] = []
            var seen = Set<Int>()
            var at: Int? = first
            while let i = at, !onPath(i), seen.insert(i).inserted {
                away.append(i)
                let rows = table.targets(of: i).compactMap { if case .row(let t) = $0 { t } else { nil } }
                at =
                    rows.first { t in onPath(t) && place[t] <= position }
                    ?? rows.first { !onPath($0) && !seen.contains($0) }
            }
            guard let back = at, onPath(back), case let start = place[back], start <= position else { continue }
            // The rows away first, then the main path back to the decision, added up in that order.
            let awayTime = (low: away.reduce(0) { $0 + minutes($1).0 }, high: away.reduce(0) { $0 + minutes($1).1 })
            let (low, high) = sums.along(start...position, after: awayTime)
            loops.append(
                Loop(
                    decision: d, target: back, away: away, answer: other == 1 ? "Tidak" : "Ya", low: low, high: high))
        }
        self.loops = loops
    }
}
