import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// `invalid-time` and `missing-time`.
enum TimeCheck: SOPCheck {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        for (i, step) in sop.steps.enumerated() {
            guard let time = step.time else {
                // A call step may leave its time out: it lasts as long as the called SOP (SPEC §2).
                if step.call != nil { continue }
                sink.emit(
                    .missingTime, .noTime(step: sop.stepName(i)), at: step.ref.span, step: i, help: .addDuration)
                continue
            }
            if time.duration == nil {
                let (reason, fix) = diagnose(time.text.value)
                sink.emit(
                    .invalidTime, .notADuration(time.text.value, reason: reason), at: time.text.span, step: i,
                    notes: [DiagnosticNote(.durationForm)],
                    help: fix.map { .didYouMean($0) } ?? .durationExamples)
            }
        }
    }

    /// Common short forms of the units, for "did you mean".
    static let abbreviations: [String: String] = [
        "dtk": "detik", "det": "detik", "mnt": "menit", "mn": "menit", "min": "menit", "mins": "minutes",
        "jm": "jam", "hr": "hari", "hri": "hari", "mg": "minggu", "mgg": "minggu", "bln": "bulan", "bl": "bulan",
        "sec": "seconds", "secs": "seconds", "hrs": "hours", "wk": "weeks", "wks": "weeks",
    ]

    /// Why a time text is not a duration, and the duration it most likely means.
    static func diagnose(_ text: String) -> (reason: Message?, fix: String?) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count >= 2 else { return (nil, nil) }
        let number = words.dropLast().joined(separator: " ")
        let unit = words.last!
        if StepDuration.unitWords[unit.lowercased()] == nil {
            let near =
                abbreviations[unit.lowercased()] ?? Names.suggestion(for: unit, among: StepDuration.unitWords.keys.sorted())
            let fix = near.map { "\(number) \($0)" }.flatMap { StepDuration(parsing: $0) == nil ? nil : $0 }
            return (.notAUnit(unit), fix)
        }
        let ends = number.split(separator: "-", omittingEmptySubsequences: false)
        if ends.count == 2, StepDuration(parsing: "\(ends[1])-\(ends[0]) \(unit)") != nil {
            let low = ends[1].trimmingSpaces
            let high = ends[0].trimmingSpaces
            return (.rangeBackwards, "\(low)-\(high) \(unit)")
        }
        return (nil, nil)
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
