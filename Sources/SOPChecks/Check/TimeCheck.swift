import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// `invalid-time` and `missing-time`.
enum TimeCheck: SOPCheck {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        for (i, step) in sop.steps.enumerated() {
            guard let time = step.time else {
                // A `time:` that could not be read is reported as such, not as missing.
                if step.unreadable.contains(.time) { continue }
                sink.emit(
                    .missingTime, .noTime(step: sop.stepName(i)), at: step.ref.span, step: i, help: .addDuration)
                continue
            }
            if time.duration == nil {
                let (reason, help) = diagnosis(time.text.value)
                sink.emit(
                    .invalidTime, .notADuration(time.text.value, reason: reason), at: time.text.span, step: i,
                    notes: [DiagnosticNote(.durationForm)], help: help)
            }
        }
    }

    /// Common short forms of the units, for "did you mean".
    static let abbreviations: [String: String] = [
        "dtk": "detik", "det": "detik", "mnt": "menit", "mn": "menit", "min": "menit", "mins": "minutes",
        "jm": "jam", "hr": "hari", "hri": "hari", "mg": "minggu", "mgg": "minggu", "bln": "bulan", "bl": "bulan",
        "sec": "seconds", "secs": "seconds", "hrs": "hours", "wk": "weeks", "wks": "weeks",
    ]

    /// Numbers Indonesian planners write in words, as digits.
    static let numberWords: [String: String] = [
        "setengah": "0,5", "seperempat": "0,25", "satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5",
        "enam": "6", "tujuh": "7", "delapan": "8", "sembilan": "9", "sepuluh": "10", "sebelas": "11",
        "one": "1", "two": "2", "three": "3", "half": "0,5",
    ]

    /// `sehari`, `sejam`, …: "one <unit>" in one word.
    static let oneUnitWords: [String: String] = [
        "sedetik": "1 detik", "semenit": "1 menit", "sejam": "1 jam", "sehari": "1 hari", "seminggu": "1 minggu",
        "sebulan": "1 bulan",
    ]

    /// Why a time text is not a duration (§1.3), and the help to give: the duration it most likely means, the
    /// two readings of an ambiguous number, or examples.
    static func diagnosis(_ text: String) -> (reason: Message?, help: Message) {
        if let number = StepDuration.ambiguousNumber(in: text) {
            var digits = number.filter { $0 != "." && $0 != "," }
            while digits.count > 1, digits.first == "0" { digits.removeFirst() }
            var decimal = number.replacingCharacter(".", with: ",")
            while decimal.hasSuffix("0") { decimal.removeLast() }
            if decimal.hasSuffix(",") { decimal.removeLast() }
            return (
                .ambiguousThousands(number),
                .writeWholeOrDecimal(
                    whole: text.replacingFirst(number, with: digits), decimal: text.replacingFirst(number, with: decimal))
            )
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = words.first {
            let rest = words.dropFirst().joined(separator: " ")
            if let digits = numberWords[first.lowercased()] {
                let fix = "\(digits) \(rest)"
                if StepDuration(parsing: fix) != nil { return (.numberInWords(first), .didYouMean(fix)) }
            } else if let one = oneUnitWords[first.lowercased()] {
                let fix = rest.isEmpty ? one : "\(one) \(rest)"
                if StepDuration(parsing: fix) != nil { return (.numberInWords(first), .didYouMean(fix)) }
            }
        }
        let (reason, fix) = diagnose(text)
        return (reason, fix.map { .didYouMean($0) } ?? .durationExamples)
    }

    /// Why a time text is not a duration, and the duration it most likely means.
    static func diagnose(_ text: String) -> (reason: Message?, fix: String?) {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        // `<unit> kerja`: the unit is the word before.
        let working = words.count >= 3 && words.last!.lowercased() == "kerja"
        if working { words.removeLast() }
        let suffix = working ? " kerja" : ""
        guard words.count >= 2 else { return (nil, nil) }
        let number = words.dropLast().joined(separator: " ")
        let unit = words.last!
        if StepDuration.unitWords[unit.lowercased()] == nil {
            let near =
                abbreviations[unit.lowercased()] ?? Names.suggestion(for: unit, among: StepDuration.unitWords.keys.sorted())
            let fix = near.map { "\(number) \($0)\(suffix)" }.flatMap { StepDuration(parsing: $0) == nil ? nil : $0 }
            return (.notAUnit(unit), fix)
        }
        let ends = number.split(whereSeparator: { $0 == "-" || $0 == "\u{2013}" || $0 == "\u{2014}" })
        if ends.count == 2, StepDuration(parsing: "\(ends[1])-\(ends[0]) \(unit)") != nil {
            let low = ends[1].trimmingSpaces
            let high = ends[0].trimmingSpaces
            return (.rangeBackwards, "\(low)-\(high) \(unit)\(suffix)")
        }
        return (nil, nil)
    }
}

extension String {
    /// The text with the first occurrence of `target` replaced.
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }

    fileprivate func replacingCharacter(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
