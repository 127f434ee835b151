/// A whole number's decimal digits written straight into a byte buffer, right to left, for text made by the
/// ten thousand (the form's coordinates, the build's file stamps): no string is made on the way.
package enum DecimalDigits {
    /// How many digits `value` has (1 for 0).
    package static func count(_ value: UInt64) -> Int {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return digits
    }

    /// Writes the digits of `value` into `buffer` from `at`; returns the index after the last.
    package static func write(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at: Int) -> Int {
        let end = at + count(value)
        var v = value
        for i in stride(from: end - 1, through: at, by: -1) {
            buffer[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
        }
        return end
    }
}
