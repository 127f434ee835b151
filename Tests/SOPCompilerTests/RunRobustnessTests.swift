import Foundation
import Testing

@testable import SOPCompiler

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 5, the runtime under stress, through the real binary: concurrent `sopc run act` commands on one
/// case, commands killed in the middle, and case files damaged every way. The case file is always valid,
/// holds every event that was acknowledged, and a damaged one gives a clear error (exit 2), never a crash
/// or a hang. (RunCommandTests covers ten concurrent commands and two damaged files.)
@Suite struct RunRobustnessTests {
    /// A project with one SOP `urut` of `steps` steps that either of two actors may do, so that any order
    /// of their events is valid.
    static func project(steps: Int) throws -> URL {
        try temporaryProject([
            "sopc.yaml": minimalProject,
            "urut.sop.yaml": "sop: urut\nname: Urut\nsteps:\n"
                + (1...steps).map {
                    "  - id: s\($0)\n    activity: Langkah \($0)\n    actors: [pelaksana, kasubag-tu]\n    time: 5 menit\n"
                }.joined(),
        ])
    }

    static func startCase(_ dir: URL, steps: Int) throws -> String {
        let file = dir.appendingPathComponent("k.json").path
        let r = try sopc(["run", "start", "urut", "--case", file, "--definitions", dir.path, "--at", "2024-01-02T08:00"])
        try #require(r.status == 0, "\(r.stderr)")
        return file
    }

    /// The events of a case file by actor, read straight from its JSON.
    static func history(_ file: String) throws -> [(actor: String, step: String)] {
        let doc = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let history = try #require(doc["history"] as? [[String: Any]])
        return history.map { ($0["actor"] as? String ?? "", $0["step"] as? String ?? "") }
    }

    /// Two processes, each taking 20 events one after the other as its own actor, at the same time: all 40
    /// are acknowledged and all 40 are in the case, 20 by each, on steps s1 … s40 in order.
    @Test func twoProcessesTwentyEventsEachLoseNothing() throws {
        let dir = try Self.project(steps: 41)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.startCase(dir, steps: 41)
        let statuses = Statuses()
        let group = DispatchGroup()
        for actor in ["pelaksana", "kasubag-tu"] {
            group.enter()
            DispatchQueue.global().async {
                for _ in 0..<20 {
                    let r = try? sopc(["run", "act", "--case", file, "--as", actor, "--at", "2024-01-02T09:00"])
                    statuses.add(r?.status ?? -1)
                }
                group.leave()
            }
        }
        group.wait()
        #expect(statuses.all == Array(repeating: 0, count: 40))
        let history = try Self.history(file)
        #expect(history.count == 40)
        #expect(history.filter { $0.actor == "pelaksana" }.count == 20 && history.filter { $0.actor == "kasubag-tu" }.count == 20)
        #expect(history.map(\.step) == (1...40).map { "s\($0)" })
        let status = try sopc(["run", "status", "--case", file, "--now", "2024-01-02T09:00"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("· 40 events ·") && status.stdout.contains("Current step: urut/s41"), "\(status.stdout)")
    }

    /// One process takes events as `pelaksana` and is SIGKILLed after a random delay (seeded) 30 times,
    /// while another takes events as `kasubag-tu` undisturbed. After every kill the case file reads as a
    /// valid case; at the end it holds every acknowledged event, and beyond those at most one event per
    /// killed command (a command killed after its rename, before it could say so). The next command
    /// removes the temporary file a killed one left.
    @Test(.tags(.slow), .notInFastLoop) func killedCommandsNeverCorruptTheCase() throws {
        let kills = 30
        let steady = 15
        let dir = try Self.project(steps: kills + steady + 2)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.startCase(dir, steps: kills + steady + 2)

        // How long one command takes, to spread the kills over it: the fastest of three probes, so that a
        // probe slowed by a busy machine does not spread the kills past the end of most commands. Each probe
        // is started as the killed commands are (no pipes to read): the release build, linked whole, ends a
        // command within a few milliseconds, less than the reading of its output took.
        let clock = ContinuousClock()
        var fastest = Double.infinity
        for _ in 0..<3 {
            var probe: Process?
            let one = try clock.measure {
                probe = try BuildFaultTests.start(["run", "status", "--case", file, "--now", "2024-01-02T09:00"])
                probe?.waitUntilExit()
            }
            #expect(probe?.terminationStatus == 0)
            fastest = min(fastest, Double(one.components.seconds) + Double(one.components.attoseconds) / 1e18)
        }
        let span = max(0.003, fastest)

        let steadyStatuses = Statuses()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            for _ in 0..<steady {
                let r = try? sopc(["run", "act", "--case", file, "--as", "kasubag-tu", "--at", "2024-01-02T09:00"])
                steadyStatuses.add(r?.status ?? -1)
            }
            group.leave()
        }
        var random = BuildFaultTests.Seeded(state: 5_150_105)
        var acknowledged = 0
        var killed = 0
        for round in 0..<kills {
            let process = try BuildFaultTests.start([
                "run", "act", "--case", file, "--as", "pelaksana", "--at", "2024-01-02T09:00",
            ])
            Thread.sleep(forTimeInterval: Double.random(in: 0..<span, using: &random))
            kill(process.processIdentifier, SIGKILL)
            if case let end = awaitEnd(process), end.exited {
                #expect(end.status == 0, "round \(round)")
                acknowledged += 1
            } else {
                killed += 1
            }
            // Whatever the moment, the case file is a valid case.
            let status = try sopc(["run", "status", "--case", file, "--now", "2024-01-02T09:00"])
            #expect(status.status == 0, "round \(round): \(status.stderr)")
        }
        group.wait()
        #expect(steadyStatuses.all == Array(repeating: 0, count: steady))
        let history = try Self.history(file)
        let byKilled = history.filter { $0.actor == "pelaksana" }.count
        #expect(history.filter { $0.actor == "kasubag-tu" }.count == steady)
        #expect(
            byKilled >= acknowledged && byKilled <= acknowledged + killed,
            "\(byKilled) events, \(acknowledged) acknowledged, \(killed) killed")
        #expect(history.map(\.step) == (1...history.count).map { "s\($0)" })
        #expect(killed >= 10, "only \(killed) of \(kills) commands were killed before they finished")
        print(
            "RunRobustnessTests: \(kills) commands killed after 0–\(Int(span * 1000)) ms: \(killed) killed, \(acknowledged) finished; \(byKilled - acknowledged) unacknowledged events kept"
        )

        // One more command: it takes its event and clears what the killed ones left beside the case.
        let last = try sopc(["run", "act", "--case", file, "--as", "pelaksana", "--at", "2024-01-02T09:00"])
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".k.json") } == [])
    }

    // MARK: - Damaged case files

    /// A valid case of `rapat` (a decision, events by three actors) and the damaged versions of it.
    static func damaged() throws -> (good: Data, variants: [(String, Data)]) {
        let dir = Scratch.folder.appendingPathComponent("sopc-damage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("k.json").path
        try #require(
            try sopc([
                "run", "start", "rapat", "--case", file, "--definitions", Paths.definitions.path, "--at", "2024-01-02T08:00",
            ]).status == 0)
        for actor in ["kabiro", "kasubag-tu", "pelaksana"] {
            try #require(try sopc(["run", "act", "--case", file, "--as", actor, "--at", "2024-01-02T09:00"]).status == 0)
        }
        let good = try Data(contentsOf: URL(fileURLWithPath: file))
        let text = String(decoding: good, as: UTF8.self)
        var variants: [(String, Data)] = []
        // Truncated at 40 places spread over the file, and at its last byte.
        for k in 0..<40 { variants.append(("truncated at \(good.count * k / 40)", good.prefix(good.count * k / 40))) }
        variants.append(("without its last two bytes", good.dropLast(2)))
        // Garbage.
        var random = BuildFaultTests.Seeded(state: 42)
        for k in 0..<6 {
            let bytes = (0..<(k * 300 + 1)).map { _ in UInt8.random(in: 0...255, using: &random) }
            variants.append(("\(bytes.count) random bytes", Data(bytes)))
        }
        var flipped = Array(good)
        for _ in 0..<5 { flipped[Int.random(in: 0..<flipped.count, using: &random)] ^= 0x5A }
        variants.append(("five bytes changed", Data(flipped)))
        variants.append(("invalid UTF-8", Data(Array(good.prefix(100)) + [0xFF, 0xFE, 0xC3, 0x28] + Array(good.dropFirst(100)))))
        variants.append(("a byte order mark", Data([0xEF, 0xBB, 0xBF]) + good))
        variants.append(("NUL bytes", Data(repeating: 0, count: 4096)))
        variants.append(("a second JSON value", good + Data("{}".utf8)))
        // Valid JSON of the wrong shape.
        for json in [
            "", "null", "[]", "42", "\"case\"", "{}", "[\(text)]", #"{"sopcCase": "1"}"#, #"{"sopcCase": 2}"#,
            #"{"sopcCase": 1e999999}"#,
            String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
            "{\"a\":" + String(repeating: "{\"a\":", count: 5_000) + "1" + String(repeating: "}", count: 5_001),
        ] {
            variants.append(("JSON \(json.prefix(30))…", Data(json.utf8)))
        }
        // A valid case edited: each replacement changes one thing (its first occurrence).
        let edits: [(String, String, String)] = [
            ("format 2", "\"sopcCase\": 1", "\"sopcCase\": 2"),
            ("machines not a list", "\"machines\": [", "\"machines\": {\"x\": ["),
            ("history not a list", "\"history\": [", "\"history\": 7, \"x\": ["),
            ("an event by someone else", "\"actor\": \"kasubag-tu\"", "\"actor\": \"kabiro\""),
            ("an unknown event", "\"event\": \"done\"", "\"event\": \"maybe\""),
            ("an event at another step", "\"step\": \"perintah\"", "\"step\": \"siapkan\""),
            ("a time that is not a time", "\"at\": \"2024-01-02T09:00\"", "\"at\": \"besok\""),
            ("the first event before the start", "\"at\": \"2024-01-02T09:00\"", "\"at\": \"2023-01-02T09:00\""),
            ("a started time of the 30th of February", "\"started\": \"2024-01-02T08:00\"", "\"started\": \"2024-02-30T08:00\""),
            ("an actor that is no id", "\"actor\": \"pelaksana\"", "\"actor\": \"../pelaksana\""),
            ("the stack edited", "\"step\": \"paraf\"", "\"step\": \"ketik\""),
            ("delivered edited", "\"delivered\": []", "\"delivered\": [\"notulen-rapat\"]"),
            ("the root is no machine", "\"sop\": \"rapat\"", "\"sop\": \"lakip\""),
            ("a machine's initial state unknown", "\"initial\": \"perintah\"", "\"initial\": \"nowhere\""),
            ("a transition to nowhere", "\"target\": \"siapkan\"", "\"target\": \"nowhere\""),
            ("a machine calling itself", "\"call\": null", "\"call\": \"rapat\""),
            ("a huge number", "\"number\": 1", "\"number\": 1e400"),
            ("a negative time", "\"low\": 15", "\"low\": -15"),
            ("a time range upside down", "\"high\": 15", "\"high\": 1"),
            ("an artefact that is no id", "\"disposisi-surat\"", "\"Disposisi Surat\""),
            ("a string where a number goes", "\"number\": 1", "\"number\": \"1\""),
            ("a key twice", "\"sopcCase\": 1", "\"sopcCase\": 1, \"sopcCase\": 1"),
            ("a trailing comma", "\"sopcCase\": 1,", "\"sopcCase\": 1,,"),
        ]
        for (name, from, to) in edits {
            guard let range = text.range(of: from) else {
                Issue.record("the case file has no '\(from)' to edit (\(name))")
                continue
            }
            variants.append((name, Data(text.replacingCharacters(in: range, with: to).utf8)))
        }
        // The last event removed, or taken twice.
        if let doc = try JSONSerialization.jsonObject(with: good) as? [String: Any], var history = doc["history"] as? [Any] {
            var fewer = doc
            var more = doc
            let last = history.removeLast()
            fewer["history"] = history
            more["history"] = history + [last, last]
            variants.append(("the last event removed", try JSONSerialization.data(withJSONObject: fewer)))
            variants.append(("the last event twice", try JSONSerialization.data(withJSONObject: more)))
        }
        return (good, variants)
    }

    /// Each damaged case file: `status` and `act` exit 2 with `sopc: error: '<file>' is not a usable case
    /// file: <reason>` on standard error, nothing on standard output, within a few seconds; `act` leaves the
    /// file as it was.
    @Test func aDamagedCaseFileGivesAClearError() throws {
        let (good, variants) = try Self.damaged()
        #expect(variants.count >= 80)
        let dir = Scratch.folder.appendingPathComponent("sopc-damaged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // The good one reads, so every failure below is the damage's.
        let goodFile = dir.appendingPathComponent("good.json")
        try good.write(to: goodFile)
        #expect(try sopc(["run", "status", "--case", goodFile.path, "--now", "2024-01-02T10:00"]).status == 0)
        let clock = ContinuousClock()
        DispatchQueue.concurrentPerform(iterations: variants.count) { i in
            let (name, bytes) = variants[i]
            let file = dir.appendingPathComponent("case-\(i).json")
            do {
                try bytes.write(to: file)
                for command in [["status", "--now", "2024-01-02T10:00"], ["act", "--as", "kabag", "--at", "2024-01-02T10:00"]] {
                    var r: RunResult?
                    let took = clock.measure { r = try? sopc(["run", command[0], "--case", file.path] + command.dropFirst()) }
                    guard let r else {
                        Issue.record("\(name): sopc did not run")
                        continue
                    }
                    #expect(r.status == 2, "\(name), \(command[0]): exit \(r.status): \(r.stderr)")
                    #expect(r.stdout.isEmpty, "\(name), \(command[0])")
                    #expect(
                        r.stderr.hasPrefix("sopc: error: '\(file.path)' is not a usable case file: "),
                        "\(name), \(command[0]): \(r.stderr)")
                    #expect(r.stderr.split(separator: "\n").count == 1, "\(name): one line: \(r.stderr)")
                    #expect(took < .seconds(20), "\(name), \(command[0]) took \(took)")
                    #expect(try Data(contentsOf: file) == bytes, "\(name): \(command[0]) changed the file")
                }
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }

    /// Something other than a file where the case file should be: a folder, a pipe (reading it must not
    /// wait for a writer), a link that loops. Exit 2 with the reason.
    @Test(arguments: ["folder", "pipe", "loop"])
    func aCaseFileThatIsNoFileGivesAClearError(_ kind: String) throws {
        let dir = Scratch.folder.appendingPathComponent("sopc-notfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("k.json")
        switch kind {
        case "folder": try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
        case "pipe": #expect(mkfifo(file.path, 0o644) == 0)
        default: try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: file.lastPathComponent)
        }
        for command in [["status"], ["act", "--as", "kabiro"]] {
            let r = try sopc(["run", command[0], "--case", file.path] + command.dropFirst())
            #expect(r.status == 2, "\(kind), \(command[0]): \(r.stderr)")
            #expect(r.stderr.hasPrefix("sopc: error: '\(file.path)'"), "\(kind), \(command[0]): \(r.stderr)")
        }
        let start = try sopc(["run", "start", "rapat", "--case", file.path, "--definitions", Paths.definitions.path])
        #expect(start.status == 2, "\(kind), start: \(start.stderr)")
    }
}
