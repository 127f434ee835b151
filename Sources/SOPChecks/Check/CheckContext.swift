import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// Collects one SOP's diagnostics with the step each belongs to, so that `allow:` can silence warnings
/// per SOP or per step.
package struct SOPSink {
    let file: String
    package private(set) var findings: [(diagnostic: Diagnostic, step: Int?)] = []

    package init(file: String) { self.file = file }

    mutating func emit(
        _ id: CheckID, _ text: Message, at span: SourceSpan, step: Int? = nil,
        notes: [DiagnosticNote] = [], help: Message? = nil
    ) {
        findings.append((Diagnostic(id, text, file: file, span: span, notes: notes, help: help), step))
    }

    mutating func absorb(_ other: SOPSink) { findings += other.findings }

    func note(_ text: Message, at span: SourceSpan) -> DiagnosticNote {
        DiagnosticNote(text, file: file, at: span.start)
    }
}

/// A check of one SOP against the project.
protocol SOPCheck: Sendable {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink)
}

extension SOP {
    /// How messages name step `i`: its id in quotes, or `#n` (its place) when it has no readable id.
    func stepName(_ i: Int) -> String {
        steps[i].ref.id.isEmpty ? "#\(i + 1)" : "'\(steps[i].ref.id)'"
    }
}
