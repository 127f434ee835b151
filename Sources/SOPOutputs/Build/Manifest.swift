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
        if zip(paths, paths.dropFirst()).allSatisfy({ $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            self.paths = paths
        } else {
            self.paths = Array(Set(paths)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
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
        var lines: [String] = []
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            for i in 0..<all.count where all[i] == 0x0A {
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: all[start..<i]), as: UTF8.self))
                start = i + 1
            }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: all[start...]), as: UTF8.self))
        }
        if lines.last == "" { lines.removeLast() }
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

    /// A `/`-separated relative path of non-empty parts, none of them `.` or `..`, and no control characters.
    static func isSafeRelativePath(_ path: String) -> Bool {
        guard !path.isEmpty, !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
