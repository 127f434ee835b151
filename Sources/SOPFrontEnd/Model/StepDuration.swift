import SOPDiagnostics
import SOPSystem

/// A planned duration (`time` in docs/FORMAT.md), kept as the text's unit and numbers so that sums can be normalised on
/// any working calendar.
public struct StepDuration: Sendable, Hashable {
    public enum Unit: String, Sendable, CaseIterable {
        case second, minute, hour, day, week, month
    }

    public var low: Double
    public var high: Double
    public var unit: Unit

    /// The units docs/FORMAT.md accepts for `time`, Indonesian and English, lower-cased (each may be followed
    /// by `kerja`).
    package static let unitWords: [String: Unit] = [
        "detik": .second, "second": .second, "seconds": .second,
        "menit": .minute, "minute": .minute, "minutes": .minute,
        "jam": .hour, "hour": .hour, "hours": .hour,
        "hari": .day, "day": .day, "days": .day,
        "minggu": .week, "week": .week, "weeks": .week,
        "bulan": .month, "month": .month, "months": .month,
    ]

    public init(low: Double, high: Double, unit: Unit) {
        self.low = low
        self.high = high
        self.unit = unit
    }

    /// Parses `<number> <unit>` or `<number>-<number> <unit>` (docs/FORMAT.md, "Durations"); nil when the text
    /// is not of that form. The range's dash may be `-`, `–` or `—`, with or without spaces; the unit may be
    /// followed by `kerja` (the same unit: every unit counts working time). A number whose `.` or `,` is
    /// followed by exactly three digits (`1.000`) is refused: it is a thousand in Indonesian writing and one
    /// in English (``StepDuration/ambiguousNumber(in:)`` finds it).
    public init?(parsing text: String) {
        let b = Array(text.utf8)
        var i = 0
        func skipSpaces() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
        }
        func number() -> Double? {
            let start = i
            var whole = 0.0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                whole = whole * 10 + Double(b[i] - 0x30)
                i += 1
            }
            guard i > start, i - start <= 12 else { return nil }
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                var scale = 0.1
                let fractionStart = i
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                    whole += Double(b[i] - 0x30) * scale
                    scale /= 10
                    i += 1
                }
                guard i > fractionStart, i - fractionStart <= 6, i - fractionStart != 3 else { return nil }
            }
            return whole
        }
        skipSpaces()
        guard let low = number() else { return nil }
        var high = low
        let afterLow = i
        skipSpaces()
        if let dash = StepDuration.dashLength(b, at: i) {
            i += dash
            skipSpaces()
            guard let h = number() else { return nil }
            high = h
        } else {
            i = afterLow
        }
        let beforeUnit = i
        skipSpaces()
        guard i > beforeUnit else { return nil }
        let unitStart = i
        while i < b.count, b[i] != 0x20, b[i] != 0x09 { i += 1 }
        let unitEnd = i
        skipSpaces()
        if i < b.count {
            // `<unit> kerja`: working time, which every unit already is.
            let wordStart = i
            while i < b.count, b[i] != 0x20, b[i] != 0x09 { i += 1 }
            guard StepDuration.lowercased(b[wordStart..<i]) == "kerja" else { return nil }
            skipSpaces()
        }
        guard i == b.count, let unit = StepDuration.unitWords[StepDuration.lowercased(b[unitStart..<unitEnd])], low <= high
        else { return nil }
        self.init(low: low, high: high, unit: unit)
    }

    /// A word in lower case: ASCII letters directly (a unit word usually), anything else as `String`
    /// lower-cases it (`K`, KELVIN SIGN, lower-cases to `k`).
    static func lowercased(_ word: ArraySlice<UInt8>) -> String {
        guard word.allSatisfy({ $0 < 0x80 }) else { return String(decoding: word, as: UTF8.self).lowercased() }
        return String(decoding: word.lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The length in bytes of a range dash (`-`, `–`, `—`) at `i`, or nil.
    static func dashLength(_ b: [UInt8], at i: Int) -> Int? {
        if i < b.count, b[i] == UInt8(ascii: "-") { return 1 }
        // U+2013 EN DASH and U+2014 EM DASH, as word processors write a range.
        if i + 2 < b.count, b[i] == 0xE2, b[i + 1] == 0x80, b[i + 2] == 0x93 || b[i + 2] == 0x94 { return 3 }
        return nil
    }

    /// The first number in `text` whose `.` or `,` is followed by exactly three digits (`1.000`, `1,500`): a
    /// thousand-fold number in Indonesian writing, a decimal in English. Nil when there is none.
    public static func ambiguousNumber(in text: String) -> String? {
        let b = Array(text.utf8)
        var i = 0
        while i < b.count {
            guard b[i] >= 0x30, b[i] <= 0x39 else {
                i += 1
                continue
            }
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            guard i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") else { continue }
            let separator = i
            i += 1
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            if i - separator - 1 == 3 { return String(decoding: b[start..<i], as: UTF8.self) }
        }
        return nil
    }

    /// Minutes per unit on a working calendar.
    public static func minutes(per unit: Unit, on calendar: WorkCalendar) -> Double {
        switch unit {
        case .second: return 1.0 / 60
        case .minute: return 1
        case .hour: return 60
        case .day: return calendar.hoursPerDay * 60
        case .week: return calendar.daysPerWeek * calendar.hoursPerDay * 60
        case .month: return calendar.daysPerMonth * calendar.hoursPerDay * 60
        }
    }

    public func minutes(on calendar: WorkCalendar) -> (low: Double, high: Double) {
        let m = StepDuration.minutes(per: unit, on: calendar)
        return (low * m, high * m)
    }
}
