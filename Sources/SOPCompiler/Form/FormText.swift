/// Indonesian texts of the printed form: dates and normalised durations.
public enum FormText {
    public static let months = [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
        "November", "Desember",
    ]

    /// "15 Januari 2024".
    public static func date(_ d: CalendarDate) -> String { "\(d.day) \(months[d.month - 1]) \(d.year)" }

    /// A number of working minutes as "4 hari 5 jam 55 menit" on the calendar (whole days, hours and
    /// minutes; seconds only when the total is under a minute). "0 menit" for nothing.
    public static func duration(minutes total: Double, on calendar: WorkCalendar) -> String {
        let dayMinutes = calendar.hoursPerDay * 60
        var rest = (total * 60).rounded() / 60
        if rest <= 0 { return "0 menit" }
        if rest < 1 { return "\(Int((rest * 60).rounded())) detik" }
        var parts: [String] = []
        let days = (rest / dayMinutes + 1e-9).rounded(.down)
        if days >= 1 {
            // Sums the checks let through can pass what an Int holds (a working day of 10^-40 hours, or
            // 300,000 steps of 10^12 months): from 10^15 days on, the days alone (hours and minutes are below
            // the precision there), past an Int as the Double writes them ("8.3e+38 hari").
            guard days < 1e15 else {
                return "\(Int(exactly: days).map(String.init) ?? (days.isFinite ? days.description : "∞")) hari"
            }
            parts.append("\(Int(days)) hari")
            rest -= days * dayMinutes
        }
        let hours = (rest / 60 + 1e-9).rounded(.down)
        if hours >= 1 {
            parts.append("\(Int(hours)) jam")
            rest -= hours * 60
        }
        let minutes = Int(rest.rounded())
        if minutes > 0 { parts.append("\(minutes) menit") }
        return parts.isEmpty ? "0 menit" : parts.joined(separator: " ")
    }

    /// A range of minutes: one value when low and high agree, else "low – high".
    public static func duration(low: Double, high: Double, on calendar: WorkCalendar) -> String {
        let a = duration(minutes: low, on: calendar), b = duration(minutes: high, on: calendar)
        return a == b ? a : "\(a) – \(b)"
    }
}

/// The planned time of an SOP (DOMAIN.md "Working time"): the main path, and one trip round each
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
                Loop(decision: d, target: t, low: trip.reduce(0) { $0 + minutes($1).0 }, high: trip.reduce(0) { $0 + minutes($1).1 }))
        }
        self.loops = loops
    }
}

