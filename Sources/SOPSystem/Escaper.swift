/// How one output language writes the characters that would mean something in it (HTML, XML, JSON,
/// Mermaid): a table of replacements, so that each language states only its table and no emitter writes its
/// own loop. A replacement may be empty (the character is dropped).
package struct Escaper: Sendable {
    /// The replacement of each ASCII character, nil where it stands as it is.
    private let ascii: [String?]
    /// One bit for each ASCII character that `ascii` replaces (characters 0–63, then 64–127): the scan
    /// tests a bit for each byte and reads the table only for the few characters replaced.
    private let replaced: (UInt64, UInt64)
    /// The replacement of a character beyond ASCII, nil where it stands as it is; nil when every such
    /// character stands as it is (then they are not even decoded).
    private let beyondASCII: (@Sendable (Unicode.Scalar) -> String?)?

    /// `replacements` holds ASCII characters only; `otherASCII` is asked once, here, for every ASCII
    /// character `replacements` does not name; `beyondASCII` for each character beyond ASCII as it is met.
    package init(
        _ replacements: [Unicode.Scalar: String], otherASCII: (Unicode.Scalar) -> String? = { _ in nil },
        beyondASCII: (@Sendable (Unicode.Scalar) -> String?)? = nil
    ) {
        precondition(replacements.keys.allSatisfy(\.isASCII), "an Escaper's table holds ASCII characters only")
        ascii = (0..<128).map { value in
            let c = Unicode.Scalar(UInt8(value))
            return replacements[c] ?? otherASCII(c)
        }
        var replaced: (UInt64, UInt64) = (0, 0)
        for (value, replacement) in ascii.enumerated() where replacement != nil {
            if value < 64 { replaced.0 |= 1 << UInt64(value) } else { replaced.1 |= 1 << UInt64(value - 64) }
        }
        self.replaced = replaced
        self.beyondASCII = beyondASCII
    }

    /// Appends `s` to `out`, escaped: the runs of characters that stand as they are copied whole, not one
    /// by one. The text is scanned as UTF-8 bytes; a character beyond ASCII is decoded only when this
    /// escaper replaces some.
    package func escape(_ s: String, into out: inout String) {
        let scanned: Void? = s.utf8.withContiguousStorageIfAvailable { bytes in
            let utf8 = s.utf8
            scan(
                bytes,
                keep: { from, to in
                    // Nothing replaced: the text itself, not a piece of it.
                    if from == 0 && to == bytes.count { out += s } else { out += Self.piece(s, utf8, from, to) }
                },
                replace: { out += $0 })
        }
        if scanned == nil { escapeByScalar(s, into: &out) }
    }

    /// ``escape(_:into:)`` into UTF-8 bytes: the same text, for a writer that builds its output as bytes.
    package func escape(_ s: String, into out: inout [UInt8]) {
        let scanned: Void? = s.utf8.withContiguousStorageIfAvailable { bytes in
            scan(
                bytes, keep: { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[$0..<$1])) },
                replace: { out.append(contentsOf: $0.utf8) })
        }
        if scanned == nil {
            var text = ""
            escapeByScalar(s, into: &text)
            out.append(contentsOf: text.utf8)
        }
    }

    /// The one scan of both ``escape(_:into:)``s, over a text's UTF-8 bytes: `keep(from, to)` for each run
    /// of characters that stand as they are, `replace` with each replacement, in order.
    @inline(__always)
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, keep: (Int, Int) -> Void, replace: (String) -> Void) {
        var run = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            let replacement: String?
            if b < 0x80 {
                let bits = b < 64 ? replaced.0 >> UInt64(b) : replaced.1 >> UInt64(b - 64)
                if bits & 1 == 0 {
                    i += 1
                    continue
                }
                length = 1
                replacement = ascii[Int(b)]
            } else {
                length = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                if let beyondASCII {
                    var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                    for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
                    replacement = Unicode.Scalar(value).flatMap(beyondASCII)
                } else {
                    replacement = nil
                }
            }
            guard let replacement else {
                i += length
                continue
            }
            if run < i { keep(run, i) }
            replace(replacement)
            i += length
            run = i
        }
        if run < bytes.count { keep(run, bytes.count) }
    }

    /// The characters of `s` from UTF-8 offset `from` to `to`, both at the start of a character, without
    /// a copy.
    private static func piece(_ s: String, _ utf8: String.UTF8View, _ from: Int, _ to: Int) -> Substring {
        let start = utf8.index(utf8.startIndex, offsetBy: from)
        let end = utf8.index(start, offsetBy: to - from)
        return Substring(s.unicodeScalars[start..<end])
    }

    /// ``escape(_:into:)`` one character at a time, for a text not stored as UTF-8 in one piece.
    func escapeByScalar(_ s: String, into out: inout String) {
        for c in s.unicodeScalars {
            if let replacement = c.isASCII ? ascii[Int(c.value)] : beyondASCII?(c) {
                out += replacement
            } else {
                out.unicodeScalars.append(c)
            }
        }
    }

    /// `s`, escaped.
    package func callAsFunction(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        escape(s, into: &out)
        return out
    }
}
