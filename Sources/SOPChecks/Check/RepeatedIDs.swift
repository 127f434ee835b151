import SOPFrontEnd
import SOPSystem

/// Answers about the ids a long SOP's references name, worked out once for each copy of an id: the steps of
/// a long SOP, read in parts, hold one copy of an id a part (``IDIndex/interned(_:)`` a part), and a check
/// asks about every reference, so each copy comes again and again; after its first answer it is found by
/// its `String` value (``IDCopies``), not looked up by its text in one table after another. For an SOP of a
/// thousand steps or more; for a shorter one, keeping the copies costs more than it saves.
struct RepeatedIDs {
    private let learns: Bool
    /// At most this many copies are kept: sixteen for each id the answers come from, and some.
    private let limit: Int
    private var copies = IDCopies()

    /// - Parameters:
    ///   - learns: whether copies are kept (by default, for an SOP of a thousand steps or more).
    ///   - ids: how many ids the answers come from (the tables `answer` looks in).
    init(_ sop: SOP, ids: Int, learns: Bool? = nil) {
        self.learns = learns ?? (sop.steps.count >= 1_000)
        limit = 16 * ids + 64
    }

    /// The answer kept for this copy of `id`, or nil (then it is to be worked out, and ``keep(_:_:)``).
    @inline(__always) func kept(_ id: String) -> Int? { learns ? copies[id] : nil }

    /// Keeps the answer for this copy of `id`.
    @inline(__always) mutating func keep(_ id: String, _ answer: Int) {
        if learns, copies.count < limit { copies.add(id, answer) }
    }

    /// The answer for `id`: `compute(id)` the first time a copy of it is asked about, kept after.
    @inline(__always) mutating func answer(_ id: String, _ compute: (String) -> Int) -> Int {
        if let kept = kept(id) { return kept }
        let answer = compute(id)
        keep(id, answer)
        return answer
    }
}
