import SOPDiagnostics
import SOPSystem

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
        let a = duration(minutes: low, on: calendar)
        let b = duration(minutes: high, on: calendar)
        return a == b ? a : "\(a) – \(b)"
    }
}

/// The planned time of an SOP (docs/OUTPUTS.md, "Time"): the main path, and one trip round each
