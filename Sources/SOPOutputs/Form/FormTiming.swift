import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// The planned time of the form's main path (SPEC §2's one rule: a call step lasts its called SOP's main
/// path), and of one trip round each correction loop.
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
        let path = MainPath(table.graph, isDecision: { steps[$0].isDecision }, minutes: table.stepMinutes)
        mainPath = path.steps
        low = path.low
        high = path.high
        loops = path.loops.map { Loop(decision: $0.decision, target: $0.target, low: $0.low, high: $0.high) }
    }
}
