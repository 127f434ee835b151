import Foundation
import Testing

@testable import SOPCompiler

/// `sopc simulate` through the real binary: the LAKIP timeline (golden), choices, and exit codes.
@Suite struct SimulateTests {
    static let goldens = Paths.fixtures.appendingPathComponent("simulate")

    /// The LAKIP SOP from a Tuesday, Ka Biro sending the draft back once: the loop rows 8-9-10 run twice.
    static let lakipArguments = [
        "simulate", "lakip", "--definitions", Paths.definitions.path, "--start", "2024-01-02", "--choose", "persetujuan=no",
    ]

    @Test func lakipTimelineMatchesTheGolden() throws {
        let r = try sopc(Self.lakipArguments)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        expectGolden(r.stdoutBytes, Self.goldens.appendingPathComponent("lakip.txt"))
    }

    @Test func withoutAStartDateTimesCountWorkingDays() throws {
        let r = try sopc(["simulate", "rapat", "--definitions", Paths.definitions.path])
        #expect(r.status == 0, "\(r.stderr)")
        expectGolden(r.stdoutBytes, Self.goldens.appendingPathComponent("rapat.txt"))
    }

    @Test func answersAreTakenInTurnThenYes() throws {
        let r = try sopc([
            "simulate", "barang", "--definitions", Paths.definitions.path, "--choose", "setujui-pengadaan=no,tidak",
            "--choose", "cek-persediaan=no",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let answers = r.stdout.split(separator: "\n").filter { $0.contains("Disetujui?") || $0.contains("Persediaan mencukupi?") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(
            answers == [
                "Disetujui? Ya", "Persediaan mencukupi? Tidak", "Disetujui? Tidak → back to 5", "Disetujui? Tidak → back to 5",
                "Disetujui? Ya",
            ])
    }

    @Test func aCalledSOPsDecisionIsNamedWithItsSOP() throws {
        let r = try sopc(["simulate", "lakip", "--definitions", Paths.definitions.path, "--choose", "rapat/paraf=no"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("        Sudah benar? Tidak → back to 3\n"))
        let unqualified = try sopc(["simulate", "lakip", "--definitions", Paths.definitions.path, "--choose", "paraf=no"])
        #expect(unqualified.status == 2)
        #expect(
            unqualified.stderr
                == "sopc: error: --choose 'paraf=no': SOP 'lakip' has no step 'paraf'; did you mean 'rapat/paraf' or 'surat/paraf'? (a called SOP's decision is named SOP/STEP)\n"
        )
    }

    @Test func badChoicesAreUsageErrors() throws {
        let base = ["simulate", "lakip", "--definitions", Paths.definitions.path]
        let cases: [(String, String)] = [
            ("persetujuan=mungkin", "'mungkin' is not an answer; use yes or no (ya or tidak)"),
            ("persetujuan", "must be STEP=yes|no, SOP/STEP=yes|no, or a list such as STEP=no,yes"),
            ("format=yes", "step 'format' of SOP 'lakip' is a task, not a decision"),
            ("persetujan=no", "did you mean 'persetujuan'?"),
            ("rapatt/paraf=no", "'rapatt' is not 'lakip' nor an SOP it calls; did you mean 'rapat'?"),
        ]
        for (choice, message) in cases {
            let r = try sopc(base + ["--choose", choice])
            #expect(r.status == 2, "\(choice)")
            #expect(r.stderr.contains(message), "\(choice): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        // The same mistakes in Bahasa Indonesia (`--lang id`).
        let indonesian: [(String, String)] = [
            ("persetujuan=mungkin", "'mungkin' bukan jawaban; gunakan ya atau tidak (yes atau no)"),
            ("persetujuan", "harus berbentuk LANGKAH=ya|tidak, SOP/LANGKAH=ya|tidak, atau daftar seperti LANGKAH=tidak,ya"),
            ("format=ya", "langkah 'format' pada SOP 'lakip' adalah kegiatan, bukan keputusan"),
            ("rapatt/paraf=tidak", "'rapatt' bukan 'lakip' dan bukan SOP yang dipanggilnya; maksud Anda 'rapat'?"),
        ]
        for (choice, message) in indonesian {
            let r = try sopc(base + ["--choose", choice, "--lang", "id"])
            #expect(r.status == 2, "\(choice)")
            #expect(r.stderr.contains(message), "\(choice): \(r.stderr)")
        }
        let twiceID = try sopc(base + ["--choose", "persetujuan=tidak", "--choose", "persetujuan=ya", "--lang", "id"])
        #expect(twiceID.stderr.contains("--choose menyebut 'lakip/persetujuan' dua kali"), "\(twiceID.stderr)")
        let twice = try sopc(base + ["--choose", "persetujuan=no", "--choose", "persetujuan=yes"])
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("--choose names 'lakip/persetujuan' twice"))
        let date = try sopc(base + ["--start", "2024-02-30"])
        #expect(date.status == 2)
        #expect(date.stderr.contains("--start '2024-02-30' is not a date YYYY-MM-DD"))
        let unknown = try sopc(["simulate", "lakp", "--definitions", Paths.definitions.path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("has no SOP 'lakp'; did you mean 'lakip'?"))
    }

    @Test func unusedChoicesAreReported() throws {
        let r = try sopc(["simulate", "lakip", "--definitions", Paths.definitions.path, "--choose", "rapat/setujui=yes,yes"])
        #expect(r.status == 0)
        #expect(
            r.stderr
                == "sopc: warning: --choose rapat/setujui=yes,yes was not used up: the path visited that decision fewer times\n")
    }

    @Test func definitionsWithErrorsExitOne() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": CLITests.brokenSOP])
        let r = try sopc(["simulate", "lapor", "--definitions", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("error: 'kabir' is not a role of the project [unknown-actor]"))
    }

    @Test func aLoopLeftOnlyByNoEndsTheRunWithExitOne() throws {
        let dir = try temporaryProject([
            "sopc.yaml": minimalProject,
            "ulang.sop.yaml": """
            sop: ulang
            name: Ulang
            steps:
              - id: kerjakan
                activity: Mengerjakan
                actor: pelaksana
                time: 5 menit
              - id: lagi
                activity: Mengulang?
                actor: kabiro
                decision: Ulang lagi?
                yes: kerjakan
                no: end
                time: 5 menit

            """,
        ])
        let r = try sopc(["simulate", "ulang", "--definitions", dir.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("the decision 'ulang/lagi' keeps looping; answer it with --choose ulang/lagi=…"))
        let ended = try sopc(["simulate", "ulang", "--definitions", dir.path, "--choose", "lagi=yes,no"])
        #expect(ended.status == 0, "\(ended.stderr)")
        #expect(ended.stdout.contains("Total: 20 menit of working time, 4 steps\n"))
    }

    /// An SOP longer than the 10,000 steps a run of decisions that keep looping is stopped after is
    /// followed to its end: the limit is twice the steps of the SOP and those it calls.
    @Test func aLongSOPIsFollowedToItsEnd() throws {
        let count = 12_000
        let steps = (0..<count).map { "  - id: s\($0)\n    activity: Langkah \($0)\n    actor: pelaksana\n    time: 1 menit\n" }
        let dir = try temporaryProject([
            "sopc.yaml": minimalProject, "panjang.sop.yaml": "sop: panjang\nname: Panjang\nsteps:\n" + steps.joined(),
        ])
        let r = try sopc(["simulate", "panjang", "--definitions", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\(count) steps\n"), "\(r.stdout.suffix(300))")
    }

    /// SOPs that each call the next one twice make a path that doubles with each SOP: no decision comes
    /// round, so the run is stopped as too long, not as a loop, in English and in Indonesian.
    @Test func aPathTooLongIsNotCalledALoop() throws {
        var files = ["sopc.yaml": minimalProject]
        for k in 0..<16 {
            var text = "sop: s\(k)\nname: SOP \(k)\nsteps:\n  - id: a\n    activity: Mengerjakan\n    actor: pelaksana\n"
            if k < 15 {
                text += "  - id: b\n    activity: Memanggil\n    actor: pelaksana\n    call: s\(k + 1)\n"
                text += "  - id: c\n    activity: Memanggil lagi\n    actor: pelaksana\n    call: s\(k + 1)\n"
            }
            files["s\(k).sop.yaml"] = text
        }
        let dir = try temporaryProject(files)
        let r = try sopc(["simulate", "s0", "--definitions", dir.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no decision on it came round twice"), "\(r.stderr)")
        #expect(!r.stderr.contains("keeps looping"))
        let id = try sopc(["simulate", "s0", "--definitions", dir.path, "--lang", "id"])
        #expect(id.stderr.contains("tidak ada keputusan yang dilalui dua kali"), "\(id.stderr)")
    }

    /// What `sopc build` writes of the machine emitter alone: `OUT/<id>/<id>.machine.json`.
    static func buildMachines(_ definitions: URL, into out: URL) throws {
        let result = try Checker.check(directory: definitions.path)
        #expect(result.errorCount == 0)
        let plan = OutputPlan(result.lowered!, sopEmitters: [MachineJSONEmitter()], projectEmitters: [])
        _ = try OutputFolder.sync(plan, to: out.path)
    }

    @Test func machineFilesOfABuildRunTheSame() throws {
        let out = Scratch.folder.appendingPathComponent("sopc-sim-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        try Self.buildMachines(Paths.definitions, into: out)
        let fromMachines = try sopc(
            ["simulate", "lakip", "--machines", out.path, "--start", "2024-01-02", "--choose", "persetujuan=no"])
        #expect(fromMachines.status == 0, "\(fromMachines.stderr)")
        let fromDefinitions = try sopc(Self.lakipArguments)
        #expect(fromMachines.stdout == fromDefinitions.stdout)
    }

    /// The example in docs/RUNTIME.md is real: every line it shows is in the output of its command, in order, with
    /// lines left out only where it says `…`.
    @Test func theReadmeExampleIsRealOutput() throws {
        let readme = try String(contentsOf: ReadmeTests.runtimeDoc, encoding: .utf8)
        let range = try #require(
            ReadmeTests.section("simulate-example", in: readme), "docs/RUNTIME.md lacks the simulate-example markers")
        var lines = readme[range].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "```text")
        lines.removeFirst()
        while lines.last == "" || lines.last == "```" { lines.removeLast() }
        let command = try #require(lines.first.flatMap { $0.hasPrefix("$ sopc ") ? $0.dropFirst(7) : nil })
        let r = try sopc(command.split(separator: " ").map(String.init), in: Paths.repo)
        #expect(r.status == 0, "\(r.stderr)")
        let output = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        // Runs of shown lines between the `…` marks, each a contiguous part of the output, in order.
        var runs: [[String]] = [[]]
        for line in lines.dropFirst() {
            if line == "…" { runs.append([]) } else { runs[runs.count - 1].append(line) }
        }
        var at = 0
        for (i, part) in runs.enumerated() {
            var found: Int?
            var start = at
            while start + part.count <= output.count {
                // Line by line as bytes (String `==` would let another Unicode normalisation pass).
                if output[start..<start + part.count].map({ Array($0.utf8) }) == part.map({ Array($0.utf8) }) {
                    found = start
                    break
                }
                if i == 0 { break }
                start += 1
            }
            guard let found else {
                Issue.record("docs/RUNTIME.md lines not in the output of '\(command)' here:\n\(part.joined(separator: "\n"))")
                return
            }
            at = found + part.count
        }
        #expect(at == output.count, "the docs/RUNTIME.md example must end where the output ends")
    }
}
