import Testing

@testable import SOPFrontEnd

/// ``StepIndex`` (the steps of an SOP by id, an open-addressed table) against a dictionary built the plain
/// way: the first step of each id, empty ids left out, each later step with a known id reported once.
@Suite struct StepIndexTests {
    @Test func agreesWithADictionaryOfFirstSteps() {
        var rng = CrossCheckTests.SplitMix("step index")
        for round in 0..<200 {
            // A few rounds as long as a long SOP, whose ids are hashed on every core.
            let n =
                round < 10
                ? round
                : round >= 196
                    ? StepIndex.hashedInParallelFrom + Int.random(in: 0...20_000, using: &rng)
                    : Int.random(in: 0...300, using: &rng)
            // Few distinct ids in some rounds (many duplicates), some empty, some long (not inline strings).
            let distinct = max(1, Int.random(in: 1...(n + 1), using: &rng))
            let ids = (0..<n).map { _ -> String in
                let k = Int.random(in: 0..<distinct, using: &rng)
                if k == 0, Bool.random(using: &rng) { return "" }
                return k % 3 == 0 ? "langkah-yang-cukup-panjang-\(k)" : "s\(k)"
            }
            let steps = ids.map { Step(ref: Ref($0, .fileStart), span: .fileStart) }
            var duplicates: [(Int, Int)] = []
            let index = StepIndex(steps) { duplicates.append(($0, $1)) }
            var first: [String: Int] = [:]
            var expected: [(Int, Int)] = []
            for (i, id) in ids.enumerated() where !id.isEmpty {
                if let f = first[id] { expected.append((i, f)) } else { first[id] = i }
            }
            #expect(index.count == first.count)
            for (id, i) in first { #expect(index[id] == i) }
            #expect(index[""] == nil)
            #expect(index["tidak-ada"] == nil)
            #expect(duplicates.map(\.0) == expected.map(\.0) && duplicates.map(\.1) == expected.map(\.1))
            #expect(index.entries.map(\.step) == first.values.sorted())
            #expect(index == StepIndex(steps))
        }
        #expect(StepIndex()["s1"] == nil)
        #expect(StepIndex().count == 0)
    }

    @Test func indexesOfOtherStepsDiffer() {
        let a = ["a", "b", "c"].map { Step(ref: Ref($0, .fileStart), span: .fileStart) }
        let b = ["a", "c", "b"].map { Step(ref: Ref($0, .fileStart), span: .fileStart) }
        #expect(StepIndex(a) != StepIndex(b))
        #expect(StepIndex(a) != StepIndex(Array(a.prefix(2))))
    }
}
