import SOPSystem

/// The organisation's logo (`organization.logo`), read from its file beside `sopc.yaml` and printed on the
/// identity page of every form. Its type is judged by its content, never by its name.
public struct Logo: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case png, jpeg, svg

        /// The media type of a `data:` URL.
        public var mediaType: String {
            switch self {
            case .png: "image/png"
            case .jpeg: "image/jpeg"
            case .svg: "image/svg+xml"
            }
        }
    }

    /// The largest logo file accepted: 1 MiB.
    public static let maxBytes = 1 << 20

    /// The path as written in `sopc.yaml`, relative to it.
    public var path: String
    public var kind: Kind
    public var bytes: [UInt8]

    public init(path: String, kind: Kind, bytes: [UInt8]) {
        self.path = path
        self.kind = kind
        self.bytes = bytes
    }

    /// Whether a path names a file inside the definitions folder: relative, no empty or `..` part. Read
    /// byte by byte, as the file system reads it (`../` followed by a combining mark is one character of
    /// the text, but still `..` and a separator to the kernel).
    public static func isInsideFolder(_ path: String) -> Bool {
        let bytes = path.utf8
        return bytes.first != UInt8(ascii: "/") && !bytes.contains(UInt8(ascii: "\\")) && !bytes.contains(0)
            && RelativePath.hasPlainParts(path)
    }

    /// What an image's first bytes say it is: PNG's signature, JPEG's start of image, or text that looks like
    /// XML or SVG (to be read by ``isReadableSVG(_:)``); nil for anything else.
    public static func kind(of bytes: [UInt8]) -> Kind? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        var rest = bytes.dropFirst(ByteOrderMark.utf8Length(bytes))
        while let c = rest.first, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { rest = rest.dropFirst() }
        return rest.first == UInt8(ascii: "<") ? .svg : nil
    }

    /// Whether an SVG file is one a browser shows as an image: UTF-8 text; before the root element only an
    /// XML declaration, comments, processing instructions and a DOCTYPE without entities; the root element
    /// `<svg>` declaring the SVG namespace; after it only comments and white space.
    public static func isReadableSVG(_ bytes: [UInt8]) -> Bool {
        guard var text = String(validating: bytes, as: UTF8.self) else { return false }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.contains("<!ENTITY") { return false }
        var s = Substring(text)
        func skipSpace() { s = s.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" } }
        func skip(from open: String, to close: String) -> Bool {
            guard s.hasPrefix(open), let end = s.dropFirst(open.count).firstRange(of: close) else { return false }
            s = s[end.upperBound...]
            return true
        }
        while true {
            skipSpace()
            if s.hasPrefix("<?") {
                guard skip(from: "<?", to: "?>") else { return false }
            } else if s.hasPrefix("<!--") {
                guard skip(from: "<!--", to: "-->") else { return false }
            } else if s.hasPrefix("<!DOCTYPE") {
                guard skip(from: "<!DOCTYPE", to: ">") else { return false }
            } else {
                break
            }
        }
        guard s.hasPrefix("<svg"), let after = s.dropFirst(4).first,
            after == " " || after == "\t" || after == "\n" || after == "\r" || after == ">" || after == "/"
        else { return false }
        guard let tagEnd = s.firstIndex(of: ">") else { return false }
        let startTag = s[..<tagEnd]
        guard startTag.contains("xmlns=\"http://www.w3.org/2000/svg\"") || startTag.contains("xmlns='http://www.w3.org/2000/svg'")
        else {
            return false
        }
        if startTag.hasSuffix("/") {
            s = s[s.index(after: tagEnd)...]
        } else {
            guard let close = s.ranges(of: "</svg>").last else { return false }
            s = s[close.upperBound...]
        }
        while true {
            skipSpace()
            if s.isEmpty { return true }
            guard skip(from: "<!--", to: "-->") else { return false }
        }
    }
}
