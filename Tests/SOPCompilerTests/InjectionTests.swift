import Foundation
import Testing

@testable import SOPCompiler
@testable import SOPFrontEnd
@testable import SOPOutputs

/// Issue 5, injection: texts that hold markup of every output format come out inert and readable.
///
/// `Fixtures/injection/definitions` puts HTML, SVG, XML (`]]>`, `&`, quotes, `<!--`, `<?…?>`, a DOCTYPE),
/// Markdown and Mermaid metacharacters (`|`, `*`, `[`, `]`, `` ` ``, `#`, `-->`, `;`, `%%{init…}%%`, `{}`,
/// `subgraph`, `click`, `style … fill:#…`, `fa:fa-…`, a literal `\n`, URLs), line breaks (LF, CR, U+2028),
/// TAB, bidi controls and spreadsheet formulas
/// (`=`, `+`, `-`, `@` at the start of a cell, also after TAB or CR) into every text the outputs print: the
/// organisation, its units, role names and titles, artefact and equipment names, the SOP's and a called
/// SOP's name, the identity texts, activities, questions and notes. Its build is compared with the build
/// of the same SOPs whose texts are plain (each character that is not a letter, a digit, a space or a line
/// break replaced by `x`), read by real consumers (`Tests/consumers/injection_view.py`, `read_mermaid.py`):
///
/// - HTML (html.parser): exactly the elements and attributes of the plain build, in the same order; no
///   comment or declaration; every text is a text node exactly as written.
/// - SCXML and BPMN (lxml, xmllint): well-formed, valid against the W3C SCXML and OMG BPMN 2.0 schemas,
///   the same elements and attributes as the plain build, no DOCTYPE, entity or processing instruction;
///   the BPMN names are the texts exactly, the SCXML comments hold them.
/// - Markdown (cmark-gfm, raw HTML let through): the same elements as the plain build (no list, heading,
///   code, link or HTML a text did not ask for); every heading, line, list item and table cell shows its
///   text. Mermaid (mermaid.js): the same nodes and arrows as the plain build, each label its text.
/// - CSV (Python's csv module): no cell a spreadsheet would take for a formula; each cell is its text
///   after dropping one leading `'` (``CSVTable/defuse(_:)``).
/// - machine.json: the same shape as the plain build; the texts exactly.
@Suite struct InjectionTests {
    static let definitions = Paths.fixtures.appendingPathComponent("injection/definitions")

    // MARK: - The two builds

    /// A checked project, its build plan, and the plan written to a folder.
    struct Built: Sendable {
        var model: ProjectModel
        var plan: OutputPlan
        var out: URL

        func file(_ path: String) -> [UInt8]? { plan.files.first { $0.path == path }?.bytes }
        var sops: [SOP] { model.sops.sorted { $0.sopID < $1.sopID } }
    }

    static func check() throws -> ProjectModel {
        let result = try Checker.check(directory: definitions.path, displayPrefix: "injection")
        guard result.errorCount == 0 else {
            throw FixtureError(
                "the injection fixture has errors:\n" + DiagnosticRenderer(colour: false, result: result).text(result.diagnostics)
            )
        }
        return result.model
    }

    static func write(_ model: ProjectModel, _ name: String) throws -> Built {
        let plan = OutputPlan(lowered(model))
        let out = Scratch.folder.appendingPathComponent("sopc-injection-\(name)-\(UUID().uuidString)")
        for file in plan.files {
            let url = out.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
        return Built(model: model, plan: plan, out: out)
    }

    /// A text with only letters, digits, spaces and line breaks: every other character becomes `x`, so the
    /// text keeps its length and its lines.
    static func plain(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { c in
                    c == " " || c == "\n" || c.properties.isAlphabetic || ("0"..."9").contains(c) ? c : "x"
                }))
    }

    /// The same project with every printed text made plain (ids, times and dates kept).
    static func plainTwin(_ model: ProjectModel) -> ProjectModel {
        var project = model.project
        if var p = project {
            p.organizationName = plain(p.organizationName)
            p.parents = p.parents.map(plain)
            for i in p.roles.indices {
                p.roles[i].name = plain(p.roles[i].name)
                p.roles[i].title = p.roles[i].title.map(plain)
            }
            for i in p.artefacts.indices { p.artefacts[i].name = plain(p.artefacts[i].name) }
            for i in p.equipment.indices { p.equipment[i].name = plain(p.equipment[i].name) }
            project = p
        }
        let equipmentIDs = Set(model.project?.equipment.map(\.ref.id) ?? [])
        let sops = model.sops.map { original -> SOP in
            var sop = original
            sop.name = plain(sop.name)
            sop.identity.number = sop.identity.number.map(plain)
            if var approval = sop.identity.approvedBy {
                approval.name = approval.name.map(plain)
                approval.nip = approval.nip.map(plain)
                sop.identity.approvedBy = approval
            }
            sop.identity.legalBasis = sop.identity.legalBasis.map(plain)
            sop.identity.qualifications = sop.identity.qualifications.map(plain)
            sop.identity.warnings = sop.identity.warnings.map(plain)
            sop.identity.records = sop.identity.records.map(plain)
            for i in sop.identity.equipment.indices where !equipmentIDs.contains(sop.identity.equipment[i].value) {
                sop.identity.equipment[i].value = plain(sop.identity.equipment[i].value)
            }
            for i in sop.artefacts.indices { sop.artefacts[i].name = plain(sop.artefacts[i].name) }
            sop.steps = original.steps.map { s in
                let step = Step(ref: s.ref, span: s.span)
                step.activity = plain(s.activity)
                step.actors = s.actors
                step.needs = s.needs
                step.time = s.time
                step.makes = s.makes
                step.notes = s.notes.map(plain)
                step.call = s.call
                step.next = s.next
                step.decision = s.decision.map { Text(value: plain($0.value), span: $0.span) }
                step.yes = s.yes
                step.no = s.no
                step.allow = s.allow
                return step
            }
            return sop
        }
        return ProjectModel(root: model.root, project: project, sops: sops)
    }

    // MARK: - What the consumers see

    struct FileView: Decodable {
        struct Code: Decodable {
            var lang: String?
            var text: String
        }

        var elements: [String]?
        var texts: [String]?
        var comments: [String]?
        var declarations: [String]?
        var blocks: [[String]]?
        var code: [Code]?
        var rows: [[String]]?
        var attributes: [String]?
        var pis: [String]?
        var doctype: String?
        var schema: String?
    }

    struct MermaidView: Decodable, Equatable {
        var nodes: [String: String?]
        var edges: [[String]]
    }

    struct Views: Sendable {
        var hostile: Built
        var plain: Built
        var hostileFiles: [String: FileView]
        var plainFiles: [String: FileView]
        var hostileMermaid: [String: [MermaidView]]
        var plainMermaid: [String: [MermaidView]]
    }

    static func python(_ script: String, _ arguments: [String]) throws -> RunResult {
        let path = Paths.repo.appendingPathComponent("Tests/consumers/\(script)").path
        var environment: [String: String] = [:]
        environment["SOPC_SHARED"] = Paths.shared.path
        return try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", path] + arguments, environment: environment)
    }

    static func consume(_ built: Built) throws -> ([String: FileView], [String: [MermaidView]]) {
        let r = try python("injection_view.py", [built.out.path])
        guard r.status == 0 else {
            throw FixtureError("injection_view.py failed (scripts/run setup installs its packages): \(r.stderr)")
        }
        let files = try JSONDecoder().decode([String: FileView].self, from: Data(r.stdout.utf8))
        var mermaid: [String: [MermaidView]] = [:]
        for sop in built.sops {
            let path = "\(sop.sopID)/\(sop.sopID).md"
            let m = try python("read_mermaid.py", [built.out.appendingPathComponent(path).path])
            guard m.status == 0 else { throw FixtureError("read_mermaid.py failed on \(path): \(m.stderr)") }
            mermaid[path] = try JSONDecoder().decode([MermaidView].self, from: Data(m.stdout.utf8))
        }
        return (files, mermaid)
    }

    /// Both builds and what the consumers make of them, computed once for all the tests.
    static let views: Result<Views, any Error> = Result {
        let model = try check()
        let hostile = try write(model, "hostile")
        let plain = try write(plainTwin(model), "plain")
        let (hostileFiles, hostileMermaid) = try consume(hostile)
        let (plainFiles, plainMermaid) = try consume(plain)
        return Views(
            hostile: hostile, plain: plain, hostileFiles: hostileFiles, plainFiles: plainFiles, hostileMermaid: hostileMermaid,
            plainMermaid: plainMermaid)
    }

    static func get() throws -> Views { try views.get() }

    static func paths(_ built: Built, _ suffix: String) -> [String] {
        built.plan.files.map(\.path).filter { $0.hasSuffix(suffix) }
    }

    // MARK: - The fixture

    /// Every text the outputs print, from the project and every SOP.
    static func texts(_ model: ProjectModel) -> [String] {
        var out: [String] = []
        if let p = model.project {
            out += [p.organizationName] + p.parents + p.roles.flatMap { [$0.name] + ($0.title.map { [$0] } ?? []) }
            out += p.artefacts.map(\.name) + p.equipment.map(\.name)
        }
        for sop in model.sops {
            out +=
                [sop.name] + [sop.identity.number, sop.identity.approvedBy?.name, sop.identity.approvedBy?.nip].compactMap { $0 }
            out += sop.identity.legalBasis + sop.identity.qualifications + sop.identity.warnings + sop.identity.records
            out += sop.identity.equipment.map(\.value) + sop.artefacts.map(\.name)
            for step in sop.steps { out += [step.activity] + [step.notes, step.decision?.value].compactMap { $0 } }
        }
        return out
    }

    /// The fixture keeps covering every kind of hostile text the issue names, in every kind of text.
    @Test func theFixtureHoldsEveryKindOfHostileText() throws {
        let model = try Self.check()
        let all = Self.texts(model)
        let joined = all.joined(separator: " ")
        for needle in [
            "<script>", "<svg", "<img", "<iframe", "]]>", "&", "\"", "'", "<!--", "-->", "<?", "<!DOCTYPE", "<![CDATA[", "|", "*",
            "_",
            "[", "]", "`", "#", ";", "%%", "%%{init", "{", "}", "\n", "\t", "\r", "\u{2028}", "\u{202E}", "javascript:",
            "http://",
            "subgraph", "click", "classDef", "style r1 fill:#", "fa:fa-", "\\n", "http://", "{init", "]]>",
        ] {
            #expect(joined.contains(needle), "no text holds '\(needle)'")
        }
        for start in ["=", "+", "-", "@", "\t=", "\r=", "-2+3+cmd|"] {
            #expect(all.contains { $0.hasPrefix(start) }, "no text starts with '\(start)'")
        }
        #expect(all.contains("-") && all.contains("-5") && all.contains("+62 812 3456 7890"))
        let project = try #require(model.project)
        // Every kind of text is hostile: the organisation, a role name and title, an artefact and equipment name,
        // the SOP's and a called SOP's name, the identity texts, an activity, a question and notes.
        func hostile(_ s: String) -> Bool { Self.plain(s) != s }
        #expect(hostile(project.organizationName) && project.parents.allSatisfy(hostile))
        #expect(project.roles.allSatisfy { hostile($0.name) } && project.artefacts.allSatisfy { hostile($0.name) })
        #expect(project.equipment.allSatisfy { hostile($0.name) })
        for sop in model.sops { #expect(hostile(sop.name)) }
        let uji = try #require(model.sop("uji"))
        #expect(uji.steps.contains { $0.call != nil })
        #expect(uji.steps.allSatisfy { hostile($0.activity) && hostile($0.notes ?? "") })
        #expect(uji.steps.compactMap(\.decision).allSatisfy { hostile($0.value) })
    }

    /// `sopc build` itself writes these files, with the warnings allowed and exit 0.
    @Test(.tags(.consumer), .notInFastLoop) func theCommandLineBuildsTheSameFiles() throws {
        let views = try Self.get()
        let out = Scratch.folder.appendingPathComponent("sopc-injection-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try sopc(["build", Self.definitions.path, "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        for file in views.hostile.plan.files {
            #expect(Array((try? Data(contentsOf: out.appendingPathComponent(file.path))) ?? Data()) == file.bytes, "\(file.path)")
        }
    }

    // MARK: - HTML

    /// The texts of one SOP's printed form, as its text nodes must hold them.
    static func formTexts(_ sop: SOP, _ model: ProjectModel) -> [String] {
        let table = FormTable(sop, in: checked(model))
        let identity = FormIdentity(table, model: model)
        var texts = ["SOP " + sop.name, "PROSEDUR (SOP) " + sop.name.uppercased(), identity.name]
        texts += identity.units.map { $0.uppercased() }
        if !identity.number.isEmpty { texts += [identity.number, "Nomor SOP: " + identity.number] }
        if !identity.approverNIP.isEmpty { texts.append("NIP. " + identity.approverNIP) }
        texts += [identity.approverTitle, identity.approverName].filter { !$0.isEmpty }
        texts +=
            identity.legalBasis + identity.qualifications + identity.related + identity.equipment + identity.warnings
            + identity.records
        texts += table.columns.map(\.name)
        for row in table.rows {
            texts += [row.activity, row.requirements, row.time, row.output, row.remarks].filter { !$0.isEmpty }
        }
        return texts
    }

    @Test(.tags(.consumer), .notInFastLoop) func htmlHasOnlyTheElementsOfThePlainBuild() throws {
        let views = try Self.get()
        let paths = Self.paths(views.hostile, ".html")
        #expect(paths.count == 3)
        for path in paths {
            let hostile = try #require(views.hostileFiles[path])
            let plain = try #require(views.plainFiles[path])
            #expect(
                hostile.elements == plain.elements, "\(path): \(firstDifference(hostile.elements ?? [], plain.elements ?? []))")
            #expect(
                hostile.comments == [] && hostile.declarations == [],
                "\(path): \(hostile.comments ?? []) \(hostile.declarations ?? [])")
            #expect(
                !(hostile.elements ?? []).contains { $0.hasPrefix("script[") || $0.contains("[on") || $0.contains(",on") },
                "\(path)")
        }
    }

    @Test(.tags(.consumer), .notInFastLoop) func htmlShowsEveryTextAsWritten() throws {
        let views = try Self.get()
        let model = views.hostile.model
        for sop in views.hostile.sops {
            let path = "\(sop.sopID)/\(sop.sopID).html"
            let nodes = Set(try #require(views.hostileFiles[path]?.texts))
            for text in Self.formTexts(sop, model) {
                #expect(nodes.contains(text), "\(path): no text node is \(String(reflecting: text))")
            }
        }
        let index = Set(try #require(views.hostileFiles["index.html"]?.texts))
        let project = try #require(model.project)
        for text in views.hostile.sops.flatMap({ [$0.name, $0.identity.number].compactMap { $0 } }) + project.parents
            + [project.organizationName, "Daftar SOP " + project.organizationName]
        {
            #expect(index.contains(text), "index.html: no text node is \(String(reflecting: text))")
        }
    }

    // MARK: - SCXML and BPMN

    @Test(.tags(.consumer), .notInFastLoop) func xmlIsWellFormedValidAndShapedAsThePlainBuild() throws {
        let views = try Self.get()
        let paths = Self.paths(views.hostile, ".scxml") + Self.paths(views.hostile, ".bpmn")
        #expect(paths.count == 6, "SCXML, BPMN and Camunda 8 BPMN of two SOPs")
        for path in paths {
            let hostile = try #require(views.hostileFiles[path], "\(path) was not read")
            let plain = try #require(views.plainFiles[path])
            #expect(hostile.schema == "valid", "\(path): \(hostile.schema ?? "")")
            #expect(plain.schema == "valid", "plain \(path): \(plain.schema ?? "")")
            #expect(
                hostile.elements == plain.elements, "\(path): \(firstDifference(hostile.elements ?? [], plain.elements ?? []))")
            #expect(hostile.comments?.count == plain.comments?.count, "\(path)")
            #expect(hostile.pis == [] && hostile.doctype == "", "\(path)")
        }
    }

    @Test(.tags(.consumer), .notInFastLoop) func xmlKeepsTheTexts() throws {
        let views = try Self.get()
        let model = views.hostile.model
        let project = try #require(model.project)
        for sop in views.hostile.sops {
            let bpmn = try #require(views.hostileFiles["\(sop.sopID)/\(sop.sopID).bpmn"])
            let attributes = Set(bpmn.attributes ?? [])
            var names = [sop.name] + sop.steps.map(\.activity) + sop.steps.compactMap(\.decision?.value)
            let table = FormTable(sop, in: checked(model))
            names += table.columns.map(\.name)
            names += (sop.inputs + sop.outputs + sop.steps.flatMap { $0.makes }).map { model.displayName($0.id, in: sop) }
            for name in names {
                #expect(attributes.contains(name), "\(sop.sopID).bpmn: no attribute is \(String(reflecting: name))")
            }
            let documentation = (bpmn.texts ?? []).joined(separator: "\n")
            for role in project.roles where table.columns.contains(where: { $0.ref.id == role.ref.id }) {
                if let title = role.title { #expect(documentation.contains(title), "\(sop.sopID).bpmn: \(title)") }
            }
            // A task's activity is its `name` (checked above); its documentation holds the rest of the row, not
            // the name again: the Kelengkapan and Output names, in full.
            for step in sop.steps {
                for ref in step.needs + step.makes where !ref.id.isEmpty {
                    let shown = model.displayName(ref.id, in: sop)
                    #expect(documentation.contains(shown) || attributes.contains(shown), "\(sop.sopID).bpmn: \(shown)")
                }
            }

            // SCXML keeps every text in comments, where line breaks are spaces and `--` is broken up.
            let comments = (try #require(views.hostileFiles["\(sop.sopID)/\(sop.sopID).scxml"]?.comments)).joined(separator: "\n")
            for text in [sop.name] + sop.steps.map(\.activity) + sop.steps.compactMap(\.decision?.value) {
                let shown = XMLWriter.commentText(text)
                #expect(
                    comments.contains(shown.hasSuffix(" ") ? String(shown.dropLast()) : shown),
                    "\(sop.sopID).scxml: \(String(reflecting: text))")
            }
        }
    }

    // MARK: - CSV

    /// Whether a spreadsheet could take a cell for a formula: it starts with `=`, `+`, `-`, `@`, TAB or CR,
    /// or with white space and then one of `=+-@`; a lone `-` and a plain signed number are numbers.
    static func runsAsFormula(_ cell: String) -> Bool {
        guard let first = cell.unicodeScalars.first else { return false }
        if cell == "-" || CSVTable.isSignedNumber(cell) { return false }
        // The full-width signs, which spreadsheets set to East Asian input read as the ASCII ones, too.
        let signs = "=+-@\u{FF1D}\u{FF0B}\u{FF0D}\u{FF20}".unicodeScalars
        if signs.contains(first) || "\t\r".unicodeScalars.contains(first) { return true }
        let rest = cell.unicodeScalars.drop { " \t\r\n".unicodeScalars.contains($0) }
        return rest.count < cell.unicodeScalars.count && rest.first.map { signs.contains($0) } == true
    }

    /// ``CSVTable/defuse(_:)`` as it was before it skipped the common case (a cell starting with a letter):
    /// the same answer for every cell.
    static func defuseReference(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        if first == "'" { return "'" + text }
        if text == "-" || CSVTable.isSignedNumber(text) { return text }
        if CSVTable.formulaStarts.contains(first) { return "'" + text }
        let rest = text.unicodeScalars.drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        if let next = rest.first, rest.count < text.unicodeScalars.count, CSVTable.signs.contains(next) {
            return "'" + text
        }
        return text
    }

    @Test func defuseAnswersAsBefore() {
        let pieces = [
            "'", "-", "+", "=", "@", "\u{FF0B}", "\u{FF1D}", " ", "\t", "\r", "\n", "5", "62", ",", ".", "a", "Surat", "é",
            "\r\n",
        ]
        var random = SystemRandomNumberGenerator()
        var changed = 0
        for _ in 0..<5_000 {
            let cell = randomPieces(of: pieces, count: 0...6, using: &random).joined()
            let defused = CSVTable.defuse(cell)
            #expect(defused == Self.defuseReference(cell), "\(String(reflecting: cell))")
            if defused != cell { changed += 1 }
        }
        #expect(changed > 500)
    }

    /// The documented way back: drop one leading `'`.
    static func readBack(_ cell: String) -> String { cell.hasPrefix("'") ? String(cell.dropFirst()) : cell }

    @Test(.tags(.consumer), .notInFastLoop) func csvCannotRunAFormulaAndReadsBackAsWritten() throws {
        let views = try Self.get()
        var defused = 0
        for sop in views.hostile.sops {
            let path = "\(sop.sopID)/\(sop.sopID).csv"
            let rows = try #require(views.hostileFiles[path]?.rows)
            for cell in rows.joined() {
                #expect(!Self.runsAsFormula(cell), "\(path): \(String(reflecting: cell)) would run as a formula")
                if cell.hasPrefix("'") { defused += 1 }
            }
            let expected = OutputConsumerTests.expectedTable(FormTable(sop, in: checked(views.hostile.model)))
            #expect(rows.map { $0.map(Self.readBack) } == expected, "\(path)")
        }
        #expect(defused >= 10)
        // Readable: a lone dash and a signed number stay as they are; a phone number is one apostrophe longer.
        let uji = try #require(views.hostileFiles["uji/uji.csv"]?.rows)
        #expect(uji[4][7] == "-" && uji[5][7] == "-5")
        #expect(uji[1][7] == "'+62 812 3456 7890")
        #expect(uji[1][8] == "'\t=1+1 diawali tab" && uji[2][8].hasPrefix("'\r=2+2"))
    }

    @Test(arguments: [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"), ("+62 812", "'+62 812"), ("-", "-"), ("-5", "-5"), ("+62", "+62"), ("-1,5", "-1,5"),
        ("-1.", "'-1."), ("--", "'--"), ("-x", "'-x"), ("@admin", "'@admin"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
        (" =1", "' =1"),
        ("\n+1", "'\n+1"), ("  x", "  x"), ("'kutip'", "''kutip'"), ("a=b", "a=b"), ("", ""), ("Surat masuk", "Surat masuk"),
        ("\u{FF1D}1+1", "'\u{FF1D}1+1"), ("\u{FF0B}62 812", "'\u{FF0B}62 812"), ("\u{FF0D}x", "'\u{FF0D}x"),
        ("\u{FF20}admin", "'\u{FF20}admin"), (" \u{FF1D}1", "' \u{FF1D}1"), ("a\u{FF1D}b", "a\u{FF1D}b"),
    ])
    func csvDefusesFormulas(_ text: String, _ cell: String) {
        #expect(CSVTable.defuse(text) == cell)
        #expect(Self.readBack(CSVTable.defuse(text)) == text)
        #expect(!Self.runsAsFormula(CSVTable.defuse(text)))
    }

    // MARK: - Markdown and Mermaid

    @Test(.tags(.consumer), .notInFastLoop) func markdownHasOnlyTheElementsOfThePlainBuild() throws {
        let views = try Self.get()
        for path in Self.paths(views.hostile, ".md") {
            let hostile = try #require(views.hostileFiles[path])
            let plain = try #require(views.plainFiles[path])
            #expect(
                hostile.elements == plain.elements, "\(path): \(firstDifference(hostile.elements ?? [], plain.elements ?? []))")
            #expect(hostile.comments == [] && hostile.declarations == [], "\(path)")
            #expect(hostile.code?.map(\.lang) == ["mermaid"], "\(path)")
        }
    }

    @Test(.tags(.consumer), .notInFastLoop) func markdownShowsEveryTextAsWritten() throws {
        let views = try Self.get()
        let model = views.hostile.model
        // What cmark-gfm leaves of a text: CR dropped; a table cell trimmed.
        func shown(_ text: String) -> String { text.replacingOccurrences(of: "\r", with: "") }
        func cell(_ text: String) -> String { shown(text).trimmingCharacters(in: .whitespaces) }
        for sop in views.hostile.sops {
            let path = "\(sop.sopID)/\(sop.sopID).md"
            let blocks = try #require(views.hostileFiles[path]?.blocks)
            let table = FormTable(sop, in: checked(model))
            let identity = FormIdentity(table, model: model)
            #expect(blocks.first == ["h1", "SOP " + shown(sop.name)], "\(path)")
            #expect(blocks.dropFirst().first == ["p", identity.units.map(shown).joined(separator: "\n")], "\(path)")
            let items = blocks.filter { $0[0] == "li" }.map { $0[1] }
            for item in identity.legalBasis + identity.qualifications + identity.related + identity.equipment + identity.warnings
                + identity.records
            {
                #expect(items.contains(shown(item)), "\(path): no list item is \(String(reflecting: item))")
            }
            let cells = Set(blocks.filter { $0[0] == "td" || $0[0] == "th" }.map { $0[1] })
            for text in OutputConsumerTests.expectedTable(table).joined() + [
                identity.number, identity.approverName, identity.name,
            ] {
                #expect(
                    cells.contains(cell(text)) || cells.contains { $0.contains(cell(text)) },
                    "\(path): no cell shows \(String(reflecting: text))")
            }
            for row in OutputConsumerTests.expectedTable(table).dropFirst() {
                #expect(cells.contains(cell(row[1])), "\(path): Kegiatan \(String(reflecting: row[1]))")
            }
        }
    }

    @Test(.tags(.consumer), .notInFastLoop) func mermaidDrawsTheSameGraphWithTheTexts() throws {
        let views = try Self.get()
        for sop in views.hostile.sops {
            let path = "\(sop.sopID)/\(sop.sopID).md"
            let hostile = try #require(views.hostileMermaid[path])
            let plain = try #require(views.plainMermaid[path])
            try #require(hostile.count == 1 && plain.count == 1, "\(path): one diagram")
            #expect(Set(hostile[0].nodes.keys) == Set(plain[0].nodes.keys), "\(path)")
            #expect(Set(hostile[0].edges) == Set(plain[0].edges), "\(path)")
            for row in FormTable(sop, in: checked(views.hostile.model)).rows {
                #expect(hostile[0].nodes["r\(row.number)"] == OutputConsumerTests.nodeText(row), "\(path): row \(row.number)")
            }
        }
    }

    // MARK: - machine.json

    /// A JSON value with every string emptied: its shape.
    static func shape(_ value: Any) -> Any {
        switch value {
        case let object as [String: Any]: return object.mapValues(shape)
        case let array as [Any]: return array.map(shape)
        case is String: return ""
        default: return value
        }
    }

    static func strings(_ value: Any) -> [String] {
        switch value {
        case let object as [String: Any]: return object.values.flatMap(strings)
        case let array as [Any]: return array.flatMap(strings)
        case let s as String: return [s]
        default: return []
        }
    }

    @Test(.tags(.consumer), .notInFastLoop) func machineJSONKeepsItsShapeAndTheTexts() throws {
        let views = try Self.get()
        for sop in views.hostile.sops {
            let path = "\(sop.sopID)/\(sop.sopID).machine.json"
            let hostile = try JSONSerialization.jsonObject(with: Data(try #require(views.hostile.file(path))))
            let plain = try JSONSerialization.jsonObject(with: Data(try #require(views.plain.file(path))))
            #expect(
                NSDictionary(dictionary: Self.shape(hostile) as! [String: Any])
                    == NSDictionary(dictionary: Self.shape(plain) as! [String: Any]), "\(path)")
            let strings = Set(Self.strings(hostile))
            for text in [sop.name] + sop.steps.map(\.activity) + sop.steps.compactMap(\.decision?.value) {
                #expect(strings.contains(text), "\(path): \(String(reflecting: text))")
            }
        }
    }
}

/// Where two sequences first differ, for messages.
func firstDifference(_ a: [String], _ b: [String]) -> String {
    for i in 0..<max(a.count, b.count) {
        let x = i < a.count ? a[i] : "(end)"
        let y = i < b.count ? b[i] : "(end)"
        if x != y { return "first difference at \(i): \(x) vs \(y) (\(a.count) vs \(b.count))" }
    }
    return "equal"
}
