/// Appending to UTF-8 bytes, for the writers that build an output as bytes rather than as a `String`
/// (appending a piece to a `String` costs its checks on every piece).
extension Array where Element == UInt8 {
    /// `value` in decimal digits, with a `-` when negative: the bytes of `String(value)`, without making
    /// that string.
    package mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        let magnitude = UInt64(value.magnitude)
        if magnitude < 10 { return append(UInt8(ascii: "0") + UInt8(magnitude)) }
        // Into a buffer on the stack (20 digits hold any UInt64), then copied.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            let end = DecimalDigits.write(magnitude, into: buffer, at: 0)
            append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<end]))
        }
    }

    /// The UTF-8 bytes of `text`, copied in one piece (a small string from the stack).
    package mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// The bytes of a literal, copied in one piece.
    package mutating func append(literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }
}
