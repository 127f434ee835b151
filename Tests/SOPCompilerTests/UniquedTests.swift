import SOPSystem
import Testing

/// ``Swift/Sequence/uniqued()`` keeps each element once, at its first place, whether the list is short
/// (compared element by element) or long (through a set): the same as filtering through a set, for ids
/// that differ only in case, accents written both ways (one id to Swift's `==`), and lists of every length
/// around the switch at 16.
@Suite struct UniquedTests {
    @Test func keepsTheFirstOfEachAsASetWould() {
        let ids = ["kabiro", "Kabiro", "surat", "caf\u{E9}", "cafe\u{301}", "", "atk", "laporan", "x", "y"]
        var random = SystemRandomNumberGenerator()
        var lengths: Set<Int> = []
        for _ in 0..<3_000 {
            let list = randomPieces(of: ids, count: 0...40, using: &random)
            var seen: Set<String> = []
            let want = list.filter { seen.insert($0).inserted }
            #expect(list.uniqued() == want, "\(list)")
            #expect(list.lazy.map { $0 }.uniqued() == want)
            lengths.insert(list.count)
        }
        #expect(lengths.contains(1) && lengths.contains(16) && lengths.contains(17) && lengths.contains(40))
        #expect(["cafe\u{301}", "caf\u{E9}", "a", "cafe\u{301}"].uniqued() == ["cafe\u{301}", "a"])
    }
}
