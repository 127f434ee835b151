import ArgumentParser
import SOPCompiler

/// `sopc build`: check the definitions, then write every output into OUT (docs/CLI.md, docs/OUTPUTS.md).
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the definitions and write the printable forms and other outputs.",
        discussion: """
            Runs every check first and writes nothing when there is an error; diagnostics go to standard error. \
            Writes only files whose content changed, each atomically, and removes files an earlier build wrote \
            that are no longer produced (listed in OUT/.sopc-manifest); never touches any other file. \
            Exit status 0: built; 1: the definitions have errors; 2: usage or I/O problem (nothing written).
            """
    )

    @Argument(help: "The definitions folder.")
    var directory: String = "definitions"

    @Option(help: "The output folder.")
    var out: String = "generated"

    func run() throws {
        let result = try checkReportingOnStandardError(directory)
        if result.errorCount > 0 {
            printError("sopc: nothing was written to '\(out)' because the definitions have errors")
            throw ExitCode(Exit.problems)
        }
        guard let plan = Pipeline.outputs(of: result) else { throw ExitCode(Exit.problems) }
        let report: OutputFolder.SyncReport
        do {
            report = try OutputFolder.sync(plan, to: out)
        } catch {
            printError("sopc: error: \(error.description)")
            throw ExitCode(Exit.usage)
        }
        if !report.cleaned.isEmpty {
            let n = report.cleaned.count
            printError("sopc: removed \(n) temporary file\(n == 1 ? "" : "s") that an interrupted build left in '\(out)'")
        }
        for path in report.keptInPlace {
            printError("sopc: warning: '\(out)/\(path)' is no longer produced but was left in place: it is not a regular file")
        }
        let sops = result.model.sops.count
        printError(
            "sopc: built \(sops) SOP\(sops == 1 ? "" : "s") into '\(out)': \(report.written.count) written, "
                + "\(report.removed.count) removed, \(report.unchanged) unchanged")
        _ = Unmanaged.passRetained(ResultBox(result))
    }
}
