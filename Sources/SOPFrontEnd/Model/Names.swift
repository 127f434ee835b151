import SOPDiagnostics
import SOPSystem

/// Id rules and near-miss suggestions.
public enum Names {
    public static let maxIDLength = 64

    /// Whether `s` matches `^[a-z][a-z0-9]*(-[a-z0-9]+)*$` and is at most 64 characters.
    public static func isValidID(_ s: String) -> Bool {
        let b = s.utf8
        guard !b.isEmpty, b.count <= maxIDLength else { return false }
        var previousDash = true
        var first = true
        for c in b {
            let lower = c >= 0x61 && c <= 0x7A
            let digit = c >= 0x30 && c <= 0x39
            if first {
                guard lower else { return false }
                first = false
                previousDash = false
                continue
            }
            if c == 0x2D {
                if previousDash { return false }
                previousDash = true
            } else if lower || digit {
                previousDash = false
            } else {
                return false
            }
        }
        return !previousDash
    }

    /// The id a name most likely means: `Ka Biro` → `ka-biro`.
    public static func slug(_ s: String) -> String {
        // ASCII alone (nearly every key and id): byte by byte, the same result as by characters below.
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            out.reserveCapacity(s.utf8.count)
            var dash = false
            for var b in s.utf8 {
                if b >= 0x41, b <= 0x5A { b += 0x20 }
                if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                    if dash, !out.isEmpty { out.append(0x2D) }
                    out.append(b)
                    dash = false
                } else {
                    dash = true
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return slugByCharacter(s)
    }

    /// ``slug(_:)`` character by character: the rule itself, for any text.
    package static func slugByCharacter(_ s: String) -> String {
        var out = ""
        var dash = false
        for ch in s.lowercased() {
            if ch.isASCII, ch.isLetter || ch.isNumber {
                if dash, !out.isEmpty { out.append("-") }
                out.append(ch)
                dash = false
            } else {
                dash = true
            }
        }
        return out
    }

    /// The ids that the invalid ones among `ids` are to be written as (`Ka Biro` → `ka-biro`): a reference
    /// to one of them names that definition, whose invalid id is the one mistake (reported as invalid-id).
    public static func slugsOfInvalid<S: Sequence>(_ ids: S) -> Set<String> where S.Element == String {
        var out: Set<String> = []
        for id in ids where !isValidID(id) {
            let s = slug(id)
            if isValidID(s) { out.insert(s) }
        }
        return out
    }

    /// Edit distance, bounded: returns nil when it exceeds `limit`.
    public static func distance(_ a: String, _ b: String, limit: Int) -> Int? {
        var rows = DistanceRows()
        return distance(Array(a.unicodeScalars), b, limit: limit, rows: &rows)
    }

    /// The rows of ``distance(_:_:limit:rows:)`` and the candidate's characters, kept from one candidate to
    /// the next: a word is compared with every key or id allowed where it is written.
    struct DistanceRows {
        var y: [Unicode.Scalar] = []
        var previous: [Int] = []
        var current: [Int] = []
    }

    /// ``distance(_:_:limit:)`` from a word already split into its characters (compared with many), and
    /// without splitting a candidate whose length alone puts it beyond `limit`.
    static func distance(_ x: [Unicode.Scalar], _ b: String, limit: Int, rows: inout DistanceRows) -> Int? {
        if abs(x.count - b.unicodeScalars.count) > limit { return nil }
        rows.y.removeAll(keepingCapacity: true)
        rows.y.append(contentsOf: b.unicodeScalars)
        let n = rows.y.count
        if x.isEmpty { return n }
        if n == 0 { return x.count }
        rows.previous.removeAll(keepingCapacity: true)
        rows.previous.append(contentsOf: 0...n)
        rows.current.removeAll(keepingCapacity: true)
        rows.current.append(contentsOf: repeatElement(0, count: n + 1))
        for i in 1...x.count {
            rows.current[0] = i
            var rowMin = i
            let xi = x[i - 1]
            for j in 1...n {
                let cost = xi == rows.y[j - 1] ? 0 : 1
                let d = min(rows.previous[j] + 1, rows.current[j - 1] + 1, rows.previous[j - 1] + cost)
                rows.current[j] = d
                rowMin = min(rowMin, d)
            }
            if rowMin > limit { return nil }
            swap(&rows.previous, &rows.current)
        }
        return rows.previous[n] <= limit ? rows.previous[n] : nil
    }

    /// An ASCII word of at most 64 bytes as bit masks, for ``bitDistance(_:_:)``: for each byte value, the
    /// positions in the word that hold it.
    struct WordMasks {
        var masks = [UInt64](repeating: 0, count: 128)
        let length: Int

        init?(_ word: [UInt8]) {
            guard word.count <= 64, word.allSatisfy({ $0 < 0x80 }) else { return nil }
            length = word.count
            for (i, b) in word.enumerated() { masks[Int(b)] |= 1 << UInt64(i) }
        }
    }

    /// The edit distance between the word that `word` holds and an ASCII text, a column of the table at a time
    /// in the bits of a machine word (Myers's algorithm, as Hyyrö sets it out for the distance between two
    /// texts): the vertical differences of a column are bit vectors, and the last row's value is kept.
    static func bitDistance(_ word: WordMasks, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        let m = word.length
        guard m > 0 else { return y.count }
        let last: UInt64 = 1 << UInt64(m - 1)
        var positive = UInt64.max
        var negative: UInt64 = 0
        var score = m
        return word.masks.withUnsafeBufferPointer { masks in
            for b in y {
                let equal = masks[Int(b & 0x7F)]
                let xv = equal | negative
                let xh = (((equal & positive) &+ positive) ^ positive) | equal
                var ph = negative | ~(xh | positive)
                var mh = positive & xh
                if ph & last != 0 { score += 1 } else if mh & last != 0 { score -= 1 }
                // The first row grows by one a column: the distance from the empty word.
                ph = (ph << 1) | 1
                mh <<= 1
                positive = mh | ~(xv | ph)
                negative = ph & xv
            }
            return score
        }
    }

    /// What the search makes of an ASCII candidate when the word is ASCII and at most 64 bytes long, byte by
    /// byte: whether it is the word in small letters, else its distance (nil past `limit`); nil for a
    /// candidate beyond ASCII.
    static func asciiMatch(
        _ candidate: String, word: UnsafeBufferPointer<UInt8>, masks: WordMasks, limit: Int
    ) -> (lowercased: Bool, distance: Int?)? {
        candidate.utf8.withContiguousStorageIfAvailable { c -> (Bool, Int?)? in
            var same = c.count == word.count
            for (k, b) in c.enumerated() {
                if b >= 0x80 { return nil }
                if same, (b >= 0x41 && b <= 0x5A ? b + 0x20 : b) != word[k] { same = false }
            }
            if same { return (true, nil) }
            if abs(c.count - word.count) > limit { return (false, nil) }
            let d = bitDistance(masks, c)
            return (false, d <= limit ? d : nil)
        } ?? nil
    }

    /// Whether `candidate` in small letters is `lowered` (a word already in small letters): byte by byte
    /// when both are ASCII, where that is the same as comparing the texts.
    static func isLowercased(_ candidate: String, _ lowered: String, loweredIsASCII: Bool) -> Bool {
        guard loweredIsASCII, candidate.utf8.allSatisfy({ $0 < 0x80 }) else { return candidate.lowercased() == lowered }
        guard candidate.utf8.count == lowered.utf8.count else { return false }
        return zip(candidate.utf8, lowered.utf8).allSatisfy { c, l in (c >= 0x41 && c <= 0x5A ? c + 0x20 : c) == l }
    }

    /// The candidate closest to `word`, if one is close enough to be a typo of it.
    public static func suggestion<S: Sequence>(for word: String, among candidates: S) -> String? where S.Element == String {
        let limit = max(1, min(3, word.count / 3))
        var best: (String, Int)?
        let slugged = slug(word)
        let lowered = word.lowercased()
        let loweredIsASCII = lowered.utf8.allSatisfy { $0 < 0x80 }
        let scalars = Array(lowered.unicodeScalars)
        var rows = DistanceRows()
        let asciiWord = loweredIsASCII ? Array(lowered.utf8) : []
        let masks = loweredIsASCII ? WordMasks(asciiWord) : nil
        for c in candidates {
            if c == slugged { return c }
            // Past the best distance so far, a candidate cannot win: its distance is not needed.
            let bound = best?.1 ?? limit
            let d: Int?
            if let masks,
                let ascii = asciiWord.withUnsafeBufferPointer({ asciiMatch(c, word: $0, masks: masks, limit: bound) })
            {
                // An ASCII word of at most 64 bytes and an ASCII candidate (nearly every id): byte by byte, the
                // same answers as below.
                if ascii.lowercased { return c }
                d = ascii.distance
            } else {
                if isLowercased(c, lowered, loweredIsASCII: loweredIsASCII) { return c }
                d = distance(scalars, c, limit: bound, rows: &rows)
            }
            if let d, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
        }
        if let best { return best.0 }
        // A word cut short or run on ('kembali' for 'kembalikan'): one candidate that starts the same way, both
        // at least four characters long (a text has no more characters than bytes: counted last).
        guard lowered.count >= 4 else { return nil }
        let extended = candidates.filter { c in
            c.utf8.count >= 4 && c != lowered && (c.hasPrefix(lowered) || lowered.hasPrefix(c)) && c.count >= 4
        }
        return extended.count == 1 ? extended[0] : nil
    }

    /// "did you mean 'x'?", or nil.
    public static func didYouMean<S: Sequence>(_ word: String, among candidates: S) -> String? where S.Element == String {
        didYouMeanHelp(word, among: candidates)?.text()
    }

    /// The catalogue's "did you mean 'x'?" for the candidate closest to `word`, or nil.
    public static func didYouMeanHelp<S: Sequence>(_ word: String, among candidates: S) -> Message? where S.Element == String {
        suggestion(for: word, among: candidates).map { .didYouMean($0) }
    }

    /// `'a', 'b' and 'c'`
    public static func quotedList<S: Sequence>(_ items: S) -> String where S.Element == String {
        let q = items.map { "'\($0)'" }
        switch q.count {
        case 0: return ""
        case 1: return q[0]
        default: return q.dropLast().joined(separator: ", ") + " and " + q.last!
        }
    }
}
