import Foundation
import SOPCompiler

/// One definitions root (the folder holding `sopc.yaml`) with its incremental check session over the files
/// on disk and the editor's unsaved texts.
final class Workspace {
    let root: String
    let session: CheckSession
    /// The latest result; nil until the first check.
    private(set) var result: CheckResult?
    /// Files whose text changed since the last check.
    var dirty = true
    /// The diagnostics last published, by file (absolute path); a file not here has none published.
    var published: [String: [Diagnostic]] = [:]
    /// Files opened since the last check: their diagnostics are published even when unchanged (an empty
    /// list tells the editor the file is clean).
    var announce: Set<String> = []

    init(root: String, session: CheckSession) {
        self.root = root
        self.session = session
    }

    convenience init(root: String) throws(UsageError) {
        self.init(root: root, session: try CheckSession(directory: root, displayPrefix: root))
    }

    /// The path of a file relative to the root, or nil when outside it.
    func relative(_ path: String) -> String? {
        guard path.hasPrefix(root + "/") else { return nil }
        return String(path.dropFirst(root.count + 1))
    }

    func absolute(_ rel: String) -> String { root + "/" + rel }

    func text(_ path: String) -> [UInt8]? {
        relative(path).flatMap { session.files[$0] }
    }

    /// `form-overflow`'s findings by SOP, kept from one check to the next.
    let forms = FormCheckCache()

    /// Whether the result is newer than the diagnostics published.
    private var unpublished = false

    /// Checks again when something changed.
    func refresh() {
        guard dirty || result == nil else { return }
        dirty = false
        // The session replaces the edited SOPs in the model it keeps: with the previous result gone, that
        // model is not shared and is updated in place instead of copied.
        result = nil
        var checked = session.check()
        // The printed form's check, as `sopc check` has it: only the forms an edit can have changed.
        forms.apply(to: &checked)
        result = checked
        unpublished = true
    }

    /// Checks again when something changed; returns the files whose diagnostics differ from what was
    /// published, with their new diagnostics (empty to clear them).
    func check() -> [(file: String, diagnostics: [Diagnostic])] {
        refresh()
        guard unpublished || !announce.isEmpty, let r = result else { return [] }
        unpublished = false
        var byFile: [String: [Diagnostic]] = [:]
        for d in r.diagnostics { byFile[d.file, default: []].append(d) }
        var changes: [(String, [Diagnostic])] = []
        for (file, list) in byFile where published[file] != list || announce.contains(file) { changes.append((file, list)) }
        for file in published.keys where byFile[file] == nil { changes.append((file, [])) }
        for file in announce where byFile[file] == nil && published[file] == nil { changes.append((file, [])) }
        announce = []
        published = byFile
        return changes.sorted { $0.0 < $1.0 }
    }

    var model: ProjectModel? { result?.model }

    /// The SOP decoded from a file.
    func sop(at path: String) -> SOP? {
        guard let model else { return nil }
        return model.sops.first { $0.file == path }
    }

    /// The nearest folder at or above a file that holds `sopc.yaml` (on disk, or among `open`), else the
    /// file's own folder.
    static func root(of path: String, open: Set<String>) -> String {
        let start = (path as NSString).deletingLastPathComponent
        var dir = start
        while true {
            let project = dir + "/" + Checker.projectFileName
            if open.contains(project) || FileManager.default.fileExists(atPath: project) { return dir }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir || parent.isEmpty { return start }
            dir = parent
        }
    }
}
