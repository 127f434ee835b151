import ArgumentParser
import SOPCompiler
import SOPLanguageServer

/// `sopc lsp`: the Language Server Protocol server (docs/EDITORS.md).
struct LSP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the Language Server Protocol server on standard input and output (docs/EDITORS.md).",
        discussion: """
            The editor starts it. Each document's definitions root is the nearest folder at or above it \
            holding sopc.yaml; the server checks the editor's unsaved text and publishes the diagnostics of \
            every affected file, and answers completion, hover, go to definition, references, rename, document \
            symbols and quick fixes.
            """
    )

    @Option(name: .long, help: "The language of diagnostics: en or id (default: SOPC_LANG, then the locale, then en).")
    var lang: String?

    func run() throws {
        let status = LanguageServer(language: LanguageServer.resolveLanguage(lang)).serve()
        throw ExitCode(status)
    }
}
