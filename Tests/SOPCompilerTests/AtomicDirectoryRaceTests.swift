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
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-race-\(UUID().uuidString)")
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
}
