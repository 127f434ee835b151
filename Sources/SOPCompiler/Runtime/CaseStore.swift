#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The case file on disk, safe against crashes and against other `sopc run` commands:
/// - every change is written to a temporary file beside the case, flushed (`fsync`), renamed over the case
///   and the folder flushed, so after a crash the case is the old one or the new one, whole;
/// - a command that changes a case holds an exclusive `flock` on `<case>.lock` from reading it to writing
///   it, so two commands on one case run one after the other and no event is lost;
/// - reading needs no lock: a rename replaces the file in one step.
public enum CaseStore {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The lock file beside a case: `<case>.lock`. It stays after the command (removing it could let two
    /// commands lock different files).
    public static func lockPath(_ path: String) -> String { path + ".lock" }

    /// Runs `body` holding an exclusive lock on the case (waiting for any other command that holds it).
    public static func withLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let lock = lockPath(path)
        let fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(description: "cannot open the lock file '\(lock)': \(errorText(errno))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw Failure(description: "cannot lock '\(lock)': \(errorText(errno))") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// The bytes of the case file, or nil when there is none.
    public static func read(_ path: String) throws(Failure) -> [UInt8]? {
        switch DefinitionsFolder.readFile(path, limit: 256 << 20) {
        case .bytes(let bytes): return bytes
        case .tooLarge(let size): throw Failure(description: "'\(path)' is too large for a case file (\(size) bytes)")
        case .failed(let reason):
            var st = stat()
            if stat(path, &st) != 0, errno == ENOENT { return nil }
            throw Failure(description: "'\(path)': \(reason)")
        }
    }

    /// Replaces the case file with `bytes` atomically and durably.
    public static func write(_ path: String, _ bytes: [UInt8]) throws(Failure) {
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { path[..<$0].isEmpty ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temp = (dir == "/" ? "" : dir) + "/.\(name).\(getpid()).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(description: "cannot write '\(temp)': \(errorText(errno))") }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = posixWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot write '\(temp)': \(errorText(errno))"
                    return
                }
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = "cannot flush '\(temp)': \(errorText(errno))" }
        close(fd)
        if failure == nil, rename(temp, path) != 0 { failure = "cannot replace '\(path)': \(errorText(errno))" }
        if let failure {
            unlink(temp)
            throw Failure(description: failure)
        }
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }
}

@inline(__always) private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
