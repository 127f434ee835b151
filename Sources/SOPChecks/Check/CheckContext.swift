import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// Collects one SOP's diagnostics with the step each belongs to, so that `allow:` can silence warnings
/// per SOP or per step.
package struct SOPSink {
    let file: String
    /// The findings, at most ``DiagnosticLimit/perFile`` of them; past that they are counted.
    private var kept = DiagnosticLimit.Kept<(diagnostic: Diagnostic, step: Int?)>()

    /// What was kept, and the count of what was not as one more finding (``DiagnosticLimit``).
    package var findings: [(diagnostic: Diagnostic, step: Int?)] { kept.withCount(file: file) { ($0, nil) } }

    package init(file: String) { self.file = file }

    mutating func emit(
        _ id: CheckID, _ text: Message, at span: SourceSpan, step: Int? = nil,
        notes: [DiagnosticNote] = [], help: Message? = nil
    ) {
        let file = self.file
        kept.add(id.severity) { (Diagnostic(id, text, file: file, span: span, notes: notes, help: help), step) }
    }

    mutating func absorb(_ other: SOPSink) { kept.add(other.kept) { $0.diagnostic } }

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

extension SOPSink {
    /// The notes for the other uses of a name reported once, at its first use: the first few places, then
    /// how many more.
    func otherUses(of id: String, at spans: ArraySlice<SourceSpan>) -> [DiagnosticNote] {
        let shown = 3
        var notes = spans.prefix(shown).map { note(.alsoWrittenHere(id), at: $0) }
        if spans.count > shown { notes.append(DiagnosticNote(.alsoWrittenMore(spans.count - shown))) }
        return notes
    }
}

/// Items grouped by a name, the groups in order of first appearance: a name that names nothing is reported
/// once per SOP, however often it is written (one mistake, one report).
func groupedByName<T>(_ items: [T], _ name: (T) -> String) -> [[T]] {
    var index: [String: Int] = [:]
    var groups: [[T]] = []
    for item in items {
        let key = name(item)
        if let i = index[key] {
            groups[i].append(item)
        } else {
            index[key] = groups.count
            groups.append([item])
        }
    }
    return groups
}
