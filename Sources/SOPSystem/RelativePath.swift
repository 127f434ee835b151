/// Relative paths as the file system reads them: split at every `/` byte, not at characters. A `/` or a `.`
/// followed by a combining mark is one character of the text, but still a separator, or a dot, to the
/// kernel (`../\u{301}x` names a file above the folder).
package enum RelativePath {
    /// The parts of `path`, without empty ones.
    package static func parts(_ path: String) -> [String] {
        path.utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A path's folder (`""` for a name alone) and its last part: divided at the last `/` when every part is
    /// plain (an output's or a manifest's path: no list of parts made), else at every `/` as the kernel reads
    /// it, empty parts left out (the name is then `""` when there is no part at all).
    package static func split(_ path: String) -> (folder: String, name: String) {
        let bytes = path.utf8
        if hasPlainParts(path) {
            guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return ("", path) }
            return (
                String(decoding: bytes[..<slash], as: UTF8.self),
                String(decoding: bytes[bytes.index(after: slash)...], as: UTF8.self)
            )
        }
        var all = parts(path)
        let name = all.popLast() ?? ""
        return (all.joined(separator: "/"), name)
    }

    /// Whether a part is `.` or `..`.
    package static func isDots<Part: Collection<UInt8>>(_ part: Part) -> Bool {
        // Byte by byte, with no array to compare with (asked of every path a build lists).
        var i = part.startIndex
        for _ in 0..<2 {
            guard i != part.endIndex, part[i] == 0x2E else { return false }
            i = part.index(after: i)
            if i == part.endIndex { return true }
        }
        return false
    }

    /// Whether every part of `path` is a plain name: none empty (so no `/` at either end, none doubled), none
    /// `.` or `..`.
    package static func hasPlainParts(_ path: String) -> Bool {
        // One pass over the bytes (a manifest holds tens of thousands of paths): each part's length, and
        // whether it is dots only, known at its `/` or at the end.
        var length = 0
        var dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if length == 0 || (dots == length && length <= 2) { return false }
                length = 0
                dots = 0
            } else {
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return length > 0 && !(dots == length && length <= 2)
    }
}
