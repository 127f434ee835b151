import SOPSystem
import SOPDiagnostics
import SOPFrontEnd

/// `unknown-sop` for `call:` and `identity.related`.
enum SOPReferenceCheck: SOPCheck {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        func check(_ ref: Ref, _ message: String, step: Int?) {
            guard model.sopIndex[ref.id] == nil else { return }
            var fallback = "an SOP id is the file name before '.sop.yaml' of a file under the definitions folder"
            if model.sops.count <= 8 {
                let ids = model.sops.map(\.sopID).filter { $0 != sop.sopID }.sorted()
                if ids.count == 1 { fallback = "the only other SOP of the project is '\(ids[0])'" }
                if ids.count > 1 { fallback = "the other SOPs of the project are \(Names.quotedList(ids))" }
            }
            sink.emit(
                .unknownSOP, message, at: ref.span, step: step,
                help: Names.didYouMean(ref.id, among: model.sops.lazy.map(\.sopID)) ?? fallback)
        }
        for (i, step) in sop.steps.enumerated() {
            if let call = step.call { check(call, "'call: \(call.id)' names no SOP of the project", step: i) }
        }
        for ref in sop.identity.related { check(ref, "'\(ref.id)' in 'related:' names no SOP of the project", step: nil) }
    }
}
