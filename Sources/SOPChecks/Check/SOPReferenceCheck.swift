import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// `unknown-sop` for `call:` and `identity.related`, once per SOP for each id that names nothing. An SOP
/// file that could not be read still names an SOP (its file name), and a call by the file name of an SOP
/// whose `sop:` differs from it is that mismatch (reported there), not another problem.
enum SOPReferenceCheck: SOPCheck {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        var unknown: [(ref: Ref, message: Message, step: Int?)] = []
        for ref in sop.identity.related where model.sopIndex[ref.id] == nil {
            unknown.append((ref, .relatedNamesNoSOP(ref.id), nil))
        }
        for (i, step) in sop.steps.enumerated() {
            if let call = step.call, model.sopIndex[call.id] == nil { unknown.append((call, .callNamesNoSOP(call.id), i)) }
        }
        guard !unknown.isEmpty else { return }
        let mismatched = model.mismatchedFileStems
        unknown.sort { $0.ref.span.start < $1.ref.span.start }
        for uses in groupedByName(unknown.filter { !mismatched.contains($0.ref.id) }, \.ref.id) {
            let (ref, message, step) = uses[0]
            var fallback = Message.sopIDIsFileName
            if model.sops.count <= 8 {
                let ids = model.sopIDs.filter { $0 != sop.sopID }.sorted()
                if ids.count == 1 { fallback = .onlyOtherSOP(ids[0]) }
                if ids.count > 1 { fallback = .otherSOPs(ids) }
            }
            sink.emit(
                .unknownSOP, message, at: ref.span, step: step,
                notes: sink.otherUses(of: ref.id, at: uses.dropFirst().map(\.ref.span)[...]),
                help: Names.didYouMeanHelp(ref.id, among: model.sopIDs) ?? fallback)
        }
    }
}
