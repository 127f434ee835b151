import Foundation
import Testing

@testable import SOPCompiler

/// The working calendar's holidays and `day_starts`, the one time rule for call steps, deadlines in
/// `run status`, `ya`/`tidak`, the language of `run` and `simulate`, and terminal-safe texts.
@Suite struct CalendarDeadlineTests {
    static func calendar(holidays: [Holiday] = [], dayStarts: Int? = nil) -> WorkCalendar {
        var c = WorkCalendar()
        c.holidays = holidays
        c.dayStarts = dayStarts
        return c
    }

    static func date(_ s: String) -> CalendarDate { CalendarDate(s)! }

    @Test func holidaysAreNotWorkingDays() throws {
        let clock = WorkingClock(
            Self.calendar(holidays: [
                Holiday(from: Self.date("2024-12-25"), to: Self.date("2024-12-25"), name: "Hari Raya Natal"),
                Holiday(from: Self.date("2025-03-31"), to: Self.date("2025-04-07"), name: "Idul Fitri dan cuti bersama"),
                // Overlapping and weekend-only ranges merge and count once.
                Holiday(from: Self.date("2025-04-04"), to: Self.date("2025-04-06"), name: "overlap"),
                Holiday(from: Self.date("2025-06-07"), to: Self.date("2025-06-08"), name: "a weekend"),
            ]))
        // Tuesday 24 December 2024, 15.00: one more working hour ends on Thursday 26th at 08.30.
        let p = clock.position(of: WallTime("2024-12-24T15:00")!)
        #expect(clock.wallTime(at: p + 60).text == "2024-12-26T08:30")
        // A moment on a holiday counts from the next working day.
        #expect(clock.position(of: WallTime("2024-12-25T10:00")!) == clock.position(of: WallTime("2024-12-26T08:00")!))
        // Friday 28 March 2025 + 1 working day: Monday 31 March to Monday 7 April are holidays → Tuesday 8th.
        let friday = clock.position(of: WallTime("2025-03-28T09:00")!)
        #expect(clock.wallTime(at: friday + 450).text == "2025-04-08T09:00")
        // Positions and wall times agree round the holidays, day by day over two years.
        let base = CivilDays.number(of: Self.date("2024-06-01"))
        var last = -1.0
        for n in base..<(base + 730) {
            let t = WallTime(date: CivilDays.date(of: n), minute: 600)
            let position = clock.position(of: t)
            #expect(position >= last)
            last = position
            if clock.holiday(on: t.date) == nil, CivilDays.weekday(of: n) < 5 {
                #expect(clock.wallTime(at: position) == t, "\(t.text)")
            }
        }
        #expect(clock.holiday(on: Self.date("2025-04-02"))?.name == "Idul Fitri dan cuti bersama")
    }

    /// The planned minutes left on the main path (`run status` with a deadline): each decision answered
    /// `yes`, or `no` where `yes` goes back to a step already passed; every step's time counted once.
    @Test func plannedRestFollowsTheMainPath() throws {
        let sop = """
            sop: sisa
            name: Sisa
            steps:
              - id: a
                activity: Menyiapkan
                actor: pelaksana
                time: 10 menit
              - id: b
                activity: Memeriksa
                actor: pelaksana
                time: 5 menit
                decision: Lengkap?
                yes: c
                no: a
              - id: c
                activity: Menandatangani
                actor: pelaksana
                time: 20 menit
              - id: d
                activity: Meninjau ulang
                actor: pelaksana
                time: 1 menit
                decision: Perlu diulang?
                yes: a
                no: e
              - id: e
                activity: Mengarsipkan
                actor: pelaksana
                time: 2 menit

            """
        let result = Checker.check(files: ["sopc.yaml": Array(minimalProject.utf8), "sisa.sop.yaml": Array(sop.utf8)])
        let model = result.model
        let machine = Lowering.lower(try #require(model.sop("sisa")), in: checked(model))
        // a, b (yes) c, d (yes goes back to a, passed: no) e.
        #expect(machine.plannedRest(from: "a") == 10 + 5 + 20 + 1 + 2)
        // Passed means passed on this walk: from c, d's `yes` goes on to a (not passed since c), then b, whose
        // `yes` goes back to c (passed) so `no`, to a (passed): the walk ends there.
        #expect(machine.plannedRest(from: "c") == 20 + 1 + 10 + 5)
        // From d the same way: a, b, c, and d again ends it.
        #expect(machine.plannedRest(from: "d") == 1 + 10 + 5 + 20)
        #expect(machine.plannedRest(from: "e") == 2)
        #expect(machine.plannedRest(from: StateMachine.endState) == 0)
    }

    @Test func dayStartsMovesTheWorkingDay() {
        let clock = WorkingClock(Self.calendar(dayStarts: 7 * 60 + 30))
        let p = clock.position(of: WallTime("2024-01-02T07:30")!)
        #expect(clock.wallTime(at: p + 450, asEnd: true).text == "2024-01-02T15:00")
        #expect(clock.wallTime(at: p + 450).text == "2024-01-03T07:30")
        #expect(ProjectDecoder.clockMinute("07:30") == 450)
        #expect(ProjectDecoder.clockMinute("7:30") == 450)
        for bad in ["7.30", "24:00", "07:60", "0730", "", "07:3", "x7:30"] {
            #expect(ProjectDecoder.clockMinute(bad) == nil, "\(bad)")
        }
    }

    /// SPEC §2: the form's total, the Markdown's and simulate's agree, a call step counting its called
    /// SOP's main path; the machine's call state carries that total.
    @Test func theFormAndSimulateAddUpTheSameWay() throws {
        let result = try Checker.check(directory: Paths.definitions.path)
        let project = lowered(result.model)
        let lakip = try #require(result.model.sop("lakip"))
        let timing = SOPOutputContext(lakip, project: project).timing
        let library = try MachineLibrary(checked: project, root: "lakip")
        let simulation = try Simulation(root: "lakip", library: library, choices: [])
        #expect(abs(simulation.runtime.clock.low - timing.low) < 0.01)
        #expect(abs(simulation.runtime.clock.high - timing.high) < 0.01)
        let rapat = try #require(MainPath.total(of: "rapat", in: result.model))
        let call = try #require(project.machine("lakip")?.state("rapat"))
        #expect(call.minutes?.low == rapat.low && call.minutes?.high == rapat.high)
        #expect(call.timeText == "2 Jam", "the written Waktu is still printed")
    }

    static func project(deadline: String, extra: String = "") throws -> URL {
        let dir = Scratch.folder.appendingPathComponent("sopc-deadline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
        sopc: 1
        organization:
          name: Biro Hubungan Masyarakat
        roles:
          pelaksana: { name: "Pelaksana\\u001b[31m" }
          kabiro: Ka Biro
        """.write(to: dir.appendingPathComponent("sopc.yaml"), atomically: true, encoding: .utf8)
        try """
        sop: ppid
        name: Pelayanan informasi
        deadline: \(deadline)
        steps:
          - id: terima
            activity: "Menerima permohonan\\u001b]0;judul\\u0007"
            actor: pelaksana
            time: 2 hari
          - id: periksa
            activity: Memeriksa jawaban
            actor: kabiro
            time: 1 hari
            decision: Disetujui?
            no: terima
        \(extra)
        """.write(to: dir.appendingPathComponent("ppid.sop.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func runStatusShowsTheDeadline() throws {
        let dir = try Self.project(deadline: "5 hari", extra: "allow: [deadline-at-risk]")
        let file = dir.appendingPathComponent("c.json").path
        let start = try sopc([
            "run", "start", "ppid", "--case", file, "--definitions", dir.path, "--at", "2024-01-02T08:00", "--lang", "en",
        ])
        #expect(start.status == 0, "\(start.stderr)")
        // Five working days from Tuesday 2 January 08.00 close on Monday 8 January at 15.30.
        #expect(start.stdout.contains("Deadline 5 hari: due Senin, 8 Januari 2024, 15.30\n"))
        #expect(start.stdout.contains("Planned time left: 3 hari of 5 hari to the deadline\n"))
        // Control characters from the definitions are neutralised.
        #expect(!start.stdout.contains("\u{1B}"))
        #expect(!start.stdout.contains("\u{07}"))
        #expect(start.stdout.contains("Menerima permohonan\u{FFFD}]0;judul\u{FFFD}"))
        // On Friday the first step is overdue, but the one day still planned fits the two days left.
        let friday = try sopc(["run", "status", "--case", file, "--now", "2024-01-05T08:00", "--lang", "en"])
        #expect(friday.stdout.contains("Planned time left: 1 hari of 2 hari to the deadline\n"), "\(friday.stdout)")
        // On Monday at 09.00 it no longer does: one day planned, 6 hours 30 minutes left.
        let late = try sopc(["run", "status", "--case", file, "--now", "2024-01-08T09:00", "--lang", "en"])
        #expect(
            late.stdout.contains(
                "Warning: the case can no longer meet its deadline: the steps still planned take 1 hari, only 6 jam 30 menit are left\n"
            ), "\(late.stdout)")
        // Refused in Indonesian: not an actor of the step, and 'ya' on a task.
        let refused = try sopc(["run", "act", "--case", file, "--as", "kabiro", "ya", "--at", "2024-01-08T09:00", "--lang", "id"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.hasPrefix("sopc: ditolak: 'kabiro' bukan pelaksana langkah 'terima' pada SOP 'ppid'"),
            "\(refused.stderr)")
        #expect(refused.stderr.contains("adalah kegiatan, bukan keputusan: selesaikan dengan 'done', bukan 'yes'"))
        #expect(!refused.stderr.contains("\u{1B}"))
        #expect(try sopc(["run", "act", "--case", file, "--as", "pelaksana", "--at", "2024-01-08T09:00"]).status == 0)
        // Answered `tidak` (any case) it goes back; in Indonesian, past the deadline.
        let no = try sopc(["run", "act", "--case", file, "--as", "kabiro", "TIDAK", "--at", "2024-01-10T08:00", "--lang", "id"])
        #expect(no.status == 0, "\(no.stderr)")
        #expect(no.stdout.hasPrefix("ppid/periksa: Disetujui? Tidak oleh Ka Biro (kabiro)\n"), "\(no.stdout)")
        #expect(no.stdout.contains("Peringatan: kasus ini melewati batas waktu selama 1 hari"), "\(no.stdout)")
        let ya = try sopc(["run", "act", "--case", file, "--as", "pelaksana", "--at", "2024-01-10T08:05"])
        #expect(ya.status == 0)
        let status = try sopc(
            ["run", "status", "--case", file, "--now", "2024-01-10T09:00"], environment: ["LANG": "id_ID.UTF-8"],
            removing: ["SOPC_LANG", "LC_ALL", "LC_MESSAGES"])
        #expect(status.stdout.hasPrefix("Kasus SOP 'ppid': Pelayanan informasi\n"), "\(status.stdout)")
        let english = try sopc(
            ["run", "act", "--case", file, "--as", "kabiro", "Ya", "--at", "2024-01-10T09:00"],
            environment: ["LANG": "id_ID.UTF-8", "SOPC_LANG": "en"])
        #expect(english.stdout.hasPrefix("ppid/periksa: Disetujui? yes (Ya) by Ka Biro (kabiro)\n"), "\(english.stdout)")
        #expect(english.stdout.contains("Warning: ended after the deadline (5 hari) by"))
    }

    @Test func simulateSpeaksIndonesianAndTakesTidak() throws {
        let dir = try Self.project(deadline: "10 hari")
        let r = try sopc(["simulate", "ppid", "--definitions", dir.path, "--choose", "periksa=Tidak", "--lang", "id"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Simulasi SOP 'ppid': Pelayanan informasi\n"))
        #expect(r.stdout.contains("Disetujui? Tidak → kembali ke 1\n"))
        #expect(r.stdout.contains("Total: 6 hari waktu kerja, 4 langkah\n"))
        #expect(r.stdout.contains("Dalam batas waktu 10 hari\n"))
        #expect(!r.stdout.contains("\u{1B}"))
    }

    @Test func theLanguageFollowsFlagThenEnvironment() throws {
        #expect(try Language.chosen(flag: "en", environment: { ["SOPC_LANG": "id"][$0] }) == .english)
        #expect(try Language.chosen(flag: nil, environment: { ["SOPC_LANG": "id", "LANG": "en_US"][$0] }) == .indonesian)
        #expect(try Language.chosen(flag: nil, environment: { ["LC_ALL": "id_ID.UTF-8", "LANG": "en_US"][$0] }) == .indonesian)
        #expect(
            try Language.chosen(flag: nil, environment: { ["LC_ALL": "", "LC_MESSAGES": "en_GB", "LANG": "id_ID"][$0] })
                == .english)
        #expect(try Language.chosen(flag: nil, environment: { ["LANG": "id_ID.UTF-8"][$0] }) == .indonesian)
        #expect(try Language.chosen(flag: nil, environment: { [String: String]()[$0] }) == .english)
        #expect(MachineEvent(answer: "TIDAK") == .no)
        #expect(MachineEvent(answer: "Ya") == .yes)
        #expect(MachineEvent(answer: "nope") == nil)
    }
}
