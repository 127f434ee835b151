import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// correction loop.
public struct FormTiming: Sendable {
    public struct Loop: Sendable {
        /// The decision row (0-based) whose `no` branch loops back.
        public var decision: Int
        /// The row the loop goes back to.
        public var target: Int
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
        // A loop: a decision on the main path whose other branch goes back to a row of the main path at or
        // before it; one trip runs from that row along the main path to the decision again.
        var loops: [Loop] = []
        for (position, d) in path.enumerated() where steps[d].isDecision {
            let other = 1 - (taken[d] ?? 0)
            guard case .row(let t) = table.targets(of: d)[other], let start = path.firstIndex(of: t), start <= position else {
                continue
            }
            let trip = path[start...position]
            loops.append(
                Loop(
                    decision: d, target: t, low: trip.reduce(0) { $0 + minutes($1).0 },
                    high: trip.reduce(0) { $0 + minutes($1).1 }))
        }
        self.loops = loops
    }
}
