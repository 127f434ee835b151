import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// `invalid-allow`, and the silencing itself: `allow:` on an SOP or a step hides the named warnings there,
/// and nothing else.
enum AllowCheck {
    /// The ids `allow:` takes: those of the warnings.
    static let warnings = CheckID.allCases.filter { $0.severity == .warning }.map(\.rawValue)

    static func validate(_ refs: [Ref], step: Int?, sink: inout SOPSink) {
        for ref in refs {
            if let id = CheckID(rawValue: ref.id) {
                if id.severity == .error {
                    sink.emit(
                        .invalidAllow, .errorNotSilenceable(ref.id), at: ref.span, step: step,
                        help: .fixErrorInstead(warnings: warnings))
                }
            } else {
                sink.emit(
                    .invalidAllow, .notACheckID(ref.id), at: ref.span, step: step,
                    help: Names.didYouMeanHelp(ref.id, among: warnings) ?? .allowTakes(warnings: warnings))
            }
        }
    }

    static func run(_ sop: SOP, sink: inout SOPSink) {
        validate(sop.allow, step: nil, sink: &sink)
        for (i, step) in sop.steps.enumerated() { validate(step.allow, step: i, sink: &sink) }
    }

    /// The findings that survive the SOP's and the steps' `allow:` lists.
    static func filter(_ findings: [(diagnostic: Diagnostic, step: Int?)], sop: SOP) -> [Diagnostic] {
        let sopAllowed = Set(sop.allow.map(\.id))
        return findings.compactMap { finding in
            let d = finding.diagnostic
            guard d.severity == .warning else { return d }
            if sopAllowed.contains(d.id.rawValue) { return nil }
            if let s = finding.step, sop.steps[s].allow.contains(where: { $0.id == d.id.rawValue }) { return nil }
            return d
        }
    }
}
