import Foundation
import Hummingbird
import Logging
import SOPCompiler
import SOPSystem

/// The HTTP side of `sopc preview` (docs/PREVIEW.md): serves the files of ``PreviewState``'s site and
/// nothing else, injects into each HTML page the script that reloads it when a new build exists (and the
/// overlay with the diagnostics while there are errors), and sends the build generation as server-sent
/// events on ``eventsPath``.
public struct PreviewServer: Sendable {
    /// The one path that is not a file of the build. It cannot be one: no output starts with `.sopc-preview`.
    public static let eventsPath = "/.sopc-preview/events"

    public var state: PreviewState
    public var language: Language

    public init(state: PreviewState, language: Language) {
        self.state = state
        self.language = language
    }

    /// The path of the build a request target names, or nil when it names none: each `/`-separated part is
    /// percent-decoded on its own, and a part that is empty, `.` or `..`, or that decodes to something
    /// holding `/`, `\` or NUL, names nothing. `/` is the index.
    public static func buildPath(forTarget target: String) -> String? {
        var raw = Substring(target)
        if let cut = raw.firstIndex(where: { $0 == "?" || $0 == "#" }) { raw = raw[..<cut] }
        guard raw.first == "/" else { return nil }
        raw = raw.dropFirst()
        if raw.isEmpty { return "index.html" }
        var parts: [String] = []
        // By byte, as a file system reads a path: a `/` or `.` followed by a combining mark is one character
        // of the text but still a separator, or a dot.
        for piece in raw.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            let part = Substring(String(decoding: piece, as: UTF8.self))
            guard !part.isEmpty, let decoded = percentDecoded(part), !decoded.isEmpty,
                !RelativePath.isDots(decoded.utf8),
                !decoded.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 == 0 })
            else { return nil }
            parts.append(decoded)
        }
        return parts.joined(separator: "/")
    }

    static func percentDecoded(_ s: Substring) -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(s.utf8)[...]
        while let b = utf8.popFirst() {
            if b == UInt8(ascii: "%") {
                guard utf8.count >= 2, let h = hexValue(utf8[utf8.startIndex]), let l = hexValue(utf8[utf8.startIndex + 1])
                else { return nil }
                bytes.append(h << 4 | l)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func contentType(_ path: String) -> String {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "html": return "text/html; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "md": return "text/markdown; charset=utf-8"
        case "json": return "application/json"
        case "scxml", "bpmn", "xml": return "application/xml"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "css": return "text/css; charset=utf-8"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "ttf": return "font/ttf"
        case "otf": return "font/otf"
        default: return path.hasSuffix(Manifest.fileName) ? "text/plain; charset=utf-8" : "application/octet-stream"
        }
    }

    /// The response to a request for `target` (GET or HEAD).
    public func response(forTarget target: String, head: Bool = false) -> Response {
        let (site, generation) = state.current
        guard let path = Self.buildPath(forTarget: target) else { return Self.notFound() }
        var bytes: [UInt8]
        if let file = site.files[path] {
            bytes = file
        } else if path == "index.html" {
            // No good build yet: a page that shows the problems and reloads when there is one.
            bytes = Array(
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>sopc preview</title></head><body></body></html>\n"
                    .utf8)
        } else if path.hasSuffix(".html") {
            // A page not in the build (yet: an SOP being written, or no good build so far) is 404, and reloads
            // itself like the others, so that it shows the page once a build has it.
            let page =
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>404</title></head><body><p>404 not found</p>"
                + PreviewText.pageScript(
                    generation: generation, problems: site.problems, lastGoodBuild: !site.files.isEmpty, language)
                + "</body></html>\n"
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(
                status: .notFound, headers: headers,
                body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: page)))
        } else {
            return Self.notFound()
        }
        if path.hasSuffix(".html") {
            bytes = Self.inject(
                PreviewText.pageScript(
                    generation: generation, problems: site.problems, lastGoodBuild: !site.files.isEmpty, language), into: bytes)
        }
        var headers = HTTPFields()
        headers[.contentType] = Self.contentType(path)
        headers[.cacheControl] = "no-store"
        headers[.contentLength] = String(bytes.count)
        return Response(
            status: .ok, headers: headers, body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func notFound() -> Response {
        let body = "404 not found\n"
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .notFound, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// `snippet` placed just before the page's last `</body>`, or at its end when it has none.
    static func inject(_ snippet: String, into page: [UInt8]) -> [UInt8] {
        let marker = Array("</body>".utf8)
        var i = page.count - marker.count
        while i >= 0 {
            if page[i..<(i + marker.count)].elementsEqual(marker) {
                return Array(page[..<i]) + Array(snippet.utf8) + Array(page[i...])
            }
            i -= 1
        }
        return page + Array(snippet.utf8)
    }

    /// The event stream: the current generation at once, then each new one as it comes, and a comment every
    /// few seconds so that a closed connection is noticed.
    func events() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        let state = self.state
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                var sent = -1
                var quiet = 0
                try await writer.write(ByteBuffer(string: "retry: 300\n\n"))
                while !Task.isCancelled {
                    let generation = state.generation
                    if generation != sent {
                        sent = generation
                        quiet = 0
                        try await writer.write(ByteBuffer(string: "event: build\ndata: \(generation)\n\n"))
                    } else if quiet >= 50 {
                        quiet = 0
                        try await writer.write(ByteBuffer(string: ": still here\n\n"))
                    }
                    quiet += 1
                    try await Task.sleep(nanoseconds: 100_000_000)
                }
                try await writer.finish(nil)
            })
    }

    func respond(_ request: Request) -> Response {
        let target = request.head.path ?? ""
        switch request.method {
        case .get, .head:
            if target == Self.eventsPath { return events() }
            return response(forTarget: target, head: request.method == .head)
        default:
            return Self.notFound()
        }
    }

    /// Serves on `host`:`port` until the process ends; `started` gets the URL once the socket listens (with
    /// the port the system chose when `port` is 0).
    public func run(host: String, port: Int, started: @escaping @Sendable (String) -> Void) async throws {
        let server = self
        let responder = CallbackResponder<BasicRequestContext> { request, _ in server.respond(request) }
        var logger = Logger(label: "sopc-preview")
        logger.logLevel = .critical
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: "sopc"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                let shown = host.contains(":") ? "[\(host)]" : host
                started("http://\(shown):\(bound)/")
            },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [])
    }
}
