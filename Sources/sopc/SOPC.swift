import ArgumentParser
import SOPCommandLine
import SOPCompiler

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The root command: lists the subcommands.
struct SOPC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sopc",
        abstract: "A compiler for Standard Operating Procedures in the Permenpan RB 35/2012 format.",
        discussion: """
            Exit status: 0 when no error was reported, 1 when the definitions have errors (or warnings \
            under --strict), 2 for a usage or I/O problem outside the definitions.
            """,
        version: SOPCVersion.current,
        subcommands: [
            Check.self, Build.self, Init.self, ImportCommand.self, PreviewCommand.self, PrintCommand.self, Simulate.self,
            Run.self,
            LSPCommand.self,
        ]
    )
}

/// Checks a definitions folder for a command whose standard output is its own (`build`, `simulate`,
/// `run`): the report, if there is one, goes to standard error, in colour on a terminal unless `NO_COLOR`.
/// A folder that cannot be used exits with the usage status.
func checkReportingOnStandardError(_ directory: String, language: Language) throws -> CheckResult {
    try checkReportingOnStandardError(language: language) { () throws(UsageError) in try Pipeline.check(directory: directory) }
}

/// Runs `check` (a check of the definitions) and reports its diagnostics on standard error.
func checkReportingOnStandardError(language: Language, _ check: () throws(UsageError) -> CheckResult) throws
    -> CheckResult
{
    let result: CheckResult
    do {
        result = try check()
    } catch {
        printError(CommandText.usageError(error, language))
        throw ExitCode(Exit.usage)
    }
    if !result.diagnostics.isEmpty {
        let colour = StandardStreams.isTerminal(2) && StandardStreams.environment("NO_COLOR") == nil
        StandardStreams.write(
            DiagnosticRenderer(colour: colour, result: result, language: language).text(result.diagnostics), to: 2)
    }
    return result
}

/// Parses the command line and runs it, mapping every failure to the exit codes of docs/CLI.md (never 64).
@main
enum Main {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // `import`, `preview`, `print` and `lsp` are run by `sopc-tools` (``ToolProgram``).
        if ToolProgram.runs(arguments) { ToolProgram.hand(arguments) }
        exitAfter(SOPC.self) {
            // A plain `sopc check` skips the argument parser's start-up (``CheckCommandLine``).
            if let line = CheckCommandLine.parse(arguments),
                let language = try? Language.chosen(flag: line.lang, environment: StandardStreams.environment)
            {
                try Check.run(
                    directory: line.directory, format: line.format, strict: line.strict, generated: line.generated,
                    language: language)
                return
            }
            var command = try SOPC.parseAsRoot(arguments)
            try command.run()
        }
    }
}
