import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// A moment on the wall clock, without a time zone: a civil date and the minute of the day.
/// Written `YYYY-MM-DDTHH:MM` in case files and on the command line.
public struct WallTime: Sendable, Hashable, Comparable {
    public var date: CalendarDate
    /// Minutes since midnight, 0..<1440.
    public var minute: Int

    public init(date: CalendarDate, minute: Int) {
        self.date = date
        self.minute = minute
    }

    /// Parses `YYYY-MM-DDTHH:MM` (a real date, 00:00–23:59).
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 16, b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"),
            let date = CalendarDate(String(decoding: b[0..<10], as: UTF8.self))
        else { return nil }
        func two(_ i: Int) -> Int? {
            guard (0x30...0x39).contains(b[i]), (0x30...0x39).contains(b[i + 1]) else { return nil }
            return Int(b[i] - 0x30) * 10 + Int(b[i + 1] - 0x30)
        }
        guard let h = two(11), let m = two(14), h < 24, m < 60 else { return nil }
        self.init(date: date, minute: h * 60 + m)
    }

    /// `YYYY-MM-DDTHH:MM`.
    public var text: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T\(pad(minute / 60, 2)):\(pad(minute % 60, 2))"
    }

    public static func < (a: WallTime, b: WallTime) -> Bool { (a.date, a.minute) < (b.date, b.minute) }
}

/// Day arithmetic on the proleptic Gregorian calendar (days since 1970-01-01, H. Hinnant's algorithms).
public enum CivilDays {
    public static func number(of d: CalendarDate) -> Int {
        let y = d.month <= 2 ? d.year - 1 : d.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (d.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + d.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func date(of n: Int) -> CalendarDate {
        let z = n + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return CalendarDate(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// 0 for Monday … 6 for Sunday.
    public static func weekday(of n: Int) -> Int { floorMod(n + 3, 7) }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
    static func floorMod(_ a: Int, _ b: Int) -> Int { a - floorDiv(a, b) * b }
}

/// The working calendar of docs/FORMAT.md (`calendar`) laid onto real days: the first `days_per_week` days of each week
/// (Monday first, rounded to whole days) are working days unless they are one of the calendar's `holidays`,
/// each from `day_starts` (08:00 when not given) for `hours_per_day` hours (earlier when a day is so long
/// that it would pass midnight).
///
/// A *position* counts working minutes from an epoch; planned durations add to positions, and a wall time
/// outside working hours has the position of the next working moment.
public struct WorkingClock: Sendable {
    public let calendar: WorkCalendar
    /// Working minutes in one day.
    public let dayLength: Double
    /// When a working day starts, in minutes since midnight.
    public let dayStart: Double
    /// Working days per week, 1...7, Monday first.
    public let workdays: Int
    /// The holidays as half-open ranges of *weekly* ordinals (working days of the week pattern), sorted and
    /// merged, with the number of holiday ordinals before each range.
    let holidayRanges: [(start: Int, end: Int, before: Int)]

    public init(_ calendar: WorkCalendar) {
        self.calendar = calendar
        dayLength = max(1, min(calendar.hoursPerDay * 60, 1440))
        dayStart = min(Double(calendar.dayStarts ?? 480), 1440 - dayLength)
        let workdays = max(1, min(7, Int(calendar.daysPerWeek.rounded())))
        self.workdays = workdays
        func weekly(onOrAfter day: Int) -> Int {
            let week = CivilDays.floorDiv(day + 3, 7)
            let index = CivilDays.floorMod(day + 3, 7)
            return index < workdays ? week * workdays + index : (week + 1) * workdays
        }
        let ranges = calendar.holidays.map { h in
            (weekly(onOrAfter: CivilDays.number(of: h.from)), weekly(onOrAfter: CivilDays.number(of: h.to) + 1))
        }.filter { $0.0 < $0.1 }.sorted { $0.0 < $1.0 }
        var merged: [(start: Int, end: Int, before: Int)] = []
        var before = 0
        for r in ranges {
            if let last = merged.last, r.0 <= last.end {
                if r.1 > last.end {
                    before += r.1 - last.end
                    merged[merged.count - 1].end = r.1
                }
            } else {
                merged.append((r.0, r.1, before))
                before += r.1 - r.0
            }
        }
        holidayRanges = merged
    }

    public static let weekdayNames = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]

    /// The weekly ordinal of a day of the week pattern (or of the next one when `day` is a weekend day).
    func weeklyOrdinal(onOrAfter day: Int) -> (ordinal: Int, isWorkday: Bool) {
        let week = CivilDays.floorDiv(day + 3, 7)
        let index = CivilDays.floorMod(day + 3, 7)
        if index < workdays { return (week * workdays + index, true) }
        return ((week + 1) * workdays, false)
    }

    /// The holiday range holding a weekly ordinal, if any (binary search).
    func holidayRange(holding w: Int) -> Int? {
        var lo = 0
        var hi = holidayRanges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if holidayRanges[mid].end <= w { lo = mid + 1 } else { hi = mid }
        }
        return lo < holidayRanges.count && holidayRanges[lo].start <= w ? lo : nil
    }

    /// Holiday ordinals before a weekly ordinal that no holiday holds.
    func holidaysBefore(_ w: Int) -> Int {
        var lo = 0
        var hi = holidayRanges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if holidayRanges[mid].start < w { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return 0 }
        let r = holidayRanges[lo - 1]
        return r.before + (min(w, r.end) - r.start)
    }

    /// The working-day ordinal of a working day, or of the next working day when `day` is not one (a weekend
    /// day or a holiday).
    func ordinal(onOrAfter day: Int) -> (ordinal: Int, isWorkday: Bool) {
        var (w, isWorkday) = weeklyOrdinal(onOrAfter: day)
        if let r = holidayRange(holding: w) {
            w = holidayRanges[r].end
            isWorkday = false
        }
        return (w - holidaysBefore(w), isWorkday)
    }

    /// The civil day of a working-day ordinal.
    func day(ofOrdinal ordinal: Int) -> Int {
        var w = ordinal
        for r in holidayRanges {
            guard r.start <= w else { break }
            w += r.end - r.start
        }
        return CivilDays.floorDiv(w, workdays) * 7 + CivilDays.floorMod(w, workdays) - 3
    }

    /// The holiday a day falls on, if any.
    public func holiday(on date: CalendarDate) -> Holiday? {
        calendar.holidays.first { $0.from <= date && date <= $0.to }
    }

    /// The position of a wall time: inside working hours exactly, otherwise the next working moment.
    public func position(of t: WallTime) -> Double {
        let day = CivilDays.number(of: t.date)
        let (ordinal, isWorkday) = ordinal(onOrAfter: day)
        guard isWorkday else { return Double(ordinal) * dayLength }
        let m = Double(t.minute) - dayStart
        if m < 0 { return Double(ordinal) * dayLength }
        if m >= dayLength { return Double(ordinal + 1) * dayLength }
        return Double(ordinal) * dayLength + m
    }

    /// The working day (ordinal) and minute of the day (rounded) at a position. A position on a day boundary
    /// is the start of the next working day, or with `asEnd` the close of the previous one (a step that ends at
    /// 15.30 ends that day).
    public func split(_ position: Double, asEnd: Bool = false) -> (ordinal: Int, minute: Int) {
        var ordinal = Int((position / dayLength).rounded(.down))
        var within = position - Double(ordinal) * dayLength
        if asEnd, within < 0.5 / 60 {
            ordinal -= 1
            within = dayLength
        }
        return (ordinal, Int((dayStart + within).rounded()))
    }

    /// The wall time at a position (see ``split(_:asEnd:)``).
    public func wallTime(at position: Double, asEnd: Bool = false) -> WallTime {
        let (ordinal, minute) = split(position, asEnd: asEnd)
        return WallTime(date: CivilDays.date(of: day(ofOrdinal: ordinal)), minute: minute)
    }

    /// "Senin, 1 Januari 2024, 08.00" (24.00 for the close of a day that runs to midnight).
    public static func text(_ t: WallTime) -> String {
        let weekday = weekdayNames[CivilDays.weekday(of: CivilDays.number(of: t.date))]
        return "\(weekday), \(FormText.date(t.date)), \(clock(t.minute))"
    }

    /// "08.00": Indonesian clock times use a dot.
    public static func clock(_ minute: Int) -> String {
        let h = minute / 60
        let m = minute % 60
        return (h < 10 ? "0" : "") + "\(h)." + (m < 10 ? "0" : "") + "\(m)"
    }
}
