import Foundation
import SOPCompiler

/// What `sopc preview` serves: the files of the last build that had no error, exactly as `sopc build` would
/// write them (the manifest included), and the diagnostics of the latest build when it had errors.
public struct PreviewSite: Sendable, Equatable {
    /// The files of the last good build, by path relative to OUT; empty before the first one.
    public var files: [String: [UInt8]]
    /// The report of the latest build (as `sopc check` prints it, without colour) when it had errors, or
    /// the problem with the folder itself (missing, not a directory); nil when it built.
    public var problems: String?

    public init(files: [String: [UInt8]] = [:], problems: String? = nil) {
        self.files = files
        self.problems = problems
    }

    /// Checks and builds DIR in memory. A build with errors keeps `previous`'s files and adds the report.
    public static func build(directory: String, language: Language, previous: PreviewSite = PreviewSite()) -> PreviewSite {
        let result: CheckResult
        do {
            result = try Pipeline.check(directory: directory)
        } catch {
            return PreviewSite(files: previous.files, problems: "sopc: error: " + error.text(in: language))
        }
        if result.errorCount > 0 {
            let text = DiagnosticRenderer(colour: false, result: result, language: language).text(result.diagnostics)
            return PreviewSite(files: previous.files, problems: text)
        }
        guard let plan = Pipeline.outputs(of: result) else {
            return PreviewSite(files: previous.files, problems: "sopc: error: no build")
        }
        var files: [String: [UInt8]] = [:]
        for file in plan.files { files[file.path] = file.bytes }
        files[Manifest.fileName] = Array(plan.manifest.text.utf8)
        return PreviewSite(files: files, problems: nil)
    }
}

/// The site being served and its generation, shared by the watcher and the request handlers. The generation
/// grows by one each time what is served changes; an open page reloads when it sees a newer one.
public final class PreviewState: @unchecked Sendable {
    private let lock = NSLock()
    private var _site: PreviewSite
    private var _generation: Int

    public init(site: PreviewSite = PreviewSite(), generation: Int = 1) {
        _site = site
        _generation = generation
    }

    public var current: (site: PreviewSite, generation: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (_site, _generation)
    }

    public var generation: Int {
        lock.lock()
        defer { lock.unlock() }
        return _generation
    }

    /// Replaces the site; the generation moves on only when something served changed.
    @discardableResult public func update(_ site: PreviewSite) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard site != _site else { return false }
        _site = site
        _generation += 1
        return true
    }
}
