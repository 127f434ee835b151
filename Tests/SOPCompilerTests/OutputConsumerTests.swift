import Foundation
import Testing

@testable import SOPCompiler

/// The CSV and Markdown outputs read back by real consumers — Python's csv module, cmark-gfm (the renderer
/// GitHub uses) and mermaid.js — give every text exactly as written, whatever characters it holds (a CSV
/// cell after dropping the leading `'` that defuses a formula).
@Suite(.tags(.consumer), .notInFastLoop) struct OutputConsumerTests {
    struct Built {
        var plan: OutputPlan
        var model: ProjectModel
    }

    static func build(_ fixture: String) throws -> Built {
        let definitions = BuildFixtureTests.root.appendingPathComponent(fixture).appendingPathComponent("definitions")
        let result = try Checker.check(directory: definitions.path, displayPrefix: fixture)
        try #require(result.errorCount == 0)
        return Built(plan: OutputPlan(result.lowered!), model: result.model)
    }

    /// The table as a reader must see it: header, then one row per step.
    static func expectedTable(_ table: FormTable) -> [[String]] {
        var rows = [["No", "Kegiatan"] + table.columns.map(\.name) + ["Kelengkapan", "Waktu", "Output", "Ket"]]
        for row in table.rows {
            rows.append(
                [String(row.number), row.activity]
                    + table.columns.indices.map { $0 == row.symbolColumn ? row.symbol.rawValue : "" }
                    + [row.requirements, row.time, row.output, row.remarks])
        }
        return rows
    }

    /// Runs a consumer script on one output file and decodes what it prints.
    static func consume<T: Decodable>(_ script: String, _ bytes: [UInt8], as: T.Type) throws -> T {
        let file = Scratch.folder.appendingPathComponent("sopc-consumer-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let path = Paths.repo.appendingPathComponent("Tests/consumers/\(script)").path
        let r = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", path, file.path])
        try #require(r.status == 0, "\(script) failed (scripts/run setup installs its Python packages): \(r.stderr)")
        return try JSONDecoder().decode(T.self, from: Data(r.stdout.utf8))
    }

    static let fixtures = ["escaping", "seven-actors", "ends-early"]

    @Test(arguments: fixtures)
    func csvReadsBackAsTheTable(_ fixture: String) throws {
        let built = try Self.build(fixture)
        for sop in built.model.sops {
            let file = try #require(built.plan.files.first { $0.path == "\(sop.sopID)/\(sop.sopID).csv" })
            let rows = try Self.consume("read_csv.py", file.bytes, as: [[String]].self)
            // A cell a spreadsheet could take for a formula has a leading `'` (CSVTable.defuse); dropping one
            // gives the text back.
            let texts = rows.map { $0.map { $0.hasPrefix("'") ? String($0.dropFirst()) : $0 } }
            #expect(texts == Self.expectedTable(FormTable(sop, in: checked(built.model))), "\(file.path)")
        }
    }

    struct MarkdownView: Decodable {
        struct Code: Decodable {
            var lang: String
            var text: String
        }

        var h1: [String]
        var tables: [[[String]]]
        var lists: [[String]]
        var code: [Code]
    }

    @Test(arguments: fixtures)
    func markdownRendersTextsAsWritten(_ fixture: String) throws {
        let built = try Self.build(fixture)
        for sop in built.model.sops {
            let file = try #require(built.plan.files.first { $0.path == "\(sop.sopID)/\(sop.sopID).md" })
            let view = try Self.consume("read_markdown.py", file.bytes, as: MarkdownView.self)
            let table = FormTable(sop, in: checked(built.model))
            let identity = FormIdentity(table, model: built.model)
            #expect(view.h1 == ["SOP " + sop.name])
            try #require(view.tables.count == 2, "\(file.path): the identity table and the flowchart table")
            let approver = [
                identity.approverTitle, identity.approverName, identity.approverNIP.isEmpty ? "" : "NIP " + identity.approverNIP,
            ]
            .filter { !$0.isEmpty }.joined(separator: "\n")
            let shown = { (s: String) in s.isEmpty ? "-" : s }
            #expect(
                view.tables[0] == [
                    ["Unsur", "Isi"], ["Nomor SOP", shown(identity.number)], ["Tanggal Pembuatan", shown(identity.created)],
                    ["Tanggal Revisi", shown(identity.revised)], ["Tanggal Efektif", shown(identity.effective)],
                    ["Disahkan oleh", shown(approver)], ["Nama SOP", identity.name],
                ], "\(file.path)")
            #expect(view.tables[1] == Self.expectedTable(table), "\(file.path)")
            // The identity lists, in the form's order, each printed only when it has items; then the times.
            let lists = [
                identity.legalBasis, identity.qualifications, identity.related, identity.equipment, identity.warnings,
                identity.records,
            ].filter { !$0.isEmpty }
            // Then each decision's question and where its answers lead, when the SOP has decisions.
            let questions = table.rows.compactMap { row in
                row.step.decision.map { _ in row.number }
            }
            let decisionLists = questions.isEmpty ? 0 : 1
            try #require(view.lists.count == lists.count + decisionLists + 1, "\(file.path)")
            #expect(Array(view.lists.prefix(lists.count)) == lists, "\(file.path)")
            if decisionLists == 1 {
                let decisions = view.lists[lists.count]
                #expect(decisions.count == questions.count)
                for (item, number) in zip(decisions, questions) {
                    let question = table.rows[number - 1].step.decision!.value
                    #expect(item.hasPrefix("No \(number): \(question) Ya → "), "\(file.path): \(item)")
                }
            }
            #expect(view.lists.last?.first?.hasPrefix("Jalur utama") == true)
            #expect(view.code.map(\.lang) == ["mermaid"])
            if let mermaid = view.code.first?.text { try Self.expectMermaid(mermaid, table, file.path) }
        }
    }

    /// The Mermaid source: a node per row, in the row's shape, whose label decodes to the row's text; an
    /// arrow per flow, Ya/Tidak on a decision's; no raw quote, `#` or `<` inside a label.
    static func expectMermaid(_ text: String, _ table: FormTable, _ file: String) throws {
        // A line break inside a label continues the node's line.
        var lines: [String] = []
        var open = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if open { lines[lines.count - 1] += "\n" + line } else if !line.isEmpty { lines.append(line) }
            if line.filter({ $0 == "\"" }).count % 2 == 1 { open.toggle() }
        }
        #expect(lines.first == "flowchart TD")
        var labels: [String: (shape: String, text: String)] = [:]
        var edges: Set<String> = []
        let node = try Regex(#"^    (r\d+|selesai)(\(\[|\[|\{)"([^"]*)"(\]\)|\]|\})$"#)
        let edge = try Regex(#"^    (r\d+) -->(\|Ya\||\|Tidak\|)? (r\d+|selesai)$"#)
        for line in lines.dropFirst() {
            if let m = line.wholeMatch(of: node) {
                let label = String(m.output[3].substring!)
                #expect(
                    !label.contains("<") || label.replacingOccurrences(of: "<br>", with: "").firstIndex(of: "<") == nil, "\(line)"
                )
                labels[String(m.output[1].substring!)] = (String(m.output[2].substring!), decode(label))
            } else if let m = line.wholeMatch(of: edge) {
                edges.insert("\(m.output[1].substring!) \(m.output[2].substring ?? "") \(m.output[3].substring!)")
            } else {
                Issue.record("\(file): unexpected Mermaid line '\(line)'")
            }
        }
        var expectedEdges: Set<String> = []
        for row in table.rows {
            let label = try #require(labels["r\(row.number)"], "\(file): no node for row \(row.number)")
            let shape = row.symbol == .decision ? "{" : row.symbol == .process ? "[" : "(["
            #expect(label.shape == shape, "\(file): row \(row.number)")
            #expect(label.text == Self.nodeText(row), "\(file): row \(row.number)")
            let targets = table.targets(of: row.index)
            for (k, target) in targets.enumerated() {
                let arrow = targets.count == 2 ? (k == 0 ? "|Ya|" : "|Tidak|") : ""
                switch target {
                case .row(let t): expectedEdges.insert("r\(row.number) \(arrow) r\(t + 1)")
                case .end:
                    if row.index != table.rows.count - 1 || targets.count == 2 || labels["selesai"] != nil {
                        expectedEdges.insert("r\(row.number) \(arrow) selesai")
                    }
                }
            }
        }
        #expect(edges == expectedEdges, "\(file)")
    }

    /// What a row's node says: its number and activity, and a decision's question on a line of its own.
    static func nodeText(_ row: FormRow) -> String {
        "\(row.number). \(row.activity)" + (row.step.decision.map { "\n" + $0.value } ?? "")
    }

    struct MermaidView: Decodable {
        var nodes: [String: String?]
        var edges: [[String]]
    }

    /// The Mermaid flowchart as mermaid.js itself draws it: every node shows its row's text exactly, and the
    /// arrows are the flow, with Ya/Tidak on a decision's.
    @Test(arguments: fixtures)
    func mermaidDrawsTheFlow(_ fixture: String) throws {
        let built = try Self.build(fixture)
        for sop in built.model.sops {
            let file = try #require(built.plan.files.first { $0.path == "\(sop.sopID)/\(sop.sopID).md" })
            let diagrams = try Self.consume("read_mermaid.py", file.bytes, as: [MermaidView].self)
            try #require(diagrams.count == 1, "\(file.path)")
            let table = FormTable(sop, in: checked(built.model))
            var nodes: [String: String?] = [:]
            var edges: Set<[String]> = []
            var endsEarly = false
            for row in table.rows {
                nodes["r\(row.number)"] = Self.nodeText(row)
                let targets = table.targets(of: row.index)
                for (k, target) in targets.enumerated() {
                    let label = targets.count == 2 ? (k == 0 ? "Ya" : "Tidak") : ""
                    switch target {
                    case .row(let t): edges.insert(["r\(row.number)", "r\(t + 1)", label])
                    case .end:
                        if row.index != table.rows.count - 1 || targets.count == 2 { endsEarly = true }
                        edges.insert(["r\(row.number)", "selesai", label])
                    }
                }
            }
            if endsEarly {
                nodes["selesai"] = "Selesai"
            } else {
                edges = edges.filter { $0[1] != "selesai" }
            }
            #expect(diagrams[0].nodes == nodes, "\(file.path)")
            #expect(Set(diagrams[0].edges) == edges, "\(file.path)")
        }
    }

    /// Mermaid's entity codes and `<br>` back to text.
    static func decode(_ label: String) -> String {
        var out = label.replacingOccurrences(of: "<br>", with: "\n")
        for (code, char) in [
            ("#quot;", "\""), ("#amp;", "&"), ("#lt;", "<"), ("#gt;", ">"), ("#96;", "`"), ("#124;", "|"), ("#37;", "%"),
            ("#92;", "\\"), ("#58;", ":"), ("#35;", "#"),
        ] {
            out = out.replacingOccurrences(of: code, with: char)
        }
        return out
    }
}
