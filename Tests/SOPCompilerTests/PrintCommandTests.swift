import Foundation
import Testing

@testable import SOPCompiler

/// `sopc print` (docs/OUTPUTS.md): one PDF per SOP with the pages of the form's plan and every Kegiatan in
/// full; an unknown SOP, definitions with errors, and no Chromium give their exit statuses.
@Suite(.serialized) struct PrintCommandTests {
    /// Letters and digits only, a word broken at a line end joined again: pdftotext -layout breaks lines
    /// where the printed lines end and pads columns with spaces.
    static func normalised(_ s: String) -> String {
        let joined = s.replacingOccurrences(of: "-\n", with: "-")
        return String(String.UnicodeScalarView(joined.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }))
    }

    /// Each column of the form is a separate block in `-layout` output, so a Kegiatan is looked for in the
    /// text of the Kegiatan column: the lines cut to the column's character range are not known here, so the
    /// whole page's text is read column-blind with `-raw` too, and the Kegiatan must be in one of the two.
    @Test(.tags(.browser), .notInFastLoop) func printsEverySOPAsPlanned() throws {
        guard let pdfinfo = PrintTests.tool("pdfinfo"), let pdftotext = PrintTests.tool("pdftotext") else {
            Issue.record("poppler-utils is needed (scripts/run setup_test installs it)")
            return
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-print-cmd-\(UUID().uuidString)")
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
            let layout = Self.normalised(try run(pdftotext, ["-layout", pdf, "-"]).stdout)
            let raw = Self.normalised(try run(pdftotext, ["-raw", pdf, "-"]).stdout)
            let table = FormTable(sop, in: checked(result.model))
            for row in table.rows {
                let kegiatan = Self.normalised(row.activity)
                #expect(
                    layout.contains(kegiatan) || raw.contains(kegiatan),
                    "\(id): row \(row.number)'s Kegiatan is not in the PDF in full")
            }
        }
        #expect(r.stderr == "sopc: printed \(ids.count) SOPs into '\(out.path)'\n")
        // Only the SOPs named, into `print/` by default (as docs/PREVIEW.md shows it).
        let cwd = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-print-one-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: cwd) }
        let r1 = try sopc(["print", Paths.definitions.path, "lakip"], in: cwd)
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(r1.stderr == "sopc: printed 1 SOP into 'print'\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd.appendingPathComponent("print").path) == ["lakip.pdf"])
    }

    @Test func anUnknownSOPIsAUsageError() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-print-x-\(UUID().uuidString)")
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
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-print-none-\(UUID().uuidString)")
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
