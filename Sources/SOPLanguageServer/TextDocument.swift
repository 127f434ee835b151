import SOPCompiler

/// How LSP counts characters within a line.
public enum PositionEncoding: String, Sendable {
    case utf16 = "utf-16"
    case utf8 = "utf-8"
}

/// A file's text with its line starts: converts between sopc's positions (1-based line, column in
/// Unicode scalars, as libyaml counts) and LSP's (0-based line, character in UTF-16 or UTF-8 units).
struct LineTable {
    let bytes: [UInt8]
    let starts: [Int]

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

    /// The bytes of 0-based line `n` without its break (empty past the end).
    func lineBytes(_ n: Int) -> ArraySlice<UInt8> {
        guard n >= 0, n < starts.count else { return [] }
        var end = n + 1 < starts.count ? starts[n + 1] : bytes.count
        while end > starts[n], bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return bytes[starts[n]..<end]
    }

    func line(_ n: Int) -> String { String(decoding: lineBytes(n), as: UTF8.self) }

    var lineCount: Int { starts.count }

    /// The LSP position of a sopc position.
    func lsp(_ p: SourcePosition, _ encoding: PositionEncoding) -> [String: Int] {
        let line = max(p.line - 1, 0)
        guard line < starts.count else { return ["line": line, "character": 0] }
        var units = 0
        var scalars = 0
        for u in String(decoding: lineBytes(line), as: UTF8.self).unicodeScalars {
            if scalars >= p.column - 1 { break }
            units += encoding == .utf16 ? u.utf16.count : u.utf8.count
            scalars += 1
        }
        // A column past the end of the line (a span's end after the last character) keeps its excess.
        units += max(p.column - 1 - scalars, 0)
        return ["line": line, "character": units]
    }

    func lspRange(_ span: SourceSpan, _ encoding: PositionEncoding) -> [String: Any] {
        ["start": lsp(span.start, encoding), "end": lsp(span.end, encoding)]
    }

    /// The sopc position of an LSP position, clamped into the text.
    func source(line: Int, character: Int, _ encoding: PositionEncoding) -> SourcePosition {
        let line = min(max(line, 0), starts.count - 1)
        var units = 0
        var column = 1
        for u in String(decoding: lineBytes(line), as: UTF8.self).unicodeScalars {
            let width = encoding == .utf16 ? u.utf16.count : u.utf8.count
            if units + width > character { break }
            units += width
            column += 1
        }
        return SourcePosition(line: line + 1, column: column)
    }

    /// The byte offset of an LSP position, clamped into the text.
    func offset(line: Int, character: Int, _ encoding: PositionEncoding) -> Int {
        guard line >= 0 else { return 0 }
        guard line < starts.count else { return bytes.count }
        let lineBytes = self.lineBytes(line)
        var units = 0
        var offset = lineBytes.startIndex
        for u in String(decoding: lineBytes, as: UTF8.self).unicodeScalars {
            let width = encoding == .utf16 ? u.utf16.count : u.utf8.count
            if units + width > character { break }
            units += width
            offset += u.utf8.count
        }
        return min(offset, lineBytes.endIndex)
    }
}
