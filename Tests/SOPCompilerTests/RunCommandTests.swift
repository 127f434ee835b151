import Foundation
import Testing

@testable import SOPCompiler

/// `sopc run` through the real binary: a live case in a case file, one command per event.
@Suite struct RunCommandTests {
    /// A fresh folder for a case, with the project's definitions.
    static func caseFolder() throws -> URL {
        let dir = Scratch.folder.appendingPathComponent("sopc-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    @Test func aCaseRunsStepByStepWithStatus() throws {
        let dir = try Self.caseFolder()
        let file = dir.appendingPathComponent("lakip.case.json").path
        let start = try sopc([
            "run", "start", "lakip", "--case", file, "--definitions", Paths.definitions.path, "--at", "2024-01-02T08:00",
        ])
        #expect(start.status == 0, "\(start.stderr)")
        #expect(start.stdout.hasPrefix("Started SOP 'lakip' (Laporan Akuntabilitas Kinerja (LAKIP)) with no documents\n\n"))
        #expect(start.stdout.contains("Current step: lakip/perintah — 1. Memerintahkan penyusunan"))
        #expect(start.stdout.contains("Waiting for: Ka Biro (kabiro) to complete it with done\n"))

        let act = try sopc(["run", "act", "--case", file, "--as", "kabiro", "done", "--at", "2024-01-02T08:04"])
        #expect(act.status == 0, "\(act.stderr)")
        #expect(act.stdout.hasPrefix("lakip/perintah: done by Ka Biro (kabiro)\n\n"))
        #expect(act.stdout.contains("Documents at hand: Disposisi surat\n"))

        let status = try sopc(["run", "status", "--case", file, "--now", "2024-01-02T10:00"])
        #expect(status.status == 0)
        #expect(
            status.stdout == """
                Case of SOP 'lakip': Laporan Akuntabilitas Kinerja (LAKIP)
                Started Selasa, 2 Januari 2024, 08.00 · 1 event · machines from '\(Paths.definitions.path)'
                Current step: lakip/format — 2. Membuat format pengumpulan data dan informasi Laporan Kinerja dari masing- masing Bagian
                Waiting for: Kasubag TU (kasubag-tu) to complete it with done
                Documents at hand: Disposisi surat
                Since Selasa, 2 Januari 2024, 08.04 · planned 30 menit · due Selasa, 2 Januari 2024, 08.34
                Overdue by 1 jam 26 menit of working time (now Selasa, 2 Januari 2024, 10.00)

                """)
        let early = try sopc(["run", "status", "--case", file, "--now", "2024-01-02T08:20"])
        #expect(early.stdout.contains("On time: 14 menit of working time left (now Selasa, 2 Januari 2024, 08.20)\n"))
        // A weekend does not count as working time.
        let monday = try sopc(["run", "status", "--case", file, "--now", "2024-01-08T08:00"])
        #expect(monday.stdout.contains("Overdue by 3 hari 6 jam 56 menit of working time"))
    }

    @Test func aRefusedEventLeavesTheFileByteForByte() throws {
        let dir = try Self.caseFolder()
        let url = dir.appendingPathComponent("k.json")
        let start = try sopc([
            "run", "start", "lakip", "--case", url.path, "--definitions", Paths.definitions.path, "--at", "2024-01-02T08:00",
        ])
        #expect(start.status == 0, "\(start.stderr)")
        let before = try Self.bytes(url)
        let wrongActor = try sopc(["run", "act", "--case", url.path, "--as", "kabag", "--at", "2024-01-02T08:03"])
        #expect(wrongActor.status == 1)
        #expect(wrongActor.stdout.isEmpty)
        #expect(
            wrongActor.stderr
                == "sopc: refused: 'kabag' is not an actor of step 'perintah' of SOP 'lakip' (1. Memerintahkan penyusunan Pengukuran Laporan Akuntabilitas …): only 'kabiro' (Ka Biro) may act there\n"
        )
        #expect(try Self.bytes(url) == before)
        let wrongKind = try sopc(["run", "act", "--case", url.path, "--as", "kabiro", "yes", "--at", "2024-01-02T08:03"])
        #expect(wrongKind.status == 1)
        #expect(wrongKind.stderr.contains("is a task, not a decision: complete it with 'done', not 'yes'"))
        #expect(try Self.bytes(url) == before)
        let earlier = try sopc(["run", "act", "--case", url.path, "--as", "kabiro", "--at", "2024-01-01T08:03"])
        #expect(earlier.status == 1)
        #expect(earlier.stderr.contains("is before the case's last event"))
        #expect(try Self.bytes(url) == before)
        // No temporary file is left beside the case; only the lock file.
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == ["k.json", "k.json.lock"])
    }

    @Test func theStatusShowsTheCallStackOfANestedCase() throws {
        let dir = try Self.caseFolder()
        let file = dir.appendingPathComponent("k.json").path
        _ = try sopc([
            "run", "start", "lakip", "--case", file, "--definitions", Paths.definitions.path, "--at", "2024-01-02T08:00",
        ])
        for actor in ["kabiro", "kasubag-tu", "kasubag-tu"] {
            let r = try sopc(["run", "act", "--case", file, "--as", actor, "--at", "2024-01-02T09:00"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        // Row 4 done: the meeting (a call) starts SOP rapat with the two documents it takes.
        let call = try sopc(["run", "act", "--case", file, "--as", "kasubag-tu", "--at", "2024-01-02T09:30"])
        #expect(
            call.stdout.hasPrefix(
                """
                lakip/undangan: done by Kasubag TU (kasubag-tu)
                SOP 'rapat' (Pelaksanaan Rapat) starts with Disposisi surat, Undangan rapat

                """))
        #expect(
            call.stdout.contains(
                """
                Current step: rapat/perintah — 1. Memerintahkan pelaksanaan rapat serta menetapkan agenda, waktu, tempat dan peserta rapat
                Call stack (outermost first):
                  lakip/rapat — 5. Melaksanakan rapat pembahasan Penyusunan Laporan … → SOP Pelaksanaan Rapat
                  rapat/perintah — 1. Memerintahkan pelaksanaan rapat serta menetapkan agenda, …
                Waiting for: Ka Biro (kabiro) to complete it with done
                Documents at hand: Disposisi surat, Undangan rapat
                Since Selasa, 2 Januari 2024, 09.30 · planned 15 menit · due Selasa, 2 Januari 2024, 09.45
                On time: 15 menit of working time left (now Selasa, 2 Januari 2024, 09.30)

                """))
        // The caller's other actors cannot act while the called SOP runs its step.
        let kabag = try sopc(["run", "act", "--case", file, "--as", "kabag", "--at", "2024-01-02T09:40"])
        #expect(kabag.status == 1)
        #expect(kabag.stderr.contains("of step 'perintah' of SOP 'rapat'"))
        for actor in ["kabiro", "kasubag-tu", "pelaksana"] {
            #expect(try sopc(["run", "act", "--case", file, "--as", actor, "--at", "2024-01-02T10:00"]).status == 0)
        }
        let decision = try sopc(["run", "act", "--case", file, "--as", "kabag", "no", "--at", "2024-01-02T10:30"])
        #expect(decision.status == 0, "\(decision.stderr)")
        #expect(decision.stdout.hasPrefix("rapat/paraf: Sudah benar? no (Tidak) by Kabag (kabag)\n"))
        #expect(decision.stdout.contains("Current step: rapat/ketik"))
    }

    @Test func aCaseRunsToItsEnd() throws {
        let dir = try Self.caseFolder()
        let file = dir.appendingPathComponent("k.json").path
        #expect(
            try sopc([
                "run", "start", "barang", "--case", file, "--definitions", Paths.definitions.path, "--at", "2024-01-02T08:00",
            ]).status == 0)
        // The issue path: request, approved, in stock, issue, receipt, record.
        let events: [(String, String)] = [
            ("kabag", "done"), ("kasubag-tu", "yes"), ("pelaksana", "yes"), ("pelaksana", "done"), ("kabag", "done"),
        ]
        for (actor, event) in events {
            let r = try sopc(["run", "act", "--case", file, "--as", actor, event, "--at", "2024-01-02T09:00"])
            #expect(r.status == 0, "\(actor) \(event): \(r.stderr)")
        }
        let last = try sopc(["run", "act", "--case", file, "--as", "pelaksana", "--at", "2024-01-02T09:10"])
        #expect(last.stdout.contains("barang/catat-keluar: done by Pelaksana (pelaksana)\nThe case has ended\n"))
        #expect(last.stdout.hasSuffix("Ended Selasa, 2 Januari 2024, 09.10\nDelivered: nothing\n"))
        let after = try sopc(["run", "act", "--case", file, "--as", "pelaksana", "--at", "2024-01-02T09:20"])
        #expect(after.status == 1)
        #expect(after.stderr == "sopc: refused: the case has ended; no step is waiting for an event\n")
        let doc = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        #expect(doc["status"] as? String == "ended")
        #expect((doc["history"] as? [Any])?.count == 6)
        #expect((doc["stack"] as? [Any])?.isEmpty == true)
    }

    @Test func concurrentCommandsLoseNoEvent() throws {
        // One actor does every step, so every concurrent 'act' is valid whichever order they run in.
        let dir = try temporaryProject([
            "sopc.yaml": minimalProject,
            "urut.sop.yaml": "sop: urut\nname: Urut\nsteps:\n"
                + (1...12).map { "  - id: s\($0)\n    activity: Langkah \($0)\n    actor: pelaksana\n    time: 5 menit\n" }
                .joined(),
        ])
        let file = dir.appendingPathComponent("k.json").path
        #expect(
            try sopc(["run", "start", "urut", "--case", file, "--definitions", dir.path, "--at", "2024-01-02T08:00"]).status == 0)
        let group = DispatchGroup()
        let statuses = Statuses()
        for _ in 0..<10 {
            group.enter()
            DispatchQueue.global().async {
                let r = try? sopc(["run", "act", "--case", file, "--as", "pelaksana", "--at", "2024-01-02T09:00"])
                statuses.add(r?.status ?? -1)
                group.leave()
            }
        }
        group.wait()
        #expect(statuses.all == Array(repeating: 0, count: 10))
        let status = try sopc(["run", "status", "--case", file, "--now", "2024-01-02T09:00"])
        #expect(status.stdout.contains("· 10 events ·"))
        #expect(status.stdout.contains("Current step: urut/s11"))
    }

    @Test func aChangedOrBrokenCaseFileIsRefused() throws {
        let dir = try Self.caseFolder()
        let url = dir.appendingPathComponent("k.json")
        _ = try sopc([
            "run", "start", "rapat", "--case", url.path, "--definitions", Paths.definitions.path, "--at", "2024-01-02T08:00",
        ])
        _ = try sopc(["run", "act", "--case", url.path, "--as", "kabiro", "--at", "2024-01-02T08:10"])
        let good = try String(contentsOf: url, encoding: .utf8)
        // The stored stack no longer follows from the history.
        try good.replacingOccurrences(of: "\"step\": \"siapkan\"", with: "\"step\": \"ketik\"").write(
            to: url, atomically: true, encoding: .utf8)
        let changed = try sopc(["run", "status", "--case", url.path])
        #expect(changed.status == 2)
        #expect(changed.stderr.contains("is not a usable case file: stack does not match what the history leads to"))
        try String(good.prefix(200)).write(to: url, atomically: true, encoding: .utf8)
        let cut = try sopc(["run", "act", "--case", url.path, "--as", "kasubag-tu"])
        #expect(cut.status == 2)
        #expect(cut.stderr.contains("is not a usable case file: not JSON"))
        let missing = try sopc(["run", "status", "--case", dir.appendingPathComponent("none.json").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("there is no case file"))
        // Starting over an existing case is refused, and the file stays.
        try good.write(to: url, atomically: true, encoding: .utf8)
        let again = try sopc(["run", "start", "rapat", "--case", url.path, "--definitions", Paths.definitions.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("exists already"))
        #expect(try String(contentsOf: url, encoding: .utf8) == good)
    }

    @Test func aCaseKeepsItsMachinesWhenTheDefinitionsChange() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": CLITests.cleanSOP])
        let file = dir.appendingPathComponent("k.json").path
        #expect(
            try sopc(["run", "start", "lapor", "--case", file, "--definitions", dir.path, "--at", "2024-01-02T08:00"]).status == 0
        )
        try FileManager.default.removeItem(at: dir.appendingPathComponent("lapor.sop.yaml"))
        let r = try sopc(["run", "act", "--case", file, "--as", "kasubag-tu", "--at", "2024-01-02T08:05"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Current step: lapor/tulis"))
    }

    @Test func aCaseStartsFromTheMachineFilesOfABuild() throws {
        let out = Scratch.folder.appendingPathComponent("sopc-run-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        try SimulateTests.buildMachines(Paths.definitions, into: out)
        let file = out.appendingPathComponent("k.json").path
        let r = try sopc(["run", "start", "lakip", "--case", file, "--machines", out.path, "--at", "2024-01-02T08:00"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("machines from '\(out.path)'"))
        let usage = try sopc(["run", "act", "--case", file, "--as", "kabiro", "maybe"])
        #expect(usage.status == 2)
    }
}

extension RunCommandTests {
    /// The session in docs/RUNTIME.md is real: each command runs in a folder whose `definitions` is the project's, and
    /// prints exactly the lines shown after it (standard output, then standard error).
    @Test func theReadmeSessionIsReal() throws {
        let readme = try String(contentsOf: ReadmeTests.runtimeDoc, encoding: .utf8)
        let range = try #require(ReadmeTests.section("run-example", in: readme), "docs/RUNTIME.md lacks the run-example markers")
        let dir = try Self.caseFolder()
        try FileManager.default.createSymbolicLink(
            at: dir.appendingPathComponent("definitions"), withDestinationURL: Paths.definitions)
        var lines = readme[range].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "```console")
        lines.removeFirst()
        while lines.last == "" || lines.last == "```" { lines.removeLast() }
        var commands: [(String, [String])] = []
        for line in lines {
            if line.hasPrefix("$ ") {
                commands.append((String(line.dropFirst(2)), []))
            } else {
                try #require(!commands.isEmpty, "the session must start with a command")
                commands[commands.count - 1].1.append(line)
            }
        }
        #expect(commands.count >= 5)
        for (command, expected) in commands {
            var words = command.split(separator: " ").map(String.init)
            let quiet = words.suffix(2) == [">", "/dev/null"]
            if quiet { words.removeLast(2) }
            #expect(words.first == "sopc")
            let r = try sopc(Array(words.dropFirst()), in: dir)
            let shown = (quiet ? "" : r.stdout) + r.stderr
            // As bytes: String `==` would let another Unicode normalisation pass.
            #expect(Array(shown.utf8) == Array(expected.map { $0 + "\n" }.joined().utf8), "\(command)\n\(shown)")
        }
    }
}

/// Exit statuses gathered from several threads.
final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int32] = []
    func add(_ v: Int32) { lock.withLock { values.append(v) } }
    var all: [Int32] { lock.withLock { values } }
}
