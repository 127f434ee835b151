import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

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
///
/// And a build into an empty OUT writes each file into its temporary file as it is made
/// (``writing(to:_:)``): the file's writer hands its bytes over every ``spillSize`` bytes, at a point where
/// they are final (the end of an element, a row, a page, a machine state), and keeps its memory for the
/// next ones, so that no long file is held whole.
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

    // MARK: Written as made

    /// Where the file rendered on one thread is written as it is made (``writing(to:_:)``).
    private final class Spill: @unchecked Sendable {
        let file: Int32
        /// The first `errno` writing met (0: none); nothing more is written after it.
        var failure: Int32 = 0
        /// Whether a writer asked for its ``spillPoint()`` already: only that first one, the file's own
        /// writer, writes into the file (another made while it renders holds a piece of it).
        var claimed = false

        init(file: Int32) { self.file = file }
    }

    /// The file each thread's rendering is written into, by thread.
    private static let spills = Mutex<[UInt: Spill]>([:])

    /// How many bytes a writer holds before it hands them to its file (``spillPoint()``): 4 MiB (tests set
    /// less, to write small files in many pieces).
    package static let spillSize = Atomic<Int>(1 << 22)

    /// Bytes written into files as they were made, since the process started (for tests).
    package static let spilled = Atomic<Int>(0)

    private static var thread: UInt { UInt(bitPattern: Int(bitPattern: pthread_self())) }

    /// Runs `body`, a rendering on this thread, with what its writers hold written into `file` whenever it
    /// passes ``spillSize`` (``spill(_:)``): a long file is then never held whole. Returns `body`'s result —
    /// the bytes not yet written, which the caller writes after the others — and the `errno` a write met
    /// (0: none).
    package static func writing<R>(to file: Int32, _ body: () -> R) -> (R, failure: Int32) {
        let spill = Spill(file: file)
        let me = thread
        spills.withLock { $0[me] = spill }
        let result = body()
        spills.withLock { $0[me] = nil }
        return (result, spill.failure)
    }

    /// The count of bytes at which a writer made now on this thread hands its bytes to its file: Int.max
    /// when nothing is written as it is made (the writer holds the whole file, as everywhere but a build's
    /// rendering, ``writing(to:_:)``), and for every writer but the first made in the rendering (the file's
    /// own; one made after it writes a piece of the file, such as a part of a page).
    package static func spillPoint() -> Int {
        let me = thread
        let first = spills.withLock { spills -> Bool in
            guard let spill = spills[me], !spill.claimed else { return false }
            spill.claimed = true
            return true
        }
        return first ? spillSize.load(ordering: .relaxed) : Int.max
    }

    /// Writes `out` into this thread's file and empties it (its memory kept), or does nothing when none is
    /// set. Called by a writer at a point where its bytes so far are final, once it holds ``spillPoint()``.
    package static func spill(_ out: inout [UInt8]) {
        let me = thread
        guard let spill = spills.withLock({ $0[me] }), spill.claimed else { return }
        if spill.failure == 0 { spill.failure = out.withUnsafeBytes { FileIO.write(spill.file, $0) } }
        spilled.add(out.count, ordering: .relaxed)
        out.removeAll(keepingCapacity: true)
    }
}
