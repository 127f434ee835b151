import Synchronization

/// Results of a pure function kept by their key, shared by every thread: at most `limit` of them, all
/// forgotten at once when that many are kept (what is asked again soon is made again soon).
package final class KeptResults<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let kept = Mutex<[Key: Value]>([:])
    private let limit: Int

    package init(limit: Int) { self.limit = limit }

    /// The result kept for `key`, else `make()`'s, kept.
    package func value(for key: Key, _ make: () -> Value) -> Value {
        if let known = kept.withLock({ $0[key] }) { return known }
        let value = make()
        kept.withLock { kept in
            if kept.count >= limit { kept.removeAll(keepingCapacity: true) }
            kept[key] = value
        }
        return value
    }
}
