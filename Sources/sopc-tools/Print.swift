import ArgumentParser
import SOPCommandLine
import SOPCompiler
import SOPPreview

/// `sopc print`: each SOP's form printed to PDF with headless Chromium (docs/OUTPUTS.md).
struct Print: ParsableCommand {
    static let configuration = ToolCommands.print

    @OptionGroup var options: PrintOptions
    var directory: String { options.directory }
    var out: String { options.out }
    var sops: [String] { options.sops }
    var lang: LanguageOption { options.lang }

    func run() throws {
        let language = lang.language
        do {
            let printed = try FormPrinter.print(
                directory: directory, out: out, names: sops, language: language, environment: StandardStreams.environment
            ) { printError($0) }
            printError(PreviewText.printed(printed.count, out: out, language))
        } catch {
            switch error {
            case .definitions(let report):
                StandardStreams.write(report, to: 2)
                printError(PreviewText.nothingPrinted(language))
                throw ExitCode(Exit.problems)
            case .usage(let message):
                printError(message)
                throw ExitCode(Exit.usage)
            }
        }
    }
}
