/// A table from ids (artefacts, roles, equipment, SOPs) to their places in a list: the look-up every check
/// makes for every reference of every step.
///
/// It answers exactly as a `[String: Int]` would (keys are equal when Swift's `==` says so, which compares
/// canonically equivalent text as equal), for less: a plain-ASCII id is hashed eight bytes at a time with a
/// seed drawn when the process starts, and each entry keeps its hash so that a probe compares two integers
/// (the keys are compared only when their hashes are equal). An id with any other character is hashed by Swift's own hash
/// (of its canonical form), except one that is canonically plain ASCII (a KELVIN SIGN for a `K`), which is
/// hashed as that ASCII text.
///
/// Hostile ids cannot make it slow: the table is at most half full, and should the probes of one insert
/// ever get long (ids whose hashes collide, which the random seed makes unlikely), the table from then on
/// is a `[String: Int]`. No look-up probes further than the longest insert did.
///
/// Entries are never removed, and the table is not iterated: nothing written can depend on its order.
public struct IDIndex: Sendable, ExpressibleByDictionaryLiteral {
    private struct Entry: Sendable {
        let key: String
        let hash: UInt64
        var value: Int
    }

    /// Entry number + 1 by slot (0: empty); the count of slots is a power of two, or zero.
    private var slots: [Int32] = []
    /// The entries, in the order they were put in.
    private var entries: [Entry] = []
    /// The most slots past its own that an insert went.
    private var maxProbe = 0
    /// The table once probes got long (see above).
    private var fallback: [String: Int]?

    /// Past this many slots, an insert turns the table into a `[String: Int]`.
    private var probeLimit = 48

    public init() {}

    /// A table that turns into a `[String: Int]` past `probeLimit` slots (for tests).
    package init(probeLimit: Int) { self.probeLimit = probeLimit }

    public init(dictionaryLiteral elements: (String, Int)...) {
        for (key, value) in elements { self[key] = value }
    }

    public var count: Int { fallback?.count ?? entries.count }

    public var isEmpty: Bool { count == 0 }

    public mutating func reserveCapacity(_ n: Int) {
        guard fallback == nil else { return fallback!.reserveCapacity(n) }
        entries.reserveCapacity(n)
        if n * 2 > slots.count { rebuild(slotCount: Self.slotCount(for: n)) }
    }

    public subscript(key: String) -> Int? {
        get {
            if let fallback { return fallback[key] }
            guard !slots.isEmpty else { return nil }
            return find(key, Self.hash(key)).map { entries[$0].value }
        }
        set {
            guard let newValue else { preconditionFailure("IDIndex: entries are never removed") }
            if fallback != nil {
                fallback![key] = newValue
                return
            }
            let hash = Self.hash(key)
            if !slots.isEmpty, let e = find(key, hash) {
                entries[e].value = newValue
                return
            }
            append(key, hash, newValue)
        }
    }

    /// The key equal to `key` already in the table, or `key`, put in: the one copy of an id that every
    /// reference to it then shares (its value is its place in the order of insertion).
    public mutating func interned(_ key: String) -> String {
        if fallback != nil {
            if let i = fallback!.index(forKey: key) { return fallback!.keys[i] }
            fallback![key] = fallback!.count
            return key
        }
        let hash = Self.hash(key)
        if !slots.isEmpty, let e = find(key, hash) { return entries[e].key }
        append(key, hash, entries.count)
        return key
    }

    /// ``interned(_:)`` of the text whose UTF-8 form is `bytes` (valid UTF-8, as libyaml hands a scalar over),
    /// without making a string when a plain-ASCII id is in the table already: the references of a long file
    /// name the same artefacts again and again, and each string made only to be dropped costs an allocation.
    /// A plain-ASCII id is hashed once (as ``interned(_:)`` hashes its string) and compared by its bytes; an
    /// entry of the same hash spelled otherwise (a KELVIN SIGN for a `K`, one id to Swift's `==`) is compared
    /// as a string, and any other text takes the string's way, so the answer is always that of `interned(_:)`.
    public mutating func interned(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard fallback == nil else { return interned(String(decoding: bytes, as: UTF8.self)) }
        let (hash, ascii) = Self.asciiHash(bytes)
        guard ascii else { return interned(String(decoding: bytes, as: UTF8.self)) }
        if !slots.isEmpty,
            let e = find(
                hash,
                where: { key in
                    key.utf8.withContiguousStorageIfAvailable { $0.elementsEqual(bytes) } == true
                        || key == String(decoding: bytes, as: UTF8.self)
                })
        {
            return entries[e].key
        }
        let key = String(decoding: bytes, as: UTF8.self)
        append(key, hash, entries.count)
        return key
    }

    /// Whether the table is a `[String: Int]` now (for tests).
    package var isFallback: Bool { fallback != nil }

    // MARK: - Inside

    /// The entry of `key`, whose hash is `hash`. (Two keys with the same hash are compared by Swift's
    /// `==`, which is quick for the same string and for two ASCII ones.)
    private func find(_ key: String, _ hash: UInt64) -> Int? {
        find(hash, where: { $0 == key })
    }

    /// The first entry of hash `hash` whose key is `same`, along the slots an insert of that hash probes.
    @inline(__always)
    private func find(_ hash: UInt64, where same: (String) -> Bool) -> Int? {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        for _ in 0...maxProbe {
            let e = Int(slots[i]) - 1
            if e < 0 { return nil }
            if entries[e].hash == hash, same(entries[e].key) { return e }
            i = (i + 1) & mask
        }
        return nil
    }

    private mutating func append(_ key: String, _ hash: UInt64, _ value: Int) {
        if (entries.count + 1) * 2 > slots.count { rebuild(slotCount: Self.slotCount(for: entries.count + 1)) }
        if fallback != nil {
            fallback![key] = value
            return
        }
        entries.append(Entry(key: key, hash: hash, value: value))
        if !place(entries.count - 1) { becomeDictionary() }
    }

    /// Puts entry `e` in the first free slot from its own; false when that is past `probeLimit`.
    private mutating func place(_ e: Int) -> Bool {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: entries[e].hash) & mask
        var probe = 0
        while slots[i] != 0 {
            probe += 1
            if probe > probeLimit { return false }
            i = (i + 1) & mask
        }
        slots[i] = Int32(e + 1)
        if probe > maxProbe { maxProbe = probe }
        return true
    }

    private mutating func rebuild(slotCount: Int) {
        slots = [Int32](repeating: 0, count: slotCount)
        maxProbe = 0
        for e in entries.indices where !place(e) {
            becomeDictionary()
            return
        }
    }

    private mutating func becomeDictionary() {
        var table: [String: Int] = [:]
        table.reserveCapacity(entries.count)
        for entry in entries { table[entry.key] = entry.value }
        fallback = table
        slots = []
        entries = []
        maxProbe = 0
    }

    private static func slotCount(for n: Int) -> Int {
        var c = 8
        while c < n * 2 { c *= 2 }
        return c
    }

    /// The process's seed: ids hash differently in every run, so that no file can be written to collide.
    private static let seed: (UInt64, UInt64) = {
        var g = SystemRandomNumberGenerator()
        return (g.next() | 1, g.next())
    }()

    @inline(__always) private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a.multipliedFullWidth(by: b)
        return r.high ^ r.low
    }

    /// The hash of `key`.
    static func hash(_ key: String) -> UInt64 {
        let hashed =
            key.utf8.withContiguousStorageIfAvailable { asciiHash($0) }
            ?? Array(key.utf8).withUnsafeBufferPointer { asciiHash($0) }
        return hashed.1 ? hashed.0 : canonicalHash(key)
    }

    /// The seeded hash of `bytes` and whether they are all ASCII (when not, the hash is not used).
    static func asciiHash(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, Bool) {
        let (s0, s1) = seed
        let n = bytes.count
        var h = s1 ^ UInt64(truncatingIfNeeded: n)
        var high: UInt64 = 0
        guard let base = bytes.baseAddress, n > 0 else { return (mix(h ^ 0x9E37_79B9_7F4A_7C15, s0), true) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            high |= w
            h = mix(h ^ w, s0 ^ 0xA076_1D64_78BD_642F)
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            if n >= 8 {
                // The last eight bytes, some of them hashed already.
                w = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            } else {
                var shift: UInt64 = 0
                while i < n {
                    w |= UInt64(bytes[i]) << shift
                    shift += 8
                    i += 1
                }
            }
            high |= w
            h = mix(h ^ w, s0 ^ 0xE703_7ED1_A0B4_28DB)
        }
        return (mix(h, s0 ^ 0x8EBC_6AF0_9C88_C6E3), high & 0x8080_8080_8080_8080 == 0)
    }

    /// The hash of a key with a character beyond ASCII: Swift's (which hashes the canonical form), unless the
    /// key is canonically plain ASCII — only three characters decompose to an ASCII one: GREEK QUESTION
    /// MARK (`;`), GREEK VARIA (`` ` ``) and KELVIN SIGN (`K`) — when it is that ASCII text's, so that it
    /// finds its ASCII twin.
    private static func canonicalHash(_ key: String) -> UInt64 {
        var ascii: [UInt8] = []
        for scalar in key.unicodeScalars {
            switch scalar.value {
            case 0..<0x80: ascii.append(UInt8(scalar.value))
            case 0x037E: ascii.append(0x3B)
            case 0x1FEF: ascii.append(0x60)
            case 0x212A: ascii.append(0x4B)
            default: return UInt64(bitPattern: Int64(key.hashValue))
            }
        }
        return ascii.withUnsafeBufferPointer { asciiHash($0).0 }
    }
}
