import SOPSystem
import Testing

/// ``IDCopies`` answers only for the very `String` value put in (or, for a short id, the same text), and
/// then with its value: a copy of an id in storage of its own is not found (the caller looks it up by its
/// text), and no look-up is ever answered with another key's value.
@Suite struct IDCopiesTests {
    /// `text` in storage of its own (a new string each call, not one literal's).
    static func fresh(_ text: String) -> String { String(decoding: Array(text.utf8), as: UTF8.self) }

    @Test func theSameStringIsFoundAndACopyIsNot() {
        var copies = IDCopies()
        let long = Self.fresh("lembar-kerja-perjalanan-dinas")
        let short = Self.fresh("atk")
        copies.add(long, 7)
        copies.add(short, -1)
        #expect(copies[long] == 7)
        #expect(copies[short] == -1)
        // A short id is held inside the string value itself: any string of the same text is the same value.
        #expect(copies[Self.fresh("atk")] == -1)
        // A long one in other storage is another value: not found here.
        let copy = Self.fresh("lembar-kerja-perjalanan-dinas")
        #expect(copy == long && copies[copy] == nil)
        #expect(copies[Self.fresh("lain")] == nil)
        // Kept once: adding the same value again changes nothing.
        copies.add(long, 8)
        #expect(copies[long] == 7 && copies.count == 2)
        copies.add(copy, 9)
        #expect(copies[copy] == 9 && copies[long] == 7 && copies.count == 3)
        #expect(IDCopies()[long] == nil && IDCopies().count == 0)
    }

    /// Many keys, each kept from a string of its own and looked up by it and by fresh copies: every answer
    /// is the value put in with that very string or nil, never another's, however the table grew.
    ///
    /// A short id is its text: each is put in once (one left out, with no free slot near its own, would
    /// otherwise be put in again under another value, and both be the same `String` value).
    @Test func neverAnswersWithAnotherKeysValue() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var copies = IDCopies()
            var kept: [(String, Int)] = []
            var shortTexts = Set<String>()
            for i in 0..<Int.random(in: 1...3_000, using: &random) {
                let length = Int.random(in: 0...40, using: &random)
                let text = String((0..<length).map { _ in "ab-cd".randomElement(using: &random)! })
                let key = Self.fresh(text)
                if text.utf8.count <= 15, !shortTexts.insert(text).inserted { continue }
                if copies[key] == nil {
                    copies.add(key, i)
                    kept.append((key, i))
                }
            }
            var found = 0
            for (key, value) in kept {
                let got = copies[key]
                #expect(got == nil || got == value)
                if got != nil { found += 1 }
                let other = copies[Self.fresh(key)]
                // A fresh copy is found only when it is a short id (then as its text, which was kept first).
                if let other { #expect(key.utf8.count <= 15 && kept.first { $0.0 == key }?.1 == other) }
            }
            // Only a key whose slots were all taken is left out; nearly every one is found.
            #expect(found * 10 >= kept.count * 9, "\(found) of \(kept.count)")
        }
    }
}
