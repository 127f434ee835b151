import Dispatch
import SOPSystem

/// The steps of an SOP by id (``SOP/stepIndex``): the number of the first step with each id.
///
/// An open-addressed table of step numbers, 4 bytes a slot and at most half full, whose keys are the ids of
/// the steps themselves (the SOP's own array, shared, not copied): on 100,000 steps it takes about 1 MB,
/// where a dictionary of strings took 7.3 MB (docs/BENCHMARKS.md).
public struct StepIndex: Sendable, Equatable {
    /// The steps whose ids are indexed, as they were when the index was made.
    private var steps: [Step] = []
    /// Step numbers by the id's hash, `-1` where empty; a power of two long.
    private var slots: [Int32] = []
    /// Ids indexed.
    public private(set) var count = 0

    public init() {}

    /// Indexes the ids of `steps` in order, each but the empty id. `duplicate(i, first)` is called for each
    /// step `i` whose id an earlier step `first` has already; `first` keeps the id.
    public init(_ steps: [Step], duplicate: (Int, Int) -> Void = { _, _ in }) {
        self.steps = steps
        var size = 8
        while size < 2 * steps.count { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        // Each id's hash first (on every core for a long SOP: each step's id is read from its own object,
        // scattered through memory); then the table is filled in step order, and two ids are compared only
        // when their hashes are equal.
        let hashes = Self.hashes(of: steps)
        let mask = size - 1
        for i in steps.indices {
            guard let h = hashes[i] else { continue }
            var slot = h & mask
            while true {
                let other = Int(slots[slot])
                if other < 0 {
                    slots[slot] = Int32(i)
                    count += 1
                    break
                }
                if hashes[other] == h, steps[other].ref.id == steps[i].ref.id {
                    duplicate(i, other)
                    break
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Steps from which the ids' hashes are found on all cores.
    static let hashedInParallelFrom = 8192

    /// The hash of each step's id (``find(_:)``'s), nil for the empty id.
    static func hashes(of steps: [Step]) -> [Int?] {
        guard steps.count >= hashedInParallelFrom else { return steps.map { $0.ref.id.isEmpty ? nil : $0.ref.id.hashValue } }
        let parts = 8
        return [Int?](unsafeUninitializedCapacity: steps.count) { buffer, initialized in
            nonisolated(unsafe) let out = buffer
            Cores.perform(iterations: parts) { p in
                let range = steps.count * p / parts..<steps.count * (p + 1) / parts
                for i in range {
                    let id = steps[i].ref.id
                    (out.baseAddress! + i).initialize(to: id.isEmpty ? nil : id.hashValue)
                }
            }
            initialized = steps.count
        }
    }

    /// The number of the first step with id `id`.
    public subscript(id: String) -> Int? { find(id).found }

    /// Where `id` is, or the empty slot where it would go.
    private func find(_ id: String) -> (slot: Int, found: Int?) {
        guard !slots.isEmpty else { return (0, nil) }
        let mask = slots.count - 1
        var slot = id.hashValue & mask
        while true {
            let step = Int(slots[slot])
            if step < 0 { return (slot, nil) }
            if steps[step].ref.id == id { return (slot, step) }
            slot = (slot + 1) & mask
        }
    }

    /// Every id with its step's number, in the steps' order.
    public var entries: [(id: String, step: Int)] {
        var all = slots.filter { $0 >= 0 }.map { Int($0) }
        all.sort()
        return all.map { (steps[$0].ref.id, $0) }
    }

    /// The same ids for the same step numbers.
    public static func == (a: StepIndex, b: StepIndex) -> Bool {
        a.count == b.count && a.entries.allSatisfy { b[$0.id] == $0.step }
    }
}
