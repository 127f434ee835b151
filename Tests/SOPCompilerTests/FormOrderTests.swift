import Foundation
import Testing

@testable import SOPCompiler

/// The index's order (by Nomor SOP, numbers compared as numbers) and Keterkaitan's callers.
@Suite struct FormOrderTests {
    @Test(arguments: [
        ("555/012", "555/013", true), ("555/013", "555/012", false), ("9", "10", true), ("SOP-2/2024", "SOP-10/2024", true),
        ("800/015/SOP-Humas/2024", "800/015/SOP-Humas/2025", true), ("a", "b", true), ("7", "8", true),
        // Equal as numbers: the text decides, so that the order is total.
        ("007", "7", true),
    ])
    func numbersCompareAsNumbers(_ a: String, _ b: String, _ before: Bool) {
        #expect(IndexPage.numberOrder(a, b) == before)
        #expect(IndexPage.numberOrder(b, a) == !before)
        #expect(IndexPage.numberOrder(a, a) == nil)
    }

    @Test func indexListsSOPsByNumberThenName() throws {
        func sop(_ id: String, _ name: String, _ number: String?) -> String {
            """
            sop: \(id)
            name: \(name)
            \(number.map { "identity:\n  number: \"\($0)\"" } ?? "")
            steps:
              - { id: a, activity: Menerima, actor: kabiro, time: 5 menit }
            """
        }
        let dir = try temporaryProject([
            "sopc.yaml": minimalProject,
            "a.sop.yaml": sop("a", "Tanpa nomor", nil),
            "b.sop.yaml": sop("b", "Kedua", "555/013"),
            "c.sop.yaml": sop("c", "Kesepuluh", "555/100"),
            "d.sop.yaml": sop("d", "Pertama", "555/012"),
            "e.sop.yaml": sop("e", "Juga pertama", "555/012"),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Pipeline.check(directory: dir.path)
        #expect(result.errorCount == 0)
        let plan = try #require(Pipeline.outputs(of: result))
        let index = String(decoding: try #require(plan.files.first { $0.path == "index.html" }).bytes, as: UTF8.self)
        let order = ["Juga pertama", "Pertama", "Kedua", "Kesepuluh", "Tanpa nomor"].map {
            index.range(of: ">\($0)</a>")?.lowerBound
        }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
    }

    /// A called SOP's Keterkaitan names the SOPs that call it, after those it calls and before `related:`.
    @Test func keterkaitanListsCallersToo() throws {
        let result = try Pipeline.check(directory: Paths.definitions.path)
        let model = result.model
        var callersSeen = 0
        for sop in model.sops {
            let table = FormTable(sop, in: checked(model))
            let callees = sop.steps.compactMap { $0.call?.id }
            let callers = model.sops.filter { $0.steps.contains { $0.call?.id == sop.sopID } }.map(\.sopID).sorted()
            var expected: [String] = []
            for id in callees + callers + sop.identity.related.map(\.id) where !expected.contains(id) { expected.append(id) }
            #expect(table.related.map(\.sopID) == expected, "\(sop.sopID)")
            callersSeen += callers.count
            let identity = FormIdentity(table, model: model)
            for caller in callers { #expect(identity.related.contains("SOP " + model.sop(caller)!.name)) }
        }
        #expect(callersSeen >= 2, "definitions/ should have called SOPs")
    }
}

/// The decision's question: inside its diamond on the printed form, and under the table in the Markdown.
@Suite struct DecisionQuestionTests {
    @Test func questionIsPrintedByItsDiamondAndInTheMarkdown() throws {
        let result = try Pipeline.check(directory: Paths.definitions.path)
        let plan = try #require(Pipeline.outputs(of: result))
        var asked = 0
        for sop in result.model.sops {
            let table = FormTable(sop, in: checked(result.model))
            let layout = FlowLayout(table, timing: FormTiming(table))
            let html = String(
                decoding: try #require(plan.files.first { $0.path == "\(sop.sopID)/\(sop.sopID).html" }).bytes, as: UTF8.self)
            let md = String(
                decoding: try #require(plan.files.first { $0.path == "\(sop.sopID)/\(sop.sopID).md" }).bytes, as: UTF8.self)
            for (i, row) in table.rows.enumerated() {
                guard let question = row.step.decision?.value else { continue }
                asked += 1
                // The layout's lines are the question's words, in order; the page writes them in a diamond.
                let set = try #require(layout.questions[i], "\(sop.sopID) row \(row.number)")
                #expect(set.lines.joined(separator: " ") == question.split(separator: " ").joined(separator: " "))
                let diamond = try #require(
                    layout.pages.flatMap(\.shapes).first { $0.kind == .diamond && !$0.dashed && $0.lines == set.lines })
                for line in set.lines {
                    #expect(html.contains(">\(line)</tspan>"), "\(sop.sopID): '\(line)' is not printed")
                    #expect(TextMetrics.measure(Substring(line), pt: set.size / 25.4 * 72) < diamond.w)
                }
                #expect(md.contains("- No \(row.number): \(question) Ya → "), "\(sop.sopID): no question in the Markdown")
                // The Kegiatan stays exactly as written.
                #expect(row.activity == row.step.activity)
            }
        }
        #expect(asked >= 5)
    }

    /// A question with a word too wide for any diamond of its column ("Informasi termasuk yang
    /// dikecualikan?" in a four-actor form) is set inside the diamond with the word divided between
    /// syllables, not cut off: the form check has nothing to report.
    @Test func longWordIsDividedBetweenSyllables() throws {
        let planner = Paths.fixtures.appendingPathComponent("cascade/planner/definitions")
        let result = try Pipeline.check(directory: planner.path)
        #expect(result.diagnostics.map(\.id.rawValue) == [])
        let sop = try #require(result.model.sop("ppid"))
        let table = FormTable(sop, in: checked(result.model))
        let layout = FlowLayout(table, timing: FormTiming(table))
        let row = try #require(table.rows.firstIndex { $0.step.decision?.value == "Informasi termasuk yang dikecualikan?" })
        let set = try #require(layout.questions[row])
        #expect(set.lines.contains { $0.hasSuffix("-") })
        #expect(
            set.lines.map { $0.hasSuffix("-") ? String($0.dropLast()) : $0 + " " }.joined()
                == "Informasi termasuk yang dikecualikan? ")
        let diamond = try #require(layout.pages.flatMap(\.shapes).first { $0.kind == .diamond && $0.lines == set.lines })
        for line in set.lines { #expect(TextMetrics.measure(Substring(line), pt: set.size / 25.4 * 72) < diamond.w) }
    }

    /// Words are divided between Indonesian syllables: before a consonant (or `ng`, `ny`, `kh`, `sy`) that a
    /// vowel follows, two letters at least on each side.
    @Test func syllableBreaks() {
        func breaks(_ word: String) -> String {
            let w = Substring(word)
            var out = ""
            for i in w.indices {
                if i != w.startIndex && TextMetrics.syllableBreak(w, before: i) { out += "-" }
                out.append(w[i])
            }
            return out
        }
        #expect(breaks("dikecualikan?") == "di-ke-cua-li-kan?")
        #expect(breaks("menyampaikan") == "me-nyam-pai-kan")
        #expect(breaks("pengesahan") == "pe-nge-sa-han")
        #expect(breaks("konsep") == "kon-sep")
        #expect(breaks("akhirnya") == "akhir-nya")
        #expect(breaks("SK-01") == "SK-01")
        // At a width that holds "dikecuali-" but not the word, the word is cut there, never mid-syllable.
        let pt = 6.0
        let width = TextMetrics.measure("dikecuali-", pt: pt) + 0.01
        #expect(TextMetrics.wrap("dikecualikan?", width: width, pt: pt, hyphenate: true) == ["dikecuali-", "kan?"])
        // A word with no syllable break that fits is divided between characters.
        #expect(
            TextMetrics.wrap("NIP19700305", width: TextMetrics.measure("NIP1970-", pt: pt) + 0.01, pt: pt, hyphenate: true) == [
                "NIP1970-", "0305",
            ])
    }
}
