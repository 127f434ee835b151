import ArgumentParser
import SOPCommandLine
import SOPCompiler
import SOPSystem

#if canImport(Glibc)
    import Glibc
#endif

/// The program `sopc-tools`, beside `sopc`, which runs `import`, `preview`, `print` and `lsp`
/// (``ToolCommands/names``). Those need Foundation, the HTTP server and the ZIP reader; linked into `sopc`,
/// their code made every `sopc check` start about 2 ms later (docs/BENCHMARKS.md, "Two programs"). `sopc`
/// lists them in its help and hands the whole command line over, `sopc-tools` replacing the process: what
/// the user sees — help, messages, exit status, standard streams — is that of one program.
enum ToolProgram {
    static let name = "sopc-tools"

    /// Whether the command line names one of the commands of `sopc-tools`, or asks for its help
    /// (`sopc help lsp`).
    static func runs(_ arguments: [String]) -> Bool {
        guard let first = arguments.first else { return false }
        if ToolCommands.names.contains(first) { return true }
        return first == "help" && arguments.count > 1 && ToolCommands.names.contains(arguments[1])
    }

    /// Replaces this process with `sopc-tools` on the same command line; when it cannot be started, says
    /// so in the chosen language and exits with the usage status.
    static func hand(_ arguments: [String]) -> Never {
        let folder = ownFolder()
        let path = folder + "/" + name
        let argv = ([CommandLine.arguments.first ?? "sopc"] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let code = errno
        let command = arguments.first == "help" ? arguments[1] : arguments[0]
        printError(missingText(command: command, folder: folder, code: code, language(of: arguments)))
        exit(Exit.usage)
    }

    /// The folder of the running `sopc` (through any symbolic link), so that `sopc-tools` is found beside
    /// the executable whatever the current folder and `PATH`.
    static func ownFolder() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        var path = ""
        let n = readlink("/proc/self/exe", &buffer, Int(PATH_MAX))
        if n > 0 {
            path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        } else if let first = CommandLine.arguments.first, first.contains("/") {
            path = first
        }
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The language of the message: `--lang` on the command line when it names one, else the environment's.
    static func language(of arguments: [String]) -> Language {
        var flag: String?
        for (i, argument) in arguments.enumerated() {
            if argument == "--lang", i + 1 < arguments.count { flag = arguments[i + 1] }
            if argument.hasPrefix("--lang=") { flag = String(argument.dropFirst("--lang=".count)) }
        }
        return (try? Language.chosen(flag: flag, environment: StandardStreams.environment))
            ?? (try? Language.chosen(flag: nil, environment: StandardStreams.environment)) ?? .standard
    }

    static func missingText(command: String, folder: String, code: Int32, _ language: Language) -> String {
        switch language {
        case .english:
            let reason = FileIO.errorText(code)
            return "sopc: error: 'sopc \(command)' is run by the program '\(name)', which could not be started from "
                + "'\(folder)', the folder of sopc (\(reason)): copy '\(name)' from the same build beside sopc"
        case .indonesian:
            let reason = FileIO.indonesianErrorText(code)
            return "sopc: error: perintah 'sopc \(command)' dijalankan oleh program '\(name)', yang tidak dapat "
                + "dijalankan dari '\(folder)', folder tempat sopc berada (\(reason)): salin '\(name)' dari hasil "
                + "build yang sama ke folder itu"
        }
    }
}

/// `sopc import`, `preview`, `print` and `lsp` as `sopc --help` and the shell completion list them, with the
/// same arguments as in `sopc-tools` (``ImportOptions`` and the others); the command line never reaches
/// them (``ToolProgram/hand(_:)`` runs first), but should it, they hand it over too.
protocol ToolCommand: ParsableCommand {}

extension ToolCommand {
    func run() throws { ToolProgram.hand(Array(CommandLine.arguments.dropFirst())) }
}

struct ImportCommand: ToolCommand {
    static let configuration = ToolCommands.importCommand
    @OptionGroup var options: ImportOptions
}

struct PreviewCommand: ToolCommand {
    static let configuration = ToolCommands.preview
    @OptionGroup var options: PreviewOptions
}

struct PrintCommand: ToolCommand {
    static let configuration = ToolCommands.print
    @OptionGroup var options: PrintOptions
}

struct LSPCommand: ToolCommand {
    static let configuration = ToolCommands.lsp
    @OptionGroup var options: LSPOptions
}
