#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The output folder, reached with `openat` one part at a time and never through a link: whatever links
/// OUT holds, sopc reads, writes and removes only entries that really are inside it. (OUT itself may be a
/// link; the user named it.)
final class OutputDirectory {
    /// OUT as given, for messages.
    let path: String
    /// nil while the folder does not exist.
    private(set) var fd: Int32?

    /// What sits at a path below OUT.
    enum Entry: Error, Equatable {
        case missing
        case file
        case folder
        case link
        /// A device, socket or pipe.
        case other
        /// A part of the path before the last is not a plain folder: `part` (relative to OUT) is a file,
        /// a link or something else; nothing below it belongs to OUT.
        case blocked(part: String, is: String)
    }

    struct IOError: Error {
        var message: String
    }

    private init(path: String, fd: Int32?) {
        self.path = path
        self.fd = fd
    }

    deinit { if let fd { close(fd) } }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Opens OUT; a missing OUT is not an error (nothing is there yet), anything but a folder is.
    static func open(_ path: String) throws(UsageError) -> OutputDirectory {
        var st = stat()
        if stat(path, &st) != 0 {
            let code = errno
            if code == ENOENT { return OutputDirectory(path: path, fd: nil) }
            throw UsageError("cannot use output folder '\(path)': \(errorText(code))")
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { throw UsageError("output folder '\(path)' is not a folder") }
        let fd = systemOpen(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw UsageError("cannot open output folder '\(path)': \(errorText(errno))") }
        return OutputDirectory(path: path, fd: fd)
    }

    /// Creates OUT (and the folders above it) when it does not exist yet.
    func create() throws(IOError) {
        guard fd == nil else { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw IOError(message: "cannot create output folder '\(path)': \(OutputDirectory.errorText(errno))")
            }
            prefix += "/"
        }
        let fd = systemOpen(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw IOError(message: "cannot open output folder '\(path)': \(OutputDirectory.errorText(errno))") }
        self.fd = fd
    }

    /// The kind of entry `name` is in folder `dir`, without following a link.
    private static func kind(_ dir: Int32, _ name: String) -> (Entry, Int32) {
        var st = stat()
        if fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0 { return (.missing, errno) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return (.file, 0)
        case S_IFDIR: return (.folder, 0)
        case S_IFLNK: return (.link, 0)
        default: return (.other, 0)
        }
    }

    static func describe(_ entry: Entry) -> String {
        switch entry {
        case .file: return "a file"
        case .folder: return "a folder"
        case .link: return "a link"
        case .other: return "not a regular file"
        case .missing: return "missing"
        case .blocked(_, let what): return what
        }
    }

    /// Opens the folder holding `rel`, part by part, refusing links; creates missing folders when asked.
    /// Returns the folder's descriptor (to close) and the last part's name, or what stopped the walk.
    private func openParent(_ rel: String, create: Bool) throws(IOError) -> Result<(Int32, String), Entry> {
        guard let root = fd else { return .failure(.missing) }
        let parts = rel.split(separator: "/").map(String.init)
        var dir = dup(root)
        guard dir >= 0 else { throw IOError(message: "cannot open output folder '\(path)': \(OutputDirectory.errorText(errno))") }
        var walked = ""
        for part in parts.dropLast() {
            walked += (walked.isEmpty ? "" : "/") + part
            var (entry, _) = OutputDirectory.kind(dir, part)
            if entry == .missing, create {
                if mkdirat(dir, part, 0o755) != 0, errno != EEXIST {
                    let code = errno
                    close(dir)
                    throw IOError(message: "cannot create folder '\(path)/\(walked)': \(OutputDirectory.errorText(code))")
                }
                entry = OutputDirectory.kind(dir, part).0
            }
            guard entry == .folder else {
                close(dir)
                return .failure(entry == .missing ? .missing : .blocked(part: walked, is: OutputDirectory.describe(entry)))
            }
            let next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let code = errno
            close(dir)
            guard next >= 0 else {
                if code == ELOOP || code == ENOTDIR { return .failure(.blocked(part: walked, is: "not a plain folder")) }
                throw IOError(message: "cannot open folder '\(path)/\(walked)': \(OutputDirectory.errorText(code))")
            }
            dir = next
        }
        return .success((dir, parts.last ?? ""))
    }

    /// What is at `rel`.
    func entry(_ rel: String) throws(IOError) -> Entry {
        switch try openParent(rel, create: false) {
        case .failure(let entry): return entry
        case .success(let (dir, name)):
            defer { close(dir) }
            return OutputDirectory.kind(dir, name).0
        }
    }

    /// The bytes of the regular file at `rel`, or what is there instead.
    func read(_ rel: String) throws(IOError) -> Result<[UInt8], Entry> {
        let (dir, name): (Int32, String)
        switch try openParent(rel, create: false) {
        case .failure(let entry): return .failure(entry)
        case .success(let opened): (dir, name) = opened
        }
        defer { close(dir) }
        let (entry, _) = OutputDirectory.kind(dir, name)
        guard entry == .file else { return .failure(entry) }
        // O_NONBLOCK: should the file turn into a pipe meanwhile, opening it must not hang.
        let file = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else {
            let code = errno
            if code == ELOOP { return .failure(.link) }
            throw IOError(message: "cannot read '\(path)/\(rel)': \(OutputDirectory.errorText(code))")
        }
        defer { close(file) }
        var bytes: [UInt8] = []
        var st = stat()
        if fstat(file, &st) == 0 { bytes.reserveCapacity(Int(st.st_size)) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { systemRead(file, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(message: "cannot read '\(path)/\(rel)': \(OutputDirectory.errorText(errno))")
            }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return .success(bytes)
    }

    /// Replaces `rel` with `bytes` atomically: a temporary file in the same folder, written in full and
    /// synced, renamed over the old one, then the folder synced. A reader sees the old file or the new one,
    /// never a part. Missing folders on the way are created.
    func write(_ rel: String, _ bytes: [UInt8]) throws(IOError) {
        let (dir, name): (Int32, String)
        switch try openParent(rel, create: true) {
        case .failure(let entry):
            throw IOError(message: "cannot write '\(path)/\(rel)': '\(path)/\(entryPart(entry, rel))' is \(OutputDirectory.describe(entry))")
        case .success(let opened): (dir, name) = opened
        }
        defer { close(dir) }
        let temporary = ".\(name).sopc-\(getpid()).tmp"
        let file = openat(dir, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw IOError(message: "cannot write '\(path)/\(rel)': \(OutputDirectory.errorText(errno))") }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(file, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure == 0, fsync(file) != 0 { failure = errno }
        if close(file) != 0, failure == 0 { failure = errno }
        if failure == 0, renameat(dir, temporary, dir, name) != 0 { failure = errno }
        if failure != 0 {
            unlinkat(dir, temporary, 0)
            throw IOError(message: "cannot write '\(path)/\(rel)': \(OutputDirectory.errorText(failure))")
        }
        fsync(dir)
    }

    private func entryPart(_ entry: Entry, _ rel: String) -> String {
        if case .blocked(let part, _) = entry { return part }
        return rel
    }

    /// Removes the regular file at `rel` (never a link's target, never a folder), then each folder above it
    /// up to OUT that this leaves empty. Returns false when there was no regular file to remove.
    @discardableResult
    func remove(_ rel: String) throws(IOError) -> Bool {
        let (dir, name): (Int32, String)
        switch try openParent(rel, create: false) {
        case .failure: return false
        case .success(let opened): (dir, name) = opened
        }
        guard OutputDirectory.kind(dir, name).0 == .file else {
            close(dir)
            return false
        }
        if unlinkat(dir, name, 0) != 0 {
            let code = errno
            close(dir)
            if code == ENOENT { return false }
            throw IOError(message: "cannot remove '\(path)/\(rel)': \(OutputDirectory.errorText(code))")
        }
        fsync(dir)
        close(dir)
        // Folders that the removal emptied go too; a folder that still holds anything stays.
        var parts = rel.split(separator: "/").map(String.init)
        parts.removeLast()
        while !parts.isEmpty {
            let folder = parts.joined(separator: "/")
            guard case .success(let (parent, last)) = try openParent(folder, create: false) else { break }
            let removed = OutputDirectory.kind(parent, last).0 == .folder && unlinkat(parent, last, AT_REMOVEDIR) == 0
            close(parent)
            if !removed { break }
            parts.removeLast()
        }
        return true
    }
}

@inline(__always) private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
@inline(__always) private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
@inline(__always) private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
