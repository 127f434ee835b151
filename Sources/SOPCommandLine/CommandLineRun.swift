import ArgumentParser
import SOPCompiler

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Exit codes (docs/CLI.md).
package enum Exit {
    package static let clean: Int32 = 0
    package static let problems: Int32 = 1
    package static let usage: Int32 = 2
}

/// Writes to standard error.
package func printError(_ text: String) { StandardStreams.err(text) }

/// Runs `body`, which parses a command line with `Root` and runs it, mapping every failure to the exit codes
/// of docs/CLI.md (never 64): the end of `sopc` and of `sopc-tools`.
package func exitAfter<Root: ParsableCommand>(_ root: Root.Type, _ body: () throws -> Void) -> Never {
    // A file size limit (`ulimit -f`) must fail a write with EFBIG, which the build reports (exit 2,
    // nothing changed), rather than kill the process.
    signal(SIGXFSZ, SIG_IGN)
    do {
        try body()
        exit(Exit.clean)
    } catch let exit as ExitCode {
        Glibc.exit(exit.rawValue)
    } catch {
        if Root.exitCode(for: error) == .success {
            StandardStreams.out(Root.fullMessage(for: error) + "\n")
            exit(Exit.clean)
        }
        printError("sopc: " + Root.fullMessage(for: error))
        exit(Exit.usage)
    }
}
