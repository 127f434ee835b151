#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fixed slots that parallel workers fill, one slot each; read only after the workers finish.
package final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T?>
    private let count: Int

    package init(count: Int) {
        self.count = count
        storage = UnsafeMutablePointer<T?>.allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: max(count, 1))
    }

    deinit {
        storage.deinitialize(count: max(count, 1))
        storage.deallocate()
    }

    /// Read in place (`slots[i]?.size` copies nothing else of the slot's value).
    package subscript(i: Int) -> T? {
        _read { yield storage[i] }
        _modify { yield &storage[i] }
    }

    /// The value of slot `i`, moved out: the slot is empty after (no copy of a value the caller keeps).
    package func take(_ i: Int) -> T? { storage[i].take() }
}

/// With `SOPC_PROFILE` set, prints how long each phase of a check took on standard error.
package struct PhaseClock {
    package init() {
        if PhaseClock.enabled { _ = PhaseClock.first }
    }

    // Read once: a check makes a clock for every SOP it reads and checks.
    static let enabled = getenv("SOPC_PROFILE") != nil
    /// `SOPC_PROFILE=memory`: each lap also gives the peak resident set so far.
    static let memory = getenv("SOPC_PROFILE").map { String(cString: $0) == "memory" } ?? false
    var last = PhaseClock.now()

    /// The peak resident set so far, in MiB.
    static func peakResidentMiB() -> Int {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return -1 }
        return usage.ru_maxrss >> 10
    }

    /// When the first clock was made: the laps say when they end from there.
    static let first = now()

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    package mutating func lap(_ phase: String) {
        guard PhaseClock.enabled else { return }
        let t = PhaseClock.now()
        let tenths = Int((t - last) * 10_000)
        let at = Int((t - PhaseClock.first) * 10_000)
        var line = "sopc: \(phase): \(tenths / 10).\(tenths % 10) ms (at \(at / 10).\(at % 10) ms)"
        if PhaseClock.memory {
            line += ", peak \(PhaseClock.peakResidentMiB()) MiB resident"
        }
        StandardStreams.err(line)
        last = t
    }
}
