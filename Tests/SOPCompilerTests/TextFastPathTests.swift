import Testing

@testable import SOPOutputs
@testable import SOPSystem

/// The byte-wise shortcuts of the text functions the outputs call for every step (``MarkdownForm/inline(_:)``,
/// ``MarkdownForm/mermaidLabel(_:)``, ``XMLWriter/commentText(_:)``, ``BPMNLayout/lineCount(_:width:)``,
/// ``SCXML/Identifiers/token(_:)``) give what their character-by-character versions give, on random texts
/// made of the characters each one treats specially.
@Suite struct TextFastPathTests {
    /// Pieces that the shortcuts must notice: Markdown's specials, `://`, `www.`, controls, `--`, a final
    /// `-`, CR LF, non-ASCII letters and a non-character; and plain words around them.
    static let pieces: [String] = [
        "a", "Kegiatan", " ", "  ", "\n", "\r\n", "\r", "\t", "\u{7F}", "\u{1}", "-", "--", "w", "W", "ww", "www", ".",
        ":", "/", "://", "http", "*", "_", "`", "[", "]", "<", ">", "&", "|", "~", "$", "#", "@", "\\", "é", "ñ",
        "\u{0301}", "日本", "👩‍👩‍👧", "\u{FFFE}", "\u{85}", "1.5", "(LCD)", "Surat-Undangan", "x",
    ]

    static func randomTexts(count: Int, seed: String) -> [String] {
        var rng = CrossCheckTests.SplitMix(seed)
        return (0..<count).map { _ in
            let n = Int(rng.next() % 12)
            return (0..<n).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
        }
    }

    /// ``Bytewise/precedes(_:_:)`` (memcmp over the storage) orders as the generic byte-by-byte comparison,
    /// prefixes, empty strings, small and large strings and non-ASCII included.
    @Test func bytewiseOrderAgrees() {
        let texts = Self.randomTexts(count: 600, seed: "order") + ["", "a", "a/b", "a/b/c", String(repeating: "x", count: 40)]
        var before = 0
        for a in texts {
            for b in texts.prefix(200) {
                let expected = a.utf8.lexicographicallyPrecedes(b.utf8)
                #expect(Bytewise.precedes(a, b) == expected, "\(a.debugDescription) < \(b.debugDescription)")
                if expected { before += 1 }
            }
        }
        #expect(before > 10_000, "both outcomes are exercised")
    }

    @Test func markdownInlineShortcutAgrees() {
        var unchanged = 0
        for text in Self.randomTexts(count: 20_000, seed: "inline") {
            #expect(MarkdownForm.inline(text) == MarkdownForm.escapedInline(text), "\(text.debugDescription)")
            if MarkdownForm.unchangedInline(text) {
                unchanged += 1
                #expect(MarkdownForm.escapedInline(text) == text, "\(text.debugDescription)")
            }
        }
        // The shortcut is taken, and not only for the empty text.
        #expect(unchanged > 500)
        #expect(MarkdownForm.unchangedInline("Memeriksa draf LAKIP bersama Kepala Bagian (1.5 jam)"))
        #expect(!MarkdownForm.unchangedInline("lihat www.example"))
        #expect(!MarkdownForm.unchangedInline("https://x"))
    }

    @Test func commentTextShortcutAgrees() {
        var plain = 0
        for text in Self.randomTexts(count: 20_000, seed: "comment") {
            let expected = XMLWriter.changedCommentText(text)
            #expect(XMLWriter.commentText(text) == expected, "\(text.debugDescription)")
            if expected == text { plain += 1 }
        }
        #expect(plain > 500)
        #expect(XMLWriter.commentText("a--b-") == "a- -b- ")
    }

    @Test func lineCountShortcutAgrees() {
        var ascii = 0
        for text in Self.randomTexts(count: 20_000, seed: "lines") {
            for width in [1, 3, 20] {
                #expect(
                    BPMNLayout.lineCount(text, width: width) == BPMNLayout.characterLineCount(text, width: width),
                    "\(text.debugDescription) at \(width)")
            }
            var copy = text
            if copy.withUTF8({ BPMNLayout.asciiLineCount($0, width: 20) }) != nil { ascii += 1 }
        }
        #expect(ascii > 500)
        // CR LF is one character: the shortcut leaves such a text to the character count.
        var crlf = "ab\r\ncd"
        #expect(crlf.withUTF8 { BPMNLayout.asciiLineCount($0, width: 20) } == nil)
    }

    @Test func mermaidLabelShortcutAgrees() {
        for text in Self.randomTexts(count: 20_000, seed: "mermaid") {
            let byLines = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { MarkdownForm.mermaidEscape(String($0)) }.joined(separator: "\n")
            #expect(MarkdownForm.mermaidLabel(text) == byLines, "\(text.debugDescription)")
        }
    }

    @Test func scxmlTokenShortcutAgrees() {
        var own = 0
        for text in Self.randomTexts(count: 20_000, seed: "token") + ["", "a", "kasubag-tu", "x_1", "é"] {
            #expect(SCXML.Identifiers.token(text) == SCXML.Identifiers.replacedToken(text), "\(text.debugDescription)")
            if SCXML.Identifiers.token(text) == text { own += 1 }
        }
        #expect(own > 500)
        #expect(SCXML.Identifiers.token("") == "x")
    }

    @Test func underscoredShortcutAgrees() {
        var changed = 0
        for text in Self.randomTexts(count: 20_000, seed: "underscored") + ["", "-", "a-b", "-\u{301}", "kasubag-tu"] {
            let expected = String(text.map { $0 == "-" ? "_" : $0 })
            #expect(Camunda8.underscored(text) == expected, "\(text.debugDescription)")
            if expected != text { changed += 1 }
        }
        #expect(changed > 2_000)
        #expect(Camunda8.underscored("-\u{301}") == "-\u{301}")
    }
}
