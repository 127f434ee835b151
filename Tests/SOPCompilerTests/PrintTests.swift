import Foundation
import Testing

@testable import SOPCompiler

/// The printable form (`<id>.html`) printed for real: each SOP of `definitions/` and of the layout fixtures
/// (`Fixtures/form/<name>/definitions`) is rendered through the library, printed to PDF by headless
/// Chromium, and read back with poppler: the PDF has exactly the pages the form announces
/// (`<meta name="sopc-pages">`), every row's Kegiatan is on the page the page plan puts it on, and no page
/// is blank. The pages of LAKIP are kept as PNGs in `.build/print/` for a person to look at; with
/// `SOPC_PRINT_KEEP=DIR` every HTML, PDF and PNG is kept in DIR.
@Suite(.serialized) struct PrintTests {
    static let formFixtures = Paths.fixtures.appendingPathComponent("form")

    static let buildFixtures = Paths.fixtures.appendingPathComponent("build")

    /// `definitions`, the layout fixtures, and the `sopc build` fixtures (`build/<name>`) as more examples.
    static let folders: [String] = {
        // A missing or empty fixtures folder gives a placeholder that `printsAsPlanned` fails on.
        ["definitions"] + fixtureNames(in: formFixtures)
            + fixtureNames(in: buildFixtures).map { $0.hasPrefix(noFixturesMarker) ? $0 : "build/" + $0 }
    }()

    static func directory(_ name: String) -> URL {
        if name == "definitions" { return Paths.definitions }
        if name.hasPrefix("build/") {
            return buildFixtures.appendingPathComponent(String(name.dropFirst(6))).appendingPathComponent("definitions")
        }
        return formFixtures.appendingPathComponent(name).appendingPathComponent("definitions")
    }

    static func tool(_ name: String) -> URL? {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"] {
            let url = URL(fileURLWithPath: dir).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// Letters and digits only: texts wrap, and pdftotext puts line breaks (and sometimes spaces) where
    /// the printed lines end.
    static func squeeze(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }))
    }

    @Test(.tags(.browser), .notInFastLoop, arguments: folders) func printsAsPlanned(_ name: String) throws {
        try requireFixture(name)
        guard let chromium = Self.tool("chromium"), let pdfinfo = Self.tool("pdfinfo"), let pdftotext = Self.tool("pdftotext"),
            let pdftoppm = Self.tool("pdftoppm")
        else {
            Issue.record("chromium and poppler-utils are needed (scripts/run setup_test installs them)")
            return
        }
        let result = try Checker.check(directory: Self.directory(name).path)
        // A build fixture with errors is about the check, not the form.
        if name.hasPrefix("build/") && result.errorCount > 0 { return }
        #expect(result.errorCount == 0, "\(name): the definitions have errors")
        #expect(!result.model.sops.isEmpty)
        let keep = ProcessInfo.processInfo.environment["SOPC_PRINT_KEEP"].map {
            URL(fileURLWithPath: $0).appendingPathComponent(name)
        }
        let work = keep ?? Scratch.folder.appendingPathComponent("sopc-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: work) } }

        for sop in result.model.sops {
            let id = sop.sopID
            let table = FormTable(sop, in: checked(result.model))
            let timing = FormTiming(table)
            let html = HTMLForm.render(table, timing: timing, model: result.model)
            #expect(html == HTMLForm.render(table, timing: timing, model: result.model), "\(id): output is not deterministic")
            // As `sopc build` writes it: OUT/<id>/<id>.html, and the font once in OUT/fonts/.
            let htmlURL = work.appendingPathComponent("\(id)/\(id).html")
            let pdfURL = work.appendingPathComponent("\(id).pdf")
            try FileManager.default.createDirectory(at: htmlURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try html.write(to: htmlURL, atomically: true, encoding: .utf8)
            for file in OutputPlan.fontFiles {
                let url = work.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: url)
            }

            let announced = try #require(Self.announcedPages(html), "\(id): no sopc-pages meta")
            let plan = HTMLForm.pagePlan(table)
            #expect(plan.flatMap { $0 } == Array(table.rows.indices), "\(id): the page plan must list every row once, in order")

            let printed = try run(
                URL(fileURLWithPath: "/usr/bin/timeout"),
                [
                    "120", chromium.path, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--user-data-dir=\(work.appendingPathComponent("profile-\(id)").path)", "--print-to-pdf=\(pdfURL.path)",
                    htmlURL.absoluteString,
                ])
            try #require(
                FileManager.default.fileExists(atPath: pdfURL.path),
                "\(id): chromium wrote no PDF: \(printed.stderr.suffix(2000))")
            try? FileManager.default.removeItem(at: work.appendingPathComponent("profile-\(id)"))

            let info = try run(pdfinfo, [pdfURL.path])
            let pages = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }
                .flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) }
            #expect(pages == announced, "\(name)/\(id): the PDF has \(pages ?? -1) pages, the form announces \(announced)")

            let whole = Self.squeeze(try run(pdftotext, ["-raw", pdfURL.path, "-"]).stdout)
            for row in table.rows {
                #expect(
                    whole.contains(Self.squeeze(row.activity)), "\(name)/\(id): row \(row.number)'s Kegiatan is not in the PDF")
            }
            // Time totals too tall for the last table page print on sheets of their own after it.
            let totalsSheets = FlowLayout(table, timing: FormTiming(table)).totalsSheets.count
            let identityPages = announced - plan.count - totalsSheets
            #expect(identityPages >= 1, "\(id): the identity page comes first")
            for page in 1...max(1, pages ?? 0) {
                let text = try run(pdftotext, ["-raw", "-f", "\(page)", "-l", "\(page)", pdfURL.path, "-"]).stdout
                let squeezed = Self.squeeze(text)
                #expect(!squeezed.isEmpty, "\(name)/\(id): page \(page) is blank")
                let k = page - identityPages - 1
                if k >= 0 && k < plan.count {
                    for r in plan[k] {
                        #expect(
                            squeezed.contains(Self.squeeze(table.rows[r].activity)),
                            "\(name)/\(id): row \(r + 1) is not on page \(page)")
                    }
                }
                if k >= plan.count {
                    #expect(squeezed.contains("putarankoreksi"), "\(name)/\(id): page \(page) should hold time totals")
                }
            }

            if keep != nil || (name == "definitions" && id == "lakip") {
                let pngDir = keep ?? Paths.repo.appendingPathComponent(".build/print")
                try FileManager.default.createDirectory(at: pngDir, withIntermediateDirectories: true)
                // Pages of an earlier, longer printout must not linger.
                for old in (try? FileManager.default.contentsOfDirectory(atPath: pngDir.path)) ?? []
                where old.hasPrefix("\(id)-") && old.hasSuffix(".png") && Int(old.dropFirst(id.count + 1).dropLast(4)) != nil {
                    try? FileManager.default.removeItem(at: pngDir.appendingPathComponent(old))
                }
                _ = try run(pdftoppm, ["-png", "-r", "60", pdfURL.path, pngDir.appendingPathComponent(id).path])
            }
        }
    }

    static func announcedPages(_ html: String) -> Int? {
        guard let r = html.range(of: "<meta name=\"sopc-pages\" content=\"") else { return nil }
        return Int(html[r.upperBound...].prefix { $0.isNumber })
    }

    /// Texts from the definitions come out inert: markup in a Kegiatan is printed, not obeyed.
    @Test func escapesEveryText() throws {
        let dir = try temporaryProject([
            "sopc.yaml": minimalProject,
            "x.sop.yaml": """
            sop: x
            name: "Uji <b>tebal</b> & \\"kutip\\""
            identity:
              number: "1 < 2 & 'tiga'"
              warnings: ["<script>alert(1)</script>"]
            steps:
              - id: a
                activity: "Memeriksa <i>surat</i> & lampiran \\"penting\\" 'segera'"
                actor: kabiro
                notes: "</td></tr>"
                time: 5 menit
            """,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Checker.check(directory: dir.path)
        #expect(result.errorCount == 0)
        let sop = try #require(result.model.sop("x"))
        let table = FormTable(sop, in: checked(result.model))
        let html = HTMLForm.render(table, timing: FormTiming(table), model: result.model)
        #expect(html.contains("Memeriksa &lt;i&gt;surat&lt;/i&gt; &amp; lampiran &quot;penting&quot; &#39;segera&#39;"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;/td&gt;&lt;/tr&gt;"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<i>surat"))
    }
}
