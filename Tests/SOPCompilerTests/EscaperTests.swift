import Testing

@testable import SOPSystem

/// ``Escaper`` copies the runs of characters that stand as they are in one piece; the result is exactly the
/// one of replacing character by character, for any text: ASCII, combining marks, emoji, controls, and
/// replacements at the start, the end, side by side and between the scalars of one grapheme.
@Suite struct EscaperTests {
    static let escaper = Escaper(
        ["<": "&lt;", "&": "&amp;", "\u{0}": "", "|": "&#124;"],
        otherASCII: { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F ? "?" : nil },
        beyondASCII: { $0.value == 0x301 ? "[acute]" : ($0.value == 0xFFFE ? "" : nil) })

    static let asciiOnly = Escaper(["<": "&lt;", "&": "&amp;"])

    /// The same table, one character at a time.
    static func slow(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "<": out += "&lt;"
            case "&": out += "&amp;"
            case "\u{0}": break
            case "|": out += "&#124;"
            case "\u{7F}": out += "?"
            case "\u{301}": out += "[acute]"
            case "\u{FFFE}": break
            default:
                if c.isASCII && c.value < 0x20 && c != "\n" { out += "?" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    @Test func sameAsOneByOne() {
        let pieces: [String] = [
            "a", "<", "&", "\u{0}", "\u{7}", "\n", "e\u{301}", "\u{301}", "é", "🇮🇩", "👩‍💻", "\u{FFFE}", "Kepala Biro",
            " ", "ﷺ", "\r\n", "|", "\u{7F}", "~",
        ]
        var state: UInt64 = 7
        for _ in 0..<2000 {
            var s = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let n = Int(state >> 59)
            for k in 0..<n {
                s += pieces[Int((state >> UInt64(k % 50)) % UInt64(pieces.count))]
            }
            #expect(Self.escaper(s) == Self.slow(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
            var byScalar = ""
            Self.escaper.escapeByScalar(s, into: &byScalar)
            #expect(byScalar == Self.slow(s))
            // Without a rule beyond ASCII, those characters are copied as they are, not decoded.
            var plain = ""
            for c in s.unicodeScalars {
                if c == "<" { plain += "&lt;" } else if c == "&" { plain += "&amp;" } else { plain.unicodeScalars.append(c) }
            }
            #expect(Self.asciiOnly(s) == plain)
            // Into bytes (the XML writer's way): the same UTF-8, byte for byte, after what was there.
            var bytes: [UInt8] = [0x2A]
            Self.escaper.escape(s, into: &bytes)
            #expect(bytes == [0x2A] + Array(Self.slow(s).utf8))
            var asciiBytes: [UInt8] = []
            Self.asciiOnly.escape(s, into: &asciiBytes)
            #expect(asciiBytes == Array(plain.utf8))
        }
        #expect(Self.escaper("") == "")
        #expect(Self.escaper("tanpa tanda") == "tanpa tanda")
        #expect(Self.escaper("<a&b>\u{0}") == "&lt;a&amp;b>")
        #expect(Self.escaper("e\u{301}<") == "e[acute]&lt;")
    }
}
