import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// `date-order` (`invalid-date` is found while decoding).
enum DateCheck: SOPCheck {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        guard let created = sop.identity.created, let c = created.date else { return }
        for (key, field) in [("effective", sop.identity.effective), ("revised", sop.identity.revised)] {
            guard let field, let d = field.date, d < c else { continue }
            sink.emit(
                .dateOrder, .dateBefore(key: key, text: field.text.value, created: created.text.value), at: field.text.span,
                notes: [sink.note(.createdIsHere, at: created.text.span)])
        }
    }
}
