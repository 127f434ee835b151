import ArgumentParser
import SOPCommandLine
import SOPCompiler

/// `sopc build`: check the definitions, then write every output into OUT (docs/CLI.md, docs/OUTPUTS.md).
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
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

    @OptionGroup var lang: LanguageOption

    func run() throws {
        let language = lang.language
        var inputs: BuildInputs?
        let result = try checkReportingOnStandardError(language: language) { () throws(UsageError) in
            let checked = try Pipeline.checkForBuild(directory: directory, out: out)
            inputs = checked.inputs
            return checked.result
        }
        if result.errorCount > 0 {
            printError(CommandText.nothingWritten(out: out, language))
            throw ExitCode(Exit.problems)
        }
        let made: OutputFolder.SyncReport?
        do {
            made = try Pipeline.build(
                result, inputs: inputs, to: out, waiting: { printError(CommandText.waitingForLock(out: out, language)) })
        } catch {
            printError(CommandText.usageError(error, language))
            throw ExitCode(Exit.usage)
        }
        guard let report = made else { throw ExitCode(Exit.problems) }
        if !report.cleaned.isEmpty {
            let n = report.cleaned.count
            printError(CommandText.removedTemporaries(n, out: out, language))
        }
        for path in report.keptInPlace {
            printError(CommandText.keptInPlace("\(out)/\(path)", language))
        }
        let sops = result.model.sops.count
        printError(
            CommandText.built(
                sops: sops, out: out, written: report.written.count, removed: report.removed.count,
                unchanged: report.unchanged, language))
        _ = Unmanaged.passRetained(ResultBox(result))
    }
}
