import Foundation
import SOPCompiler
import SOPSystem

/// The definitions folder an import writes into: read before, written all at once after.
public enum ImportFolder {
    /// The folder as it is: its project file and SOPs (when it exists). A path that exists but is not a
    /// folder is a usage problem.
    public static func target(_ dir: String) throws(UsageError) -> ImportTarget {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isFolder) else { return ImportTarget() }
        guard isFolder.boolValue else { throw UsageError("'\(dir)' is not a folder") }
        var target = ImportTarget()
        let projectPath = dir + "/sopc.yaml"
        if FileManager.default.fileExists(atPath: projectPath) {
            switch FileIO.readRegularFile(projectPath, limit: DefinitionsFolder.maxFileBytes) {
            case .bytes(let b): target.projectText = b
            case .tooLarge: throw UsageError("'\(projectPath)' is too large to be a project file")
            case .failed(let why): throw UsageError("'\(projectPath)': \(why)")
            }
        }
        target.model = try Pipeline.check(directory: dir).model
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        target.sopFiles = Set(entries.filter { $0.hasSuffix(".sop.yaml") })
        return target
    }

    /// Writes every file of an import, or none: each is first written in full and synced under a temporary
    /// name beside its place; only when all are, they are renamed into place, one after another. A failure
    /// before that removes the temporary files and leaves the folder as it was.
    public static func write(_ files: [(path: String, bytes: [UInt8])], to dir: String) throws(UsageError) {
        let folder = try AtomicDirectory.open(dir)
        // Only files (or nothing) may stand where the import writes: a folder or link there would make a rename
        // fail after others were done.
        for file in files {
            let entry: AtomicDirectory.Entry
            do { entry = try folder.entry(file.path) } catch { throw UsageError(error.message) }
            if entry != .missing, entry != .file {
                throw UsageError("cannot write '\(dir)/\(file.path)': it is \(AtomicDirectory.describe(entry))")
            }
        }
        var staged: [AtomicDirectory.Staged] = []
        do {
            try folder.create()
            for file in files { staged.append(try folder.stage(file.path, file.bytes)) }
        } catch {
            for s in staged { folder.discard(s) }
            folder.removeCreatedFolders()
            throw UsageError(error.message)
        }
        for (k, s) in staged.enumerated() {
            do {
                try folder.commit(s)
            } catch {
                for rest in staged[(k + 1)...] { folder.discard(rest) }
                throw UsageError(error.message)
            }
        }
        if let first = staged.first { folder.syncFolder(of: first.rel) }
    }
}
