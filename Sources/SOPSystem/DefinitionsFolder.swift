#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A problem outside the definitions: the folder itself is missing or unreadable (exit status 2).
public struct UsageError: Error, Sendable, CustomStringConvertible {
    /// The problem in English.
    public var description: String
    /// The problem in Bahasa Indonesia; nil where only English exists (then English is shown).
    public var indonesian: String?
    public init(_ description: String, indonesian: String? = nil) {
        self.description = description
        self.indonesian = indonesian
    }
}

/// The files of a definitions folder: the project file and every `*.sop.yaml` below it.
package struct DefinitionsFolder {
    /// The largest definitions file read (32 MiB): a bigger one is reported, not read.
    public static let maxFileBytes = 32 * 1024 * 1024

    /// Paths relative to the folder, sorted byte-wise; sub-folders allowed.
    package var sopFiles: [String] = []
    /// Entries that could not be read (unreadable folders, dangling or looping links named `*.sop.yaml`).
    package var unreadable: [(path: String, reason: String)] = []
    /// Files not read whose name is a near miss of an SOP or project file (``nearMiss(_:)``), sorted.
    package var ignored: [String] = []

    /// What a file that is not read was most likely meant to be.
    package enum NearMiss: Sendable, Equatable {
        /// The name it should have (`x.sop.yml` → `x.sop.yaml`, `Sopc.yaml` → `sopc.yaml`).
        case rename(String)
        /// A project file below the root, where it is not read.
        case projectNotAtRoot
    }

    /// Whether the file at `rel` (relative to the definitions root), which the scan does not read, is a near
    /// miss of an SOP file or the project file: another capitalisation, `.yml`, spaces around a dot, or a
    /// `.txt` that an editor added. Nil for every other name (and for the names that are read).
    package static func nearMiss(_ rel: String) -> NearMiss? {
        // The last part of the path (after its last `/`, found as a whole character like the parts of a path).
        let slash = rel.lastIndex(of: "/")
        let name = slash.map { String(rel[rel.index(after: $0)...]) } ?? rel
        guard !name.isEmpty else { return nil }
        let atRoot = slash == nil
        if name == "sopc.yaml" { return atRoot ? nil : .projectNotAtRoot }
        if name.hasSuffix(".sop.yaml") { return nil }
        // Spaces around a dot or at the end, and a `.txt` an editor added, are taken away.
        var plain = ""
        for c in name {
            if c == " ", plain.last == "." { continue }
            if c == ".", plain.last == " " { while plain.last == " " { plain.removeLast() } }
            plain.append(c)
        }
        while plain.last == " " { plain.removeLast() }
        if plain.lowercased().hasSuffix(".txt") { plain.removeLast(4) }
        let lower = plain.lowercased()
        if lower == "sopc.yaml" || lower == "sopc.yml" { return atRoot ? .rename("sopc.yaml") : .projectNotAtRoot }
        for suffix in [".sop.yaml", ".sop.yml"] where lower.hasSuffix(suffix) && lower.count > suffix.count {
            let stem = lower.dropLast(suffix.count)
            return stem.hasPrefix(".") ? nil : .rename(stem + ".sop.yaml")
        }
        return nil
    }

    package static func errorText(_ code: Int32) -> String { FileIO.errorText(code) }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// A folder as the file system knows it, its device and inode, as text: a set of a type of its own (or of
    /// `[UInt64]`) makes the Swift runtime search all 7,900 protocol conformances of the binary at each start
    /// of sopc, to find that type's `Hashable`, where `String`'s is one it has found already.
    static func folderIdentity(_ st: stat) -> String { "\(st.st_dev):\(st.st_ino)" }

    /// Walks `root`, following links to folders but never into the same folder twice (so a link loop ends).
    package static func scan(_ root: String) throws(UsageError) -> DefinitionsFolder {
        var st = stat()
        guard stat(root, &st) == 0 else {
            let code = errno
            throw UsageError(
                "cannot read definitions folder '\(root)': \(errorText(code))",
                indonesian: "folder definisi '\(root)' tidak dapat dibaca: \(FileIO.indonesianErrorText(code))")
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw UsageError("'\(root)' is not a folder", indonesian: "'\(root)' bukan folder")
        }
        var folder = DefinitionsFolder()
        var visited: Set<String> = [folderIdentity(st)]
        var pending: [String] = [""]
        while let rel = pending.popLast() {
            let path = rel.isEmpty ? root : root + "/" + rel
            guard let dir = opendir(path) else {
                // The definitions folder itself is outside the definitions, like a missing one (exit 2).
                if rel.isEmpty {
                    let code = errno
                    throw UsageError(
                        "cannot read definitions folder '\(root)': \(errorText(code))",
                        indonesian: "folder definisi '\(root)' tidak dapat dibaca: \(FileIO.indonesianErrorText(code))")
                }
                folder.unreadable.append((rel, "cannot read folder: \(errorText(errno))"))
                continue
            }
            var names: [String] = []
            var regular: [Bool] = []
            while let entry = readdir(dir) {
                let name = FileIO.entryName(entry)
                if name.utf8.first == UInt8(ascii: ".") { continue }  // by byte: a "." with a combining mark is hidden too
                names.append(name)
                regular.append(Int32(entry.pointee.d_type) == Int32(DT_REG))
            }
            closedir(dir)
            // An SOP file the listing says is a regular file needs no `stat` of its own (a folder of 10,000
            // took 33 ms for theirs, before any file was read) once one entry's `stat` has shown that the
            // folder can be searched: a file that then cannot be read is reported by its reading, with the
            // same message. Anything else, and every entry until then, is looked at as before.
            var searchable = false
            for (k, name) in names.enumerated() {
                let childRel = rel.isEmpty ? name : rel + "/" + name
                if searchable, regular[k], name.hasSuffix(".sop.yaml") {
                    folder.sopFiles.append(childRel)
                    continue
                }
                let childPath = root + "/" + childRel
                var cst = stat()
                if stat(childPath, &cst) != 0 {
                    if name.hasSuffix(".sop.yaml") {
                        folder.unreadable.append((childRel, "cannot read file: \(errorText(errno))"))
                    }
                    continue
                }
                searchable = true
                if (cst.st_mode & S_IFMT) == S_IFDIR {
                    if visited.insert(folderIdentity(cst)).inserted { pending.append(childRel) }
                } else if name.hasSuffix(".sop.yaml") {
                    folder.sopFiles.append(childRel)
                } else if let miss = nearMiss(childRel), !sameFile(cst, asNameFor: miss, in: path) {
                    folder.ignored.append(childRel)
                }
            }
        }
        folder.sopFiles.sort { Bytewise.precedes($0, $1) }
        folder.unreadable.sort { Bytewise.precedes($0.path, $1.path) }
        folder.ignored.sort { Bytewise.precedes($0, $1) }
        return folder
    }

    /// Whether the near miss is the very file its right name opens (`Sopc.yaml` on a file system that
    /// ignores case, where it is read as `sopc.yaml`).
    static func sameFile(_ st: stat, asNameFor miss: NearMiss, in folder: String) -> Bool {
        guard case .rename(let name) = miss else { return false }
        var right = stat()
        return stat(folder + "/" + name, &right) == 0 && right.st_dev == st.st_dev && right.st_ino == st.st_ino
    }

    package typealias ReadResult = FileIO.ReadResult

    /// Reads a whole definitions file, refusing one over the size limit before reading it
    /// (``FileIO/readRegularFile(_:limit:)``).
    package static func readFile(_ path: String, limit: Int = DefinitionsFolder.maxFileBytes) -> ReadResult {
        FileIO.readRegularFile(path, limit: limit)
    }

    /// ``readFile(_:limit:)`` with the file's settled stamp as it was read (``FileIO/readRegularFile(_:limit:stamp:)``).
    package static func readFile(_ path: String, stamp: inout String?) -> ReadResult {
        FileIO.readRegularFile(path, limit: DefinitionsFolder.maxFileBytes, stamp: &stamp)
    }
}
