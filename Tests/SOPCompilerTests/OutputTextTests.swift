import Foundation
import Testing

@testable import SOPCompiler

/// The small pieces the outputs are made of: CSV fields, Markdown and Mermaid escapes, the manifest, the
/// place of the first difference.
@Suite struct OutputTextTests {
    @Test(arguments: [
        ("plain", "plain"), ("", ""), ("a, b", "\"a, b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\rhere", "\"cr\rhere\""), ("=SUM(A1)", "'=SUM(A1)"), ("a|b;c", "a|b;c"),
    ])
    func csvField(_ text: String, _ field: String) {
        #expect(CSVTable.field(text) == field)
    }

    @Test func csvRecordsEndWithCRLF() throws {
        var out = ""
        CSVTable.record(["a", "b,c", ""], into: &out)
        #expect(out == "a,\"b,c\",\r\n")
        #expect(try CSVReader.parse(out) == [["a", "b,c", ""]])
    }

    @Test(arguments: [
        ("*bold* _it_", "\\*bold\\* \\_it\\_"), ("a | b", "a \\| b"), ("<b>&amp;</b>", "\\<b\\>\\&amp;\\</b\\>"),
        ("`code` [x](y) ~s~ $m$ #h \\", "\\`code\\` \\[x\\](y) \\~s\\~ \\$m\\$ \\#h \\\\"), ("two\nlines", "two<br>lines"),
        ("Proyektor (LCD), 1.5", "Proyektor (LCD), 1.5"),
    ])
    func markdownInline(_ text: String, _ escaped: String) {
        #expect(MarkdownForm.inline(text) == escaped)
    }

    @Test(arguments: [
        ("1. satu", "1\\. satu"), ("2024) dua", "2024\\) dua"), ("- strip", "\\- strip"), ("+ plus", "\\+ plus"),
        ("12 bulan", "12 bulan"),
    ])
    func markdownListItem(_ text: String, _ escaped: String) {
        #expect(MarkdownForm.listItem(text) == escaped)
    }

    @Test func mermaidLabelsHoldNoQuoteNorMarkup() {
        let label = MarkdownForm.mermaidLabel("Kata \"kutip\" #quot; <b> & `x` | y\nbaris dua")
        #expect(label == "Kata #quot;kutip#quot; #35;quot; #lt;b#gt; #amp; #96;x#96; #124; y\nbaris dua")
    }

    @Test func rowRanges() {
        #expect(MarkdownForm.rowRanges([0, 1, 2, 4, 7, 8]) == "1–3, 5, 8, 9")
        #expect(MarkdownForm.rowRanges([]) == "")
    }

    @Test func manifestRoundTrip() throws {
        let manifest = Manifest(paths: ["b/b.csv", "index.html", "a/a.md", "b/b.csv"])
        #expect(manifest.paths == ["a/a.md", "b/b.csv", "index.html"])
        #expect(try Manifest(parsing: Array(manifest.text.utf8)) == manifest)
        #expect(manifest.text.hasSuffix("index.html\n"))
    }

    @Test(arguments: ["../x", "/etc/passwd", "a//b", "a/./b", "a/../../b", "", "a\tb", "a/"])
    func manifestRefusesPathsOutsideOut(_ line: String) {
        let text = Manifest(paths: []).text + line + "\n"
        #expect(throws: Manifest.ParseError.self) { try Manifest(parsing: Array(text.utf8)) }
    }

    @Test func manifestNeedsItsHeader() {
        #expect(throws: Manifest.ParseError.self) { try Manifest(parsing: Array("a/a.csv\n".utf8)) }
    }

    @Test func firstDifference() {
        func at(_ a: String, _ b: String) -> (Int, Int)? { OutputFolder.firstDifference(Array(a.utf8), Array(b.utf8)) }
        #expect(at("same", "same") == nil)
        #expect(at("ab\ncd\r\nef", "ab\ncd\r\neX")! == (3, 2))
        #expect(at("ab\nçé!", "ab\nçéx")! == (2, 3), "columns count code points")
        #expect(at("ab", "abc")! == (1, 3))
        #expect(at("", "x")! == (1, 1))
    }
}
