import Foundation
import Testing

@testable import SOPCompiler
@testable import SOPFont

/// The form's font (``FormFont``): the generated tables agree with the TTF files they came from, the files
/// reach OUT once, and the layout measures with them.
@Suite struct FormFontTests {
    /// Reads a big-endian integer from a TTF.
    static func u16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) << 8 | Int(b[at + 1]) }
    static func u32(_ b: [UInt8], _ at: Int) -> Int { u16(b, at) << 16 | u16(b, at + 2) }

    /// The offset of a table in a TTF.
    static func table(_ tag: String, in b: [UInt8]) -> Int? {
        let count = u16(b, 4)
        for i in 0..<count {
            let record = 12 + 16 * i
            if String(decoding: b[record..<record + 4], as: UTF8.self) == tag { return u32(b, record + 8) }
        }
        return nil
    }

    /// The glyph of a code point from the TTF's format-4 `cmap` subtable (the Basic Multilingual Plane).
    static func glyph(_ cp: Int, in b: [UInt8]) -> Int? {
        let cmap = table("cmap", in: b)!
        for i in 0..<u16(b, cmap + 2) {
            let record = cmap + 4 + 8 * i
            let sub = cmap + u32(b, record + 4)
            guard u16(b, record) == 3, u16(b, record + 2) == 1, u16(b, sub) == 4 else { continue }
            let segs = u16(b, sub + 6) / 2
            let ends = sub + 14
            let starts = ends + 2 * segs + 2
            let deltas = starts + 2 * segs
            let offsets = deltas + 2 * segs
            for s in 0..<segs where cp <= u16(b, ends + 2 * s) {
                let start = u16(b, starts + 2 * s)
                guard cp >= start else { return nil }
                let delta = u16(b, deltas + 2 * s)
                let ro = u16(b, offsets + 2 * s)
                if ro == 0 { return (cp + delta) & 0xFFFF }
                let g = u16(b, offsets + 2 * s + ro + 2 * (cp - start))
                return g == 0 ? nil : (g + delta) & 0xFFFF
            }
        }
        return nil
    }

    static func advance(_ glyph: Int, in b: [UInt8]) -> Int {
        let hhea = table("hhea", in: b)!
        let hmtx = table("hmtx", in: b)!
        let metrics = u16(b, hhea + 34)
        return u16(b, hmtx + 4 * min(glyph, metrics - 1))
    }

    @Test(arguments: [false, true]) func tablesMatchTheFontFile(_ bold: Bool) throws {
        let ttf = bold ? FormFont.boldTTF : FormFont.regularTTF
        #expect(ttf.count > 100_000)
        #expect(Array(ttf.prefix(4)) == [0, 1, 0, 0], "not a TrueType file")
        let head = try #require(Self.table("head", in: ttf))
        #expect(Self.u16(ttf, head + 18) == FormFont.unitsPerEm)
        // Every character of the texts Indonesian SOPs are written in, and some the font lacks.
        let sample = "AaÉéŠšŽžĞğ0123456789 .,;:!?()[]/-–—‘’“”•…€Rp@&%+=<>±×÷αβΓжЖ"
        for s in sample.unicodeScalars {
            let g = try #require(Self.glyph(Int(s.value), in: ttf), "the font lacks \(FormFont.codeName(s))")
            #expect(FormFont.covers(s))
            let em = try #require(FormFont.advance(s, bold: bold))
            #expect(em == Double(Self.advance(g, in: ttf)) / Double(FormFont.unitsPerEm), "\(FormFont.codeName(s))")
        }
        for s in "😀登记✔ก한".unicodeScalars {
            #expect(Self.glyph(Int(s.value), in: ttf) == nil)
            #expect(!FormFont.covers(s), "\(FormFont.codeName(s)) is taken as printable")
            #expect(FormFont.advance(s, bold: bold) == nil)
        }
    }

    @Test func unprintableCharactersAreFoundWithTheirOffsets() {
        // Offsets count Unicode scalars, as columns do: "e\u{301}" is one character of two scalars.
        let found = FormFont.unprintable(in: "a😀 e\u{301} 登\u{FE0F}b")
        #expect(found.map(\.offset) == [1, 6])
        #expect(found.map { FormFont.codeName($0.scalar) } == ["U+1F600", "U+767B"])
        #expect(FormFont.unprintable(in: "Surat – café, α\n\tβ").isEmpty)
    }

    /// `unprintable-text` names a control character by its code only: the message never carries it raw.
    @Test func controlCharactersAreNamedByCode() throws {
        let sop =
            "sop: x\nname: \"Uji \\e[31m merah\"\nsteps:\n  - { id: a, activity: \"A\\0B 😀\", actor: kabiro, time: 5 menit }\n"
        let result = Pipeline.check(files: ["sopc.yaml": Array(minimalProject.utf8), "x.sop.yaml": Array(sop.utf8)])
        let found = result.diagnostics.filter { $0.id == .unprintableText }
        #expect(found.map(\.span.start.column) == [7, 24, 24])
        for language in Language.allCases {
            let texts = found.map { $0.text.text(in: language) }
            #expect(texts.allSatisfy { !$0.unicodeScalars.contains { $0.value < 0x20 } }, "\(texts)")
            for shown in ["U+001B", "U+0000", "'😀' (U+1F600)"] {
                #expect(texts.contains { $0.contains(shown) }, "\(language): \(shown) in \(texts)")
            }
        }
    }

    /// The font files are kept as base64 text: decoded, any length and any bytes come back as they were,
    /// whatever lines the text is broken into.
    @Test func base64DecodesWhatFoundationEncodes() {
        var random = SystemRandomNumberGenerator()
        for length in 0..<300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let options: Data.Base64EncodingOptions = length % 2 == 0 ? [] : [.lineLength64Characters, .endLineWithLineFeed]
            #expect(Base64.decode(Data(bytes).base64EncodedString(options: options)) == bytes, "\(length) bytes")
        }
    }

    @Test func fontIsWrittenOnceIntoOUTWithItsLicence() throws {
        let result = try Pipeline.check(directory: Paths.definitions.path)
        let plan = try #require(Pipeline.outputs(of: result))
        let fonts = plan.files.filter { $0.path.hasPrefix("fonts/") }
        #expect(
            fonts.map(\.path) == [
                "fonts/LICENSE-LiberationSans.txt", "fonts/LiberationSans-Bold.ttf", "fonts/LiberationSans-Regular.ttf",
            ])
        #expect(fonts.first { $0.path.hasSuffix("Regular.ttf") }?.bytes == FormFont.regularTTF)
        let licence = String(decoding: fonts[0].bytes, as: UTF8.self)
        #expect(licence.contains("SIL OPEN FONT LICENSE Version 1.1"))
        #expect(licence.contains("Reserved Font Name Liberation"))
        // The licence in the repository is the one written into OUT.
        let repo = try String(
            contentsOf: Paths.repo.appendingPathComponent("Sources/SOPFont/LICENSE-LiberationSans.txt"), encoding: .utf8)
        #expect(repo == licence)
        #expect(plan.manifest.paths.contains("fonts/LiberationSans-Regular.ttf"))
        // Each form loads it by a relative URL, and names no font a machine might lack or swap.
        for file in plan.files where file.path.hasSuffix(".html") && file.path.contains("/") {
            let html = String(decoding: file.bytes, as: UTF8.self)
            #expect(html.contains("src: url(\"../fonts/LiberationSans-Regular.ttf\")"))
            #expect(html.contains("src: url(\"../fonts/LiberationSans-Bold.ttf\")"))
            #expect(html.contains("font-family: \"\(FormFont.family)\", "))
        }
    }

    /// The layout's line count is the font's: a text exactly as wide as the column fits on one line, a
    /// little more wraps.
    @Test func layoutMeasuresWithTheFontsWidths() {
        let text = "Memeriksa kelengkapan berkas"
        let em = text.unicodeScalars.reduce(0.0) { $0 + FormFont.advance($1)! }
        let mm = em * FlowLayout.mm(pt: 10)
        #expect(abs(TextMetrics.measure(Substring(text), pt: 10) - mm * TextMetrics.safety) < 1e-9)
        #expect(TextMetrics.lines(text, width: mm * TextMetrics.safety + 0.01, pt: 10) == 1)
        #expect(TextMetrics.lines(text, width: mm * 0.9, pt: 10) == 2)
        let boldEm = text.unicodeScalars.reduce(0.0) { $0 + FormFont.advance($1, bold: true)! }
        #expect(boldEm > em)
        #expect(
            abs(TextMetrics.measure(Substring(text), pt: 10, bold: true) - boldEm * FlowLayout.mm(pt: 10) * TextMetrics.safety)
                < 1e-9)
    }
}
