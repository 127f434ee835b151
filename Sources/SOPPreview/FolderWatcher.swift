import Foundation
import SOPSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Notices changes below a folder by comparing, a few times a second, the size, modification time and
/// inode of every entry (``fingerprint(of:)``). Polling needs nothing from the kernel, sees a folder that is
/// deleted and made again, and an editor's save by rename as well as by rewrite.
public enum FolderWatcher {
    public struct Entry: Equatable, Sendable {
        var size: Int64
        var seconds: Int
        var nanoseconds: Int
        var inode: UInt64
        var mode: UInt32
    }

    /// At most this many entries are looked at (a folder with more is still watched, in part).
    public static let maxEntries = 200_000

    /// Every entry below `path` (symbolic links not followed into folders), keyed by relative path; the
    /// folder itself under "". Empty when `path` does not exist.
    public static func fingerprint(of path: String) -> [String: Entry] {
        var result: [String: Entry] = [:]
        var pending: [(String, String)] = [(path, "")]
        while let (full, relative) = pending.popLast() {
            var st = stat()
            guard stat(full, &st) == 0 else { continue }
            result[relative] = Entry(
                size: Int64(st.st_size), seconds: Int(st.st_mtim.tv_sec), nanoseconds: Int(st.st_mtim.tv_nsec),
                inode: UInt64(st.st_ino), mode: UInt32(st.st_mode))
            if result.count >= maxEntries { break }
            var lst = stat()
            guard lstat(full, &lst) == 0, (lst.st_mode & S_IFMT) == S_IFDIR, let dir = opendir(full) else { continue }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = FileIO.entryName(entry)
                if name == "." || name == ".." { continue }
                pending.append((full + "/" + name, relative.isEmpty ? name : relative + "/" + name))
            }
        }
        return result
    }

    /// Calls `changed` on a thread of its own once at the start, then whenever the fingerprint of `path`
    /// differs from the one seen before, checking every `interval` seconds. A change made while `changed`
    /// runs is seen at the next check, since the fingerprint is taken before it.
    public static func watch(_ path: String, interval: Double = 0.25, changed: @escaping @Sendable () -> Void) -> Thread {
        let thread = Thread {
            var last: [String: Entry]? = nil
            while true {
                var now = fingerprint(of: path)
                if now != last {
                    // An editor writing a file in several pieces: wait (a little, a few times at most) until the
                    // folder holds still, so that a half-written file is seldom built.
                    for _ in 0..<5 {
                        Thread.sleep(forTimeInterval: 0.05)
                        let again = fingerprint(of: path)
                        if again == now { break }
                        now = again
                    }
                    last = now
                    changed()
                }
                Thread.sleep(forTimeInterval: interval)
            }
        }
        thread.name = "sopc-preview-watcher"
        thread.start()
        return thread
    }
}
