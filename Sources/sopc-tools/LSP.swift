import ArgumentParser
import SOPCommandLine
import SOPCompiler
import SOPLanguageServer

/// `sopc lsp`: the Language Server Protocol server (docs/EDITORS.md).
struct LSP: ParsableCommand {
    static let configuration = ToolCommands.lsp

    @Option(name: .long, help: "The language of diagnostics: en or id (default: SOPC_LANG, then the locale, then en).")
    var lang: String?

    func run() throws {
        let status = LanguageServer(language: LanguageServer.resolveLanguage(lang)).serve()
        throw ExitCode(status)
    }
}
