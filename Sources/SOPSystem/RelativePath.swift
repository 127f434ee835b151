/// Relative paths as the file system reads them: split at every `/` byte, not at characters. A `/` or a `.`
/// followed by a combining mark is one character of the text, but still a separator, or a dot, to the
/// kernel (`../\u{301}x` names a file above the folder).
package enum RelativePath {
    /// The parts of `path`, without empty ones.
    package static func parts(_ path: String) -> [String] {
        path.utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether a part is `.` or `..`.
    package static func isDots<Part: Collection<UInt8>>(_ part: Part) -> Bool {
        part.elementsEqual([0x2E]) || part.elementsEqual([0x2E, 0x2E])
    }

    /// Whether every part of `path` is a plain name: none empty (so no `/` at either end, none doubled), none
    /// `.` or `..`.
    package static func hasPlainParts(_ path: String) -> Bool {
        path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && !isDots(part)
        }
    }
}
