import SOPDiagnostics
import SOPSystem

/// The byte offset of a line and column (in characters) of a file, as libyaml counts them: its marks' `index`
/// counts characters, not bytes. Reads forward from the last position asked for, so that positions asked
/// for in file order cost one pass over the file in all.
struct ByteLocator {
    let bytes: UnsafeBufferPointer<UInt8>
    private var line = 1
    private var lineStart = 0
    /// The last column found on `line`, and its byte: a long line is not read again from its start.
    private var column = 1
    private var columnByte = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The offset of the first byte of `position`, clamped to the end of the file (or of its line).
    mutating func offset(of position: SourcePosition) -> Int {
        if position.line < line {
            line = 1
            lineStart = 0
            column = 1
            columnByte = 0
        }
        var i = lineStart
        while line < position.line, i < bytes.count {
            let b = bytes[i]
            if b == 0x0A {
                i += 1
            } else if b == 0x0D {
                i += i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
            } else if let length = SourceLines.unicodeBreak(bytes, at: i) {
                i += length
            } else {
                i += 1
                continue
            }
            line += 1
            lineStart = i
            column = 1
            columnByte = i
        }
        if position.column < column {
            column = 1
            columnByte = lineStart
        }
        i = columnByte
        while column < position.column, i < bytes.count, bytes[i] != 0x0A, bytes[i] != 0x0D {
            i += 1
            while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
            column += 1
        }
        columnByte = i
        return i
    }
}
