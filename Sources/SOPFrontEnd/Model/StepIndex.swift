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
        for (i, step) in steps.enumerated() where !step.ref.id.isEmpty {
            let (slot, found) = find(step.ref.id)
            if let found {
                duplicate(i, found)
            } else {
                slots[slot] = Int32(i)
                count += 1
            }
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
