import Foundation
import Testing

@testable import SOPCompiler

/// `sopc print` (docs/OUTPUTS.md): one PDF per SOP with the pages of the form's plan and every Kegiatan in
/// full; an unknown SOP, definitions with errors, and no Chromium give their exit statuses.
@Suite(.serialized) struct PrintCommandTests {
    /// Letters and digits only: a text wraps where the printed lines end (a hyphenated word too, and the
    /// seed writes "masing- masing"), and pdftotext pads columns with spaces.
    static func normalised(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }))
    }

    @Test func theKegiatanColumnIsReadFromTheLayout() {
        let layout = """
            No   Kegiatan              Kabiro   Kelengkapan
            1    Memeriksa surat       [ ]      Surat masuk
                 dan lampiran                   dan berkas
            2    Menandatangani        < >      Draf
            \u{0C}3    Mengarsipkan          [ ]      Berkas
            """
        #expect(Self.kegiatanColumn(layout) == "Kegiatan\nMemeriksa surat\ndan lampiran\nMenandatangani\nMengarsipkan")
    }

    /// The runs of text on a line of `pdftotext -layout` output (separated by two spaces or more), each with
    /// the column it starts at.
    static func segments(_ line: Substring) -> [(column: Int, text: String)] {
        let chars = Array(line)
        var out: [(Int, String)] = []
        var i = 0
        while i < chars.count {
            if chars[i] == " " {
                i += 1
                continue
            }
            let begin = i
            while i < chars.count && !(chars[i] == " " && (i + 1 >= chars.count || chars[i + 1] == " ")) { i += 1 }
            out.append((begin, String(chars[begin..<i])))
        }
        return out
    }

    /// The Kegiatan column of a printed form, read from `pdftotext -layout` output: `-layout` keeps the
    /// table's columns side by side, so on each page the column is where the text after a row's number
    /// starts (the most common such place), and the column's text is every run starting there, in order.
    static func kegiatanColumn(_ layout: String) -> String {
        var out: [String] = []
        for page in layout.split(separator: "\u{0C}", omittingEmptySubsequences: false) {
            let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(segments)
            var starts: [Int: Int] = [:]
            for line in lines where line.count >= 2 && !line[0].text.isEmpty && line[0].text.allSatisfy(\.isNumber) {
                starts[line[1].column, default: 0] += 1
            }
            guard let column = starts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key else { continue }
            for line in lines {
                for run in line where abs(run.column - column) <= 2 { out.append(run.text) }
            }
        }
        return out.joined(separator: "\n")
    }

    @Test(.tags(.browser), .notInFastLoop) func printsEverySOPAsPlanned() throws {
        guard let pdfinfo = PrintTests.tool("pdfinfo"), let pdftotext = PrintTests.tool("pdftotext") else {
            Issue.record("poppler-utils is needed (scripts/run setup_test installs it)")
            return
        }
        let out = Scratch.folder.appendingPathComponent("sopc-print-cmd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try sopc(["print", Paths.definitions.path, "--out", out.path])
        try #require(r.status == 0, "sopc print: \(r.stderr)")
        let result = try Checker.check(directory: Paths.definitions.path)
        let plan = try #require(Pipeline.outputs(of: result))
        let ids = result.model.sops.map(\.sopID).sorted()
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(written == ids.map { "\($0).pdf" })
        for sop in result.model.sops {
            let id = sop.sopID
            let pdf = out.appendingPathComponent("\(id).pdf").path
            let html = try #require(plan.files.first { $0.path == "\(id)/\(id).html" })
            let announced = try #require(PrintTests.announcedPages(String(decoding: html.bytes, as: UTF8.self)))
            let info = try run(pdfinfo, [pdf]).stdout
            let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
                .flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) }
            #expect(pages == announced, "\(id): \(pages ?? -1) pages, the form's plan has \(announced)")
            // A4 landscape: 842 × 595 pt.
            let size = info.split(separator: "\n").first { $0.hasPrefix("Page size:") }.map(String.init) ?? ""
            let points = size.split(whereSeparator: { $0 == " " }).compactMap { Double($0) }
            #expect(points.count == 2 && abs(points[0] - 841.9) < 2 && abs(points[1] - 595.3) < 2, "\(id): \(size)")
            let column = Self.normalised(Self.kegiatanColumn(try run(pdftotext, ["-layout", pdf, "-"]).stdout))
            let table = FormTable(sop, in: checked(result.model))
            for row in table.rows {
                let kegiatan = Self.normalised(row.activity)
                #expect(
                    column.contains(kegiatan),
                    "\(id): row \(row.number)'s Kegiatan is not in the PDF in full")
            }
        }
        #expect(r.stderr == "sopc: printed \(ids.count) SOPs into '\(out.path)'\n")
        // Only the SOPs named, into `print/` by default (as docs/PREVIEW.md shows it).
        let cwd = Scratch.folder.appendingPathComponent("sopc-print-one-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: cwd) }
        let r1 = try sopc(["print", Paths.definitions.path, "lakip"], in: cwd)
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(r1.stderr == "sopc: printed 1 SOP into 'print'\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd.appendingPathComponent("print").path) == ["lakip.pdf"])
    }

    @Test(.tags(.browser), .notInFastLoop) func anUnwritableFolderIsAUsageError() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject])
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a-file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let r = try sopc(["print", Paths.definitions.path, "--out", file.appendingPathComponent("print").path, "surat"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("sopc: error: cannot write '"), "\(r.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "x")
    }

    @Test func anUnknownSOPIsAUsageError() throws {
        let out = Scratch.folder.appendingPathComponent("sopc-print-x-\(UUID().uuidString)")
        let r = try sopc(["print", Paths.definitions.path, "--out", out.path, "lakip", "tidak-ada"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("'tidak-ada'"))
        #expect(r.stderr.contains("barang, lakip, rapat, surat"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func definitionsWithErrorsPrintNothing() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "x.sop.yaml": "sop: x\nname: ["])
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("print")
        let r = try sopc(["print", dir.path, "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("x.sop.yaml:"))
        #expect(r.stderr.contains("error"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test(arguments: ["en", "id"]) func noChromiumSaysHowToInstallIt(_ lang: String) throws {
        let out = Scratch.folder.appendingPathComponent("sopc-print-none-\(UUID().uuidString)")
        let nowhere = try sopc(
            ["print", Paths.definitions.path, "--out", out.path, "--lang", lang],
            environment: ["SOPC_CHROMIUM": "/nonexistent/chromium"])
        let noPath = try sopc(
            ["print", Paths.definitions.path, "--out", out.path, "--lang", lang], environment: ["PATH": "/nonexistent"],
            removing: ["SOPC_CHROMIUM"])
        for r in [nowhere, noPath] {
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stderr.contains("apt-get install chromium"))
            #expect(r.stderr.contains(lang == "id" ? "tidak ditemukan" : "no Chromium found"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
