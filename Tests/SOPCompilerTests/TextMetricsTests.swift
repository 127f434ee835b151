import Testing

@testable import SOPCompiler

/// ``TextMetrics/lines(_:width:pt:bold:)`` counts in one pass without allocating (ASCII byte by byte, other
/// texts by character); it must count exactly as splitting the text into words and measuring each does,
/// for any text: spaces, tabs, CR, LF and CR LF (one character, no separator), combining marks after a
/// space, words longer than the line, non-Latin letters.
@Suite struct TextMetricsTests {
    /// The count by splitting into words.
    static func reference(_ text: String, width: Double, pt: Double, bold: Bool) -> Int {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        if words.isEmpty { return 1 }
        let space = TextMetrics.measure(" ", pt: pt, bold: bold)
        var lines = 1
        var used = 0.0
        for word in words {
            var w = TextMetrics.measure(word, pt: pt, bold: bold)
            if used > 0 && used + space + w <= width {
                used += space + w
                continue
            }
            if used > 0 {
                lines += 1
                used = 0
            }
            while w > width, width > 0 {
                lines += 1
                w -= width
            }
            used = w
        }
        return lines
    }

    @Test func countsAsSplittingDoes() {
        let pieces = [
            "Menyusun", "laporan", " ", "  ", "\t", "\n", "\r", "\r\n", "kinerja", "Biro", "Humas", "e\u{301}", " \u{301}",
            "Pengukuran", "dan/atau", "WWWWWWWWWWWWWWWWWWWW", "é", "السلام", "日本", "🇮🇩", "x",
        ]
        var state: UInt64 = 11
        var checked = 0
        for _ in 0..<3000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var text = ""
            for k in 0..<Int(state >> 60) { text += pieces[Int((state >> UInt64(k * 3 % 48)) % UInt64(pieces.count))] }
            for (width, pt) in [(10.0, 8.5), (30.0, 7.5), (2.0, 5.5), (0.0, 8.5)] {
                for bold in [false, true] {
                    #expect(
                        TextMetrics.lines(text, width: width, pt: pt, bold: bold)
                            == Self.reference(text, width: width, pt: pt, bold: bold), "\(text.debugDescription) \(width) \(pt)")
                    checked += 1
                }
            }
        }
        #expect(checked == 24_000)
    }
}
