import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// `unknown-sop` for `call:` and `identity.related`.
enum SOPReferenceCheck: SOPCheck {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        func check(_ ref: Ref, _ message: Message, step: Int?) {
            guard model.sopIndex[ref.id] == nil else { return }
            var fallback = Message.sopIDIsFileName
            if model.sops.count <= 8 {
                let ids = model.sops.map(\.sopID).filter { $0 != sop.sopID }.sorted()
                if ids.count == 1 { fallback = .onlyOtherSOP(ids[0]) }
                if ids.count > 1 { fallback = .otherSOPs(ids) }
            }
            sink.emit(
                .unknownSOP, message, at: ref.span, step: step,
                help: Names.didYouMeanHelp(ref.id, among: model.sops.lazy.map(\.sopID)) ?? fallback)
        }
        for (i, step) in sop.steps.enumerated() {
            if let call = step.call { check(call, .callNamesNoSOP(call.id), step: i) }
        }
        for ref in sop.identity.related { check(ref, .relatedNamesNoSOP(ref.id), step: nil) }
    }
}
