import Foundation
import Testing

@testable import SOPCompiler
@testable import SOPOutputs
@testable import SOPSystem

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
        var bytes: [UInt8] = []
        CSVTable.record(["a", "b,c", ""], into: &bytes)
        let out = String(decoding: bytes, as: UTF8.self)
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

    /// A label appended to bytes is the label as a string, line breaks (LF, CRLF, at either end) included.
    @Test(arguments: ["Kata \"kutip\" | y\nbaris dua", "satu", "", "\n", "a\r\nb\n", "\nawal", "akhir\n\n", "é\u{301}\n%%{x}%%"])
    func mermaidLabelAsBytes(_ text: String) {
        var bytes: [UInt8] = Array("r1[".utf8)
        MarkdownForm.mermaidLabel(text, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "r1[" + MarkdownForm.mermaidLabel(text))
    }

    /// A CSV field appended as bytes is the field as a string, whether the text is copied as it is or
    /// defused and quoted.
    @Test(arguments: [
        "", "a", "Abc def", "9 hari", "=SUM(A1)", "'kutip", "-", "-5", "+62 812", " =x", "\t@x", "a,b", "say \"hi\"",
        "dua\nbaris", "cr\rx", "\u{FF1D}1", "Ümlaut", "1,5", "é", "x\"", "Z,", "z\n",
    ])
    func csvFieldAsBytes(_ text: String) {
        var bytes: [UInt8] = [UInt8(ascii: ",")]
        CSVTable.field(text, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "," + CSVTable.field(text), "\(text.debugDescription)")
    }

    /// A number appended as bytes is its decimal text, sign and all.
    @Test func decimalBytes() {
        for value in [0, 7, -7, 9, 10, 99, 100, 12_345, -100_000, Int.max, Int.min] {
            var bytes: [UInt8] = [UInt8(ascii: "x")]
            bytes.appendDecimal(value)
            #expect(bytes == Array(("x" + String(value)).utf8), "\(value)")
        }
    }

    @Test func rowRanges() {
        #expect(MarkdownForm.rowRanges([0, 1, 2, 4, 7, 8]) == "1–3, 5, 8, 9")
        #expect(MarkdownForm.rowRanges([]) == "")
        // A stretch of a longer list, named run by run, as the stretch alone is named row by row.
        func reference(_ rows: [Int]) -> String {
            var parts: [String] = []
            var i = 0
            while i < rows.count {
                var j = i
                while j + 1 < rows.count, rows[j + 1] == rows[j] + 1 { j += 1 }
                parts.append(
                    j - i >= 2 ? "\(rows[i] + 1)–\(rows[j] + 1)" : (i...j).map { String(rows[$0] + 1) }.joined(separator: ", "))
                i = j + 1
            }
            return parts.joined(separator: ", ")
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var rows: [Int] = []
            var row = Int.random(in: 0...3, using: &random)
            for _ in 0..<Int.random(in: 1...30, using: &random) {
                rows.append(row)
                row += Int.random(in: 1...3, using: &random) == 1 ? 2 : 1
            }
            var runEnd = Array(rows.indices)
            for k in rows.indices.reversed().dropFirst() where rows[k + 1] == rows[k] + 1 { runEnd[k] = runEnd[k + 1] }
            let from = Int.random(in: 0..<rows.count, using: &random)
            let through = Int.random(in: from..<rows.count, using: &random)
            #expect(
                MarkdownForm.rowRanges(rows, from: from, through: through, runEnd: runEnd)
                    == reference(Array(rows[from...through])), "\(rows) \(from)...\(through)")
            #expect(MarkdownForm.rowRanges(rows) == reference(rows))
        }
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

    /// The manifest's lines are split at LF bytes; a manifest is read as splitting the decoded text at "\n"
    /// characters read it (the parser before), CR LF, stray CRs, combining marks after a line break and broken
    /// UTF-8 included: the same paths, or an error on the same line.
    @Test func manifestReadsAsSplittingByCharacters() {
        enum Outcome: Equatable {
            case success([String])
            case failure(Int)
        }
        func reference(_ bytes: [UInt8]) -> Outcome {
            let text = String(decoding: bytes, as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            guard lines.first == Manifest.header else { return .failure(1) }
            var paths: [String] = []
            for (i, line) in lines.enumerated().dropFirst() {
                guard Manifest.isSafeRelativePath(line) else { return .failure(i + 1) }
                paths.append(line)
            }
            return .success(Manifest(paths: paths).paths)
        }
        let pieces: [[UInt8]] = [
            Array("a/a.csv".utf8), Array("b/b.md".utf8), [0x0A], [0x0A], [0x0D, 0x0A], [0x0D], Array("\u{301}".utf8), [0xE2],
            [0xFF], Array("é".utf8), Array("/".utf8), Array("..".utf8), [0x09],
        ]
        var random = SystemRandomNumberGenerator()
        let header = Array((Manifest.header + "\n").utf8)
        for round in 0..<3_000 {
            var bytes = round % 10 == 0 ? [] : header
            bytes += randomPieces(of: pieces, count: 0...8, using: &random).joined()
            let expected = reference(bytes)
            do {
                let paths = try Manifest(parsing: bytes).paths
                #expect(expected == .success(paths), "\(bytes)")
            } catch {
                #expect(expected == .failure(error.line), "\(bytes)")
            }
        }
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

    /// The BPMN channels' first-fit track search (``BPMNLayout/FirstBelow``) finds what a walk along the
    /// tracks finds: the first track whose last segment ends before the next one starts.
    @Test func firstFitFindsWhatAWalkFinds() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let users = Int.random(in: 1...60, using: &random)
            var tree = BPMNLayout.FirstBelow(capacity: users)
            var walked: [Int] = []
            for _ in 0..<users {
                let from = Int.random(in: 0...40, using: &random)
                let to = from + Int.random(in: 0...10, using: &random)
                let expected = walked.firstIndex { $0 < from }
                #expect(tree.first(below: from) == expected)
                if let t = expected {
                    walked[t] = to
                    tree.set(t, to)
                } else {
                    walked.append(to)
                    tree.append(to)
                }
                #expect(tree.count == walked.count)
            }
        }
    }

    /// The arrays a build hands back (``ByteBuffers/Pool``): kept only while a build keeps them, emptied
    /// with their memory, the largest taken first, at most ``ByteBuffers/Pool/limit`` (the smallest let go),
    /// and all let go when the outermost build stops keeping them.
    @Test func byteBuffersKeepTheLargest() {
        func array(_ capacity: Int) -> [UInt8] {
            var bytes = [UInt8](repeating: 7, count: 10)
            bytes.reserveCapacity(capacity)
            return bytes
        }
        var pool = ByteBuffers.Pool()
        #expect(pool.recycle(array(1 << 16)) != nil, "nothing is kept outside a build")
        pool.depth = 2
        #expect(pool.recycle(array(100)) != nil, "a small array is not worth keeping")
        let sizes = [1 << 14, 1 << 20, 1 << 13, 1 << 18, 1 << 16]
        var dropped: [Int] = []
        for size in sizes { if let letGo = pool.recycle(array(size)) { dropped.append(letGo.capacity) } }
        #expect(pool.buffers.count == ByteBuffers.Pool.limit)
        #expect(dropped.count == 1 && dropped[0] >= 1 << 13 && dropped[0] < 1 << 14, "the smallest is let go")
        #expect(pool.buffers.allSatisfy { $0.isEmpty })
        let first = pool.take()
        #expect(first.isEmpty && first.capacity >= 1 << 20, "the largest is taken first")
        #expect(pool.take().capacity >= 1 << 18)
        #expect(pool.stop().isEmpty, "an inner build's end keeps them")
        #expect(pool.stop().count == 2, "the outermost build's end lets them go")
        #expect(pool.buffers.isEmpty && pool.take().capacity == 0)
    }
}
