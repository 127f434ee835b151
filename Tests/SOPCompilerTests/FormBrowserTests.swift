import Foundation
import Testing

@testable import SOPCompiler

/// The printed form, measured in a real browser under different font setups (issue 10: "it prints
/// identically on a machine with only DejaVu, with Liberation, and with a deliberately different default
/// sans-serif"). Each SOP of `definitions/` and of the layout fixtures is built as `sopc build` writes it
/// (`OUT/<id>/<id>.html`, the font once in `OUT/fonts/`), then opened in headless Chromium with a
/// fontconfig set-up (`FONTCONFIG_FILE`) that offers
/// - `dejavu`: DejaVu only, the fonts of a plain Debian machine;
/// - `serif`: FreeSerif as every sans-serif, Arial and Liberation Sans included: a machine whose default
///   sans-serif is nothing like the form's font.
///
/// In the page, `Tests/consumers/form_measure.js` (appended to a copy of the form, run with `--dump-dom`)
/// finds every cell, header, identity box and page whose content overflows its box (`scrollHeight` against
/// `clientHeight`, `scrollWidth` against `clientWidth`), and every SVG text whose box (`getBBox`) leaves its
/// column; there must be none, and the form's own font must have loaded. The form printed to PDF has the
/// pages of its own plan, and its text is drawn in the embedded Liberation Sans and in no font of the
/// machine (`pdffonts`).
@Suite(.serialized) struct FormBrowserTests {
    static let formFixtures = Paths.fixtures.appendingPathComponent("form")

    static let folders: [String] = ["definitions"] + fixtureNames(in: formFixtures)

    static let setups = ["dejavu", "serif"]

    static func directory(_ name: String) -> URL {
        name == "definitions"
            ? Paths.definitions : formFixtures.appendingPathComponent(name).appendingPathComponent("definitions")
    }

    /// A fontconfig file for a set-up, with its own cache, in `dir`; nil when the set-up's fonts are not
    /// installed.
    static func fontConfig(_ setup: String, in dir: URL) throws -> URL? {
        let fontDir: String
        var rules = ""
        switch setup {
        case "dejavu":
            fontDir = "/usr/share/fonts/truetype/dejavu"
        default:
            fontDir = "/usr/share/fonts/truetype/freefont"
            for family in ["Arial", "Helvetica", "Liberation Sans", "Arimo", "sans-serif"] {
                rules += """
                      <match target="pattern">
                        <test qual="any" name="family"><string>\(family)</string></test>
                        <edit name="family" mode="assign" binding="strong"><string>FreeSerif</string></edit>
                      </match>

                    """
            }
        }
        guard FileManager.default.fileExists(atPath: fontDir) else { return nil }
        let conf = dir.appendingPathComponent("fonts-\(setup).conf")
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
            <fontconfig>
              <dir>\(fontDir)</dir>
              <cachedir>\(dir.appendingPathComponent("fontcache-\(setup)").path)</cachedir>
              <include ignore_missing="yes">/etc/fonts/conf.d</include>
            \(rules)</fontconfig>

            """
        try text.write(to: conf, atomically: true, encoding: .utf8)
        return conf
    }

    struct Measure: Decodable {
        struct Overflow: Decodable {
            var `where`: String
            var dy: Double
            var dx: Double
        }
        struct Stray: Decodable {
            var `where`: String
            var x: Double
            var w: Double
            var from: Double
            var to: Double
        }
        var overflows: [Overflow]
        var strays: [Stray]
        var fonts: [String]
        var error: String?
    }

    /// The measurement the script left in the page (`<pre id="sopc-measure">`), from Chromium's DOM dump.
    static func measurement(_ dom: String) -> Measure? {
        guard let start = dom.range(of: "<pre id=\"sopc-measure\">", options: .backwards),
            let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex)
        else { return nil }
        let text = String(dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        return try? JSONDecoder().decode(Measure.self, from: Data(text.utf8))
    }

    @Test(.tags(.browser), .notInFastLoop, arguments: folders, setups)
    func fitsInEveryBox(_ name: String, _ setup: String) throws {
        try requireFixture(name)
        guard let chromium = PrintTests.tool("chromium"), let pdfinfo = PrintTests.tool("pdfinfo"),
            let pdffonts = PrintTests.tool("pdffonts")
        else {
            Issue.record("chromium and poppler-utils are needed (scripts/run setup_test installs them)")
            return
        }
        let work = Scratch.folder.appendingPathComponent("sopc-fonts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        guard let conf = try Self.fontConfig(setup, in: work) else {
            Issue.record("the fonts of set-up '\(setup)' are missing (scripts/run setup_test installs them)")
            return
        }
        let environment = ["FONTCONFIG_FILE": conf.path]
        let script = try String(contentsOf: Paths.repo.appendingPathComponent("Tests/consumers/form_measure.js"), encoding: .utf8)

        let result = try Pipeline.check(directory: Self.directory(name).path)
        #expect(result.errorCount == 0, "\(name): the definitions have errors")
        #expect(!result.diagnostics.contains { $0.id == .formOverflow }, "\(name): the layout itself reports an overflow")
        let plan = try #require(Pipeline.outputs(of: result))
        let out = work.appendingPathComponent("out")
        for file in plan.files where file.path.hasSuffix(".html") || file.path.hasPrefix("fonts/") {
            let url = out.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }

        for sop in result.model.sops {
            let id = sop.sopID
            let html = out.appendingPathComponent("\(id)/\(id).html")
            let form = try String(contentsOf: html, encoding: .utf8)
            let probe = out.appendingPathComponent("\(id)/\(id).measure.html")
            try form.replacingOccurrences(of: "</body>", with: "<script>\n\(script)</script>\n</body>")
                .write(to: probe, atomically: true, encoding: .utf8)
            let profile = work.appendingPathComponent("profile").path
            let dumped = try run(
                URL(fileURLWithPath: "/usr/bin/timeout"),
                [
                    "120", chromium.path, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)",
                    "--virtual-time-budget=10000", "--dump-dom", probe.absoluteString,
                ], environment: environment)
            let measure = try #require(
                Self.measurement(dumped.stdout), "\(name)/\(id) [\(setup)]: no measurement: \(dumped.stderr.suffix(1500))")
            #expect(measure.error == nil, "\(name)/\(id) [\(setup)]: the script failed: \(measure.error ?? "")")
            #expect(
                measure.fonts.contains("\(FormFont.family) normal loaded")
                    && measure.fonts.contains("\(FormFont.family) bold loaded"),
                "\(name)/\(id) [\(setup)]: the form's font did not load: \(measure.fonts)")
            for o in measure.overflows {
                Issue.record("\(name)/\(id) [\(setup)]: overflows its box by \(o.dy) px down, \(o.dx) px across: \(o.where)")
            }
            for s in measure.strays {
                Issue.record(
                    "\(name)/\(id) [\(setup)]: SVG text at \(s.x)…\(s.x + s.w) leaves its column \(s.from)…\(s.to): \(s.where)")
            }

            let pdf = work.appendingPathComponent("\(id).pdf")
            _ = try run(
                URL(fileURLWithPath: "/usr/bin/timeout"),
                [
                    "120", chromium.path, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--user-data-dir=\(profile)", "--print-to-pdf=\(pdf.path)", html.absoluteString,
                ], environment: environment)
            let info = try run(pdfinfo, [pdf.path])
            let pages = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }
                .flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) }
            let planned = PrintTests.announcedPages(form)
            #expect(
                pages != nil && pages == planned,
                "\(name)/\(id) [\(setup)]: the PDF has \(pages ?? -1) pages, the plan \(planned ?? -1)")
            // Every font in the PDF is the embedded one: the machine's fonts drew nothing.
            let fonts = try run(pdffonts, [pdf.path]).stdout.split(separator: "\n").dropFirst(2)
                .compactMap { $0.split(separator: " ").first.map(String.init) }
            #expect(!fonts.isEmpty, "\(name)/\(id) [\(setup)]: no fonts in the PDF")
            // Chromium draws some glyphs (small SVG texts with an outline) as Type 3 outlines without a name.
            for font in fonts where font != "[none]" {
                #expect(font.contains("LiberationSans"), "\(name)/\(id) [\(setup)]: the PDF draws text in \(font)")
            }
        }
    }
}
