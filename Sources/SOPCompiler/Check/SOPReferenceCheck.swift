/// `unknown-sop` for `call:` and `identity.related`.
enum SOPReferenceCheck: SOPCheck {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        let ids = model.sops.map(\.sopID)
        func check(_ ref: Ref, _ what: String, step: Int?) {
            guard model.sopIndex[ref.id] == nil else { return }
            sink.emit(
                .unknownSOP, "\(what) '\(ref.id)' names no SOP of the project", at: ref.span, step: step,
                help: Names.didYouMean(ref.id, among: ids)
                    ?? "an SOP id is the file name before '.sop.yaml' of a file under the definitions folder")
        }
        for (i, step) in sop.steps.enumerated() {
            if let call = step.call { check(call, "'call:'", step: i) }
        }
        for ref in sop.identity.related { check(ref, "'related:'", step: nil) }
    }
}
