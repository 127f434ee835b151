import ArgumentParser
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
            Check.self, Build.self, Init.self, Import.self, Preview.self, Print.self, Simulate.self, Run.self, LSP.self,
        ]
    )
}

/// Exit codes (docs/CLI.md).
enum Exit {
    static let clean: Int32 = 0
    static let problems: Int32 = 1
    static let usage: Int32 = 2
}

/// Writes to standard error.
func printError(_ text: String) { StandardStreams.err(text) }

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
        // A file size limit (`ulimit -f`) must fail a write with EFBIG, which the build reports (exit 2,
        // nothing changed), rather than kill the process.
        signal(SIGXFSZ, SIG_IGN)
        do {
            // A plain `sopc check` skips the argument parser's start-up (``CheckCommandLine``).
            if let line = CheckCommandLine.parse(Array(CommandLine.arguments.dropFirst())),
                let language = try? Language.chosen(flag: line.lang, environment: StandardStreams.environment)
            {
                try Check.run(
                    directory: line.directory, format: line.format, strict: line.strict, generated: line.generated,
                    language: language)
                Glibc.exit(Exit.clean)
            }
            var command = try SOPC.parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch {
            let code = SOPC.exitCode(for: error)
            if code == .success {
                StandardStreams.out(SOPC.fullMessage(for: error) + "\n")
                Glibc.exit(Exit.clean)
            }
            printError("sopc: " + SOPC.fullMessage(for: error))
            Glibc.exit(Exit.usage)
        }
    }
}
