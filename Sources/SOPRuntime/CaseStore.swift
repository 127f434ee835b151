import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

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
        guard fd >= 0 else { throw Failure(description: "cannot open the lock file '\(lock)': \(FileIO.errorText(errno))") }
        defer { close(fd) }
        let failure = FileIO.retryingInterrupts { flock(fd, LOCK_EX) }
        guard failure == 0 else { throw Failure(description: "cannot lock '\(lock)': \(FileIO.errorText(failure))") }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// The bytes of the case file, or nil when there is none.
    public static func read(_ path: String) throws(Failure) -> [UInt8]? {
        // Only a regular file: opening a pipe would wait for a writer.
        var st = stat()
        if stat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
            throw Failure(description: "'\(path)' is not a regular file, so it cannot be a case file")
        }
        switch FileIO.readRegularFile(path, limit: 256 << 20) {
        case .bytes(let bytes): return bytes
        case .tooLarge(let size): throw Failure(description: "'\(path)' is too large for a case file (\(size) bytes)")
        case .failed(let reason):
            var st = stat()
            if stat(path, &st) != 0, errno == ENOENT { return nil }
            throw Failure(description: "'\(path)': \(reason)")
        }
    }

    /// Replaces the case file with `bytes` atomically and durably, as `sopc build` writes its files
    /// (``AtomicDirectory/write(_:_:)``: a temporary file beside it, synced, renamed over it, the folder synced).
    public static func write(_ path: String, _ bytes: [UInt8]) throws(Failure) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { path[..<$0].isEmpty ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let directory: AtomicDirectory
        do {
            directory = try AtomicDirectory.open(folder)
        } catch {
            throw Failure(description: "cannot write '\(path)': \(error.description)")
        }
        // A command killed while writing leaves its temporary file; every writer of the case holds its lock,
        // so one found now is stale.
        _ = directory.removeStaleTemporaries(in: "", for: [name])
        do {
            try directory.write(name, bytes)
        } catch {
            throw Failure(description: error.message)
        }
    }
}
