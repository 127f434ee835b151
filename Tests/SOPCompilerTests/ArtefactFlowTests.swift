import Foundation
import Testing

@testable import SOPChecks
@testable import SOPCompiler

/// The data-flow analysis over the step graph with its loops.
@Suite struct ArtefactFlowTests {
    /// Checks one SOP (marked source) against the minimal project; returns the diagnostics and markers.
    func check(_ source: String) throws -> ([Diagnostic], Marked) {
        let m = Marked(source)
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "s.sop.yaml": m.text])
        defer { try? FileManager.default.removeItem(at: dir) }
        return (try Checker.check(directory: dir.path, displayPrefix: "d").diagnostics, m)
    }

    /// Runs only the data-flow check on the one SOP of `source` and returns the searches it made, with the
    /// diagnostics it emitted.
    func searches(_ source: String) throws -> (ArtefactFlowCheck.Searches, [Diagnostic], SOP) {
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "s.sop.yaml": source])
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try Checker.check(directory: dir.path, displayPrefix: "d").model
        let sop = try #require(model.sops.first)
        var sink = SOPSink(file: sop.file)
        let searches = ArtefactFlowCheck.analyse(sop, graph: StepGraph(sop), model: model, sink: &sink).searches
        return (searches, sink.findings.map(\.diagnostic), sop)
    }

    func step(_ id: String, actor: String = "pelaksana", needs: [String] = [], makes: [String] = [], extra: String = "") -> String
    {
        var s = "  - id: \(id)\n    activity: Langkah \(id)\n    actor: \(actor)\n    time: 5 menit\n"
        if !needs.isEmpty { s += "    needs: [\(needs.joined(separator: ", "))]\n" }
        if !makes.isEmpty { s += "    makes: [\(makes.joined(separator: ", "))]\n" }
        return s + extra
    }

    @Test func madeOnBothBranchesIsAvailableAtTheJoin() throws {
        let src = """
            sop: s
            name: S
            outputs: [laporan]
            steps:
              - id: tanya
                activity: Menimbang
                actor: kabiro
                time: 5 menit
                decision: Lengkap?
                no: b
              - id: a
                activity: Cabang a
                actor: pelaksana
                time: 5 menit
                makes: [laporan]
                next: gabung
              - id: b
                activity: Cabang b
                actor: pelaksana
                time: 5 menit
                makes: [laporan]
              - id: gabung
                activity: Menggabung
                actor: kabiro
                time: 5 menit
                needs: [laporan]

            """
        let (diags, _) = try check(src)
        #expect(diags.isEmpty, "\(diags.map(\.message))")
    }

    @Test func madeOnOneBranchIsMissingOnTheOtherWithThePath() throws {
        let src = """
            sop: s
            name: S
            artefacts: { draf: Draf }
            steps:
              - id: tanya
                activity: Menimbang
                actor: kabiro
                time: 5 menit
                decision: Lengkap?
                no: b
              - id: a
                activity: Cabang a
                actor: pelaksana
                time: 5 menit
                makes: [draf]
                next: gabung
              - id: b
                activity: Cabang b
                actor: pelaksana
                time: 5 menit
              - id: gabung
                activity: Menggabung
                actor: kabiro
                time: 5 menit
                needs: [1️⃣draf]

            """
        let (diags, m) = try check(src)
        #expect(diags.map(\.id) == [.artefactUnavailable])
        #expect(diags[0].span.start == m.markers[1])
        #expect(diags[0].notes[0].message == "on this path it is missing: tanya → b → gabung")
    }

    @Test func madeInsideALoopBeforeTheNeedIsAvailable() throws {
        // draf is made in the loop body before the decision: every path to 'kirim' passes 'tulis'.
        let src =
            "sop: s\nname: S\nartefacts: { draf: Draf }\noutputs: [laporan]\nsteps:\n"
            + step("tulis", makes: ["draf"])
            + step("periksa", actor: "kabiro", needs: ["draf"], extra: "    decision: Benar?\n    no: tulis\n")
            .replacingOccurrences(of: "    time: 5 menit\n", with: "    time: 5 menit\n")
            + step("kirim", needs: ["draf"], makes: ["laporan"])
        let (diags, _) = try check(src)
        #expect(diags.isEmpty, "\(diags.map(\.message))")
    }

    @Test func neededOnTheLoopBackEdgeOnlyIsMissingOnTheFirstPass() throws {
        // 'catatan' is made after the decision's 'no' branch starts over, so the first pass lacks it.
        let src =
            "sop: s\nname: S\nartefacts: { catatan: Catatan, draf: Draf }\nsteps:\n"
            + step("tulis", needs: ["catatan"], makes: ["draf"])
            + step(
                "periksa", actor: "kabiro", needs: ["draf"], makes: ["catatan"],
                extra: "    decision: Benar?\n    no: tulis\n    yes: end\n")
        let (diags, _) = try check(src)
        #expect(diags.map(\.id) == [.artefactUnavailable])
        #expect(diags[0].notes[0].message == "on this path it is missing: tulis")
    }

    @Test func outputsMustBeMadeOnEveryPathToEnd() throws {
        let src =
            "sop: s\nname: S\noutputs: [1️⃣laporan]\nsteps:\n"
            + step("tanya", actor: "kabiro", extra: "    decision: Perlu?\n    no: end\n")
            + step("tulis", makes: ["laporan"])
        let (diags, m) = try check(src)
        #expect(diags.map(\.id) == [.outputNotMade])
        #expect(diags[0].span.start == m.markers[1])
        #expect(diags[0].notes[0].message == "on this path it is missing: tanya → end")
    }

    @Test func unusedArtefactAndItsSilencing() throws {
        let src =
            "sop: s\nname: S\nartefacts: { a: A, b: B }\nsteps:\n"
            + step("satu", makes: ["a"])
            + step("dua", makes: ["b"], extra: "    allow: [unused-artefact]\n")
            + step("tiga", needs: ["a"])
        let (diags, _) = try check(src)
        #expect(diags.isEmpty, "'a' is used by 'tiga'; 'b' is allowed at its step: \(diags.map(\.message))")

        let loud =
            "sop: s\nname: S\nartefacts: { a: A, b: B }\nsteps:\n"
            + step("satu", makes: ["a"]) + step("dua", makes: ["1️⃣b"]) + step("tiga", needs: ["a"])
        let (d2, m2) = try check(loud)
        #expect(d2.map(\.id) == [.unusedArtefact])
        #expect(d2[0].span.start == m2.markers[1])

        let allowAll =
            "sop: s\nname: S\nallow: [unused-artefact]\nartefacts: { a: A, b: B }\nsteps:\n"
            + step("satu", makes: ["a"]) + step("dua", makes: ["b"]) + step("tiga", needs: ["a"])
        #expect(try check(allowAll).0.isEmpty)
    }

    @Test func allowNeverSilencesAnError() throws {
        let src =
            "sop: s\nname: S\nallow: [1️⃣unknown-actor]\nsteps:\n"
            + step("satu", actor: "2️⃣kabir", extra: "    allow: [unknown-actor]\n")
        let (diags, m) = try check(src)
        #expect(diags.map(\.id).sorted() == [.invalidAllow, .invalidAllow, .unknownActor].sorted())
        #expect(diags.contains { $0.id == .unknownActor && $0.span.start == m.markers[2] })
        #expect(diags.contains { $0.id == .invalidAllow && $0.span.start == m.markers[1] })
    }

    @Test func aCallBringsTheCalleeOutputsAndNeedsItsInputs() throws {
        let caller =
            "sop: induk\nname: Induk\nsteps:\n"
            + step("mulai", makes: ["surat"])
            + step("panggil", extra: "    call: 1️⃣anak\n")
            + step("akhir", needs: ["laporan"])
        let callee =
            "sop: anak\nname: Anak\ninputs: [surat]\noutputs: [laporan]\nsteps:\n"
            + step("kerja", needs: ["surat"], makes: ["laporan"])
        let dir = try temporaryProject([
            "sopc.yaml": minimalProject, "induk.sop.yaml": Marked(caller).text, "anak.sop.yaml": callee,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Checker.check(directory: dir.path).diagnostics.isEmpty)

        let m = Marked(caller.replacingOccurrences(of: "makes: [surat]", with: "makes: []"))
        let dir2 = try temporaryProject(["sopc.yaml": minimalProject, "induk.sop.yaml": m.text, "anak.sop.yaml": callee])
        defer { try? FileManager.default.removeItem(at: dir2) }
        let diags = try Checker.check(directory: dir2.path).diagnostics
        #expect(diags.map(\.id) == [.callInputUnavailable])
        #expect(diags[0].span.start == m.markers[1])
    }

    @Test func aLongChainIsCheckedWithoutRecursion() throws {
        // 20,000 steps, each needing what the one before made: deep graphs must not overflow the stack.
        var src = "sop: s\nname: S\nartefacts:\n"
        let n = 20_000
        for i in 0..<n { src += "  a\(i): A\(i)\n" }
        src += "outputs: [a\(n - 1)]\nsteps:\n"
        for i in 0..<n { src += step("s\(i)", needs: i == 0 ? [] : ["a\(i - 1)"], makes: ["a\(i)"]) }
        // On a thread with a 1 MiB stack: recursion 20,000 steps deep would overflow it (the tests' own
        // threads have 8 MiB, enough to hide a recursion of a few hundred bytes a step).
        nonisolated(unsafe) var outcome: Result<(ArtefactFlowCheck.Searches, [Diagnostic], SOP), any Error>?
        let done = DispatchSemaphore(value: 0)
        let source = src
        let thread = Thread {
            outcome = Result { try self.searches(source) }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
        done.wait()
        let (searches, diags, sop) = try #require(outcome).get()
        #expect(sop.steps.count == n)
        #expect(diags.isEmpty, "\(diags.prefix(3).map(\.message))")
        // Each need is settled by the dominator walk: no search at all.
        #expect(searches == ArtefactFlowCheck.Searches(forwards: 0, backwards: 0))

        // The whole chain is really analysed: a link missing halfway is found, with the path to it.
        let broken = src.replacingOccurrences(
            of:
                "  - id: s10000\n    activity: Langkah s10000\n    actor: pelaksana\n    time: 5 menit\n    needs: [a9999]\n    makes: [a10000]\n",
            with:
                "  - id: s10000\n    activity: Langkah s10000\n    actor: pelaksana\n    time: 5 menit\n    needs: [a9999]\n    allow: [unused-artefact]\n"
        )
        #expect(broken != src)
        let (d2, _) = try check(broken)
        #expect(d2.map(\.id) == [.artefactUnavailable], "\(d2.prefix(3).map(\.message))")
        #expect(d2.first?.message.contains("'s10001' needs 'a10000'") == true, "\(d2.first?.message ?? "")")
    }

    @Test func oneArtefactMadeByManyStepsIsSearchedOnce() throws {
        // 20,000 steps all remake 'catatan', which only the first step needs, reached again by the loop at the
        // end: every maker reaches that user. One backwards search settles them all (not one per maker).
        let n = 20_000
        var src = "sop: s\nname: S\ninputs: [surat]\nartefacts: { catatan: Catatan }\nsteps:\n"
        src += step("s0", needs: ["surat", "catatan"], makes: ["catatan"]).replacingOccurrences(
            of: "needs: [surat, catatan]", with: "needs: [surat]")
        for i in 1..<(n - 1) { src += step("s\(i)", makes: ["catatan"]) }
        src += step("ulang", actor: "kabiro", extra: "    decision: Selesai?\n    yes: end\n    no: s0\n")
        src = src.replacingOccurrences(of: "  - id: s1\n", with: "  - id: s1\n    needs: [catatan]\n")
        let (diags, _) = try check(src)
        #expect(diags.isEmpty, "\(diags.prefix(3).map(\.message))")
        let (searches, flowDiags, sop) = try searches(src)
        #expect(sop.steps.count == n)
        #expect(flowDiags.isEmpty)
        // The makers s2…s19998 are not settled by the quick tests (none dominates or directly precedes the
        // user s1): exactly one backwards search serves them all. The need of s1 is settled by s0.
        #expect(searches == ArtefactFlowCheck.Searches(forwards: 0, backwards: 1))

        // With two artefacts so made, two searches: one per artefact, not per maker.
        let two = src.replacingOccurrences(
            of: "artefacts: { catatan: Catatan }", with: "artefacts: { catatan: Catatan, draf: Draf }"
        )
        .replacingOccurrences(of: "    makes: [catatan]\n", with: "    makes: [catatan, draf]\n")
        .replacingOccurrences(of: "    needs: [catatan]\n", with: "    needs: [catatan, draf]\n")
        let (twoSearches, twoDiags, _) = try self.searches(two)
        #expect(twoDiags.isEmpty, "\(twoDiags.prefix(3).map(\.message))")
        #expect(twoSearches == ArtefactFlowCheck.Searches(forwards: 0, backwards: 2))
    }

    /// A long SOP's steps, read in parts, hold a copy of each long id a part: its numbering looks each copy
    /// up by its text once and keeps it (``IDCopies``). Whether it does or not, the numbers, what each step
    /// makes available and whether a need names something known nowhere come out the same, for local and
    /// project artefacts, equipment and ids known nowhere alike.
    @Test func aLongSOPIsNumberedAlikeWithItsCopiesKeptOrNot() throws {
        let local = ["lembar-kerja-perjalanan-dinas", "konsep-laporan-kinerja-tahunan", "catatan"]
        let named = local + ["surat", "laporan", "atk", "tidak-dikenal-di-mana-pun-juga", "x"]
        var rng = CrossCheckTests.SplitMix("long SOP numbering")
        for unknownNeed in [false, true] {
            var src = "sop: s\nname: S\ninputs: [surat]\nartefacts:\n"
            for id in local { src += "  \(id): Dokumen \(id)\n" }
            src += "steps:\n"
            let n = 3_000
            for i in 0..<n {
                var needs = (0..<Int.random(in: 0...3, using: &rng)).map { _ in named.randomElement(using: &rng)! }
                if !unknownNeed { needs.removeAll { $0 == "tidak-dikenal-di-mana-pun-juga" || $0 == "x" } }
                let makes = (0..<Int.random(in: 0...2, using: &rng)).map { _ in named.randomElement(using: &rng)! }
                src += step("s\(i)", needs: needs, makes: makes, extra: "    notes: Catatan langkah \(i) untuk arsip\n")
            }
            #expect(src.utf8.count > 256 << 10, "read in parts")
            let dir = try temporaryProject(["sopc.yaml": minimalProject, "s.sop.yaml": src])
            defer { try? FileManager.default.removeItem(at: dir) }
            let model = try Checker.check(directory: dir.path, displayPrefix: "d").model
            let sop = try #require(model.sops.first)
            #expect(sop.steps.count == n)
            let graph = StepGraph(sop)
            var kept = ArtefactAvailability.StepNumbers()
            var looked = ArtefactAvailability.StepNumbers()
            let learning = ArtefactAvailability(sop, graph: graph, model: model, numbers: &kept, learning: true)
            let plain = ArtefactAvailability(sop, graph: graph, model: model, numbers: &looked, learning: false)
            #expect(kept == looked)
            #expect(kept.unknownNeed == unknownNeed)
            #expect(learning.names == plain.names && learning.names.count == 5)
            #expect(learning.genStart == plain.genStart && learning.genFlat == plain.genFlat)
            #expect(learning.makers == plain.makers && learning.isInput == plain.isInput)
            for id in named { #expect(learning.number[id] == plain.number[id]) }
        }
    }

    /// A need that names something known nowhere may be the use the author meant: a long SOP with one says
    /// nothing of an artefact it never uses (the need is reported, unknown-artefact); without it, it does.
    @Test func aLongSOPWithANeedKnownNowhereReportsNoUnusedArtefact() throws {
        var src = "sop: s\nname: S\nartefacts: { catatan: Catatan, konsep-laporan-kinerja-tahunan: Konsep }\nsteps:\n"
        let n = 1_500
        for i in 0..<n {
            let needs = i == 700 ? ["atk", "konsep-laporan-kinerja-tahunan"] : i % 3 == 0 ? ["atk"] : []
            let makes = i == 10 ? ["catatan"] : i == 5 ? ["konsep-laporan-kinerja-tahunan"] : []
            src += step("s\(i)", needs: needs, makes: makes)
        }
        let (clean, _) = try check(src)
        #expect(clean.map(\.id) == [.unusedArtefact], "\(clean.prefix(3).map(\.message))")
        let unknown = src.replacingOccurrences(
            of: "    needs: [atk, konsep-laporan-kinerja-tahunan]\n",
            with: "    needs: [atk, konsep-laporan-kinerja-tahunan, tidak-dikenal]\n")
        #expect(unknown != src)
        let (withUnknown, _) = try check(unknown)
        #expect(withUnknown.map(\.id) == [.unknownArtefact], "\(withUnknown.prefix(3).map(\.message))")
    }

    /// Random SOPs with branches and loops, against an independent reading of the definition: an artefact is
    /// available on entry to a node when every path to it makes it first, computed here as the greatest
    /// fixed point of "what every predecessor hands on" (the classic must-availability data flow). Where it
    /// is missing, the path reported is the breadth-first path that does not go past its makers
    /// (``StepGraph/path(to:through:)``), whether the availability kept a search for it or not, and whether
    /// a report reads one search for many steps (``ArtefactAvailability/missingPath(_:into:tree:)``) or
    /// searches for each.
    @Test func availabilityAndMissingPathsAgreeWithTheDataFlow() throws {
        var rng = CrossCheckTests.SplitMix("availability and missing paths")
        let artefacts = ["a0", "a1", "a2", "a3", "a4"]
        var checkedPaths = 0
        for _ in 0..<60 {
            let n = Int.random(in: 2...24, using: &rng)
            var src = "sop: s\nname: S\ninputs: [surat]\nartefacts: { "
            src += artefacts.map { "\($0): Dokumen \($0)" }.joined(separator: ", ") + " }\nsteps:\n"
            func pick(_ k: Int) -> [String] { Array(artefacts.shuffled(using: &rng).prefix(Int.random(in: 0...k, using: &rng))) }
            func target() -> String { Int.random(in: 0...n, using: &rng) == n ? "end" : "s\(Int.random(in: 0..<n, using: &rng))" }
            for i in 0..<n {
                var extra = ""
                let roll = Int.random(in: 0..<10, using: &rng)
                if roll < 3 {
                    extra = "    decision: Lanjut?\n    yes: \(target())\n    no: \(target())\n"
                } else if roll < 5 {
                    extra = "    next: \(target())\n"
                }
                src += step("s\(i)", needs: pick(2), makes: pick(2), extra: extra)
            }
            let dir = try temporaryProject(["sopc.yaml": minimalProject, "s.sop.yaml": src])
            defer { try? FileManager.default.removeItem(at: dir) }
            let model = try Checker.check(directory: dir.path, displayPrefix: "d").model
            let sop = try #require(model.sops.first)
            guard sop.steps.count == n else {
                Issue.record("\(sop.steps.count) steps read of \(n):\n\(src)")
                continue
            }
            let graph = StepGraph(sop)
            let availability = ArtefactAvailability(sop, graph: graph, model: model)
            let nodes = n + 1
            for (a, name) in availability.names.enumerated() {
                let isInput = sop.inputs.contains { $0.id == name }
                let makes = (0..<nodes).map { i in i < n && sop.steps[i].makes.contains { $0.id == name } }
                // In: on entry; every node but the first starts with "available" and loses it along the way.
                var into = [Bool](repeating: true, count: nodes)
                into[0] = isInput
                var changed = true
                while changed {
                    changed = false
                    for v in 1..<nodes where graph.reachable[v] {
                        let new = graph.predecessors[v].filter { graph.reachable[$0] }.allSatisfy { into[$0] || makes[$0] }
                        if new != into[v] {
                            into[v] = new
                            changed = true
                        }
                    }
                }
                var tree: [Int32]?
                for node in 0..<nodes {
                    let expected = !graph.reachable[node] || into[node]
                    #expect(availability.isAvailable(a, into: node) == expected, "\(name) into \(node) of\n\(src)")
                    let path = availability.missingPath(a, into: node)
                    #expect(availability.missingPath(a, into: node, tree: &tree) == path)
                    if expected {
                        #expect(path == nil)
                    } else {
                        #expect(path == graph.path(to: node, through: { !makes[$0] }), "\(name) into \(node) of\n\(src)")
                        checkedPaths += 1
                    }
                }
            }
        }
        // The random SOPs do miss artefacts, on paths through their loops.
        #expect(checkedPaths > 200)
    }
}
