import Testing

@testable import SOPCompiler
@testable import SOPOutputs

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

/// ``TextMetrics/wrap(_:width:pt:hyphenate:)`` carries each line's width on to the next candidate and
/// ``TextMetrics/syllableBreak(_:before:)`` allocates nothing; both must give exactly what measuring every
/// candidate whole and looking at the syllables through strings gave (the previous code, kept here), for
/// long words, mixed case, accents written both ways, non-Latin letters and every width.
@Suite struct WrapReferenceTests {
    static func syllableBreak(_ word: Substring, before i: String.Index) -> Bool {
        let head = word[..<i].suffix(2)
        let tail = Array(word[i...].prefix(3))
        guard head.count == 2, head.allSatisfy(\.isLetter), tail.count >= 2, tail[0].isLetter, tail[1].isLetter
        else { return false }
        func vowel(_ c: Character) -> Bool { "aeiouéAEIOUÉ".contains(c) }
        let pairs = ["ng", "ny", "kh", "sy"]
        if pairs.contains(String(tail[0...1]).lowercased()) { return tail.count == 3 && vowel(tail[2]) }
        if pairs.contains(String([head.last!, tail[0]]).lowercased()) { return false }
        return !vowel(tail[0]) && vowel(tail[1])
    }

    static func hyphenPoint(_ word: Substring, width: Double, pt: Double) -> String.Index? {
        let hyphen = TextMetrics.measure("-", pt: pt)
        var fits: [String.Index] = []
        var i = word.index(after: word.startIndex)
        while i < word.endIndex {
            if TextMetrics.measure(word[..<i], pt: pt) + hyphen > width { break }
            fits.append(i)
            i = word.index(after: i)
        }
        return fits.last(where: { syllableBreak(word, before: $0) }) ?? (fits.count >= 2 ? fits.last : nil)
    }

    static func wrap(_ text: String, width: Double, pt: Double, hyphenate: Bool) -> [String] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        var lines: [String] = []
        var line = ""
        for word in words {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if (line.isEmpty && !hyphenate) || TextMetrics.measure(Substring(candidate), pt: pt) <= width {
                line = candidate
                continue
            }
            if !hyphenate || TextMetrics.measure(word, pt: pt) <= width {
                lines.append(line)
                line = String(word)
                continue
            }
            var rest = word
            var prefix = line.isEmpty ? "" : line + " "
            while TextMetrics.measure(Substring(prefix + rest), pt: pt) > width {
                let room = width - TextMetrics.measure(Substring(prefix), pt: pt)
                if let cut = hyphenPoint(rest, width: room, pt: pt) {
                    lines.append(prefix + rest[..<cut] + "-")
                    rest = rest[cut...]
                } else if prefix.isEmpty {
                    break
                } else {
                    lines.append(String(prefix.dropLast()))
                }
                prefix = ""
            }
            line = prefix + rest
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [""] : lines
    }

    @Test func wrapsAsMeasuringEachCandidateDid() {
        let pieces = [
            "dikecualikan", "Pengukuran", "NGANYAKHSYA", "menyanyi", "khusus", "e\u{301}", "é", "É", "a", "b", " ", "  ", "\t",
            "\r\n", "\n", "Kinerja?", "WWWWWWWWWWWWWW", "السلام", "日本", "\u{212A}h", "ıİ", "-", "x",
        ]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<1_500 {
            let text = randomPieces(of: pieces, count: 0...9, using: &random).joined()
            let pt = [5.1, 5.7, 6.2].randomElement(using: &random)!
            let width = Double.random(in: 0.5...40, using: &random)
            for hyphenate in [false, true] {
                #expect(
                    TextMetrics.wrap(text, width: width, pt: pt, hyphenate: hyphenate)
                        == Self.wrap(text, width: width, pt: pt, hyphenate: hyphenate),
                    "\(text.debugDescription) width \(width) pt \(pt) hyphenate \(hyphenate)")
            }
            let word = Substring(text)
            var i = word.startIndex
            while true {
                #expect(
                    TextMetrics.syllableBreak(word, before: i) == Self.syllableBreak(word, before: i), "\(text.debugDescription)")
                if i == word.endIndex { break }
                i = word.index(after: i)
            }
        }
    }
}

/// ``FlowLayout/fitQuestion(_:w:h:hyphenate:)`` rules out a type size and line count without wrapping when
/// the question's words, and the spaces that many lines must keep between them, are wider than the lines
/// together; it must find exactly the fit that wrapping at every size and count finds (the previous code,
/// kept here), whole words or divided, for questions of every length, blanks of every kind (CR LF is one
/// character, and no break) and every diamond from the smallest to the tallest.
@Suite struct QuestionFitReferenceTests {
    static func fitQuestion(_ text: String, w: Double, h: Double, hyphenate: Bool) -> (lines: [String], size: Double)? {
        for size in FlowLayout.questionSizes {
            let pt = size / 25.4 * 72
            let whole = TextMetrics.measure(Substring(text), pt: pt)
            let space = TextMetrics.measure(" ", pt: pt)
            for n in 1...4 {
                let b = Double(n) * size * 1.15
                let a = w * (1 - b / h) - 0.6
                guard a > 0 else { break }
                if !hyphenate && whole - Double(n - 1) * space > Double(n) * a { continue }
                let lines = TextMetrics.wrap(text, width: a, pt: pt, hyphenate: hyphenate)
                if lines.count <= n && lines.allSatisfy({ TextMetrics.measure(Substring($0), pt: pt) <= a }) {
                    return (lines, size)
                }
            }
        }
        return nil
    }

    @Test func fitsAsWrappingEverySizeDid() {
        let pieces = [
            "Lengkap?", "dikecualikan", "Pengukuran", "menyanyi", "sesuai", "dan", "e\u{301}", "É", "a", " ", "  ", "\t",
            "\r\n", "\n", " \u{301}", "WWWWWWWW", "السلام", "日本", "-", "x", "Apakah", "LAKIP",
        ]
        var random = SystemRandomNumberGenerator()
        var fitted = 0
        var unfit = 0
        for _ in 0..<2_000 {
            let text = randomPieces(of: pieces, count: 0...24, using: &random).joined()
            let w = Double.random(in: 8...34, using: &random)
            let h = Double.random(in: 6...FlowLayout.maxDiamondHeight, using: &random)
            for hyphenate in [false, true] {
                let got = FlowLayout.fitQuestion(text, w: w, h: h, hyphenate: hyphenate)
                let want = Self.fitQuestion(text, w: w, h: h, hyphenate: hyphenate)
                #expect(
                    got?.lines == want?.lines && got?.size == want?.size,
                    "\(text.debugDescription) w \(w) h \(h) hyphenate \(hyphenate)")
                if want == nil { unfit += 1 } else { fitted += 1 }
            }
        }
        // Both outcomes were tried many times.
        #expect(fitted > 400 && unfit > 400, "\(fitted) fitted, \(unfit) not")
    }

    /// The layouts kept from one SOP to the next (a project's questions and actors are mostly the same few)
    /// are the layouts of the text in that diamond or those columns: the same few questions set again in
    /// diamonds of every size, and the same actors in as many columns as there are actors or more, give what
    /// setting them afresh gives, the first time and every time after.
    @Test func keptLayoutsAreTheLayoutsOfTheirOwnDiamondAndColumns() {
        var random = CrossCheckTests.SplitMix("kept layouts")
        let questions = ["Lengkap dan benar?", "Disetujui?", "Apakah berkas permohonan sudah lengkap dan benar?", ""]
        var differ = 0
        for round in 0..<400 {
            let text = questions[round % questions.count]
            let w = Double(Int.random(in: 16...68, using: &random)) / 2
            let h = Double(Int.random(in: 12...Int(2 * FlowLayout.maxDiamondHeight), using: &random)) / 2
            for hyphenate in [false, true] {
                let want = FlowLayout.setQuestion(text, w: w, h: h, hyphenate: hyphenate)
                for _ in 0..<2 {
                    let got = FlowLayout.fitQuestion(text, w: w, h: h, hyphenate: hyphenate)
                    #expect(got?.lines == want?.lines && got?.size == want?.size, "\(text) w \(w) h \(h)")
                }
                // The diamond matters: a kept answer is not another diamond's.
                let wider = FlowLayout.setQuestion(text, w: w + 8, h: h, hyphenate: hyphenate)
                if wider?.lines != want?.lines || wider?.size != want?.size { differ += 1 }
            }
        }
        #expect(differ > 50)
        let names = ["Kepala Biro Hubungan Masyarakat dan Protokol", "Analis", "Pelaksana Administrasi Umum"]
        var headers: Set<String> = []
        for _ in 0..<3 {
            for count in [3, 4, 6, 9, 14] {
                let columns = FlowLayout.Columns(actorCount: count)
                let want = FlowLayout.setHeader(names, columns: columns)
                let got = FlowLayout.header(names, columns: columns)
                #expect(got.fonts == want.fonts && got.needed == want.needed && got.bottom == want.bottom, "\(count)")
                headers.insert("\(want)")
            }
        }
        #expect(headers.count > 2)
    }
}
