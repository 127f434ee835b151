import Foundation
import Testing

@testable import SOPCompiler

/// The Swift runtime (docs/FORMAT.md "Meaning") on small machines, each lowered from YAML, written as machine JSON and read
/// back, as `sopc simulate` and `sopc run` do.
@Suite struct RuntimeTests {
    /// The caller: a private document, a call, and a decision that loops back to the call.
    static let induk = """
        sop: induk
        name: Induk
        inputs: [surat]
        outputs: [laporan]
        artefacts:
          catatan: Catatan
          rahasia: Rahasia
        steps:
          - id: terima
            activity: Menerima surat
            actor: kasubag-tu
            needs: [surat, atk]
            makes: [rahasia]
            time: 10 menit
          - id: olah
            activity: Mengolah surat lewat SOP anak
            actor: pelaksana
            call: anak
            makes: [catatan]
            time: 1 jam
          - id: periksa
            activity: Memeriksa laporan
            actor: kabiro
            needs: [laporan, catatan, rahasia]
            decision: Benar?
            no: olah
            time: 15 menit

        """

    static let anak = """
        sop: anak
        name: Anak
        inputs: [surat]
        outputs: [laporan]
        steps:
          - id: tulis
            activity: Menulis laporan
            actors: [pelaksana, kasubag-tu]
            needs: [surat]
            makes: [laporan]
            time: 1-2 jam

        """

    static func library(_ sops: [String: String], root: String) throws -> MachineLibrary {
        var files = ["sopc.yaml": minimalProject]
        for (id, text) in sops { files["\(id).sop.yaml"] = text }
        let dir = try temporaryProject(files)
        let result = try Checker.check(directory: dir.path)
        #expect(result.errorCount == 0, "\(DiagnosticRenderer(colour: false, result: result).text(result.diagnostics))")
        return try MachineLibrary(checked: result.lowered!, root: root)
    }

    static func nested() throws -> Runtime {
        try Runtime(root: "induk", library: try library(["induk": induk, "anak": anak], root: "induk"))
    }

    /// Everything a refused event must leave as it was.
    struct Snapshot: Equatable {
        var stack: [RuntimeFrame]
        var timeline: [TimelineEntry]
        var clock: PlannedTime
        var events: Int
        init(_ r: Runtime) {
            stack = r.stack
            timeline = r.timeline
            clock = r.clock
            events = r.eventCount
        }
    }

    @Test func aTaskIsDoneByItsActorAndMakesItsArtefacts() throws {
        var r = try Self.nested()
        #expect(r.current?.state.id == "terima")
        #expect(r.stack.map(\.artefacts) == [["surat"]], "the root starts with its inputs")
        let effects = try r.apply(.done, by: "kasubag-tu")
        #expect(effects.first == .completed(depth: 0, sop: "induk", state: "terima", event: .done, actor: "kasubag-tu"))
        #expect(effects.contains(.started(depth: 1, sop: "anak", inputs: ["surat"])))
        #expect(r.stack.map(\.sop) == ["induk", "anak"])
        #expect(r.stack[0].artefacts == ["surat", "rahasia"])
    }

    @Test func refusedEventsChangeNothing() throws {
        var r = try Self.nested()
        var before = Snapshot(r)
        // Not an actor of the step.
        #expect(throws: Refusal.self) { try r.apply(.done, by: "kabiro") }
        #expect(Snapshot(r) == before)
        // A decision's answer on a task.
        #expect(throws: Refusal.self) { try r.apply(.yes, by: "kasubag-tu") }
        #expect(Snapshot(r) == before)
        // No such role at all.
        #expect(throws: Refusal.self) { try r.apply(.done, by: "kasubag") }
        #expect(Snapshot(r) == before)

        try r.apply(.done, by: "kasubag-tu")
        try r.apply(.done, by: "pelaksana")
        #expect(r.current?.state.id == "periksa")
        before = Snapshot(r)
        // 'done' on a decision.
        #expect(throws: Refusal.self) { try r.apply(.done, by: "kabiro") }
        #expect(Snapshot(r) == before)
        #expect(throws: Refusal.self) { try r.apply(.yes, by: "pelaksana") }
        #expect(Snapshot(r) == before)
    }

    @Test func refusalsSayWhy() throws {
        let r = try Self.nested()
        #expect(
            r.refusal(.done, by: "kabiro")?.description
                == "'kabiro' is not an actor of step 'terima' of SOP 'induk' (1. Menerima surat): only 'kasubag-tu' (Kasubag TU) may act there"
        )
        #expect(
            r.refusal(.no, by: "kasubag-tu")?.description
                == "step 'terima' of SOP 'induk' (1. Menerima surat) is a task, not a decision: complete it with 'done', not 'no'"
        )
        #expect(
            r.refusal(.done, by: "kasubag")?.description.hasSuffix(
                "('kasubag' is no role of this case; did you mean 'kasubag-tu'?)") == true)
        // Both problems at once.
        #expect(r.refusal(.yes, by: "pelaksana")?.description.contains("; and step 'terima'") == true)
        #expect(r.refusal(.done, by: "kasubag-tu") == nil)
    }

    @Test func eventsGoToTheInnermostInstance() throws {
        var r = try Self.nested()
        try r.apply(.done, by: "kasubag-tu")
        // The caller's call step belongs to 'pelaksana', but the child's step is where the event goes.
        #expect(r.current?.machine.id == "anak")
        #expect(r.refusal(.done, by: "kasubag-tu") == nil, "the child's second actor may act")
        #expect(r.refusal(.done, by: "kabiro") != nil)
    }

    @Test func aCallPassesInputsAndReturnsOutputsAndMakes() throws {
        var r = try Self.nested()
        try r.apply(.done, by: "kasubag-tu")
        // The child sees only what it lists as inputs: not the caller's private 'rahasia'.
        #expect(r.stack[1].artefacts == ["surat"])
        let effects = try r.apply(.done, by: "kasubag-tu")
        #expect(
            effects == [
                .completed(depth: 1, sop: "anak", state: "tulis", event: .done, actor: "kasubag-tu"),
                .ended(depth: 1, sop: "anak", outputs: ["laporan"]),
                .completed(depth: 0, sop: "induk", state: "olah", event: .done, actor: nil),
                .entered(depth: 0, sop: "induk", state: "periksa"),
            ])
        #expect(r.stack.count == 1)
        // The callee's output and the call step's own makes.
        #expect(r.stack[0].artefacts == ["surat", "rahasia", "laporan", "catatan"])
    }

    @Test func onlyProjectArtefactsCrossBetweenSOPs() throws {
        // The callee also outputs a draft of its own: it stays inside, as the checks assume.
        let anak = """
            sop: anak
            name: Anak
            inputs: [surat]
            outputs: [laporan, draf]
            artefacts:
              draf: Draf
            steps:
              - id: tulis
                activity: Menulis laporan
                actor: pelaksana
                needs: [surat]
                makes: [draf, laporan]
                time: 1 jam

            """
        var r = try Runtime(root: "induk", library: try Self.library(["induk": Self.induk, "anak": anak], root: "induk"))
        try r.apply(.done, by: "kasubag-tu")
        let effects = try r.apply(.done, by: "pelaksana")
        #expect(effects.contains(.ended(depth: 1, sop: "anak", outputs: ["laporan"])))
        #expect(r.stack[0].artefacts == ["surat", "rahasia", "laporan", "catatan"])
        #expect(r.timeline[1].received == ["laporan", "catatan"])
    }

    @Test func aLoopRunsTheCallAgainAndTheCaseEnds() throws {
        var r = try Self.nested()
        try r.apply(.done, by: "kasubag-tu")
        try r.apply(.done, by: "pelaksana")
        let back = try r.apply(.no, by: "kabiro")
        #expect(back.contains(.entered(depth: 0, sop: "induk", state: "olah")))
        #expect(back.contains(.started(depth: 1, sop: "anak", inputs: ["surat"])))
        #expect(r.stack.map(\.sop) == ["induk", "anak"])
        try r.apply(.done, by: "pelaksana")
        let end = try r.apply(.yes, by: "kabiro")
        #expect(end.last == .ended(depth: 0, sop: "induk", outputs: ["laporan"]))
        #expect(r.isFinished)
        #expect(r.current == nil)
        #expect(r.finalArtefacts == ["surat", "rahasia", "laporan", "catatan"])
        #expect(
            r.timeline.map { "\($0.sop)/\($0.state)" } == [
                "induk/terima", "induk/olah", "anak/tulis", "induk/periksa", "induk/olah", "anak/tulis", "induk/periksa",
            ])
        // After the end every event is refused.
        let before = Snapshot(r)
        #expect(r.refusal(.done, by: "kabiro")?.description == "the case has ended; no step is waiting for an event")
        #expect(throws: Refusal.self) { try r.apply(.yes, by: "kabiro") }
        #expect(Snapshot(r) == before)
    }

    @Test func thePlannedTimelineAddsMinutesAndACallLastsAsLongAsItsSteps() throws {
        var r = try Self.nested()
        try r.apply(.done, by: "kasubag-tu")
        try r.apply(.done, by: "pelaksana")
        try r.apply(.yes, by: "kabiro")
        let t = r.timeline
        #expect(t.count == 4)
        #expect(t[0].start == .zero && t[0].end == PlannedTime(low: 10, high: 10))
        // The call (its own '1 jam' is what the form prints) spans the child's '1-2 jam'.
        #expect(t[1].event == nil && t[1].depth == 0 && t[1].passed == ["surat"])
        #expect(t[1].start == PlannedTime(low: 10, high: 10) && t[1].end == PlannedTime(low: 70, high: 130))
        #expect(t[1].received == ["laporan", "catatan"])
        #expect(t[2].depth == 1 && t[2].start == PlannedTime(low: 10, high: 10) && t[2].end == PlannedTime(low: 70, high: 130))
        #expect(t[3].end == PlannedTime(low: 85, high: 145))
        #expect(r.clock == PlannedTime(low: 85, high: 145))
    }

    /// A call as the first step of a called SOP: one event starts two instances, and ending the innermost
    /// returns through both.
    @Test func callsNestThreeDeep() throws {
        let atas = """
            sop: atas
            name: Atas
            inputs: [surat]
            outputs: [laporan]
            steps:
              - id: periksa
                activity: Memeriksa surat
                actor: kabiro
                needs: [surat]
                decision: Lengkap?
                no: periksa
                time: 5 menit
              - id: jalankan
                activity: Menjalankan SOP tengah
                actor: pelaksana
                call: tengah
                time: 1 jam
              - id: tutup
                activity: Menutup
                actor: kabiro
                needs: [laporan]
                time: 5 menit

            """
        let tengah = """
            sop: tengah
            name: Tengah
            inputs: [surat]
            outputs: [laporan]
            steps:
              - id: mulai
                activity: Menjalankan SOP bawah
                actor: kasubag-tu
                call: bawah
                time: 1 jam
              - id: tulis
                activity: Menulis laporan
                actor: pelaksana
                needs: [surat]
                makes: [laporan]
                time: 1 jam

            """
        let bawah = """
            sop: bawah
            name: Bawah
            inputs: [surat]
            steps:
              - id: baca
                activity: Membaca surat
                actor: kasubag-tu
                needs: [surat]
                time: 15 menit

            """
        var r = try Runtime(
            root: "atas", library: try Self.library(["atas": atas, "tengah": tengah, "bawah": bawah], root: "atas"))
        let entering = try r.apply(.yes, by: "kabiro")
        #expect(entering.filter { if case .started = $0 { return true } else { return false } }.count == 2)
        #expect(r.stack.map(\.sop) == ["atas", "tengah", "bawah"])
        #expect(r.stack.map(\.state) == ["jalankan", "mulai", "baca"])
        #expect(r.stack.map(\.artefacts) == [["surat"], ["surat"], ["surat"]])
        try r.apply(.done, by: "kasubag-tu")
        #expect(r.stack.map(\.sop) == ["atas", "tengah"])
        #expect(r.current?.state.id == "tulis")
        let leaving = try r.apply(.done, by: "pelaksana")
        #expect(leaving.contains(.ended(depth: 1, sop: "tengah", outputs: ["laporan"])))
        #expect(r.stack.map(\.sop) == ["atas"])
        #expect(r.current?.state.id == "tutup")
        #expect(r.stack[0].artefacts == ["surat", "laporan"])
        // The timeline nests: the outer call spans the inner one.
        #expect(
            r.timeline.map { "\($0.depth) \($0.sop)/\($0.state)" } == [
                "0 atas/periksa", "0 atas/jalankan", "1 tengah/mulai", "2 bawah/baca", "1 tengah/tulis",
            ])
        #expect(r.timeline[1].end == PlannedTime(low: 80, high: 80))
        #expect(r.timeline[2].end == PlannedTime(low: 20, high: 20))
    }

    @Test func aMachineLibraryLoadsCalledSOPsFromAFolder() throws {
        let dir = Scratch.folder.appendingPathComponent("sopc-lib-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let lib = try Self.library(["induk": Self.induk, "anak": Self.anak], root: "induk")
        // The flat layout for one, the build layout for the other.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("anak"), withIntermediateDirectories: true)
        try MachineJSON.render(lib.machine("induk")!).write(
            to: dir.appendingPathComponent("induk.machine.json"), atomically: true, encoding: .utf8)
        try MachineJSON.render(lib.machine("anak")!).write(
            to: dir.appendingPathComponent("anak/anak.machine.json"), atomically: true, encoding: .utf8)
        let loaded = try MachineLibrary.load(root: "induk", folder: dir.path)
        #expect(loaded.machines == lib.machines)
        do {
            _ = try MachineLibrary.load(root: "tidak-ada", folder: dir.path)
            Issue.record("a missing machine was loaded")
        } catch {
            #expect(error.description.hasPrefix("no machine 'tidak-ada' in"))
        }
    }
}

@Suite struct WorkingTimeTests {
    let clock = WorkingClock(WorkCalendar())

    @Test func civilDays() {
        #expect(CivilDays.number(of: CalendarDate(year: 1970, month: 1, day: 1)) == 0)
        #expect(CivilDays.weekday(of: CivilDays.number(of: CalendarDate(year: 2024, month: 1, day: 1))) == 0, "a Monday")
        #expect(CivilDays.weekday(of: CivilDays.number(of: CalendarDate(year: 2024, month: 3, day: 31))) == 6, "a Sunday")
        for n in [-800_000, -1, 0, 59, 60, 11_016, 19_723, 2_932_896] {
            #expect(CivilDays.number(of: CivilDays.date(of: n)) == n)
        }
        #expect(CivilDays.date(of: 19_782) == CalendarDate(year: 2024, month: 2, day: 29))
    }

    @Test func wallTimesRoundTripAndReadStrictly() {
        #expect(WallTime("2024-01-02T08:05")?.text == "2024-01-02T08:05")
        #expect(WallTime("2024-01-02T24:00") == nil)
        #expect(WallTime("2024-02-30T08:00") == nil)
        #expect(WallTime("2024-01-02 08:00") == nil)
        #expect(WorkingClock.text(WallTime("2024-01-02T08:05")!) == "Selasa, 2 Januari 2024, 08.05")
    }

    @Test func workingHoursWeekendsAndTheCloseOfADay() throws {
        let friday = try #require(WallTime("2024-01-05T15:00"))
        let p = clock.position(of: friday)
        // 30 minutes reach the close of Friday, 15.30; a step ending then ends on Friday.
        #expect(clock.wallTime(at: p + 30, asEnd: true).text == "2024-01-05T15:30")
        // The next step starts on Monday at 08.00.
        #expect(clock.wallTime(at: p + 30).text == "2024-01-08T08:00")
        #expect(clock.wallTime(at: p + 45).text == "2024-01-08T08:15")
        // A time outside working hours counts from the next working moment.
        #expect(clock.position(of: WallTime("2024-01-06T10:00")!) == clock.position(of: WallTime("2024-01-08T08:00")!))
        #expect(clock.position(of: WallTime("2024-01-05T18:00")!) == clock.position(of: WallTime("2024-01-08T08:00")!))
        #expect(clock.position(of: WallTime("2024-01-08T06:00")!) == clock.position(of: WallTime("2024-01-08T08:00")!))
        // A week of working time is 5 days of 7.5 hours.
        #expect(clock.wallTime(at: p + 5 * 450).text == "2024-01-12T15:00")
        // A six-day week of 8 hours works on Saturday.
        var cal = WorkCalendar()
        cal.daysPerWeek = 6
        cal.hoursPerDay = 8
        let six = WorkingClock(cal)
        #expect(six.wallTime(at: six.position(of: friday) + 120).text == "2024-01-06T09:00")
    }
}
