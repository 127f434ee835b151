import SOPSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lines of a file's bytes, found on demand, for showing a diagnostic's source line.
package struct SourceLines {
    let bytes: [UInt8]
    let yamlBreaks: Bool
    private var starts: [Int]

    /// - Parameter yamlBreaks: also break lines where libyaml does (and so counts the lines of its
    ///   positions): at U+0085 NEL, U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR.
    init(_ bytes: [UInt8], yamlBreaks: Bool = false) {
        self.bytes = bytes
        self.yamlBreaks = yamlBreaks
        var starts = [0]
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A {
                starts.append(i + 1)
            } else if bytes[i] == 0x0D {
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                starts.append(i + 1)
            } else if yamlBreaks, bytes[i] == 0xC2 || bytes[i] == 0xE2, let length = Self.unicodeBreak(bytes, at: i) {
                i += length - 1
                starts.append(i + 1)
            }
            i += 1
        }
        self.starts = starts
    }

    /// The length in bytes of a NEL, LS or PS at `i`, or nil.
    package static func unicodeBreak(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        if bytes[i] == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0x85 { return 2 }
        if bytes[i] == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 { return 3 }
        return nil
    }

    /// Whether `bytes` hold a NEL, LS or PS anywhere: found by searching for their first bytes (0xC2,
    /// 0xE2) with `memchr`, not byte by byte.
    package static func containsUnicodeBreak(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        for lead: UInt8 in [0xC2, 0xE2] {
            var i = 0
            while i < bytes.count, let found = memchr(base + i, Int32(lead), bytes.count - i) {
                let at = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                if unicodeBreak(bytes, at: at) != nil { return true }
                i = at + 1
            }
        }
        return false
    }

    static func unicodeBreak(_ bytes: [UInt8], at i: Int) -> Int? {
        bytes.withUnsafeBufferPointer { unicodeBreak($0, at: i) }
    }

    /// The text of 1-based line `n` without its line break, or nil past the end.
    func line(_ n: Int) -> String? {
        guard n >= 1, n <= starts.count else { return nil }
        let start = starts[n - 1]
        var end = n < starts.count ? starts[n] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        // A line that ends in a NEL, LS or PS (only when those break lines) loses it too.
        if yamlBreaks, n < starts.count, end - start >= 2, bytes[end - 2] == 0xC2, bytes[end - 1] == 0x85 {
            end -= 2
        } else if yamlBreaks, n < starts.count, end - start >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80,
            bytes[end - 1] == 0xA8 || bytes[end - 1] == 0xA9
        {
            end -= 3
        }
        var text = String(decoding: bytes[start..<end], as: UTF8.self)
        if n == 1, text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.terminalSafe
    }
}

extension String {
    /// The text with every control character (C0 but tab, DEL, C1) shown as one replacement character, so
    /// that text from the definitions never drives a terminal and columns still line up. Check's source
    /// lines and the texts `sopc run` and `sopc simulate` print from the definitions go through it.
    package var terminalSafe: String {
        func isControl(_ u: Unicode.Scalar) -> Bool { (u.value < 0x20 && u != "\t") || (u.value >= 0x7F && u.value < 0xA0) }
        guard unicodeScalars.contains(where: isControl) else { return self }
        var clean = String.UnicodeScalarView()
        for u in unicodeScalars { clean.append(isControl(u) ? "\u{FFFD}" : u) }
        return String(clean)
    }
}
