internal import CAllocator
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Work shared out over the cores.
package enum Cores {
    /// `DispatchQueue.concurrentPerform`, with the threads it uses started on different cores. Linux wakes a
    /// thread of the pool on the core of the thread that woke it, and the two share that core until the
    /// waker's time slice ends or the load balancer moves one, some milliseconds later (docs/BENCHMARKS.md):
    /// as long as the whole read of a file of a thousand steps, cut in four parts for the two cores. So the
    /// calling thread gives way once, at its first iteration, to a thread woken on its core, and a pool
    /// thread that finds itself on the core the calling thread was on when the work began moves to another
    /// core (``moveOff(_:)``: it may then run anywhere again, as the scheduler chooses). Where a thread may
    /// run on one core only, or the core is not known, nothing moves.
    package static func perform(iterations: Int, execute work: @Sendable (Int) -> Void) {
        let core = iterations > 1 ? current : nil
        guard let core else {
            DispatchQueue.concurrentPerform(iterations: iterations, execute: work)
            return
        }
        let caller = pthread_self()
        let gaveWay = Atomic<Bool>(false)
        DispatchQueue.concurrentPerform(iterations: iterations) { i in
            if pthread_equal(pthread_self(), caller) == 0 {
                if current == core { moveOff(core) }
            } else if !gaveWay.load(ordering: .relaxed) {
                gaveWay.store(true, ordering: .relaxed)
                sched_yield()
            }
            work(i)
        }
    }

    /// The core the calling thread runs on now (nil when the system does not say).
    package static var current: Int? {
        let core = sopc_current_cpu()
        return core >= 0 ? Int(core) : nil
    }

    /// The cores the calling thread may run on, in order (empty when the system does not say).
    package static var allowed: [Int] {
        var cores = [Int32](repeating: 0, count: 64)
        var count = Int(sopc_allowed_cpus(&cores, Int32(cores.count)))
        if count > cores.count {
            cores = [Int32](repeating: 0, count: count)
            count = Int(sopc_allowed_cpus(&cores, Int32(cores.count)))
        }
        return cores.prefix(max(0, min(count, cores.count))).map(Int.init)
    }

    /// Moves the calling thread to a core other than `core`, among those it may run on, then lets it run on
    /// all of them again (its set of cores is as it was). False when it could not: one core allowed, `core`
    /// not among them, or the system refused.
    @discardableResult
    package static func moveOff(_ core: Int) -> Bool {
        guard let value = Int32(exactly: core) else { return false }
        return sopc_move_off_cpu(value) == 1
    }
}
