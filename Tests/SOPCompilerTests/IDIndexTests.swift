import SOPSystem
import Testing

/// ``IDIndex`` answers every look-up as a `[String: Int]` would: for ids of every length around its
/// eight-byte words, ids that differ in one byte or only in case, ids written with an accent both ways
/// (one id to Swift's `==`), and ids that are canonically ASCII though written otherwise (a KELVIN SIGN
/// for a `K`, a GREEK QUESTION MARK for a `;`); whether it stays a table of its own or, past its probe
/// limit, becomes a `[String: Int]`.
@Suite struct IDIndexTests {
    static let pieces = [
        "a", "b", "-", "kabiro", "Kabiro", "surat-undangan", "caf\u{E9}", "cafe\u{301}", "K", "\u{212A}", ";",
        "\u{37E}", "`", "\u{1FEF}", "", "0123456", "01234567", "012345678", "x\u{0}y",
    ]

    static func randomKey(_ random: inout SystemRandomNumberGenerator) -> String {
        (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    @Test(arguments: [nil, 0, 2] as [Int?])
    func answersAsADictionary(probeLimit: Int?) {
        var random = SystemRandomNumberGenerator()
        var fellBack = false
        for _ in 0..<300 {
            var table = probeLimit.map { IDIndex(probeLimit: $0) } ?? IDIndex()
            var want: [String: Int] = [:]
            for step in 0..<Int.random(in: 0...200, using: &random) {
                let key = Self.randomKey(&random)
                if Bool.random(using: &random) {
                    table[key] = step
                    want[key] = step
                }
                #expect(table[key] == want[key], "\(key.unicodeScalars.map(\.value))")
                #expect(table.count == want.count)
            }
            for _ in 0..<50 {
                let key = Self.randomKey(&random)
                #expect(table[key] == want[key], "\(key.unicodeScalars.map(\.value))")
            }
            fellBack = fellBack || table.isFallback
        }
        // The limit of 48 is not reached by ids like these; a limit of 0 is, at the first collision.
        if probeLimit == nil { #expect(!fellBack) }
        if probeLimit == 0 { #expect(fellBack) }
    }

    @Test func idsWrittenTwoWaysAreOne() {
        var table = IDIndex()
        table["caf\u{E9}"] = 1
        table["\u{212A}abiro"] = 2
        table["tanya\u{37E}"] = 3
        #expect(table["cafe\u{301}"] == 1)
        #expect(table["Kabiro"] == 2)
        #expect(table["tanya;"] == 3)
        table["kabiro"] = 4
        #expect(table["Kabiro"] == 2 && table["kabiro"] == 4 && table.count == 4)
        let literal: IDIndex = ["a": 1, "b": 2]
        #expect(literal["a"] == 1 && literal["b"] == 2 && literal["c"] == nil && literal.count == 2)
        #expect(IDIndex()["a"] == nil && IDIndex().isEmpty)
    }

    /// An interned id is the first spelling put in, as a set's `memberAfterInsert` is.
    @Test func internedIsTheFirstSpellingAsASetKeepsIt() {
        var random = SystemRandomNumberGenerator()
        for probeLimit in [48, 0] {
            var table = IDIndex(probeLimit: probeLimit)
            var set: Set<String> = []
            for _ in 0..<2_000 {
                let key = Self.randomKey(&random)
                let got = table.interned(key)
                let want = set.insert(key).memberAfterInsert
                #expect(Array(got.unicodeScalars) == Array(want.unicodeScalars))
            }
            #expect(table.count == set.count)
        }
    }

    /// Interning by the UTF-8 bytes (as the steps read from libyaml's events do) answers as interning the
    /// string: the same first spelling, for ids written with an accent both ways or with a KELVIN SIGN, and the
    /// same table after.
    @Test func internedByBytesIsInternedByString() {
        var random = SystemRandomNumberGenerator()
        for probeLimit in [48, 0] {
            var byString = IDIndex(probeLimit: probeLimit)
            var byBytes = IDIndex(probeLimit: probeLimit)
            for _ in 0..<2_000 {
                let key = Self.randomKey(&random)
                let want = byString.interned(key)
                let got = Array(key.utf8).withUnsafeBufferPointer { byBytes.interned(utf8: $0) }
                #expect(Array(got.utf8) == Array(want.utf8), "\(key.unicodeScalars.map(\.value))")
            }
            #expect(byBytes.count == byString.count)
        }
        var table = IDIndex()
        _ = table.interned("\u{212A}elvin-dokumen-panjang")
        let ascii = Array("Kelvin-dokumen-panjang".utf8).withUnsafeBufferPointer { table.interned(utf8: $0) }
        #expect(ascii == "\u{212A}elvin-dokumen-panjang" && ascii.utf8.first != UInt8(ascii: "K") && table.count == 1)
    }

    @Test func aTableGrownInOneGoAnswersTheSame() {
        var table = IDIndex()
        table.reserveCapacity(5_000)
        for i in 0..<5_000 { table["artefak-\(i)"] = i }
        for i in 0..<5_000 { #expect(table["artefak-\(i)"] == i) }
        #expect(table["artefak-5000"] == nil && table.count == 5_000 && !table.isFallback)
    }
}
