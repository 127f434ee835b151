import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// `OUT/.sopc-manifest`: the files an earlier `sopc build` wrote into OUT, one path a line, sorted.
/// A build replaces and removes only files listed here (or files it is about to list); every other file
/// in OUT is the user's and is never touched.
public struct Manifest: Sendable, Equatable {
    public static let fileName = ".sopc-manifest"
    static let header =
        "# sopc build manifest: the files below were written by 'sopc build', which replaces and removes only these. Do not edit."

    /// Relative to OUT, sorted byte-wise, unique.
    public var paths: [String]

    public init(paths: [String]) {
        // A manifest read back is sorted already: checked in one pass, not sorted again.
        if zip(paths, paths.dropFirst()).allSatisfy({ Bytewise.precedes($0, $1) }) {
            self.paths = paths
        } else {
            self.paths = Array(Set(paths)).sorted { Bytewise.precedes($0, $1) }
        }
    }

    /// The file's text: the header line, then each path; LF line ends.
    public var text: String { ([Manifest.header] + paths).joined(separator: "\n") + "\n" }

    public struct ParseError: Error, Sendable {
        /// 1-based line of the file.
        public var line: Int
        public var message: String
    }

    /// Reads a manifest, refusing anything that is not one: a missing header, or a line that is not a
    /// plain relative path inside OUT (so that a damaged or forged manifest can never send a removal
    /// outside OUT).
    public init(parsing bytes: [UInt8]) throws(ParseError) {
        // Lines split at each LF byte (a manifest lists tens of thousands of files). Splitting the decoded
        // text at "\n" characters differs only where CR LF, one character, ends a line: that line then holds
        // a CR either way, which no path may, and is refused as the same line.
        let lines = bytes.withUnsafeBufferPointer { all in
            Manifest.lines(all).map { String(decoding: UnsafeBufferPointer(rebasing: all[$0]), as: UTF8.self) }
        }
        guard lines.first == Manifest.header else {
            throw ParseError(line: 1, message: "it does not start with sopc's manifest header")
        }
        var paths: [String] = []
        for (i, line) in lines.enumerated().dropFirst() {
            guard Manifest.isSafeRelativePath(line) else {
                throw ParseError(line: i + 1, message: "line \(i + 1) is not a path inside the output folder")
            }
            paths.append(line)
        }
        self.init(paths: paths)
    }

    /// The lines of a file sopc wrote into OUT (the manifest, the build state), as byte ranges: split at each
    /// LF, the LF left out; an LF at the very end ends the last line rather than starting an empty one.
    static func lines(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        for i in 0..<bytes.count where bytes[i] == 0x0A {
            lines.append(start..<i)
            start = i + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        return lines
    }

    /// `paths` sorted byte-wise, each once: the order of a manifest. A build lists its files SOP by SOP in id
    /// order, nearly sorted already, which the sort (merging the runs it finds) makes quick work of.
    static func sortedUnique(_ paths: [String]) -> [String] {
        var sorted = paths
        sorted.sort { Bytewise.precedes($0, $1) }
        var unique: [String] = []
        unique.reserveCapacity(sorted.count)
        for path in sorted where unique.last != path { unique.append(path) }
        return unique
    }

    /// The manifest of the files a build produced, `produced` sorted and unique (``sortedUnique(_:)``):
    /// `previous` itself when it lists exactly those, else a new one.
    static func of(sorted produced: [String], previous: Manifest?) -> Manifest {
        if let previous, previous.paths == produced { return previous }
        return Manifest(paths: produced)
    }

    /// The paths of `listed` that `produced` does not hold, both sorted and unique: one walk through both.
    static func leftOver(_ listed: [String], produced: [String]) -> [String] {
        var left: [String] = []
        var j = 0
        for path in listed {
            while j < produced.count, Bytewise.precedes(produced[j], path) { j += 1 }
            if j < produced.count, produced[j] == path { continue }
            left.append(path)
        }
        return left
    }

    /// A `/`-separated relative path of non-empty parts, none of them `.` or `..`, and no control characters.
    /// Read as the file system reads it, byte by byte: a `/` followed by a combining mark is one character
    /// of the text but still a separator to the kernel (so `../\u{301}x` names a file above OUT, and is
    /// refused).
    static func isSafeRelativePath(_ path: String) -> Bool {
        let bytes = path.utf8
        guard !bytes.isEmpty, !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return false }
        return RelativePath.hasPlainParts(path)
    }
}
