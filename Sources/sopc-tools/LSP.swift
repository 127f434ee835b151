import ArgumentParser
import SOPCommandLine
import SOPCompiler
import SOPLanguageServer

/// `sopc lsp`: the Language Server Protocol server (docs/EDITORS.md).
struct LSP: ParsableCommand {
    static let configuration = ToolCommands.lsp

    @OptionGroup var options: LSPOptions
    var lang: String? { options.lang }

    func run() throws {
        let status = LanguageServer(language: LanguageServer.resolveLanguage(lang)).serve()
        throw ExitCode(status)
    }
}
