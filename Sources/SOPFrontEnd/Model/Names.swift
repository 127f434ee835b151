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
        for c in candidates {
            if c == slugged || isLowercased(c, lowered, loweredIsASCII: loweredIsASCII) { return c }
            if let d = distance(scalars, c, limit: limit, rows: &rows) {
                if best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
            }
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
