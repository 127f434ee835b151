import Foundation
import Testing

@testable import SOPChecks
@testable import SOPCompiler

/// `organization.logo`: the file beside `sopc.yaml` is embedded, byte for byte, on the identity page of every
/// form (judged PNG, JPEG or SVG by its content); the placeholder emblem only when no logo is given. The
/// unusable ones are `invalid-logo` (Fixtures/check/invalid-logo*).
@Suite struct FormLogoTests {
    /// Paths are read as the file system reads them, byte by byte: `../` followed by a combining mark is one
    /// character of the text, but `..` and a separator to the kernel, so that logo is outside the folder;
    /// a name starting with `.` and a combining mark is hidden, in a scan and in memory alike.
    @Test func pathsAreReadByteByByte() {
        #expect(!Logo.isInsideFolder("../\u{301}logo.png"))
        #expect(!Logo.isInsideFolder("gambar/./\u{301}logo.png"))
        #expect(Logo.isInsideFolder("gambar/\u{301}logo.png"))
        #expect(Logo.isInsideFolder("logo.png"))
        #expect(!DefinitionsSource.isSOPFile(".\u{301}lama.sop.yaml"))
        #expect(!DefinitionsSource.isSOPFile("arsip/.\u{301}/lama.sop.yaml"))
        #expect(DefinitionsSource.isSOPFile("arsip/\u{301}lama.sop.yaml"))
    }

    static let png: [UInt8] =
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + [
            0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
        ]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9]
    static let svg = Array(
        "<?xml version=\"1.0\"?>\n<!-- a test emblem -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"><rect width=\"4\" height=\"4\"/></svg>\n"
            .utf8)

    static func project(logo: String?) -> String {
        "sopc: 1\norganization:\n  name: Biro Uji\n" + (logo.map { "  logo: \($0)\n" } ?? "")
            + "roles:\n  a: { name: Pelaksana }\n"
    }

    static let sops = [
        "satu.sop.yaml": "sop: satu\nname: Satu\nsteps:\n  - id: s1\n    activity: Mulai\n    actor: a\n    time: 5 menit\n",
        "dua.sop.yaml": "sop: dua\nname: Dua\nsteps:\n  - id: s1\n    activity: Mulai\n    actor: a\n    time: 5 menit\n",
    ]

    /// The images embedded in a form, as (media type, bytes), read back from their `data:` URLs.
    static func images(in html: String) -> [(String, [UInt8])] {
        html.components(separatedBy: "<img class=\"logo\" src=\"data:").dropFirst().compactMap { rest in
            let url = rest.prefix { $0 != "\"" }
            let parts = url.components(separatedBy: ";base64,")
            guard parts.count == 2, let data = Data(base64Encoded: parts[1]) else { return nil }
            return (parts[0], Array(data))
        }
    }

    /// Builds a project on disk with `logo` written as `name`, and the forms of both SOPs.
    static func forms(logo: [UInt8]?, name: String = "logo.png") throws -> (CheckResult, [String]) {
        var files = sops
        files["sopc.yaml"] = project(logo: logo == nil ? nil : name)
        let dir = try temporaryProject(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        if let logo { try Data(logo).write(to: dir.appendingPathComponent(name)) }
        let result = try Pipeline.check(directory: dir.path)
        guard let plan = Pipeline.outputs(of: result) else { return (result, []) }
        let forms = plan.files.filter { $0.path.hasSuffix(".html") && !$0.path.hasSuffix("index.html") }
        return (result, forms.map { String(decoding: $0.bytes, as: UTF8.self) })
    }

    @Test(arguments: [("image/png", png, "logo.png"), ("image/jpeg", jpeg, "logo.jpg"), ("image/svg+xml", svg, "lambang.svg")])
    func embeddedOnEveryIdentityPage(_ type: String, _ bytes: [UInt8], _ name: String) throws {
        let (result, forms) = try Self.forms(logo: bytes, name: name)
        #expect(result.errorCount == 0, "\(result.diagnostics.map(\.message))")
        #expect(forms.count == 2)
        for html in forms {
            let images = Self.images(in: html)
            #expect(images.count == 1)
            #expect(images.first?.0 == type)
            #expect(images.first?.1 == bytes)
            #expect(!html.contains("aria-label=\"Logo\""), "the placeholder is printed as well")
        }
    }

    /// An identity part too long for one sheet continues on a "(lanjutan)" sheet, and that sheet carries the
    /// logo too, small, beside its heading: every identity sheet shows the organisation's own emblem.
    @Test func onContinuationSheetsToo() throws {
        let laws = (1...60).map {
            "    - Peraturan Daerah Nomor \($0) Tahun 2020 tentang Penyelenggaraan Urusan Pemerintahan Bidang \($0)\n"
        }
        var files = Self.sops
        files["satu.sop.yaml"] =
            "sop: satu\nname: Satu\nidentity:\n  legal_basis:\n" + laws.joined()
            + "steps:\n  - id: s1\n    activity: Mulai\n    actor: a\n    time: 5 menit\n"
        files["sopc.yaml"] = Self.project(logo: "logo.png")
        let dir = try temporaryProject(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(Self.png).write(to: dir.appendingPathComponent("logo.png"))
        let result = try Pipeline.check(directory: dir.path)
        let plan = try #require(Pipeline.outputs(of: result))
        let html = String(decoding: try #require(plan.files.first { $0.path == "satu/satu.html" }).bytes, as: UTF8.self)
        let sheets = html.components(separatedBy: "<section class=\"sheet ident\"").dropFirst()
        #expect(sheets.count >= 2, "60 laws should need a continuation sheet")
        for (k, sheet) in sheets.enumerated() {
            let body = sheet.components(separatedBy: "</section>")[0]
            let logo =
                k == 0 ? "<img class=\"logo\" src=\"data:image/png;base64," : "<img class=\"logo-s\" src=\"data:image/png;base64,"
            #expect(body.contains(logo), "identity sheet \(k + 1) has no logo")
            #expect(!body.contains("aria-label=\"Logo\""), "the placeholder on sheet \(k + 1)")
        }
        #expect(html.contains("Bagian Identitas (lanjutan)"))
    }

    @Test func typeByContentNotByName() throws {
        // An SVG image named .png is embedded as the SVG it is.
        let (result, forms) = try Self.forms(logo: Self.svg, name: "logo.png")
        #expect(result.errorCount == 0)
        #expect(Self.images(in: forms[0]).first?.0 == "image/svg+xml")
    }

    @Test func exactlyOneMebibyteIsAccepted() throws {
        let bytes = Self.png + [UInt8](repeating: 0, count: (1 << 20) - Self.png.count)
        let (result, forms) = try Self.forms(logo: bytes)
        #expect(result.errorCount == 0)
        #expect(Self.images(in: forms[0]).first?.1.count == 1 << 20)
    }

    @Test func placeholderOnlyWithoutALogo() throws {
        let (result, forms) = try Self.forms(logo: nil)
        #expect(result.errorCount == 0)
        for html in forms {
            #expect(Self.images(in: html).isEmpty)
            #expect(html.contains("aria-label=\"Logo\""))
        }
    }

    @Test func inMemoryWithoutTheFileIsNeitherUsedNorReported() {
        var files = Self.sops.mapValues { Array($0.utf8) }
        files["sopc.yaml"] = Array(Self.project(logo: "logo.png").utf8)
        let without = Pipeline.check(files: files)
        #expect(without.diagnostics.isEmpty)
        #expect(without.model.project?.logo == nil)
        files["logo.png"] = Array("not an image".utf8)
        let wrong = Pipeline.check(files: files)
        #expect(wrong.diagnostics.map(\.id) == [.invalidLogo])
        files["logo.png"] = Self.png
        #expect(Pipeline.check(files: files).model.project?.logo?.kind == .png)
    }

    @Test func readableSVG() {
        func ok(_ text: String) -> Bool { Logo.isReadableSVG(Array(text.utf8)) }
        let ns = "xmlns=\"http://www.w3.org/2000/svg\""
        #expect(ok("<svg \(ns)/>"))
        #expect(ok("\u{FEFF}<?xml version=\"1.0\"?><!DOCTYPE svg><svg \(ns) width=\"4\"><g/></svg><!-- end -->\n"))
        #expect(!ok("<svg><circle r=\"1\"/></svg>"), "no SVG namespace")
        #expect(!ok("<html><svg \(ns)/></html>"), "the root is not <svg>")
        #expect(!ok("<svg \(ns)><g/>"), "never closed")
        #expect(!ok("<svg \(ns)></svg><p>more</p>"), "text after the root")
        #expect(!ok("<!DOCTYPE svg [<!ENTITY a \"aaaa\">]><svg \(ns)>&a;</svg>"), "entities")
        #expect(!Logo.isReadableSVG([0x3C, 0x73, 0x76, 0x67, 0xFF, 0xFE]), "not UTF-8")
    }

    @Test func definitionsPrintTheirOwnLogo() throws {
        let definitions = Paths.repo.appendingPathComponent("definitions")
        let logo = Array(try Data(contentsOf: definitions.appendingPathComponent("logo.svg")))
        let result = try Pipeline.check(directory: definitions.path)
        #expect(result.model.project?.logo?.bytes == logo)
        let lakip = try String(contentsOf: Paths.repo.appendingPathComponent("generated/lakip/lakip.html"), encoding: .utf8)
        #expect(Self.images(in: lakip).first?.1 == logo)
    }
}
