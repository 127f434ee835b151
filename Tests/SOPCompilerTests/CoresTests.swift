import SOPSystem
import Synchronization
import Testing

/// ``Cores/perform(iterations:execute:)`` runs each iteration once, as `concurrentPerform` does, and moving a
/// thread off a core leaves it where the system may run it, with the set of cores it had.
@Suite struct CoresTests {
    @Test(arguments: [0, 1, 2, 3, 64, 10_000])
    func everyIterationRunsOnce(iterations: Int) {
        let counts = Mutex([Int](repeating: 0, count: iterations))
        Cores.perform(iterations: iterations) { i in counts.withLock { $0[i] += 1 } }
        #expect(counts.withLock { $0 } == [Int](repeating: 1, count: iterations))
    }

    @Test func workNestedInWorkRunsOnce() {
        let total = Atomic<Int>(0)
        Cores.perform(iterations: 4) { _ in
            Cores.perform(iterations: 8) { _ in total.add(1, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == 32)
    }

    @Test func aThreadMovedOffACoreKeepsItsCores() throws {
        let before = Cores.allowed
        let core = try #require(Cores.current)
        #expect(before.contains(core))
        let moved = Cores.moveOff(core)
        // Moved exactly when there was another core to go to, and then on another one.
        #expect(moved == (before.count > 1))
        if moved { #expect(Cores.current != core) }
        #expect(Cores.allowed == before)
        // A core the thread may not run on, or no core at all: nothing to do.
        #expect(!Cores.moveOff(-1) && !Cores.moveOff(1 << 40))
        #expect(Cores.allowed == before)
    }
}
