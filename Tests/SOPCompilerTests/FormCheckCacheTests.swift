import Foundation
import Testing

@testable import SOPCompiler

/// The editor's session reports `form-overflow` as `sopc check` does (``FormCheckCache``): after every edit
/// of a random sequence — texts made longer or shorter, an SOP renamed, a call moved, a role renamed in the
/// project file, a called SOP's time changed, an SOP added or removed — the session's report with the form
/// check is the whole check's, while only the forms an edit can change are checked again.
@Suite struct FormCheckCacheTests {
    typealias Random = FormOverflowBoundTests.Random

    /// `count` words, the same for the same `key` (each text of the project has its own).
    static func words(_ count: Int, _ key: UInt64) -> String {
        var random = Random(state: key)
        let pool = ["menyusun", "konsep", "naskah", "dinas", "laporan", "kinerja", "memeriksa", "kelengkapan", "berkas"]
        return (0..<max(1, count)).map { _ in pool.randomElement(using: &random)! }.joined(separator: " ")
    }

    /// A project of five SOPs calling one another down a chain, every text a random number of words.
    struct Project {
        var roleWords = [2, 2, 3]
        var names = [3, 3, 3, 3, 3]
        var activity = [[Int]](repeating: [8, 8, 8, 8], count: 5)
        var notes = [[Int]](repeating: [0, 0, 0, 0], count: 5)
        var minutes = [10, 10, 10, 10, 10]
        var callee: [Int?] = [1, 2, 3, 4, nil]
        var present = [true, true, true, true, true]
        var allow = [false, false, false, false, false]
        var related: [Int?] = [nil, nil, nil, nil, nil]

        func files() -> [String: [UInt8]] {
            var project = "sopc: 1\norganization:\n  name: Biro Uji\nroles:\n"
            for (r, n) in roleWords.enumerated() { project += "  r\(r): { name: \(words(n, UInt64(r))) }\n" }
            var files = ["sopc.yaml": Array(project.utf8)]
            for k in 0..<5 where present[k] {
                var text = "sop: s\(k)\nname: \(words(names[k], UInt64(100 + k)))\n"
                if allow[k] { text += "allow: [form-overflow]\n" }
                if let r = related[k], present[r] { text += "identity:\n  related: [s\(r)]\n" }
                text += "steps:\n"
                for i in 0..<4 {
                    text +=
                        "  - id: t\(i)\n    activity: \(words(activity[k][i], UInt64(1000 + 10 * k + i)))\n    actor: r\(i % 3)\n"
                    text += "    time: \(i == 0 ? minutes[k] : 5) menit\n"
                    if notes[k][i] > 0 { text += "    notes: \(words(notes[k][i], UInt64(2000 + 10 * k + i)))\n" }
                    if i == 1, let c = callee[k], present[c] { text += "    call: s\(c)\n" }
                }
                files["s\(k).sop.yaml"] = Array(text.utf8)
            }
            return files
        }
    }

    @Test func theSessionReportsTheFormsAsTheWholeCheckDoes() {
        var random = Random(state: 7)
        var project = Project()
        var files = project.files()
        let session = CheckSession(files: files, displayPrefix: "d")
        let forms = FormCheckCache()
        var overflowing = 0
        var partial = 0
        var clean = 0
        for round in 0..<200 {
            let k = Int.random(in: 0..<5, using: &random)
            let long = [4, 60, 300, 900].randomElement(using: &random)!
            let what: String
            switch Int.random(in: 0..<10, using: &random) {
            case 0:
                project.activity[k][Int.random(in: 0..<4, using: &random)] = Int.random(in: 1...long, using: &random)
                what = "activity of s\(k)"
            case 1:
                project.notes[k][Int.random(in: 0..<4, using: &random)] = Int.random(in: 0...long, using: &random)
                what = "notes of s\(k)"
            case 2:
                project.names[k] = Int.random(in: 1...long, using: &random)
                what = "name of s\(k)"
            case 3:
                project.roleWords[Int.random(in: 0..<3, using: &random)] = Int.random(in: 1...min(long, 60), using: &random)
                what = "a role's name"
            case 4:
                project.minutes[k] = Int.random(in: 1...100_000, using: &random)
                what = "time of s\(k)"
            case 5:
                project.callee[k] = k < 4 && Bool.random(using: &random) ? Int.random(in: (k + 1)..<5, using: &random) : nil
                what = "call of s\(k)"
            case 6:
                project.present[k].toggle()
                if !project.present.contains(true) { project.present[k] = true }
                what = "s\(k) added or removed"
            case 7:
                project.allow[k].toggle()
                what = "allow of s\(k)"
            case 8:
                project.related[k] = project.related[k] == nil ? (k + 2) % 5 : nil
                what = "related of s\(k)"
            default:
                what = "nothing"
            }
            let next = project.files()
            for rel in Set(files.keys).union(next.keys) where files[rel] != next[rel] { session.update(rel, to: next[rel]) }
            files = next
            var incremental = session.check()
            forms.apply(to: &incremental)
            let whole = Pipeline.check(files: files, displayPrefix: "d")
            let text = { (r: CheckResult) in DiagnosticRenderer(colour: false, result: r).text(r.diagnostics) }
            #expect(text(incremental) == text(whole), "round \(round): \(what)")
            if whole.diagnostics.contains(where: { $0.id == .formOverflow }) { overflowing += 1 }
            if let checked = incremental.checked {
                clean += 1
                if forms.lastChecked < checked.sopsInIDOrder.count { partial += 1 }
            }
        }
        // The forms overflowed in many rounds, and most rounds without errors checked only some forms again.
        #expect(overflowing >= 20, "\(overflowing) rounds with form-overflow")
        #expect(clean >= 100 && partial * 4 >= clean * 3, "\(partial) of \(clean) rounds without errors checked some forms only")
    }

    /// A called SOP's name is printed in its caller's Ket: made long, it makes the caller's call row too tall,
    /// though the caller's file did not change; made short again, the warning goes.
    @Test func aCalledSOPsNameReachesItsCallersForm() {
        var project = Project()
        project.names[1] = 2
        let session = CheckSession(files: project.files(), displayPrefix: "d")
        let forms = FormCheckCache()
        func check() -> [Diagnostic] {
            var result = session.check()
            forms.apply(to: &result)
            return result.diagnostics.filter { $0.id == .formOverflow && $0.file == "d/s0.sop.yaml" }
        }
        #expect(check().isEmpty)
        for (words, expected) in [(600, true), (2, false)] {
            project.names[1] = words
            session.update("s1.sop.yaml", to: project.files()["s1.sop.yaml"])
            let found = check()
            #expect(found.contains { $0.message.contains("step 't1' is taller than a printed page") } == expected, "\(found)")
            #expect(forms.lastChecked == 3, "s1 itself, s0 that calls it, s2 that it calls")
        }
    }

    /// A called SOP's main-path total is printed under its caller's table, in the line of each correction
    /// loop that runs through the call: made long, it wraps that line, the time totals take more room, and
    /// the caller's tallest row no longer fits a page, though the caller's file did not change. Which row
    /// length and loop length show this is searched for with the whole check, so the test does not depend on
    /// the layout's numbers.
    @Test func aCalledSOPsTotalReachesItsCallersForm() throws {
        let short = "1 menit"
        let long = "12347-67891 menit"
        func callee(_ time: String) -> [UInt8] {
            Array(
                "sop: c\nname: Sub prosedur\nsteps:\n  - id: u0\n    activity: Memeriksa\n    actor: r0\n    time: \(time)\n".utf8
            )
        }
        // Three correction loops back to the first step, each line of the totals below the table; the first
        // loop runs through `away` rows, the call among them.
        func caller(words: Int, away: Int) -> [UInt8] {
            var text = "sop: a\nname: Prosedur uji\nsteps:\n"
            text += "  - id: m0\n    activity: \(FormCheckCacheTests.words(words, 9))\n    actor: r0\n    time: 5 menit\n"
            for loop in 0..<3 {
                let rows = loop == 0 ? away : 1
                text += "  - id: d\(loop)\n    activity: Memeriksa\n    actor: r1\n    time: 5 menit\n"
                text += "    decision: Sesuai?\n    yes: \(loop == 2 ? "m1" : "d\(loop + 1)")\n    no: f\(loop)x0\n"
                for r in 0..<rows {
                    text += "  - id: f\(loop)x\(r)\n    activity: Memperbaiki\n    actor: r0\n"
                    text += loop == 0 && r == 0 ? "    call: c\n" : "    time: 5 menit\n"
                    if r == rows - 1 { text += "    next: m0\n" }
                }
            }
            text += "  - id: m1\n    activity: Selesai\n    actor: r1\n    time: 5 menit\n"
            return Array(text.utf8)
        }
        let projectFile = Array(
            "sopc: 1\norganization:\n  name: Biro Uji\nroles:\n  r0: { name: Analis }\n  r1: { name: Kepala }\n".utf8)
        func files(words: Int, away: Int, time: String) -> [String: [UInt8]] {
            ["sopc.yaml": projectFile, "a.sop.yaml": caller(words: words, away: away), "c.sop.yaml": callee(time)]
        }
        func overflows(_ files: [String: [UInt8]]) -> Bool {
            Pipeline.check(files: files, displayPrefix: "d").diagnostics.contains { $0.id == .formOverflow }
        }
        /// The fewest words of the first step's activity that make it overflow.
        func fewestWords(away: Int, time: String) -> Int? {
            var (low, high) = (1, 3000)
            guard overflows(files(words: high, away: away, time: time)) else { return nil }
            while low < high {
                let mid = (low + high) / 2
                if overflows(files(words: mid, away: away, time: time)) { high = mid } else { low = mid + 1 }
            }
            return low
        }
        var found: (words: Int, away: Int)?
        for away in 8...40 {
            if let withShort = fewestWords(away: away, time: short), let withLong = fewestWords(away: away, time: long),
                withLong < withShort
            {
                found = (withLong, away)
                break
            }
        }
        let (words, away) = try #require(found, "no loop length where the called SOP's total changes the caller's form")

        let session = CheckSession(files: files(words: words, away: away, time: short), displayPrefix: "d")
        let forms = FormCheckCache()
        let text = { (r: CheckResult) in DiagnosticRenderer(colour: false, result: r).text(r.diagnostics) }
        var seen: [Bool] = []
        for time in [short, long, short] {
            let now = files(words: words, away: away, time: time)
            session.update("c.sop.yaml", to: now["c.sop.yaml"])
            var incremental = session.check()
            forms.apply(to: &incremental)
            let whole = Pipeline.check(files: now, displayPrefix: "d")
            #expect(text(incremental) == text(whole), "c's time: \(time)")
            seen.append(incremental.diagnostics.contains { $0.id == .formOverflow && $0.file == "d/a.sop.yaml" })
        }
        #expect(seen == [false, true, false])
    }
}
