import Testing

@testable import SOPFrontEnd

/// The did-you-mean search and the form terms' key match, which every unknown key and id goes through, give
/// what the rules themselves give: compared with the plain reading of each rule on random words.
@Suite struct SuggestionTests {
    /// The edit distance as the rule reads: the whole table, every cell.
    static func referenceDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in stride(from: 1, through: x.count, by: 1) {
            for j in stride(from: 1, through: y.count, by: 1) {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
        }
        return d[x.count][y.count]
    }

    /// ``Names/suggestion(for:among:)`` as the rule reads: an exact match (as an id, or in small letters)
    /// first, then the closest within the limit (ties to the first in order), then one candidate that the
    /// word starts or is started by.
    static func referenceSuggestion(_ word: String, _ candidates: [String]) -> String? {
        let limit = max(1, min(3, word.count / 3))
        let lowered = word.lowercased()
        if let same = candidates.first(where: { $0 == Names.slug(word) || $0.lowercased() == lowered }) { return same }
        let close = candidates.map { ($0, referenceDistance(lowered, $0)) }.filter { $0.1 <= limit }
        if let best = close.min(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }) { return best.0 }
        let extended = candidates.filter { c in
            min(c.count, lowered.count) >= 4 && c != lowered && (c.hasPrefix(lowered) || lowered.hasPrefix(c))
        }
        return extended.count == 1 ? extended[0] : nil
    }

    static let letters: [String] = [
        "a", "e", "i", "k", "n", "t", "s", "_", "-", " ", "A", "K", "T", "é", "e\u{301}", "\u{212A}", "ı", "ß", ";",
        "\u{37E}", ".", ":", "/", "1",
    ]

    static func word(_ rng: inout CrossCheckTests.SplitMix, from pool: [String], max: Int) -> String {
        (0..<Int.random(in: 0...max, using: &rng)).map { _ in pool.randomElement(using: &rng)! }.joined()
    }

    @Test func suggestionsAreTheRulesOwn() {
        var rng = CrossCheckTests.SplitMix("suggestions")
        let keys = SOPDecoder.stepKeys + SOPDecoder.topKeys + SOPDecoder.identityKeys
        var found = 0
        for n in 0..<3000 {
            var candidates = (0..<Int.random(in: 0...8, using: &rng)).map { _ in Self.word(&rng, from: Self.letters, max: 7) }
            if n % 2 == 0 { candidates += keys.shuffled(using: &rng).prefix(6) }
            // A word near one of the candidates half of the time: one letter changed, added or dropped.
            var word = Self.word(&rng, from: Self.letters, max: 9)
            if n % 2 == 1, var near = candidates.randomElement(using: &rng).map(Array.init), !near.isEmpty {
                near[Int.random(in: 0..<near.count, using: &rng)] = Character(Self.letters.randomElement(using: &rng)!)
                word = String(near)
            }
            let got = Names.suggestion(for: word, among: candidates)
            #expect(got == Self.referenceSuggestion(word, candidates), "\(n): '\(word)' among \(candidates)")
            if got != nil { found += 1 }
        }
        // Both answers are exercised.
        #expect(found > 300 && found < 2700)
        for (a, b) in [("kegiatan", "kegiatn"), ("", "abc"), ("abc", ""), ("e\u{301}", "é"), ("actor", "actors")] {
            #expect(Names.distance(a, b, limit: 3) == Self.referenceDistance(a, b))
        }
    }

    /// The distance a column at a time in a machine word's bits is the whole table's, for words up to the
    /// 64 bytes it takes (and none for a longer word).
    @Test func theDistanceInBitsIsTheWholeTables() {
        var rng = CrossCheckTests.SplitMix("bit distance")
        let pool = ["a", "b", "c", "-", "1", "ab", "K", "sop-"]
        var exact = 0
        for n in 0..<6000 {
            // Now and then a word near 64 bytes long.
            let a = Self.word(&rng, from: pool, max: n % 50 == 0 ? 40 : 10)
            let b = n % 3 == 0 ? a.replacingOccurrences(of: "b", with: "c") : Self.word(&rng, from: pool, max: 12)
            guard let masks = Names.WordMasks(Array(a.utf8)) else {
                #expect(a.utf8.count > 64)
                continue
            }
            let got = Array(b.utf8).withUnsafeBufferPointer { Names.bitDistance(masks, $0) }
            #expect(got == Self.referenceDistance(a, b), "\(n): '\(a)' and '\(b)'")
            if got == 0 { exact += 1 }
        }
        #expect(exact > 100)
        #expect(Names.WordMasks(Array(String(repeating: "a", count: 64).utf8)) != nil)
        #expect(Names.WordMasks(Array(String(repeating: "a", count: 65).utf8)) == nil)
        let long = String(repeating: "ab", count: 32)
        let masks = Names.WordMasks(Array(long.utf8))!
        for other in [long, String(long.dropLast()), "b" + long.dropFirst(), long + "c", ""] {
            #expect(
                Array(other.utf8).withUnsafeBufferPointer { Names.bitDistance(masks, $0) } == Self.referenceDistance(long, other))
        }
    }

    @Test func aKeyMatchesAWordAsItsNormalFormDoes() {
        var rng = CrossCheckTests.SplitMix("normalised keys")
        let pool = ["a", "b", "_", "__", " ", "-", "A", "é", ".", "\u{37E}", ";", "ı", "\u{212A}"]
        // Keys mostly of small letters and underscores (runs of them too), as the format's are.
        let keyPool = ["a", "b", "k", "_", "__", "a", "b", "A", "é"]
        var matched = 0
        for n in 0..<4000 {
            let key = n % 3 == 0 ? SOPDecoder.identityKeys.randomElement(using: &rng)! : Self.word(&rng, from: keyPool, max: 6)
            // The word is normalised, as `meaning(of:)` passes it: a key written another way half of the time.
            let written =
                n % 2 == 0
                ? key.replacingOccurrences(of: "_", with: ["-", " ", "__", "_", "."].randomElement(using: &rng)!)
                : Self.word(&rng, from: pool, max: 6)
            let word = FormTerms.normalise(written)
            let same = FormTerms.normalises(key: key, to: word)
            #expect(same == (FormTerms.normalise(key) == word), "'\(key)' and '\(written)'")
            if same { matched += 1 }
        }
        #expect(matched > 400)
    }

    /// The null test on plain scalars, by bytes, gives what comparing the texts gives.
    @Test func nullScalarsAreTheTextsYAMLReadsAsNull() {
        let texts = [
            "", "~", "null", "Null", "NULL", "nulL", "nUll", "null ", " null", "~~", "\u{FF5E}", "n\u{301}ull", "nul",
            "nulls", "None", "0", "\u{0}", "ｎｕｌｌ", "NuLL", "Nul\u{200B}l",
        ]
        var nulls = 0
        for text in texts {
            let reference = ["", "~", "null", "Null", "NULL"].contains(text)
            #expect(YAMLNode.isNull(text, style: .plain) == reference, "'\(text)'")
            #expect(!YAMLNode.isNull(text, style: .quoted))
            if reference { nulls += 1 }
        }
        #expect(nulls == 5)
    }
}
