import ArgumentParser
import Foundation
import SOPCommandLine
import SOPCompiler
import SOPPreview

#if canImport(Glibc)
    import Glibc
#endif

/// `sopc preview`: serves what `sopc build` would write, rebuilt in memory on every change (docs/PREVIEW.md).
struct Preview: ParsableCommand {
    static let configuration = ToolCommands.preview

    @OptionGroup var options: PreviewOptions
    var directory: String { options.directory }
    var port: Int { options.port }
    var host: String { options.host }
    var lang: LanguageOption { options.lang }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError(PreviewText.badPort(port, lang.language)) }
    }

    func run() throws {
        let language = lang.language
        let state = PreviewState()
        let directory = self.directory
        let first = DispatchSemaphore(value: 0)
        let firstDone = LockedFlag()
        _ = FolderWatcher.watch(directory) {
            let previous = state.current.site
            state.update(PreviewSite.build(directory: directory, language: language, previous: previous))
            if firstDone.setOnce() { first.signal() }
        }
        first.wait()
        let server = PreviewServer(state: state, language: language)
        let (host, port) = (self.host, self.port)
        // The server runs until the process is interrupted (SIGINT, SIGTERM end it at once).
        let task = Task {
            do {
                try await server.run(host: host, port: port) { url in
                    StandardStreams.out(PreviewText.serving(directory, url: url, language) + "\n")
                }
            } catch {
                printError(PreviewText.cannotListen(host: host, port: port, "\(error)", language))
                Glibc.exit(Exit.usage)
            }
            Glibc.exit(Exit.clean)
        }
        _ = task
        while true { sleep(3600) }
    }
}

final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    /// True the first time only.
    func setOnce() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}
