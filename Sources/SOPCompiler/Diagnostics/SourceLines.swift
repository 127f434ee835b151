/// The lines of a file's bytes, found on demand, for showing a diagnostic's source line.
struct SourceLines {
    let bytes: [UInt8]
    private var starts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A {
                starts.append(i + 1)
            } else if bytes[i] == 0x0D {
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                starts.append(i + 1)
            }
            i += 1
        }
        self.starts = starts
    }

    /// The text of 1-based line `n` without its line break, or nil past the end.
    func line(_ n: Int) -> String? {
        guard n >= 1, n <= starts.count else { return nil }
        let start = starts[n - 1]
        var end = n < starts.count ? starts[n] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        var text = String(decoding: bytes[start..<end], as: UTF8.self)
        if n == 1, text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // Never echo control characters to a terminal: each shows as one replacement character, so
        // columns still line up.
        if text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || ($0.value >= 0x7F && $0.value < 0xA0) }) {
            var clean = String.UnicodeScalarView()
            for u in text.unicodeScalars {
                clean.append((u.value < 0x20 && u != "\t") || (u.value >= 0x7F && u.value < 0xA0) ? "\u{FFFD}" : u)
            }
            text = String(clean)
        }
        return text
    }
}
