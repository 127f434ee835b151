import Foundation
import Testing

@testable import SOPChecks
@testable import SOPCompiler

/// One trip round each correction loop, for every shape a loop takes on the step graph: "Tidak" straight
/// back, "Tidak" forward to a correction step that then leads back (rows 3 → 4 → 3), "Ya" back, and a loop
/// through a call of another SOP. Each step's time is a different power of two minutes, so a sum names the
/// steps it counts.
@Suite struct FormTimingTests {
    static let project = """
        sopc: 1
        organization:
          name: Biro Uji
        roles:
          a: { name: Pelaksana A }
          b: { name: Pelaksana B }
        """

    /// A step in YAML: its time is 2^`k` minutes.
    static func step(_ id: String, _ k: Int, _ extra: String = "") -> String {
        "  - id: \(id)\n    activity: Langkah \(id)\n    actor: a\n    time: \(1 << k) menit\n" + extra
    }

    /// The timing, HTML and Markdown of `uji` among `files`.
    static func render(_ sop: String, others: [String: String] = [:]) throws -> (FormTiming, String, String) {
        var files = others
        files["sopc.yaml"] = project
        files["uji.sop.yaml"] = sop
        let dir = try temporaryProject(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Checker.check(directory: dir.path)
        #expect(result.errorCount == 0, "\(result.diagnostics.map(\.message))")
        let model = result.model
        let table = FormTable(try #require(model.sop("uji")), in: checked(model))
        let timing = FormTiming(table)
        return (
            timing, HTMLForm.render(table, timing: timing, model: model), MarkdownForm.render(table, timing: timing, model: model)
        )
    }

    @Test func noGoesBack() throws {
        let sop =
            "sop: uji\nname: Uji\nsteps:\n" + Self.step("s1", 0) + Self.step("s2", 1) + Self.step("s3", 2)
            + Self.step("s4", 3, "    decision: Benar?\n    no: s2\n") + Self.step("s5", 4)
        let (timing, html, md) = try Self.render(sop)
        #expect(timing.mainPath == [0, 1, 2, 3, 4])
        #expect(timing.loops.count == 1)
        let loop = try #require(timing.loops.first)
        #expect(loop.decision == 3 && loop.target == 1 && loop.away.isEmpty && loop.answer == "Tidak")
        // Rows 2, 3, 4: 2 + 4 + 8 minutes.
        #expect(loop.low == 14 && loop.high == 14)
        #expect(html.contains("Tambahan satu putaran koreksi (langkah 4 → 2)"))
        #expect(md.contains("No 4 \"Tidak\" kembali ke No 2 (No 2–4)"))
    }

    @Test func noGoesForwardToACorrectionThatLoopsBack() throws {
        // Row 3 asks; "Tidak" goes to row 4, which leads back to row 3; "Ya" skips to row 5.
        let sop =
            "sop: uji\nname: Uji\nsteps:\n" + Self.step("s1", 0) + Self.step("s2", 1)
            + Self.step("s3", 2, "    decision: Lengkap?\n    yes: s5\n    no: s4\n") + Self.step("s4", 3, "    next: s3\n")
            + Self.step("s5", 4)
        let (timing, html, md) = try Self.render(sop)
        #expect(timing.mainPath == [0, 1, 2, 4])
        let loop = try #require(timing.loops.first)
        #expect(timing.loops.count == 1)
        #expect(loop.decision == 2 && loop.target == 2 && loop.away == [3])
        // Rows 4 and 3: 8 + 4 minutes.
        #expect(loop.low == 12)
        #expect(html.contains("Tambahan satu putaran koreksi (langkah 3 → 4 → 3)"))
        #expect(md.contains("No 3 \"Tidak\" ke No 4, kembali ke No 3 (No 3, 4)"))
    }

    @Test func noGoesForwardThroughSeveralStepsBackBeforeTheDecision() throws {
        // "Tidak" at row 2 goes to row 4, on to row 5, and back to row 1.
        let sop =
            "sop: uji\nname: Uji\nsteps:\n" + Self.step("s1", 0)
            + Self.step("s2", 1, "    decision: Lengkap?\n    yes: s3\n    no: s4\n") + Self.step("s3", 2, "    next: end\n")
            + Self.step("s4", 3) + Self.step("s5", 4, "    next: s1\n")
        let (timing, html, _) = try Self.render(sop)
        #expect(timing.mainPath == [0, 1, 2])
        let loop = try #require(timing.loops.first)
        #expect(loop.away == [3, 4] && loop.target == 0)
        // Rows 4, 5, 1, 2: 8 + 16 + 1 + 2 minutes.
        #expect(loop.low == 27)
        #expect(html.contains("(langkah 2 → 4 → 5 → 1)"))
    }

    @Test func yesGoesBack() throws {
        let sop =
            "sop: uji\nname: Uji\nsteps:\n" + Self.step("s1", 0) + Self.step("s2", 1)
            + Self.step("s3", 2, "    decision: Perlu diulang?\n    yes: s1\n    no: s4\n") + Self.step("s4", 3)
        let (timing, _, md) = try Self.render(sop)
        #expect(timing.mainPath == [0, 1, 2, 3])
        let loop = try #require(timing.loops.first)
        #expect(loop.answer == "Ya" && loop.target == 0 && loop.low == 7)
        #expect(md.contains("No 3 \"Ya\" kembali ke No 1"))
    }

    @Test func loopThroughACalledSOP() throws {
        // "Tidak" calls the SOP of revision (its main path takes 64 minutes), which leads back to the check.
        let revisi = "sop: revisi\nname: Revisi\nsteps:\n" + Self.step("r1", 6)
        let sop =
            "sop: uji\nname: Uji\nsteps:\n" + Self.step("s1", 0)
            + Self.step("s2", 1, "    decision: Lengkap?\n    yes: s4\n    no: s3\n")
            + Self.step("s3", 3, "    call: revisi\n    next: s2\n") + Self.step("s4", 4)
        let (timing, html, _) = try Self.render(sop, others: ["revisi.sop.yaml": revisi])
        let loop = try #require(timing.loops.first)
        #expect(loop.away == [2] && loop.target == 1)
        // The call step lasts its called SOP's main path (64; SPEC §2's one rule), then the decision (2).
        #expect(loop.low == 66)
        #expect(html.contains("(langkah 2 → 3 → 2)"))
    }

    /// Over the layout test's random SOPs: every loop printed is a cycle of the step graph — the decision's
    /// other branch, the rows off the main path, back to a row of the main path at or before the decision,
    /// and along it to the decision — and its time is the sum of those rows' times.
    @Test func everyLoopIsACycleOfTheStepGraph() throws {
        var loops = 0
        var away = 0
        for (table, timing, _) in FormLayoutTests.cases {
            for loop in timing.loops {
                loops += 1
                if !loop.away.isEmpty { away += 1 }
                let start = try #require(timing.mainPath.firstIndex(of: loop.target))
                let end = try #require(timing.mainPath.firstIndex(of: loop.decision))
                #expect(start <= end)
                let cycle = [loop.decision] + loop.away + timing.mainPath[start...end]
                for (a, b) in zip(cycle, cycle.dropFirst()) {
                    #expect(table.targets(of: a).contains(.row(b)), "\(a + 1) does not lead to \(b + 1)")
                }
                #expect(loop.away.allSatisfy { !timing.mainPath.contains($0) })
                let minutes = cycle.dropFirst().map { table.sop.steps[$0].time?.duration?.minutes(on: table.calendar).0 ?? 0 }
                #expect(abs(minutes.reduce(0, +) - loop.low) < 0.001)
            }
        }
        // The random SOPs hold both shapes.
        #expect(loops >= 50 && away >= 10, "\(loops) loops, \(away) through rows off the main path")
    }

    /// The main path as SPEC §2 walks it, written the plain way (a set of steps seen, a search of the path for
    /// each loop's target), against ``MainPath``, which keeps each step's place instead: the same path, choices,
    /// totals and loops on every random SOP.
    @Test func mainPathMatchesAPlainWalk() throws {
        var decisions = 0
        for (table, _, _) in FormLayoutTests.cases {
            let graph = StepGraph(table.sop)
            let steps = table.sop.steps
            let minutes = table.stepMinutes
            var path: [Int] = []
            var seen = Set<Int>()
            var taken: [Int: Int] = [:]
            var i = graph.count == 0 ? -1 : 0
            while i >= 0, i < graph.count, seen.insert(i).inserted {
                path.append(i)
                let targets = graph.targets[i]
                let choice = steps[i].isDecision && targets.count > 1 && seen.contains(targets[0]) ? 1 : 0
                taken[i] = choice
                i = targets[min(choice, targets.count - 1)]
            }
            var loops: [(Int, Int, Double, Double)] = []
            for (position, d) in path.enumerated() where steps[d].isDecision && graph.targets[d].count > 1 {
                decisions += 1
                let t = graph.targets[d][1 - taken[d]!]
                guard let start = path.firstIndex(of: t), start <= position else { continue }
                let trip = path[start...position]
                loops.append((d, t, trip.reduce(0) { $0 + minutes[$1].low }, trip.reduce(0) { $0 + minutes[$1].high }))
            }
            let main = MainPath(graph, isDecision: { steps[$0].isDecision }, minutes: minutes)
            #expect(main.steps == path)
            #expect(main.low == path.reduce(0) { $0 + minutes[$1].low })
            #expect(main.high == path.reduce(0) { $0 + minutes[$1].high })
            let got: [[Double]] = main.loops.map { [Double($0.decision), Double($0.target), $0.low, $0.high] }
            let want: [[Double]] = loops.map { [Double($0.0), Double($0.1), $0.2, $0.3] }
            #expect(got == want)
        }
        #expect(decisions >= 50, "\(decisions) decisions on main paths")
    }

    @Test func aBranchForwardIsNoLoop() throws {
        let sop =
            "sop: uji\nname: Uji\nsteps:\n" + Self.step("s1", 0, "    decision: Lengkap?\n    yes: s2\n    no: s3\n")
            + Self.step("s2", 1) + Self.step("s3", 2)
        let (timing, html, _) = try Self.render(sop)
        #expect(timing.loops.isEmpty)
        #expect(!html.contains("putaran koreksi"))
    }

    /// A loop's trip time (``MainPath/PathSums``), taken as the difference of two running sums when every
    /// time is a whole number of minutes, is bit for bit the sum added up step by step, as it was before;
    /// with fractions of a minute, or sums past a double's exact integers, it is added up step by step.
    @Test func aTripsTimeIsTheSumAddedUpStepByStep() {
        var random = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let count = Int.random(in: (round % 3 == 2 ? 3 : 1)...40, using: &random)
            let minutes: [(low: Double, high: Double)] = (0..<count).map { _ in
                switch round % 3 {
                case 0: (Double(Int.random(in: 0...600, using: &random)), Double(Int.random(in: 0...6000, using: &random)))
                case 1: (Double.random(in: 0...100, using: &random), Double.random(in: 0...1000, using: &random))
                default: (Double(Int.random(in: 0...3, using: &random)) * 1e15, 4.5e15)
                }
            }
            let path = (0..<count).shuffled(using: &random)
            let sums = MainPath.PathSums(path, minutes: minutes)
            #expect((sums.running != nil) == (round % 3 == 0), "round \(round)")
            let a = Int.random(in: 0..<count, using: &random)
            let b = Int.random(in: a..<count, using: &random)
            let away: [Int] = (0..<Int.random(in: 0...3, using: &random)).map { _ in Int.random(in: 0..<count, using: &random) }
            let before = (low: away.reduce(0) { $0 + minutes[$1].low }, high: away.reduce(0) { $0 + minutes[$1].high })
            let trip = away + path[a...b]
            let expected = (low: trip.reduce(0) { $0 + minutes[$1].low }, high: trip.reduce(0) { $0 + minutes[$1].high })
            let found = sums.along(a...b, after: before)
            #expect(
                found.low.bitPattern == expected.low.bitPattern && found.high.bitPattern == expected.high.bitPattern,
                "round \(round)")
        }
    }
}
