import Synchronization

/// Byte arrays handed back once their file is written, for the next file to be written into.
///
/// A large output (a 100,000-step SOP's form or BPMN file is about 100 MB) is made in an array that grows
/// into memory the process has not used before: every page of it is a page fault, and the system clears
/// the page first. Freed, such an array goes back to the system at once (the allocator keeps nothing that
/// large), so the next file of the same size faults every page again: a build of one long SOP touched
/// about 1 GB of fresh pages for 450 MB of files. While a build keeps its arrays (``startKeeping()``),
/// those its files were written from come back here (``recycle(_:)``), emptied but with their memory, and
/// the next file written on any thread starts in one (``take(reserving:)``). At most ``Pool/limit`` are
/// kept, the largest; all of them go at the outermost ``stopKeeping()``.
package enum ByteBuffers {
    /// The arrays kept, and how many builds keep them.
    package struct Pool: Sendable {
        /// How many arrays are kept at most (two threads render at once, each holding one file).
        package static let limit = 4

        package var depth = 0
        /// The arrays kept, by capacity, the largest last.
        package private(set) var buffers: [[UInt8]] = []

        package init() {}

        /// The largest array kept, taken out, or an empty one.
        package mutating func take() -> [UInt8] { buffers.popLast() ?? [] }

        /// Keeps an array, emptied, while a build keeps them; gives back what is let go (`bytes` itself
        /// when nothing is kept, or the smallest array once more than ``limit`` are).
        package mutating func recycle(_ bytes: consuming [UInt8]) -> [UInt8]? {
            var bytes = bytes
            guard depth > 0, bytes.capacity >= 1 << 12 else { return bytes }
            if !bytes.isEmpty { bytes.removeAll(keepingCapacity: true) }
            let at = buffers.firstIndex { $0.capacity > bytes.capacity } ?? buffers.endIndex
            buffers.insert(bytes, at: at)
            return buffers.count > Self.limit ? buffers.removeFirst() : nil
        }

        /// Ends one build's keeping; gives back every array once none keeps them.
        package mutating func stop() -> [[UInt8]] {
            depth -= 1
            guard depth == 0 else { return [] }
            defer { buffers = [] }
            return buffers
        }
    }

    private static let pool = Mutex(Pool())

    /// From now on, arrays handed back are kept for the next files, until the matching ``stopKeeping()``.
    package static func startKeeping() { pool.withLock { $0.depth += 1 } }

    /// Ends a ``startKeeping()``; after the outermost one, the arrays kept are freed.
    package static func stopKeeping() {
        let dropped = pool.withLock { $0.stop() }
        _ = consume dropped  // freed outside the lock
    }

    /// An empty array with room for at least `capacity` bytes: the largest one kept, if any.
    package static func take(reserving capacity: Int) -> [UInt8] {
        var bytes = pool.withLock { $0.take() }
        bytes.reserveCapacity(capacity)
        return bytes
    }

    /// Hands back an array whose bytes are no longer needed: kept while a build keeps them, else freed.
    package static func recycle(_ bytes: consuming [UInt8]) {
        var bytes = bytes
        // Emptied here, where it is the only reference to its memory (in the lock it is a second one).
        bytes.removeAll(keepingCapacity: true)
        let dropped = pool.withLock { $0.recycle(bytes) }
        _ = consume dropped  // freed outside the lock
    }
}
