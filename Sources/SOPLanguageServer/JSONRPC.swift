import Foundation

/// The base protocol of LSP: messages framed by `Content-Length` headers, each a JSON-RPC 2.0 object.
///
/// The reader takes bytes as they come and hands out each complete message body; it never trusts the length
/// beyond ``maximumLength`` and resynchronises on the next header after a malformed one.
public struct MessageReader: Sendable {
    /// What came out of the bytes read so far.
    public enum Item: Sendable, Equatable {
        /// A complete message body (not yet parsed as JSON).
        case message([UInt8])
        /// A header block that is not `Content-Length: <n>` (and optional `Content-Type`), skipped.
        case malformedHeader(String)
    }

    /// The largest body accepted (a 10 MB document, with its JSON escaping, fits).
    public static let maximumLength = 64 << 20
    /// The longest header block accepted before it counts as malformed.
    static let maximumHeader = 8192

    private var buffer: [UInt8] = []
    private var start = 0
    private var pendingLength: Int?

    public init() {}

    /// Bytes waiting for the rest of their message.
    public var buffered: Int { buffer.count - start }

    /// Adds bytes read from the stream.
    public mutating func feed<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete item, or nil when more bytes are needed.
    public mutating func next() -> Item? {
        if pendingLength == nil {
            guard let end = headerEnd() else {
                if buffer.count - start > Self.maximumHeader {
                    // No header end in sight: drop it, keep the last bytes in case a header starts there.
                    let dropped = buffer.count - start - 3
                    start += dropped
                    return .malformedHeader("no end of header in \(dropped) bytes")
                }
                return nil
            }
            let header = String(decoding: buffer[start..<end], as: UTF8.self)
            start = end + 4
            switch Self.contentLength(header) {
            case .success(let length): pendingLength = length
            case .failure(let problem): return .malformedHeader(problem.reason)
            }
        }
        guard let length = pendingLength, buffer.count - start >= length else { return nil }
        let body = Array(buffer[start..<start + length])
        start += length
        pendingLength = nil
        return .message(body)
    }

    private func headerEnd() -> Int? {
        let limit = min(buffer.count, start + Self.maximumHeader + 4)
        var i = start
        while i + 3 < limit {
            if buffer[i] == 13, buffer[i + 1] == 10, buffer[i + 2] == 13, buffer[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }

    struct HeaderProblem: Error {
        var reason: String
    }

    /// The `Content-Length` of a header block (fields `Name: value`, separated by CRLF, names in any case).
    static func contentLength(_ header: String) -> Result<Int, HeaderProblem> {
        var length: Int?
        for line in header.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { return .failure(HeaderProblem(reason: "header line without ':'")) }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-length" {
                guard let n = Int(value), n >= 0, n <= maximumLength else {
                    return .failure(
                        HeaderProblem(reason: "Content-Length '\(value.prefix(40))' is not a length up to \(maximumLength)"))
                }
                length = n
            }
        }
        guard let length else { return .failure(HeaderProblem(reason: "no Content-Length")) }
        return .success(length)
    }
}

/// JSON-RPC 2.0 error codes used here.
public enum RPCError {
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    public static let serverNotInitialized = -32002
    public static let requestFailed = -32803
}

/// Frames one JSON value as an LSP message.
public func frame(_ object: Any) -> [UInt8] {
    let body = (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])) ?? Data("null".utf8)
    return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + Array(body)
}
