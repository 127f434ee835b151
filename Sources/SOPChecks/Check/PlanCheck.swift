import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// The main path of an SOP (every decision answered "yes", or "no" where "yes" would go back) and its
/// planned time by SPEC §2's one rule: a step lasts its `time:`, and a call step lasts as long as the
/// called SOP's main path. The form's totals, the Markdown, the machines and the deadline checks all read it.
public struct MainPath: Sendable {
    /// A correction loop: a decision on the main path whose other branch goes back to a step of the main
    /// path at or before it; one trip runs from that step along the main path to the decision again.
    public struct Loop: Sendable {
        public var decision: Int
        public var target: Int
        public var low: Double
        public var high: Double
    }

    /// Steps on the main path, in order.
    public var steps: [Int]
    public var low: Double
    public var high: Double
    public var loops: [Loop]

    /// The main path of a step graph whose step `i` lasts `minutes[i]`. Linear in the number of steps: each
    /// step's place on the path is kept, not searched for.
    public init(_ graph: StepGraph, isDecision: (Int) -> Bool, minutes: [(low: Double, high: Double)]) {
        var path: [Int] = []
        // Each step's place on the path, -1 off it; a target may be the end, which is no step.
        var place = [Int](repeating: -1, count: graph.count)
        func placeOf(_ t: Int) -> Int { t >= 0 && t < place.count ? place[t] : -1 }
        // Which branch each decision on the path takes: 0 for `yes`, 1 for `no`.
        var taken = [UInt8](repeating: 0, count: graph.count)
        var i = graph.count == 0 ? -1 : 0
        while i >= 0, i < graph.count, place[i] < 0 {
            place[i] = path.count
            path.append(i)
            let targets = graph.targets[i]
            var choice = 0
            if isDecision(i), targets.count > 1, placeOf(targets[0]) >= 0 { choice = 1 }
            taken[i] = UInt8(choice)
            i = targets[min(choice, targets.count - 1)]
        }
        steps = path
        low = path.reduce(0) { $0 + minutes[$1].low }
        high = path.reduce(0) { $0 + minutes[$1].high }
        let sums = PathSums(path, minutes: minutes)
        var loops: [Loop] = []
        for (position, d) in path.enumerated() where isDecision(d) && graph.targets[d].count > 1 {
            let t = graph.targets[d][1 - Int(taken[d])]
            let start = placeOf(t)
            guard start >= 0, start <= position else { continue }
            let (low, high) = sums.along(start...position)
            loops.append(Loop(decision: d, target: t, low: low, high: high))
        }
        self.loops = loops
    }

    /// The time along stretches of a path (a loop's trip), each added up as `reduce` adds it, from the first
    /// step on. When every step's time is a whole number of minutes and the whole path's sum stays within a
    /// double's exact integers, every sum along the way is exact, so a stretch's is the difference of two
    /// running sums: found at once rather than added up again for each of thousands of loops back to one
    /// step (which took seconds).
    package struct PathSums {
        let path: [Int]
        let minutes: [(low: Double, high: Double)]
        /// The running sums before each place of the path (and after the last), nil when not exact.
        let running: [(low: Double, high: Double)]?

        package init(_ path: [Int], minutes: [(low: Double, high: Double)]) {
            self.path = path
            self.minutes = minutes
            var running: [(low: Double, high: Double)] = [(0, 0)]
            running.reserveCapacity(path.count + 1)
            for step in path {
                let (l, h) = minutes[step]
                let last = running[running.count - 1]
                guard Self.exact(l), Self.exact(h), Self.exact(last.low + l), Self.exact(last.high + h) else {
                    self.running = nil
                    return
                }
                running.append((last.low + l, last.high + h))
            }
            self.running = running
        }

        /// Whether `x` is a whole number of minutes below 2^53, where a double holds every whole number: a sum
        /// of such numbers that stays below it is exact, whatever the order of the additions.
        static func exact(_ x: Double) -> Bool { x >= 0 && x < 9_007_199_254_740_992 && x.rounded() == x }

        /// The sum of the times at the places `places` of the path, after `before` (added first).
        package func along(_ places: ClosedRange<Int>, after before: (low: Double, high: Double) = (0, 0)) -> (
            low: Double, high: Double
        ) {
            if let running, Self.exact(before.low), Self.exact(before.high) {
                let stretch = (
                    running[places.upperBound + 1].low - running[places.lowerBound].low,
                    running[places.upperBound + 1].high - running[places.lowerBound].high
                )
                let sum = (before.low + stretch.0, before.high + stretch.1)
                if Self.exact(sum.0), Self.exact(sum.1) { return sum }
            }
            var low = before.low
            var high = before.high
            for place in places {
                low += minutes[path[place]].low
                high += minutes[path[place]].high
            }
            return (low, high)
        }
    }

    /// The main path of an SOP of a project, call steps timed by their called SOPs.
    public init(of sop: SOP, graph: StepGraph, in model: ProjectModel) {
        self.init(of: sop, graph: graph, totals: CallTotals(model))
    }

    init(of sop: SOP, graph: StepGraph, totals: CallTotals) {
        let minutes = totals.stepMinutes(of: sop)
        self.init(graph, isDecision: { sop.steps[$0].isDecision }, minutes: minutes)
    }

    /// The planned minutes of each step of an SOP by the one rule.
    public static func stepMinutes(of sop: SOP, in model: ProjectModel) -> [(low: Double, high: Double)] {
        CallTotals(model).stepMinutes(of: sop)
    }

    /// The main-path total of an SOP by id (nil for an unknown SOP, or one in a call cycle).
    public static func total(of id: String, in model: ProjectModel) -> (low: Double, high: Double)? {
        model.mainPathTotal(of: id)
    }
}

/// Main-path totals of called SOPs, from the model (``ProjectModel/mainPathTotal(of:)``, computed on first use per
/// project); an SOP in a call cycle (reported by `call-cycle`) has none, and its callers count the call
/// step's written time instead.
struct CallTotals {
    let model: ProjectModel

    init(_ model: ProjectModel) { self.model = model }

    func stepMinutes(of sop: SOP) -> [(low: Double, high: Double)] {
        let calendar = model.calendar
        return sop.steps.map { step in
            if let call = step.call, let total = total(of: call.id) { return total }
            return step.time?.duration.map { $0.minutes(on: calendar) } ?? (0, 0)
        }
    }

    func total(of id: String) -> (low: Double, high: Double)? { model.mainPathTotal(of: id) }
}

/// `call-time-mismatch`, `deadline-exceeded` and `deadline-at-risk`; also `invalid-time` for a `deadline:`
/// that is not a duration.
enum PlanCheck: SOPCheck {
    /// Whether the main-path total of SOP `id` means what it says: the SOP and every SOP it calls were read
    /// whole, their flows have no broken target, and every step has a readable time (or is a call). When
    /// not, a total would echo another mistake, so the cascade rule (SPEC §3) leaves it unchecked.
    static func totalIsKnown(of id: String, in model: ProjectModel) -> Bool {
        var seen: Set<String> = []
        var todo = [id]
        while let next = todo.popLast() {
            guard seen.insert(next).inserted else { continue }
            guard let sop = model.sop(next), sop.unreadable.isEmpty, StepGraph(sop).isComplete else { return false }
            for step in sop.steps {
                if !step.unreadable.isEmpty { return false }
                if let call = step.call {
                    todo.append(call.id)
                } else if step.time?.duration == nil {
                    return false
                }
            }
        }
        return true
    }

    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        // Only a call step with a written time and a deadline are compared with totals: an SOP with neither
        // (most) does not need its main-path total, nor those of the SOPs it calls.
        guard sop.deadline != nil || sop.steps.contains(where: { $0.time != nil && $0.call != nil }) else { return }
        let calendar = model.calendar
        let totals = CallTotals(model)
        // An SOP in a call cycle has no main-path total: `call-cycle` reports it, and nothing here.
        if model.mainPathTotal(of: sop.sopID) == nil { return }
        for (i, step) in sop.steps.enumerated() {
            guard let call = step.call, let written = step.time, let duration = written.duration,
                let total = totals.total(of: call.id), Self.totalIsKnown(of: call.id, in: model)
            else { continue }
            let w = duration.minutes(on: calendar)
            guard abs(w.low - total.low) >= 0.5 || abs(w.high - total.high) >= 0.5 else { continue }
            let text = FormText.duration(low: total.low, high: total.high, on: calendar)
            sink.emit(
                .callTimeMismatch,
                .callTimeDiffers(step: sop.stepName(i), written: written.text.value, sop: call.id, total: text),
                at: written.text.span, step: i, help: .writeCalleeTotal(text))
        }
        guard let deadline = sop.deadline else { return }
        // A main path that cannot be known (a broken target, a time or call that could not be read, a called
        // SOP with such a mistake) is not compared with the deadline: its own mistake is reported (SPEC §3).
        if deadline.duration != nil, !graph.isComplete || !Self.totalIsKnown(of: sop.sopID, in: model) { return }
        guard let limit = deadline.duration else {
            let (reason, fix) = TimeCheck.diagnose(deadline.text.value)
            sink.emit(
                .invalidTime, .notADuration(deadline.text.value, reason: reason), at: deadline.text.span,
                notes: [DiagnosticNote(.durationForm)], help: fix.map { .didYouMean($0) } ?? .durationExamples)
            return
        }
        let allowed = limit.minutes(on: calendar).high + 0.5
        let path = MainPath(of: sop, graph: graph, totals: totals)
        let total = FormText.duration(low: path.low, high: path.high, on: calendar)
        let names = path.steps.map { sop.steps[$0].ref.id } + ["end"]
        let pathNote = DiagnosticNote(.mainPathIs(total: total, path: names))
        if path.high > allowed {
            sink.emit(
                .deadlineExceeded, .deadlineExceeded(total: total, deadline: deadline.text.value), at: deadline.text.span,
                notes: [pathNote], help: .shortenOrRaiseDeadline)
            return
        }
        let extra = path.loops.reduce(0) { $0 + $1.high }
        guard !path.loops.isEmpty, path.high + extra > allowed else { return }
        let loopNotes = path.loops.map { l in
            DiagnosticNote(
                .loopAdds(
                    decision: sop.steps[l.decision].ref.id, target: sop.steps[l.target].ref.id,
                    extra: FormText.duration(low: l.low, high: l.high, on: calendar)),
                file: sop.file, at: sop.steps[l.decision].ref.span.start)
        }
        sink.emit(
            .deadlineAtRisk, .deadlineAtRisk(total: total, deadline: deadline.text.value), at: deadline.text.span,
            notes: [pathNote] + loopNotes, help: .planForCorrections)
    }
}
