import ArgumentParser
import SOPCommandLine
import SOPCompiler

#if canImport(Glibc)
    import Glibc
#endif

extension ReportFormat: ExpressibleByArgument {}

/// `sopc check`: report every problem in the definitions.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the definitions and report every problem.",
        discussion:
            "Diagnostics go to standard output. Exit status 0: no error; 1: errors (or warnings with --strict, or stale files with --generated); 2: usage or I/O problem."
    )

    @Argument(help: "The definitions folder.")
    var directory: String = "definitions"

    @Option(help: "How to print the diagnostics: text, json, sarif or github.")
    var format: ReportFormat = .text

    @Flag(help: "Treat warnings as errors for the exit status.")
    var strict = false

    @Option(
        help: ArgumentHelp(
            "Also report each file in this folder that differs from what 'sopc build' would write there (stale-output).",
            valueName: "out"))
    var generated: String?

    @OptionGroup var lang: LanguageOption

    func run() throws {
        try Self.run(directory: directory, format: format, strict: strict, generated: generated, language: lang.language)
    }

    /// Runs the check; also called with a command line read without the argument parser
    /// (``CheckCommandLine``).
    static func run(directory: String, format: ReportFormat, strict: Bool, generated: String?, language: Language) throws {
        var result: CheckResult
        do {
            result = try Pipeline.check(directory: directory)
            if let generated {
                try Pipeline.checkGenerated(
                    &result, out: generated, waiting: { printError(CommandText.waitingForBuild(out: generated, language)) })
            }
        } catch {
            printError(CommandText.usageError(error, language))
            throw ExitCode(Exit.usage)
        }
        let colour = format == .text && StandardStreams.isTerminal(1) && StandardStreams.environment("NO_COLOR") == nil
        let renderer = DiagnosticRenderer(colour: colour, result: result, language: language)
        let text = renderer.render(result.diagnostics, as: format)
        StandardStreams.out(text)
        // The process ends next: tearing down the model object by object would only cost time.
        _ = Unmanaged.passRetained(ResultBox(result))
        if result.errorCount > 0 || (strict && result.warningCount > 0) { throw ExitCode(Exit.problems) }
    }
}

/// Holds a check result past the end of `run`, so that the process exits without freeing it piece by piece.
final class ResultBox {
    let result: CheckResult
    init(_ result: CheckResult) { self.result = result }
}
