import Foundation
import Testing

@testable import SOPCompiler
@testable import SOPImport

/// `sopc import` (docs/IMPORT.md): the seed text, sopc's own CSVs, Word documents made with python-docx and
/// saved by LibreOffice, hostile files. Round trips go import → fill in what the table cannot hold → check →
/// build → compare.
@Suite struct ImportTests {
    // MARK: helpers

    /// The files of an import as text, by path.
    static func texts(_ outcome: ImportOutcome) -> [String: String] {
        Dictionary(outcome.files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) }, uniquingKeysWith: { a, _ in a })
    }

    /// Sets `key: value` in the block of step `step` (its `  - id:` line up to the next one), replacing the
    /// line with that key when there is one.
    static func fill(_ text: String, step: String, key: String, value: String) -> String {
        var lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "  - id: \(step)") else { return text }
        var end = start + 1
        while end < lines.count, lines[end].hasPrefix("    ") { end += 1 }
        if let k = lines[(start + 1)..<end].firstIndex(where: { $0.hasPrefix("    \(key):") }) {
            lines[k] = "    \(key): \(value)"
        } else {
            lines.insert("    \(key): \(value)", at: end)
        }
        return lines.joined(separator: "\n")
    }

    static func replaceLine(_ text: String, _ old: String, _ new: String) -> String {
        text.components(separatedBy: "\n").map { $0 == old ? new : $0 }.joined(separator: "\n")
    }

    static func check(_ texts: [String: String]) -> CheckResult {
        Pipeline.check(files: texts.mapValues { Array($0.utf8) })
    }

    static func report(_ result: CheckResult) -> String {
        DiagnosticRenderer(colour: false, result: result).text(result.diagnostics)
    }

    /// The CSV files of a build, by SOP id.
    static func csvs(_ result: CheckResult) throws -> [String: [UInt8]] {
        let plan = try #require(Pipeline.outputs(of: result))
        var out: [String: [UInt8]] = [:]
        for file in plan.files where file.path.hasSuffix(".csv") {
            out[String(file.path.split(separator: "/")[0])] = file.bytes
        }
        return out
    }

    // MARK: sopc's own CSVs

    static let projects: [String] = ["definitions"] + ["ends-early", "escaping", "seven-actors"]

    static func folder(_ name: String) -> URL {
        name == "definitions" ? Paths.definitions : Paths.fixtures.appendingPathComponent("build/\(name)/definitions")
    }

    /// Each CSV `sopc build` writes for a project, imported together into an empty folder, with only what a CSV
    /// cannot hold filled in from the original (the project's name, each SOP's name, a decision's question and
    /// branch targets, a step's `next:`), builds the same CSV again, byte for byte.
    @Test(arguments: projects)
    func builtCSVsImportAndBuildAgain(_ project: String) throws {
        let original = try Checker.check(directory: Self.folder(project).path)
        try #require(original.errorCount == 0)
        let csvs = try Self.csvs(original)
        let inputs = csvs.sorted { $0.key < $1.key }.map { ImportInput(path: "\($0.key).csv", bytes: $0.value) }
        let outcome = Importer.run(inputs, into: ImportTarget())
        // The only errors are hostile text (the escaping fixture's formulas and markup), written as inert text.
        #expect(!outcome.blocksWriting, "\(outcome.problems.map { $0.rendered() })")
        #expect((outcome.hostileErrors > 0) == (project == "escaping"), "\(outcome.problems.map { $0.rendered() })")
        var texts = Self.texts(outcome)
        texts["sopc.yaml"] = Self.replaceLine(
            try #require(texts["sopc.yaml"]), "  name: \"?\"",
            "  name: \(YAMLText.quoted(original.model.project!.organizationName))")
        for sop in original.model.sops {
            let path = "\(sop.sopID).sop.yaml"
            var text = try #require(texts[path], "imported \(path)")
            text = Self.replaceLine(text, "name: \"?\"", "name: \(YAMLText.quoted(sop.name))")
            func target(_ ref: Ref?) -> String? {
                guard let ref else { return nil }
                return ref.id == "end" ? "end" : sop.stepIndex[ref.id].map { "langkah-\($0 + 1)" }
            }
            for (k, step) in sop.steps.enumerated() {
                let id = "langkah-\(k + 1)"
                if let q = step.decision { text = Self.fill(text, step: id, key: "decision", value: YAMLText.quoted(q.value)) }
                if let t = target(step.yes) { text = Self.fill(text, step: id, key: "yes", value: t) }
                if let t = target(step.no) { text = Self.fill(text, step: id, key: "no", value: t) }
                if let t = target(step.next) { text = Self.fill(text, step: id, key: "next", value: t) }
            }
            #expect(!text.contains(": \"?\""), "every marker of \(path) is filled in")
            texts[path] = text
        }
        let rebuilt = Self.check(texts)
        #expect(rebuilt.errorCount == 0, "\(Self.report(rebuilt))")
        guard rebuilt.errorCount == 0 else { return }
        let again = try Self.csvs(rebuilt)
        #expect(again.keys.sorted() == csvs.keys.sorted())
        var rows = 0
        var cells = 0
        for (id, bytes) in csvs {
            #expect(again[id] == bytes, "\(id).csv differs:\n\(byteDiff(bytes, again[id] ?? []))")
            let table = try CSVReader.parse(String(decoding: bytes, as: UTF8.self))
            rows += table.count - 1
            cells += table.dropFirst().map(\.count).reduce(0, +)
        }
        print("import round trip \(project): \(csvs.count) CSV files, \(rows) rows, \(cells) cells equal")
    }

    // MARK: the seed

    static func importSeed() throws -> ImportOutcome {
        let url = Paths.shared.appendingPathComponent("seed/000_ae283ae58617ddac.txt")
        let bytes = try [UInt8](Data(contentsOf: url))
        return Importer.run([ImportInput(path: "000_ae283ae58617ddac.txt", bytes: bytes)], into: ImportTarget())
    }

    /// Importing the seed text gives its 14 rows with every text exact, and a marker for each row's actor.
    @Test func seedImportKeepsEveryText() throws {
        let seed = try SeedTableTests.readSeed()
        let outcome = try Self.importSeed()
        #expect(!outcome.hasErrors)
        #expect(outcome.sops.count == 1)
        let result = Self.check(Self.texts(outcome))
        let sop = try #require(result.model.sops.first)
        #expect(sop.name == "LAPORAN AKUNTABILITAS KINERJA (LAKIP)")
        try #require(sop.steps.count == 14)
        let a = seed.actors.count
        for (i, (step, row)) in zip(sop.steps, seed.rows).enumerated() {
            #expect(step.activity == row[1], "Kegiatan of row \(i + 1)")
            #expect(step.needs.map { result.model.displayName($0.id, in: sop) }.joined(separator: ", ") == row[2 + a])
            #expect(step.time?.text.value == row[3 + a])
            #expect(step.makes.map { result.model.displayName($0.id, in: sop) }.joined(separator: ", ") == row[4 + a])
            #expect((step.notes ?? "") == row[5 + a], "Ket of row \(i + 1)")
            #expect(step.actors.isEmpty, "the seed has no symbols: row \(i + 1)'s actor is a marker")
        }
        // Each marker is reported at its step, in words saying what to write.
        let todos = result.diagnostics.filter { $0.id == .importTodo }
        #expect(todos.count == 15)
        #expect(todos.contains { $0.message.contains("who does step 'langkah-10' is not known yet") })
        #expect(result.diagnostics.allSatisfy { $0.id == .importTodo || $0.severity == .warning })
        #expect(outcome.markers == 15)
    }

    /// With the markers filled in with the actors of definitions/lakip.sop.yaml, the imported seed builds a
    /// CSV equal to the seed table cell for cell.
    @Test func seedImportFilledInBuildsTheSeedTable() throws {
        let seed = try SeedTableTests.readSeed()
        let outcome = try Self.importSeed()
        var texts = Self.texts(outcome)
        let lakipResult = try Checker.check(directory: Paths.definitions.path)
        let lakip = try #require(lakipResult.model.sop("lakip"))
        let roles = try #require(lakipResult.model.project).roles
        let imported = Self.check(texts)
        let importedRoles = try #require(imported.model.project).roles
        func importedRole(_ original: String) -> String? {
            let name = roles.first { $0.ref.id == original }?.name
            return importedRoles.first { $0.name == name }?.ref.id
        }
        let path = try #require(outcome.files.first { $0.path.hasSuffix(".sop.yaml") }).path
        var text = try #require(texts[path])
        for (k, step) in lakip.steps.enumerated() {
            let ids = step.actors.compactMap { importedRole($0.id) }
            try #require(ids.count == step.actors.count, "every role of lakip has a column in the seed")
            text = Self.fill(
                text, step: "langkah-\(k + 1)", key: "actor",
                value: ids.count == 1 ? ids[0] : "[" + ids.joined(separator: ", ") + "]")
            if ids.count > 1 { text = text.replacingOccurrences(of: "    actor: [", with: "    actors: [") }
        }
        texts[path] = text
        texts["sopc.yaml"] = Self.replaceLine(
            try #require(texts["sopc.yaml"]), "  name: \"?\"", "  name: Biro Hubungan Masyarakat")
        let result = Self.check(texts)
        #expect(result.errorCount == 0, "\(Self.report(result))")
        let csv = try #require(Self.csvs(result).values.first)
        let rows = try CSVReader.parse(String(decoding: csv, as: UTF8.self))
        let a = seed.actors.count
        #expect(rows.first == ["No", "Kegiatan"] + seed.actors + ["Kelengkapan", "Waktu", "Output", "Ket"])
        try #require(rows.count == 15)
        var compared = 0
        for (i, (built, given)) in zip(rows.dropFirst(), seed.rows).enumerated() {
            #expect(Int(built[0]) == Int(given[0].hasSuffix(".") ? String(given[0].dropLast()) : given[0]))
            for c in [1] + Array((2 + a)..<(6 + a)) {
                #expect(built[c] == given[c], "row \(i + 1), column \(c)")
                compared += 1
            }
            // The seed lost its symbols; here the symbol stands in the column of the actor filled in.
            let column = try #require(seed.actors.firstIndex(of: SeedTableTests.assignedActor[i]))
            for c in 0..<a { #expect(built[2 + c].isEmpty == (c != column), "row \(i + 1), actor column \(c)") }
            compared += 1 + a
        }
        print("seed round trip: 14 rows, \(compared) cells compared")
    }

    // MARK: text and CSV forms

    /// `;`-separated with a byte order mark (Excel in an Indonesian locale), a one-row header, a title line.
    @Test func semicolonCSVWithBOMAndTitle() throws {
        let text =
            "\u{FEFF}PROSEDUR (SOP) PENGARSIPAN\r\nNo;Kegiatan;Ka Biro;Arsiparis;Kelengkapan;Waktu;Output;Keterangan\r\n"
            + "1;Menerima berkas;mulai;;Berkas;5 menit;Berkas;\r\n2;\"Mengarsipkan; lalu melapor\";;selesai;Berkas;1,5 jam;Arsip;SOP Lain\r\n"
        let outcome = Importer.run([ImportInput(path: "a.csv", bytes: Array(text.utf8))], into: ImportTarget())
        #expect(!outcome.hasErrors)
        let result = Self.check(Self.texts(outcome))
        let sop = try #require(result.model.sops.first)
        #expect(sop.name == "PENGARSIPAN")
        #expect(sop.steps.map(\.activity) == ["Menerima berkas", "Mengarsipkan; lalu melapor"])
        #expect(sop.steps.map { $0.actors.map(\.id) } == [["ka-biro"], ["arsiparis"]])
        #expect(sop.steps[1].notes == "SOP Lain")
        #expect(outcome.problems.contains { $0.text == .importSOPNotFound(row: 2, name: "Lain") })
    }

    /// A table longer than an SOP may be (YAMLLimits.maxSteps) is refused, and nothing is written: `sopc
    /// check` would refuse what the import wrote (too-large).
    @Test(.tags(.slow), .notInFastLoop) func aTableOverTheStepLimitWritesNothing() {
        var text = "No\tKegiatan\tKa Biro\tKelengkapan\tWaktu\tOutput\tKet\n"
        let rows = YAMLLimits.maxSteps + 1
        text.reserveCapacity(rows * 16)
        for i in 1...rows { text += "\(i)\tA\tv\t\t\t\t\n" }
        let outcome = Importer.run([ImportInput(path: "t.txt", bytes: Array(text.utf8))], into: ImportTarget())
        #expect(outcome.files.isEmpty)
        let refused = outcome.problems.filter { $0.text == .importTooManyRows(rows: rows, limit: YAMLLimits.maxSteps) }
        #expect(refused.count == 1)
        #expect(refused.first?.severity == .error)
        #expect(
            refused.first?.text.text(in: .english)
                == "the table has 250,001 steps; an SOP holds at most 250,000: nothing was written")
    }

    /// A Waktu sopc cannot read is kept as written and reported, by the import and by the check.
    @Test func unreadableTimeIsKeptAndReported() throws {
        let text = "No\tKegiatan\tKa Biro\tKelengkapan\tWaktu\tOutput\tKet\n1.\tMenyetujui\tv\t\tsegera\t\t\n"
        let outcome = Importer.run([ImportInput(path: "t.txt", bytes: Array(text.utf8))], into: ImportTarget())
        #expect(outcome.problems.contains { $0.text == .importTimeKept(row: 1, text: "segera") && $0.line == 2 })
        let result = Self.check(Self.texts(outcome))
        #expect(result.model.sops.first?.steps.first?.time?.text.value == "segera")
        #expect(result.diagnostics.contains { $0.id == .invalidTime })
    }

    // MARK: Word

    static func makeDocx(_ kind: String, in dir: URL) throws -> URL {
        let out = dir.appendingPathComponent("\(kind).docx")
        let script = Paths.fixtures.appendingPathComponent("import/make_docx.py")
        let r = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, out.path, kind])
        try #require(r.status == 0, "python-docx (scripts/run setup_test installs it): \(r.stderr)")
        return out
    }

    static func temporaryFolder() throws -> URL {
        let dir = Scratch.folder.appendingPathComponent("sopc-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// What the test Buku SOP must give, whoever saved it: two SOPs, the actors and decision from the shapes,
    /// the identity page, and the call from Ket to the second SOP of the same document.
    static func expectBuku(_ outcome: ImportOutcome, _ source: String) throws {
        #expect(!outcome.hasErrors, "\(source): \(outcome.problems.map { $0.rendered() })")
        #expect(outcome.sops == ["penanganan-surat-masuk", "rapat-dinas"], "\(source)")
        let result = Self.check(Self.texts(outcome))
        let sop = try #require(result.model.sop("penanganan-surat-masuk"))
        #expect(
            sop.steps.map { $0.actors.map(\.id) } == [["pelaksana"], ["kasubag-tu"], ["ka-biro"], ["ka-biro"], ["pelaksana"]],
            "\(source)")
        #expect(sop.steps.map(\.isDecision) == [false, false, true, false, false], "\(source)")
        #expect(sop.steps[2].decision?.value == "Perlu rapat?", "\(source)")
        #expect(sop.steps[3].call?.id == "rapat-dinas", "\(source)")
        #expect(sop.steps[1].needs.map(\.id) == ["surat-masuk", "buku-agenda"], "\(source)")
        #expect(sop.identity.number == "800/001/SOP-Umum/2024", "\(source)")
        #expect(
            sop.identity.created?.text.value == "2024-01-02" && sop.identity.effective?.text.value == "2024-01-15", "\(source)")
        #expect(
            sop.identity.approvedBy?.name == "Drs. Ahmad Fauzi, M.Si." && sop.identity.approvedBy?.nip == "19700512 199503 1 002")
        #expect(
            sop.identity.legalBasis.count == 2 && sop.identity.legalBasis[1] == "Permenpan RB Nomor 35 Tahun 2012", "\(source)")
        #expect(sop.identity.equipment.map(\.value) == ["Komputer", "Alat tulis kantor"], "\(source)")
        let second = try #require(result.model.sop("rapat-dinas"))
        #expect(second.name == "Rapat Dinas" && second.identity.created?.text.value == "2024-02-03", "\(source)")
        // Its table is broken across two pages, the header repeated: one SOP of three steps.
        #expect(second.steps.map(\.activity) == ["Menyiapkan undangan rapat", "Memimpin rapat", "Menyusun notulen"], "\(source)")
        // Documents of both SOPs are the project's; those of one stay in it.
        let project = try #require(result.model.project)
        #expect(project.artefacts.map(\.name).sorted() == ["Disposisi", "Notulen"], "\(source)")
        // What the document does not say is marked: the decision's other branch, who "Kepala Biro Umum" is.
        let todos = result.diagnostics.filter { $0.id == .importTodo }.map(\.message)
        #expect(
            todos.contains(
                "where the 'no' branch of decision 'langkah-3' leads is not known yet: write the id of the step it goes to, or 'end'"
            ))
        #expect(todos.contains("'approved_by.role' is not known yet: write it in place of '?'"))
    }

    /// A Buku SOP built with python-docx and Word's shape XML: two SOPs, identity tables with merged cells,
    /// a two-row header with merged cells, symbols anchored in the actor cells (with Word's VML fallback,
    /// which must not count twice), connectors that say nothing.
    @Test(.tags(.consumer), .notInFastLoop) func wordDocumentWithShapes() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docx = try Self.makeDocx("buku", in: dir)
        let outcome = Importer.run(
            [ImportInput(path: "buku.docx", bytes: try [UInt8](Data(contentsOf: docx)))], into: ImportTarget())
        try Self.expectBuku(outcome, "python-docx")
    }

    /// The symbols as older Word wrote them (VML only: `v:roundrect`, `v:shape` of the flowchart types), and a
    /// new project file named after the identity page's left cell.
    @Test(.tags(.consumer), .notInFastLoop) func wordDocumentWithVMLShapes() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docx = try Self.makeDocx("vml", in: dir)
        let outcome = Importer.run(
            [ImportInput(path: "vml.docx", bytes: try [UInt8](Data(contentsOf: docx)))], into: ImportTarget())
        #expect(!outcome.hasErrors)
        let result = Self.check(Self.texts(outcome))
        let sop = try #require(result.model.sops.first)
        #expect(
            sop.steps.map { $0.actors.map(\.id) } == [["pelaksana"], ["kasubag-tu"], ["ka-biro"], ["ka-biro"], ["pelaksana"]])
        #expect(sop.steps.map(\.isDecision) == [false, false, true, false, false])
        #expect(sop.steps[2].decision?.value == "Perlu rapat?")
        let project = try #require(result.model.project)
        #expect(project.organizationName == "BIRO UMUM")
        #expect(project.parents == ["PEMERINTAH PROVINSI CONTOH", "SEKRETARIAT DAERAH"])
    }

    /// The same document opened by LibreOffice, saved as .odt, and that saved again as .docx by LibreOffice:
    /// another writer's XML for the same shapes and merged cells.
    @Test(.tags(.consumer), .notInFastLoop) func wordDocumentSavedByLibreOffice() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docx = try Self.makeDocx("buku", in: dir)
        let lo = dir.appendingPathComponent("lo")
        try FileManager.default.createDirectory(at: lo, withIntermediateDirectories: true)
        let env = URL(fileURLWithPath: "/usr/bin/env")
        let profile = "-env:UserInstallation=file://\(dir.path)/profile"
        var r = try run(env, ["libreoffice", profile, "--headless", "--convert-to", "odt", "--outdir", dir.path, docx.path])
        try #require(r.status == 0, "libreoffice (scripts/run setup_test installs it): \(r.stderr)")
        r = try run(
            env,
            [
                "libreoffice", profile, "--headless", "--convert-to", "docx", "--outdir", lo.path,
                dir.appendingPathComponent("buku.odt").path,
            ])
        try #require(r.status == 0, "\(r.stderr)")
        let bytes = try [UInt8](Data(contentsOf: lo.appendingPathComponent("buku.docx")))
        #expect(bytes != (try [UInt8](Data(contentsOf: docx))))
        try Self.expectBuku(Importer.run([ImportInput(path: "buku.docx", bytes: bytes)], into: ImportTarget()), "LibreOffice")
    }

    // MARK: bad input

    /// Each bad file is an error naming it, and nothing is written.
    @Test func badFilesAreDiagnostics() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var cases: [(String, [UInt8], Message)] = [
            ("corrupt.docx", Array("PK\u{3}\u{4}this is not a zip at all".utf8), .importNotAZip),
            ("empty.docx", [], .importNotAZip),
            (
                "big.csv", [UInt8](repeating: 0x41, count: 50 * 1024 * 1024),
                .importFileTooLarge(bytes: 50 * 1024 * 1024, limit: Importer.maxFileBytes)
            ),
            ("nokegiatan.csv", Array("No,Uraian,Waktu\r\n1,a,5 menit\r\n".utf8), .importNoKegiatan),
            ("latin1.txt", [0x4E, 0x6F, 0x09, 0xE9, 0x0A], .importNotUTF8),
            ("header-only.tsv", Array("No\tKegiatan\tWaktu\n".utf8), .importNoRows),
            ("old.doc", [0xD0, 0xCF, 0x11, 0xE0], .importOldWord),
            ("form.pdf", Array("%PDF-1.4".utf8), .importUnknownFormat("pdf")),
        ]
        // Word documents made with python-docx (not in the fast loop, which needs no Python package).
        if !fastLoop {
            cases.append(("notable.docx", try [UInt8](Data(contentsOf: Self.makeDocx("notable", in: dir))), .importNoTable))
            cases.append(
                ("nokegiatan.docx", try [UInt8](Data(contentsOf: Self.makeDocx("nokegiatan", in: dir))), .importNoKegiatan))
        }
        for (name, bytes, message) in cases {
            let outcome = Importer.run([ImportInput(path: name, bytes: bytes)], into: ImportTarget())
            #expect(outcome.hasErrors && outcome.files.isEmpty, "\(name)")
            #expect(
                outcome.problems.contains { $0.file == name && $0.text == message },
                "\(name): \(outcome.problems.map { $0.rendered() })")
        }
    }

    /// Damaged files never crash the import: the seed text and a Word document, each with random bytes
    /// changed, cut short or repeated, give tables or diagnostics, and what is imported checks without
    /// crashing either.
    @Test(.tags(.consumer), .notInFastLoop) func damagedFilesNeverCrash() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = try [UInt8](Data(contentsOf: Paths.shared.appendingPathComponent("seed/000_ae283ae58617ddac.txt")))
        let docx = try [UInt8](Data(contentsOf: Self.makeDocx("buku", in: dir)))
        var generator = SystemRandomNumberGenerator()
        var imported = 0
        for round in 0..<400 {
            let (base, name) = round % 2 == 0 ? (seed, ["a.txt", "a.csv", "a.tsv"][round % 3]) : (docx, "a.docx")
            var bytes = base
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let i = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.removeSubrange(i..<min(bytes.count, i + Int.random(in: 1...64, using: &generator)))
                case 2: bytes.insert(contentsOf: bytes[i..<min(bytes.count, i + 32)], at: i)
                default: bytes[i] = [0x09, 0x0A, 0x22, 0x3B, 0x2C, 0x3C][Int.random(in: 0..<6, using: &generator)]
                }
                if bytes.isEmpty { bytes = [0] }
            }
            let outcome = Importer.run([ImportInput(path: name, bytes: bytes)], into: ImportTarget())
            if !outcome.blocksWriting {
                imported += 1
                _ = Self.check(Self.texts(outcome))
            }
        }
        #expect(imported > 0)
    }

    /// A ZIP bomb: a document part that unpacks to far more than the limit is refused while unpacking.
    @Test func zipBombIsRefused() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
            import zipfile, sys
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("[Content_Types].xml", "<Types/>")
                with z.open("word/document.xml", "w") as f:
                    chunk = b"<" + b" " * (1 << 20)
                    for _ in range(200):
                        f.write(chunk)
            """
        let bomb = dir.appendingPathComponent("bomb.docx")
        let r = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, bomb.path])
        try #require(r.status == 0, "\(r.stderr)")
        let bytes = try [UInt8](Data(contentsOf: bomb))
        #expect(bytes.count < 1024 * 1024)
        let outcome = Importer.run([ImportInput(path: "bomb.docx", bytes: bytes)], into: ImportTarget())
        #expect(outcome.problems.map(\.text) == [.importZipTooLarge(parts: WordDocument.maxEntries, megabytes: 64)])
        // An entity bomb (billion laughs) in the document part: a document type declaration is refused unread.
        let laughs = """
            import zipfile, sys
            body = '<?xml version="1.0"?>' + "\\n" * 5000 + '<!DOCTYPE w [<!ENTITY a "ha">' + "".join(
                f'<!ENTITY {chr(98 + i)} "' + ("&" + chr(97 + i) + ";") * 10 + '">' for i in range(9)) + ']><w>&j;</w>'
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                z.writestr("word/document.xml", body)
            """
        let entities = dir.appendingPathComponent("laughs.docx")
        let made = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", laughs, entities.path])
        try #require(made.status == 0, "\(made.stderr)")
        let refused = Importer.run(
            [ImportInput(path: "laughs.docx", bytes: try [UInt8](Data(contentsOf: entities)))], into: ImportTarget())
        #expect(refused.problems.map(\.text) == [.importBadXML(line: 1)])
    }

    /// Texts with YAML syntax, quotes and odd spacing, and hostile text (formulas, markup, control and bidi
    /// characters): each hostile cell is an error naming its row, column and line (the import exits 1), yet every
    /// text lands in the YAML as inert text, read back exactly; the others are no problem at all.
    static let hostileCells: [(text: String, kinds: [String])] = [
        ("=HYPERLINK(\"http://x\",\"klik\")", ["formula"]), ("<script>alert(1)</script> & <b>tebal</b>", ["markup"]),
        ("a: b # komentar", []), ("- [x, y]: {z}", ["formula"]), ("*alias &anchor !tag |", []),
        ("\"kutip\" 'tunggal' \\ garis", []), ("baris\u{1}kontrol\u{7F}\u{85}", ["control"]), ("\u{FEFF}awal BOM", []),
        ("pemisah\u{2028}baris", []), ("? tanya", []), ("yes", []), ("null", []), ("~", []), ("12.5", []),
        ("  spasi  ", []), ("%YAML 1.1", []), ("@admin", ["formula"]), ("---", ["formula"]), ("...", []),
        ("tab\tdi tengah", []), ("\u{202E}kebalik\u{202C} teks", ["bidi"]), ("\u{FF1D}SUM(A1:A9)", ["formula"]),
        ("+62 812 3456", ["formula"]), ("  =1+1", ["formula"]), ("-", []), ("-5", []), ("+62", []),
        ("nul\u{0}di tengah", ["control"]), ("<!-- komentar -->", ["markup"]), ("nilai <5 dan >2", []),
        ("=cmd|' /C calc'!A0 <img src=x>\u{7}", ["control", "formula", "markup"]),
    ]

    static func hostileCSV() -> String {
        var csv = "No,Kegiatan,Ka Biro,Kelengkapan,Waktu,Output,Ket\r\n"
        for (i, h) in hostileCells.enumerated() {
            csv += "\(i + 1),\(CSVTable.field(h.text)),proses,,5 menit,,\(CSVTable.field(h.text))\r\n"
        }
        return csv
    }

    static func kind(_ m: Message) -> (kind: String, row: Int?, column: String)? {
        switch m {
        case .importFormula(let r, let c): return ("formula", r, c)
        case .importMarkup(let r, let c): return ("markup", r, c)
        case .importControlCharacters(let r, let c): return ("control", r, c)
        case .importBidiControls(let r, let c): return ("bidi", r, c)
        default: return nil
        }
    }

    @Test func hostileTextIsAnErrorAndLandsAsInertText() throws {
        let outcome = Importer.run([ImportInput(path: "h.csv", bytes: Array(Self.hostileCSV().utf8))], into: ImportTarget())
        #expect(outcome.hasErrors && !outcome.blocksWriting && !outcome.files.isEmpty)
        // Each hostile cell: an error at its line and column, naming row and column; Kegiatan (3rd) and Ket.
        var expected: [String] = []
        for (i, h) in Self.hostileCells.enumerated() {
            for column in ["Kegiatan", "Ket"] { expected += h.kinds.map { "\(i + 2) \(i + 1) \(column) \($0)" } }
        }
        let found = outcome.problems.compactMap { p -> String? in
            guard let k = Self.kind(p.text), p.severity == .error, p.keepsFiles, p.help == .importHostileHelp else { return nil }
            return "\(p.line ?? -1) \(k.row ?? -1) \(k.column) \(k.kind)"
        }
        #expect(found == expected)
        #expect(outcome.problems.count == expected.count, "\(outcome.problems.map { $0.rendered() })")
        #expect(outcome.hostileErrors == expected.count)
        let rendered = outcome.problems[0].rendered()
        #expect(
            rendered.hasPrefix(
                "h.csv:2:3: error: the cell in row 1, column 'Kegiatan', begins like a spreadsheet formula"),
            "\(rendered)")
        // A cell's text quoted in a message (a Waktu sopc cannot add up) shows its control and bidi characters and
        // line breaks as escapes, so that no terminal acts on them.
        let time = ImportProblem(.warning, .importTimeKept(row: 1, text: "5\u{1B}[31m\u{202E}\n\u{0}"), file: "x.csv")
        let shown = time.rendered()
        #expect(shown.contains("'5\\u{1B}[31m\\u{202E}\\n\\u{0}'"), "\(shown)")
        #expect(!shown.dropLast().unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{202E}" })
        let texts = Self.texts(outcome)
        let yaml = try #require(texts.first { $0.key.hasSuffix(".sop.yaml") }?.value)
        // Bidi and control characters are escapes in the YAML, never raw.
        #expect(!yaml.unicodeScalars.contains { $0 == "\u{202E}" || $0 == "\u{0}" || $0 == "\u{7}" })
        #expect(yaml.contains("\\u202E") && yaml.contains("\\x00"))
        let result = Self.check(texts)
        #expect(!result.diagnostics.contains { $0.id == .yamlSyntax || $0.id == .wrongType })
        let sop = try #require(result.model.sops.first)
        try #require(sop.steps.count == Self.hostileCells.count)
        for (step, h) in zip(sop.steps, Self.hostileCells) {
            #expect(Array(step.activity.unicodeScalars) == Array(h.text.unicodeScalars), "\(h.text.debugDescription)")
            #expect(step.notes.map { Array($0.unicodeScalars) } == Array(h.text.unicodeScalars))
        }
    }

    /// Every text the emitter writes reads back through libyaml as exactly the same scalars: random texts
    /// over a hostile alphabet.
    @Test func yamlScalarsRoundTripThroughLibyaml() {
        let alphabet: [Unicode.Scalar] =
            Array("aZ09 -:#,[]{}&*!|>'\"%@`?\\/.;()=+~".unicodeScalars)
            + [
                "\t", "\n", "\r", "\u{0}", "\u{1}", "\u{1B}", "\u{7F}", "\u{85}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{FEFF}",
                "\u{FFFD}", "é", "\u{301}", "ß", "ー", "😀", "\u{E000}", "\u{202E}", "\u{2066}", "\u{200F}", "＝",
            ]
        var generator = SystemRandomNumberGenerator()
        var texts: [String] = ["", " ", "?", "-", "true", "No", "0x1F", "1e3", "a #b", "a:b", "a: b"]
        for _ in 0..<3000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1...12, using: &generator) { s.append(alphabet.randomElement(using: &generator)!) }
            texts.append(String(s))
        }
        for text in texts {
            let yaml = "k: \(YAMLText.scalar(text))\n"
            let (root, diagnostics) = YAMLReader(file: "t.yaml").read(Array(yaml.utf8))
            let value = root?.pairs.first?.value
            let ok =
                diagnostics.isEmpty && value?.kind == .scalar && value?.isNull == false
                && Array(value!.text.unicodeScalars) == Array(text.unicodeScalars)
            #expect(ok, "\(text.debugDescription) written as \(yaml.debugDescription)")
            if !ok { break }
        }
    }

    // MARK: into a project

    /// Into an existing project: roles of the same name and its artefacts and equipment are reused, new ones
    /// are added to sopc.yaml after its entries (its comments kept), an SOP named in Ket becomes a call.
    @Test func importIntoAProjectReusesItsNames() throws {
        let target = try ImportFolder.target(Paths.definitions.path)
        let csv =
            "No,Kegiatan,Ka Biro,Bendahara,Kelengkapan,Waktu,Output,Ket\r\n"
            + "1,Memerintahkan rapat,mulai,,\"Alat tulis kantor, Undangan rapat\",5 menit,Undangan rapat,\r\n"
            + "2,Membayar konsumsi,,selesai,Kuitansi,1 jam,Kuitansi,SOP Pelaksanaan Rapat\r\n"
        let outcome = Importer.run([ImportInput(path: "konsumsi.csv", bytes: Array(csv.utf8))], into: target)
        #expect(!outcome.hasErrors, "\(outcome.problems.map { $0.rendered() })")
        var files = try [String: [UInt8]](
            uniqueKeysWithValues: FileManager.default.contentsOfDirectory(atPath: Paths.definitions.path)
                .filter { $0.hasSuffix(".yaml") }.map {
                    ($0, try [UInt8](Data(contentsOf: Paths.definitions.appendingPathComponent($0))))
                })
        let before = String(decoding: files["sopc.yaml"]!, as: UTF8.self)
        for f in outcome.files { files[f.path] = f.bytes }
        let project = String(decoding: files["sopc.yaml"]!, as: UTF8.self)
        #expect(project.contains("  bendahara:\n    name: Bendahara\n"))
        let result = Pipeline.check(files: files)
        let sop = try #require(result.model.sop("konsumsi"))
        #expect(sop.steps[0].actors.map(\.id) == ["kabiro"])
        #expect(sop.steps[0].needs.map(\.id) == ["atk", "undangan-rapat"])
        #expect(sop.steps[1].call?.id == "rapat" && sop.steps[1].notes == nil)
        #expect(!result.diagnostics.contains { $0.severity == .error && $0.file.contains("sopc.yaml") }, "\(Self.report(result))")
        // Every line of the project file before is still there, in order.
        let old = before.split(separator: "\n", omittingEmptySubsequences: false)
        let new = project.split(separator: "\n", omittingEmptySubsequences: false)
        var j = 0
        for line in new where j < old.count && line == old[j] { j += 1 }
        #expect(j == old.count, "the project file is extended, not rewritten")
    }

    /// Extending `sopc.yaml`: entries go after the last entry of the block mapping, indented like it, before
    /// the comments and keys that follow; a missing key is added at the end; a flow mapping is refused.
    @Test func projectFileIsExtendedInPlace() throws {
        let text =
            "sopc: 1\nroles:  # the columns\n    kabiro: { name: Ka Biro }\n    # staff\n    staf: { name: Staf }\n\n# documents\nequipment:\n  atk: ATK\n"
        let extended = try ProjectText.add(["kabag:\n  name: Kabag"], under: "roles", to: text)
        #expect(
            extended
                == "sopc: 1\nroles:  # the columns\n    kabiro: { name: Ka Biro }\n    # staff\n    staf: { name: Staf }\n    kabag:\n      name: Kabag\n\n# documents\nequipment:\n  atk: ATK\n"
        )
        let added = try ProjectText.add(["surat: Surat masuk"], under: "artefacts", to: extended)
        #expect(added.hasSuffix("  atk: ATK\nartefacts:\n  surat: Surat masuk\n"))
        let (root, diagnostics) = YAMLReader(file: "sopc.yaml").read(Array(added.utf8))
        #expect(diagnostics.isEmpty && root?.pairs.map(\.key.text) == ["sopc", "roles", "equipment", "artefacts"])
        #expect(throws: ProjectText.CannotExtend.self) {
            try ProjectText.add(["x: X"], under: "roles", to: "sopc: 1\nroles: { a: A }\n")
        }
    }

    /// The command: writes all files, refuses to overwrite without --force, writes nothing when one file is
    /// bad, and exits 1 naming the file.
    @Test func commandWritesAllOrNothing() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = Paths.shared.appendingPathComponent("seed/000_ae283ae58617ddac.txt").path
        let into = dir.appendingPathComponent("defs").path
        var r = try sopc(["import", seed, "--into", into])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("15 markers '?' to fill in"))
        let written = try FileManager.default.contentsOfDirectory(atPath: into).sorted()
        #expect(written == ["laporan-akuntabilitas-kinerja-lakip.sop.yaml", "sopc.yaml"])
        let check = try sopc(["check", into])
        #expect(check.status == 1 && check.stdout.contains("[import-todo]"))
        // Again: the SOP file exists.
        r = try sopc(["import", seed, "--into", into])
        #expect(r.status == 1 && r.stdout.contains("'laporan-akuntabilitas-kinerja-lakip.sop.yaml' exists already"))
        r = try sopc(["import", seed, "--into", into, "--force"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        // One bad file among good ones: nothing at all is written.
        let bad = dir.appendingPathComponent("rusak.docx")
        try Data("bukan zip".utf8).write(to: bad)
        let fresh = dir.appendingPathComponent("fresh").path
        r = try sopc(["import", seed, bad.path, "--into", fresh])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\(bad.path): error: the file is not a Word document (.docx)"))
        #expect(!FileManager.default.fileExists(atPath: fresh))
        // A folder standing where a file goes: refused before anything is written.
        let blocked = dir.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(
            at: blocked.appendingPathComponent("laporan-akuntabilitas-kinerja-lakip.sop.yaml"), withIntermediateDirectories: true)
        r = try sopc(["import", seed, "--into", blocked.path, "--force"])
        #expect(r.status == 2)
        #expect(!FileManager.default.fileExists(atPath: blocked.appendingPathComponent("sopc.yaml").path))
        // A 50 MB file is refused before it is read.
        let big = dir.appendingPathComponent("besar.csv")
        FileManager.default.createFile(atPath: big.path, contents: nil)
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 50 * 1024 * 1024)
        try handle.close()
        r = try sopc(["import", big.path, "--into", fresh])
        #expect(r.status == 1 && r.stdout.contains("\(big.path): error: the file is too large"))
        // Byte counts are grouped as each language writes them, like the check's file-size message.
        #expect(r.stdout.contains("(52,428,800 bytes; the limit is 16,777,216 bytes)"), "\(r.stdout)")
        r = try sopc(["import", big.path, "--into", fresh, "--lang", "id"])
        #expect(r.stdout.contains("(52.428.800 bita; batasnya 16.777.216 bita)"), "\(r.stdout)")
    }

    /// The real binary on hostile text: an error per hostile cell naming its line, column, row and column name,
    /// exit 1, and the files written with the text inert; the report in the language of --lang, SOPC_LANG or
    /// the locale, like `check`.
    @Test func commandReportsHostileTextInTheChosenLanguage() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("h.csv")
        try Data(Self.hostileCSV().utf8).write(to: csv)
        let into = dir.appendingPathComponent("en").path
        var r = try sopc(["import", csv.path, "--into", into])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(
            r.stdout.contains(
                "\(csv.path):2:3: error: the cell in row 1, column 'Kegiatan', begins like a spreadsheet formula"))
        #expect(r.stdout.contains("\(csv.path):3:3: error: the cell in row 2, column 'Kegiatan', holds HTML markup"))
        #expect(r.stdout.contains("row 21, column 'Ket', holds characters that change the direction of text (bidi)"))
        #expect(r.stdout.contains("row 28, column 'Kegiatan', holds control characters"))
        #expect(r.stdout.contains("imported 1 SOP into"))
        #expect(r.stderr.contains("errors of hostile text above: the files were written"))
        let yaml = try String(contentsOfFile: into + "/h.sop.yaml", encoding: .utf8)
        #expect(yaml.contains("activity: \"\\u202Ekebalik\\u202C teks\""), "\(yaml)")
        #expect(yaml.contains("activity: \"=HYPERLINK(\\\"http://x\\\",\\\"klik\\\")\""))
        // --lang id: the same report in Indonesian.
        r = try sopc(["import", csv.path, "--into", dir.appendingPathComponent("id").path, "--lang", "id"])
        #expect(r.status == 1)
        #expect(
            r.stdout.contains(
                "\(csv.path):2:3: error: sel pada baris 1, kolom 'Kegiatan', diawali seperti rumus lembar kerja"))
        #expect(r.stdout.contains("help: bandingkan dengan dokumen aslinya"))
        #expect(r.stdout.contains("1 SOP berhasil diimpor ke"))
        #expect(r.stderr.contains("kesalahan teks berbahaya di atas"))
        #expect(!r.stdout.contains("spreadsheet"))
        // SOPC_LANG=id, and the locale when SOPC_LANG is not set: the seed's report in Indonesian.
        let seed = Paths.shared.appendingPathComponent("seed/000_ae283ae58617ddac.txt").path
        r = try sopc(["import", seed, "--into", dir.appendingPathComponent("seed1").path], environment: ["SOPC_LANG": "id"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("14 dari 14 langkah tidak memiliki simbol di kolom Pelaksana"))
        #expect(r.stdout.contains("15 tanda '?' perlu dilengkapi: jalankan 'sopc check"))
        r = try sopc(
            ["import", seed, "--into", dir.appendingPathComponent("seed2").path],
            environment: ["LANG": "id_ID.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""], removing: ["SOPC_LANG"])
        #expect(r.stdout.contains("15 tanda '?' perlu dilengkapi"), "\(r.stdout)")
        // A bad file: nothing written, in Indonesian; an unknown language is a usage error.
        let bad = dir.appendingPathComponent("rusak.docx")
        try Data("bukan zip".utf8).write(to: bad)
        r = try sopc(["import", bad.path, "--into", dir.appendingPathComponent("bad").path, "--lang", "id"])
        #expect(r.status == 1 && r.stdout.contains("bukan dokumen Word"))
        #expect(r.stderr.contains("tidak ada SOP yang diimpor"))
        r = try sopc(["import", seed, "--into", dir.appendingPathComponent("x").path, "--lang", "fr"])
        #expect(r.status == 2)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))
    }

    /// Hostile text in a Word document (python-docx): errors naming the identity field and the cells, exit 1,
    /// the files written with the text inert; a NUL or control character in the XML is a malformed document
    /// (exit 1, nothing written). Never a crash.
    @Test(.tags(.consumer), .notInFastLoop) func commandReportsHostileTextInWord() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docx = try Self.makeDocx("hostile", in: dir)
        let into = dir.appendingPathComponent("defs").path
        var r = try sopc(["import", docx.path, "--into", into])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\(docx.path): error: the text of 'Nomor SOP' begins like a spreadsheet formula"))
        #expect(r.stdout.contains("\(docx.path): error: the cell in row 1, column 'Kegiatan', holds HTML markup"))
        #expect(r.stdout.contains("the cell in row 2, column 'Ka Biro', begins like a spreadsheet formula"), "the diamond")
        #expect(r.stdout.contains("the cell in row 2, column 'Ket', holds characters that change the direction"))
        let yaml = try String(contentsOfFile: into + "/surat-berbahaya.sop.yaml", encoding: .utf8)
        #expect(yaml.contains("\"=cmd|' /C calc'!A0\""), "\(yaml)")
        #expect(yaml.contains("\"\\u202Ebalik\\u202C\""))
        // NUL, a character reference to NUL or ESC: not XML, so not a Word document.
        for (name, text) in [("nul", "Mengarsipkan\\x00surat"), ("nulref", "Mengarsipkan&#0;surat"), ("esc", "&#x1b;[31m")] {
            let out = dir.appendingPathComponent("\(name).docx")
            let script = """
                import zipfile, sys
                src = zipfile.ZipFile(sys.argv[1])
                with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
                    for n in src.namelist():
                        d = src.read(n)
                        if n == "word/document.xml":
                            d = d.replace(b"Mengarsipkan surat", sys.argv[3].encode().replace(b"\\\\x00", b"\\0"))
                        z.writestr(n, d)
                """
            let made = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, docx.path, out.path, text])
            try #require(made.status == 0, "\(made.stderr)")
            let target = dir.appendingPathComponent("defs-\(name)").path
            r = try sopc(["import", out.path, "--into", target])
            #expect(r.status == 1 && r.stdout.contains("is not well-formed XML"), "\(name): \(r.stdout)")
            #expect(!FileManager.default.fileExists(atPath: target))
        }
    }
}
