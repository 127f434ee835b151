import Dispatch
import Foundation
import Synchronization
import Testing

@testable import SOPSystem

/// A build writes and reads OUT on all cores: one thread may look for a file in a folder at the moment
/// another creates that folder for a file of its own. The look must see "not there" (it was not, when it
/// looked), never fail: CI once failed a build with "cannot open folder 'generated/simpan': No such file or
/// directory" — the folder was missing when opened and there when looked at a moment later.
@Suite struct AtomicDirectoryRaceTests {
    @Test func aFolderMadeWhileAnotherThreadLooksInItIsNoError() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-race-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = try AtomicDirectory.open(root.path)
        try dir.create()
        let folders = 3000
        let failures = Mutex<[String]>([])
        let seen = Mutex<[Int]>([0, 0])
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for i in 0..<folders {
                let rel = "f\(i)/x.txt"
                do {
                    if worker == 0 {
                        try dir.write(rel, Array("x".utf8), sync: false)
                    } else {
                        // Looked for over and over until the writer has made it: the race is somewhere in between.
                        var tries = 0
                        while try dir.entry(rel) == .missing, tries < 10_000 { tries += 1 }
                        _ = try dir.read(rel)
                        seen.withLock { $0[tries == 0 ? 0 : 1] += 1 }
                    }
                } catch {
                    failures.withLock { $0.append("\(rel): \(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0.prefix(3) })")
        // The reader did look while folders were still being made.
        #expect(seen.withLock { $0[1] } > 0, "\(seen.withLock { $0 })")
    }

    /// What a build with nothing to do asks of every file in OUT: whether it is still as the last build
    /// left it, compared byte for byte with the stamp recorded then, without making the stamp's string.
    @Test func stampsMatchWhatFileStampsGave() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-stamps-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = try AtomicDirectory.open(root.path)
        try dir.create()
        let names = ["a.csv", "b.html", "ç-é.md", String(repeating: "n", count: 200)]
        for name in names { try dir.write("sop-1/" + name, Array(name.utf8), sync: false) }
        try dir.write("sop-2/a.csv", Array("other".utf8), sync: false)
        let stamps = dir.fileStamps(in: "sop-1", names: names).map { try! #require($0) }
        // The same text as the stamps made by `stat` (size, times, inode, device), for each file: the
        // numbers in decimal, joined with `-`.
        for (name, stamp) in zip(names, stamps) {
            #expect(stamp == AtomicDirectory.pathStamp(root.path + "/sop-1/" + name))
            var st = stat()
            #expect(stat(root.path + "/sop-1/" + name, &st) == 0)
            let m = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
            let c = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
            #expect(stamp == "\(st.st_size)-\(m)-\(c)-\(st.st_ino)-\(st.st_dev)")
        }
        let files = zip(names, stamps).map { (path: "sop-1/" + $0, stamp: $1) }
        #expect(dir.stampsMatch(in: "sop-1", files))
        #expect(dir.stampsMatch(in: "sop-1", [files[2]]))
        // A stamp that differs in one digit, a file of another folder, a path deeper down, a missing file.
        var changed = files
        changed[1].stamp = String(changed[1].stamp.dropLast()) + (changed[1].stamp.hasSuffix("1") ? "2" : "1")
        #expect(!dir.stampsMatch(in: "sop-1", changed))
        #expect(!dir.stampsMatch(in: "sop-1", files + [(path: "sop-2/a.csv", stamp: files[0].stamp)]))
        #expect(!dir.stampsMatch(in: "sop", files))
        #expect(!dir.stampsMatch(in: "sop-1", [(path: "sop-1/x/a.csv", stamp: files[0].stamp)]))
        #expect(!dir.stampsMatch(in: "sop-1", [(path: "sop-1/gone.csv", stamp: files[0].stamp)]))
        #expect(!dir.stampsMatch(in: "sop-3", [(path: "sop-3/a.csv", stamp: files[0].stamp)]))
        // A file written again, even with the same bytes, has another stamp.
        try dir.write("sop-1/a.csv", Array("a.csv".utf8), sync: false)
        #expect(!dir.stampsMatch(in: "sop-1", files))
        #expect(dir.stampsMatch(in: "sop-1", Array(files.dropFirst())))
    }

    /// A path of plain parts, byte by byte as the kernel splits it: none empty, none `.` or `..`.
    @Test func plainPartsAreReadByteByByte() {
        let plain = ["a", "a/b", ".a", "a/..b", "a/.../b", "...", "a/b.c/d", "\u{301}x/y", "sop-1/.sop-1.csv.sopc-9.tmp"]
        let not = ["", "/a", "a/", "a//b", ".", "..", "a/./b", "a/../b", "a/b/.", "../\u{301}x", "./a", "a/.."]
        for path in plain { #expect(RelativePath.hasPlainParts(path), "\(path)") }
        for path in not { #expect(!RelativePath.hasPlainParts(path), "\(path)") }
    }
}
