import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// The planned time of the form (Waktu summed): the main path, and one trip round each correction loop,
/// both computed on the SOP's step graph (``FormTable/targets(of:)``).
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
        func minutes(_ i: Int) -> (Double, Double) {
            steps[i].time?.duration.map { $0.minutes(on: table.calendar) } ?? (0, 0)
        }
        // The main path: from the first row, 'next' or 'yes', until 'end'. A decision whose 'yes' goes back to
        // a row already on the path is a loop the other way round: the path goes on along 'no'.
        var path: [Int] = []
        var onPath = Set<Int>()
        var taken: [Int: Int] = [:]
        var i = steps.isEmpty ? -1 : 0
        while i >= 0, onPath.insert(i).inserted {
            path.append(i)
            let targets = table.targets(of: i)
            var choice = 0
            if steps[i].isDecision, case .row(let yes) = targets[0], onPath.contains(yes) { choice = 1 }
            taken[i] = choice
            guard case .row(let t) = targets[choice] else { break }
            i = t
        }
        mainPath = path
        low = path.reduce(0) { $0 + minutes($1).0 }
        high = path.reduce(0) { $0 + minutes($1).1 }
        // A loop: a decision on the main path whose other branch comes back, on the step graph, to a row of
        // the main path at or before it: straight back ("Tidak" to an earlier row), or through rows off the
        // main path first (to a correction step, or a call of another SOP, that then leads back). One trip
        // runs along that branch, then along the main path from where it comes back to the decision again.
        var loops: [Loop] = []
        for (position, d) in path.enumerated() where steps[d].isDecision {
            let other = 1 - (taken[d] ?? 0)
            guard case .row(let first) = table.targets(of: d)[other] else { continue }
            // Off the main path: from each row, back onto the main path at or before the decision where a
            // target goes there, else on to the first row the walk has not been to.
            var away: [Int] = []
            var seen = Set<Int>()
            var at: Int? = first
            while let i = at, !onPath.contains(i), seen.insert(i).inserted {
                away.append(i)
                let rows = table.targets(of: i).compactMap { if case .row(let t) = $0 { t } else { nil } }
                at =
                    rows.first { t in path.firstIndex(of: t).map { $0 <= position } ?? false }
                    ?? rows.first { !onPath.contains($0) && !seen.contains($0) }
            }
            guard let back = at, let start = path.firstIndex(of: back), start <= position else { continue }
            let trip = away + path[start...position]
            loops.append(
                Loop(
                    decision: d, target: back, away: away, answer: other == 1 ? "Tidak" : "Ya",
                    low: trip.reduce(0) { $0 + minutes($1).0 }, high: trip.reduce(0) { $0 + minutes($1).1 }))
        }
        self.loops = loops
    }
}
