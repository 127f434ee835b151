import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// What `sopc check --generated OUT` found: a `stale-output` error per file, and the text of each file in
/// OUT that a diagnostic shows a line of.
public struct StaleOutputReport: Sendable {
    public var diagnostics: [Diagnostic] = []
    /// The bytes of the files in OUT where a difference starts, by displayed path.
    public var sources: [String: [UInt8]] = [:]
}

extension StaleOutputReport {
    /// The `stale-output` diagnostics of what ``OutputFolder/compare(_:inputs:with:emitters:projectEmitters:waiting:)`` found.
    public init(_ stale: [OutputFolder.StaleFile], out: String, displayPrefix: String? = nil) {
        var result = StaleOutputReport()
        let shown = OutputFolder.display(displayPrefix ?? out)
        for file in stale {
            let display = shown + file.path
            var line = 1
            var column = 1
            var message: Message
            var notes: [DiagnosticNote] = []
            var help = Message.runBuildAndCommit
            switch file.problem {
            case .missing:
                message = .outputMissing
            case .differs(let l, let c):
                (line, column) = (l, c)
                message = file.path == Manifest.fileName ? .manifestDiffers : .outputDiffers
                if !file.managed {
                    notes.append(DiagnosticNote(.notWrittenBySopc(manifest: shown + Manifest.fileName)))
                    help = .moveAwayThenBuild
                }
                // The renderer shows the line of the file in OUT where the difference starts.
                result.sources[display] = file.found
            case .leftOver:
                message = .outputLeftOver
                help = .buildRemovesIt
            case .temporary:
                message = .temporaryLeft
                help = .buildRemovesIt
            case .notAFile(let what, let blockedBy):
                message = .cannotWriteOutput(what, blockedBy: blockedBy)
                help = .removeWhatStandsThere
            }
            let at = SourcePosition(line: line, column: column)
            result.diagnostics.append(
                Diagnostic(
                    .staleOutput, message, file: display,
                    span: SourceSpan(start: at, end: SourcePosition(line: line, column: column + 1)), notes: notes, help: help))
        }
        self = result
    }
}
