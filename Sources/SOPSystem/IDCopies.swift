/// Values found by the very `String` value of an id, not by its text: a look-up whose key has the same two
/// machine words as a key put in (its count and flags, and its storage or, for a short id, its bytes) has
/// the same text, and is answered without hashing or comparing it.
///
/// For a table asked many times with a few copies of each id: the steps of a long SOP, read in parts, hold
/// one copy of an id a part (``IDIndex/interned(_:)`` a part), and numbering its artefacts asks once a
/// reference. The text's own table (an ``IDIndex``) answers the first look-up of each copy; this one every
/// later one. Each key is kept, so that its storage is not reused for another text while its words are
/// here.
///
/// Only a shortcut: a key that finds no free slot within eight of its own is left out (and found by its
/// text), so slots need no seed and no words can make a look-up slower.
public struct IDCopies: Sendable {
    private struct Words: Equatable, Sendable {
        var a: UInt64
        var b: UInt64
    }

    /// Key number + 1 by slot (0: empty); a power of two, at most half full, or empty.
    private var slots: [Int32] = []
    /// The most slots past its own that a key went.
    private var maxProbe = 0
    private var words: [Words] = []
    private var values: [Int] = []
    private var keys: [String] = []

    private static let probeLimit = 8

    /// A `String` value is two 64-bit words on the platforms sopc is built for; elsewhere nothing is kept.
    private static let usable = MemoryLayout<String>.size == 16 && MemoryLayout<Words>.size == 16

    public init() {}

    /// The keys put in.
    public var count: Int { keys.count }

    @inline(__always) private static func words(_ key: String) -> Words { unsafeBitCast(key, to: Words.self) }

    @inline(__always) private static func slot(_ w: Words, mask: Int) -> Int {
        Int(truncatingIfNeeded: ((w.a ^ (w.b &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9) >> 29) & mask
    }

    /// The value put in with the same `String` value as `key`, or nil (`key` may still be a copy of one).
    public subscript(key: String) -> Int? {
        guard !slots.isEmpty else { return nil }
        let w = Self.words(key)
        let mask = slots.count - 1
        var i = Self.slot(w, mask: mask)
        for _ in 0...maxProbe {
            let k = Int(slots[i]) - 1
            if k < 0 { return nil }
            if words[k] == w { return values[k] }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Keeps `key` with `value`; a key with the same `String` value as one kept already is not kept twice.
    public mutating func add(_ key: String, _ value: Int) {
        guard Self.usable, self[key] == nil else { return }
        keys.append(key)
        words.append(Self.words(key))
        values.append(value)
        if 2 * keys.count > slots.count {
            slots = [Int32](repeating: 0, count: max(16, slots.count * 2))
            maxProbe = 0
            for k in keys.indices { place(k) }
        } else {
            place(keys.count - 1)
        }
    }

    private mutating func place(_ k: Int) {
        let mask = slots.count - 1
        var i = Self.slot(words[k], mask: mask)
        var probe = 0
        while slots[i] != 0 {
            probe += 1
            if probe > Self.probeLimit { return }
            i = (i + 1) & mask
        }
        slots[i] = Int32(k + 1)
        if probe > maxProbe { maxProbe = probe }
    }
}
