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
        guard
            let parsed = text.utf8.withContiguousStorageIfAvailable({ StepDuration.parse($0) })
                ?? StepDuration.parse(Array(text.utf8))
        else { return nil }
        self = parsed
    }

    /// ``init(parsing:)`` over the text's UTF-8 bytes.
    static func parse<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes) -> StepDuration? where Bytes.Index == Int {
        var i = b.startIndex
        let end = b.endIndex
        func skipSpaces() {
            while i < end, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
        }
        func number() -> Double? {
            let start = i
            var whole = 0.0
            while i < end, b[i] >= 0x30, b[i] <= 0x39 {
                whole = whole * 10 + Double(b[i] - 0x30)
                i += 1
            }
            guard i > start, i - start <= 12 else { return nil }
            if i < end, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                var scale = 0.1
                let fractionStart = i
                while i < end, b[i] >= 0x30, b[i] <= 0x39 {
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
        while i < end, b[i] != 0x20, b[i] != 0x09 { i += 1 }
        let unitEnd = i
        skipSpaces()
        if i < end {
            // `<unit> kerja`: working time, which every unit already is.
            let wordStart = i
            while i < end, b[i] != 0x20, b[i] != 0x09 { i += 1 }
            guard StepDuration.word(b[wordStart..<i]) == .kerja else { return nil }
            skipSpaces()
        }
        guard i == end, case .unit(let unit)? = StepDuration.word(b[unitStart..<unitEnd]), low <= high else { return nil }
        return StepDuration(low: low, high: high, unit: unit)
    }

    /// The length in bytes of a range dash (`-`, `–`, `—`) at `i`, or nil.
    static func dashLength<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes, at i: Int) -> Int? where Bytes.Index == Int {
        if i < b.endIndex, b[i] == UInt8(ascii: "-") { return 1 }
        // U+2013 EN DASH and U+2014 EM DASH, as word processors write a range.
        if i + 2 < b.endIndex, b[i] == 0xE2, b[i + 1] == 0x80, b[i + 2] == 0x93 || b[i + 2] == 0x94 { return 3 }
        return nil
    }

    /// A word of a duration, in any case: a unit, or `kerja`.
    enum Word: Equatable {
        case unit(Unit)
        case kerja
    }

    /// The unit words and `kerja` as bytes, for ``word(_:)``.
    private static let words: [(bytes: [UInt8], word: Word)] =
        unitWords.map { (Array($0.key.utf8), Word.unit($0.value)) } + [(Array("kerja".utf8), .kerja)]

    /// Which word `bytes` are, as ``unitWords`` has them (or `kerja`), lower-cased as `String` does it:
    /// ASCII letters compared directly, any other word through `String` (`K`, KELVIN SIGN, lower-cases
    /// to `k`).
    static func word<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Word? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            let lowered = String(decoding: bytes, as: UTF8.self).lowercased()
            if lowered == "kerja" { return .kerja }
            return unitWords[lowered].map(Word.unit)
        }
        let count = bytes.count
        for entry in words where entry.bytes.count == count {
            if zip(entry.bytes, bytes).allSatisfy({ $0 == ($1 >= 0x41 && $1 <= 0x5A ? $1 | 0x20 : $1) }) { return entry.word }
        }
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
