import ArgumentParser
import SOPCommandLine
import SOPCompiler

/// The program that runs `sopc import`, `preview`, `print` and `lsp`: `sopc` hands those command lines over
/// to it (Sources/sopc/ToolProgram.swift), so its root command is named `sopc` too.
struct SOPCTools: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sopc",
        abstract:
            "The commands of sopc that need more than the compiler: import, preview, print and lsp (run them as 'sopc <command>').",
        subcommands: [Import.self, Preview.self, Print.self, LSP.self]
    )
}

@main
enum ToolsMain {
    static func main() {
        exitAfter(SOPCTools.self) {
            var command = try SOPCTools.parseAsRoot()
            try command.run()
        }
    }
}
