/// `invalid-time` and `missing-time`.
enum TimeCheck: SOPCheck {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        for (i, step) in sop.steps.enumerated() {
            guard let time = step.time else {
                sink.emit(
                    .missingTime, "step '\(step.ref.id)' has no 'time:'", at: step.ref.span, step: i,
                    help: "add its planned duration, e.g. 'time: 15 menit'")
                continue
            }
            if time.duration == nil {
                sink.emit(
                    .invalidTime, "'\(time.text.value)' is not a duration", at: time.text.span, step: i,
                    notes: [DiagnosticNote("a duration is '<number> <unit>' or '<number>-<number> <unit>'; units: detik, menit, jam, hari, minggu, bulan (or second, minute, hour, day, week, month)")],
                    help: "e.g. '30 menit', '1,5 jam', '3-7 hari'")
            }
        }
    }
}
