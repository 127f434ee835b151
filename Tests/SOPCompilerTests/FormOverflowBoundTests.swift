import Foundation
import Testing

@testable import SOPCompiler
@testable import SOPFont
@testable import SOPOutputs

/// `form-overflow` does not lay out a form whose texts are short enough to show that nothing can overflow
/// (``FormOverflowBound``). The bound must never hide an overflow: checked here on random texts against the
/// layout's own line count, and on random projects whose texts run from short to far too long, against
/// the check with the layout always run.
@Suite struct FormOverflowBoundTests {
    /// A deterministic generator (SplitMix64), so that a failure can be run again.
    typealias Random = BuildFaultTests.Seeded

    /// No character is wider than ``FormFont/widestPerUTF8Byte`` per byte of its UTF-8 form, in either
    /// weight, as the layout measures it (a character the font lacks included).
    @Test func noCharacterIsWiderPerByteThanTheWidest() {
        var widest = 0.0
        for value in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(value) else { continue }
            let bytes = Double(String(Character(s)).utf8.count)
            widest = max(widest, TextMetrics.width(s, bold: false) / bytes, TextMetrics.width(s, bold: true) / bytes)
        }
        #expect(widest <= FormFont.widestPerUTF8Byte)
        // Not a bound far above what is needed: `@`, the widest ASCII character, sets it.
        #expect(FormFont.widestPerUTF8Byte == max(1, TextMetrics.width("@", bold: false)))
    }

    /// ``FormOverflowBound/linesAtMost(bytes:width:pt:)`` is never less than the lines the layout counts, on
    /// texts of every kind: long and short words, words longer than the line, wide and unknown characters,
    /// invisible ones, line ends, several spaces in a row.
    @Test func theLineBoundIsAtLeastTheLayoutsCount() {
        var random = Random(state: 14)
        let pieces = [
            "a", "i", "l", "W", "@", "m", "Menyusun", "konsep", "naskah", "é", "ñ", "Ω", "…", "‰", "あ", "😀", "\u{200D}",
            "-", "/", "1", "MMMMMMMMMMMMMMMMMMMMMMMM", "@@@@@@@@@@@@@@@@", "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiii",
        ]
        let separators = [" ", " ", " ", "  ", "\t", "\n", "\r\n", "\r", ""]
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                text += pieces.randomElement(using: &random)! + separators.randomElement(using: &random)!
            }
            let width = Double.random(in: 1...90, using: &random)
            let pt = [5.5, 6.5, 8.0, 8.5, 9.0, 10.5].randomElement(using: &random)!
            let bold = Bool.random(using: &random)
            let lines = Double(TextMetrics.lines(text, width: width, pt: pt, bold: bold))
            let bound = FormOverflowBound.linesAtMost(bytes: text.utf8.count, width: width, pt: pt)
            #expect(lines <= bound, "\(text.debugDescription) in \(width) mm at \(pt) pt: \(lines) > \(bound)")
        }
        // The worst cases: words of `@` just wider than half a line (one word a line), or than a line (one
        // word and a broken piece of it a line).
        var closest = 0.0
        for _ in 0..<5_000 {
            let width = Double.random(in: 1...90, using: &random)
            let pt = [5.5, 8.5, 10.5].randomElement(using: &random)!
            let at = TextMetrics.measure("@", pt: pt)
            let fraction = [0.5, 1.0, 2.0].randomElement(using: &random)!
            let word = String(repeating: "@", count: max(1, Int((width * fraction / at).rounded(.down)) + 1))
            let text = Array(repeating: word, count: Int.random(in: 1...30, using: &random)).joined(separator: " ")
            let lines = Double(TextMetrics.lines(text, width: width, pt: pt))
            let bound = FormOverflowBound.linesAtMost(bytes: text.utf8.count, width: width, pt: pt)
            #expect(lines <= bound, "\(text.count) characters in \(width) mm at \(pt) pt: \(lines) > \(bound)")
            closest = max(closest, (lines - 1) / (bound - 1))
        }
        // Which they come close to: the bound is not much looser than it must be.
        #expect(closest > 0.8, "\(closest)")
    }

    /// A text for YAML: double-quoted, from letters, spaces and a few wide or non-ASCII characters.
    static func text(_ length: Int, _ random: inout Random) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz     WM@éñ")
        var s = "X"
        while s.count < length { s.append(letters.randomElement(using: &random)!) }
        return "\"" + s + "\""
    }

    /// A length: short, or in `chance` cases out of 100 near a form's limits or far past them.
    static func length(_ random: inout Random, short: Int, long: Int, chance: Int) -> Int {
        guard Int.random(in: 0..<100, using: &random) < chance else { return Int.random(in: 1...short, using: &random) }
        return Bool.random(using: &random)
            ? Int.random(in: short...long, using: &random) : Int.random(in: long...(long * 4), using: &random)
    }

    /// A project of two SOPs (one calling the other) with random texts of random lengths.
    static func project(_ random: inout Random) -> [String: [UInt8]] {
        // Some projects with every text short, others with a long one here and there, or many.
        let chance = [0, 0, 2, 5, 20].randomElement(using: &random)!
        func t(_ short: Int, _ long: Int) -> String {
            text(length(&random, short: short, long: long, chance: chance), &random)
        }
        let roleCount = Int.random(in: 1...12, using: &random)
        var project = """
            sopc: 1
            organization:
              name: \(t(30, 160))
              parents: [\(t(30, 120))]
            roles:

            """
        for r in 0..<roleCount { project += "  r\(r): { name: \(t(20, 90)), title: \(t(40, 200)) }\n" }
        project += "artefacts:\n"
        for a in 0..<3 { project += "  p\(a): \(t(30, 220))\n" }
        project += "equipment:\n  alat: \(t(20, 200))\n"

        func sop(_ id: String, calls: String?) -> String {
            var s = """
                sop: \(id)
                name: \(t(50, 800))
                identity:
                  number: \(t(20, 200))
                  created: 2024-01-02
                  approved_by: { role: r0, name: \(t(20, 80)), nip: "197005121995031002" }
                  legal_basis: [\(t(100, 1500)), \(t(60, 300))]
                  qualifications: [\(t(60, 400))]
                  equipment: [alat, \(t(30, 400))]
                  warnings: [\(t(60, 500))]
                  records: [\(t(60, 500))]
                inputs: [p0, p1, p2]
                artefacts:
                  hasil: \(t(30, 250))
                outputs: [hasil]
                steps:

                """
            let count = Int.random(in: 3...9, using: &random)
            for i in 0..<count {
                let actor = "r\(Int.random(in: 0..<roleCount, using: &random))"
                let needs = (0..<Int.random(in: 0...3, using: &random)).map { "p\($0)" }.joined(separator: ", ")
                s += "  - id: s\(i)\n    activity: \(t(80, 400))\n    actor: \(actor)\n    needs: [\(needs)]\n"
                s += "    time: \(["10 menit", "1-2 hari kerja", "2 jam"].randomElement(using: &random)!)\n"
                if Int.random(in: 0..<3, using: &random) == 0 { s += "    notes: \(t(100, 600))\n" }
                if i == count - 1 { s += "    makes: [hasil]\n" }
                if i == 1, let calls { s += "    call: \(calls)\n" }
                if i == 2 && count > 3 {
                    s += "    decision: \(t(20, 200))\n    yes: s3\n    no: s1\n"
                }
            }
            return s
        }
        return [
            "sopc.yaml": Array(project.utf8),
            "utama.sop.yaml": Array(sop("utama", calls: "anak").utf8),
            "anak.sop.yaml": Array(sop("anak", calls: nil).utf8),
        ]
    }

    /// On random projects, the check reports exactly what it reports when it lays out every form; the bound
    /// lets through only forms with nothing to report, and both kinds of form occur.
    @Test func theBoundedCheckReportsWhatTheLayoutFinds() {
        var random = Random(state: 2026)
        var (checkedProjects, skipped, laidOut, overflowing) = (0, 0, 0, 0)
        var kinds = Set<String>()
        for _ in 0..<300 {
            let result = Pipeline.check(files: Self.project(&random))
            guard let checked = result.checked else { continue }
            checkedProjects += 1
            for sop in checked.sopsInIDOrder {
                let callers = checked.callers[sop.sopID] ?? []
                let table = FormTable(sop, in: checked)
                let bounded = FormOverflowCheck.diagnostics(of: sop, table: table, model: checked.model, callers: callers)
                let full = FormOverflowCheck.diagnostics(
                    of: sop, table: table, model: checked.model, callers: callers, bounded: false)
                #expect(bounded.map(\.diagnostic) == full.map(\.diagnostic), "\(sop.sopID)")
                #expect(bounded.map(\.once) == full.map(\.once), "\(sop.sopID)")
                // The identity page's header table, bounded from its texts' lengths, is never lower than set.
                let head = IdentityLayout(FormIdentity(sop, related: [], model: checked.model), paginating: false)
                #expect(FormOverflowBound.headAtMost(sop, model: checked.model) >= head.headHeight())
                let fits = FormOverflowBound.fits(sop, model: checked.model, callers: callers)
                if fits {
                    skipped += 1
                    #expect(full.isEmpty, "the bound let through a form that overflows: \(full.map(\.diagnostic))")
                } else {
                    laidOut += 1
                }
                if !full.isEmpty { overflowing += 1 }
                for (d, _) in full { kinds.insert(d.help ?? "") }
            }
        }
        #expect(checkedProjects >= 200, "\(checkedProjects) projects without errors")
        #expect(skipped >= 30, "\(skipped) forms not laid out")
        #expect(overflowing >= 30, "\(overflowing) forms that overflow")
        // Every kind of overflow: a row, an actor's name, a question, the title or an identity text (one help
        // each, the title's and the identity's shared).
        #expect(kinds.count == 4, "\(kinds.sorted())")
        #expect(laidOut > overflowing, "\(laidOut) laid out, \(overflowing) overflow: some fit without the bound showing it")
    }

    /// The repository's own SOPs, the seed's LAKIP procedure and its sub-SOPs, are shown to fit without
    /// being laid out.
    @Test func theSeedSOPsFitByTheBound() throws {
        let result = try Pipeline.check(directory: Paths.definitions.path)
        let checked = try #require(result.checked)
        for sop in checked.sopsInIDOrder {
            #expect(
                FormOverflowBound.fits(sop, model: checked.model, callers: checked.callers[sop.sopID] ?? []), "\(sop.sopID)")
        }
    }
}
