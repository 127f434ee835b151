import Foundation
import SOPFrontEnd

/// Dates as an identity page writes them: "15 Januari 2024", "15 Jan 2024", "15-01-2024", "15/01/2024", or
/// already `2024-01-15`.
enum IndonesianDate {
    static let months: [String: Int] = [
        "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3, "mar": 3, "april": 4,
        "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8,
        "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nopember": 11,
        "nop": 11, "desember": 12, "des": 12,
    ]

    /// `YYYY-MM-DD` for a date of a real day written in one of those ways; nil otherwise.
    static func isoDate(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if CalendarDate(t) != nil { return t }
        let parts = t.split { $0 == " " || $0 == "-" || $0 == "/" || $0 == "." }.map(String.init)
        guard parts.count == 3, let day = Int(parts[0]), let year = Int(parts[2]), parts[2].count == 4 else { return nil }
        guard let month = Int(parts[1]) ?? months[parts[1].lowercased()] else { return nil }
        let date = CalendarDate(year: year, month: month, day: day)
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.days(inMonth: month, year: year) else { return nil }
        func pad(_ n: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(n).count)) + String(n) }
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
    }
}
