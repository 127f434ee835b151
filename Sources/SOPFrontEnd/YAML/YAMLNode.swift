import SOPDiagnostics
import SOPSystem

/// One node of a YAML document, as the reader built it from libyaml's events, with its place in the file.
///
/// Aliases are already expanded: an alias node is a copy of its anchor's node, positioned at the alias.
public struct YAMLNode: Sendable {
    public enum Kind: Sendable, Equatable {
        case scalar
        case sequence
        case mapping
    }

    public enum ScalarStyle: Sendable, Equatable {
        case plain
        case quoted
        case block
    }

    // Field order packs the struct into 48 bytes: a large file holds millions of nodes.
    /// The text of a scalar; empty for collections.
    public var text: String
    /// Sequence items; for a mapping, keys and values alternate (key 0, value 0, key 1, value 1, ...); for a
    /// plain scalar, its ``trailingComment`` if any.
    public var children: [YAMLNode]
    public var span: SourceSpan
    public var kind: Kind
    public var style: ScalarStyle
    /// For a sequence whose items were handed to the reader's `onItem` and not kept in ``children``: how
    /// many there were (the tree of a long file does not hold what was already decoded).
    public var handedOver: UInt32 = 0

    /// The number of items of a sequence, counting those handed over and not kept.
    public var itemCount: Int { children.count + Int(handedOver) }

    init(scalar text: String, style: ScalarStyle, span: SourceSpan, comment: YAMLNode? = nil) {
        self.kind = .scalar
        self.span = span
        self.text = text
        self.style = style
        self.children = comment.map { [$0] } ?? []
    }

    init(kind: Kind, span: SourceSpan, children: [YAMLNode]) {
        self.kind = kind
        self.span = span
        self.text = ""
        self.style = .plain
        self.children = children
    }

    /// For a plain scalar: the comment that follows it on its line (` # …`, which YAML drops), as a scalar
    /// node holding the comment's text from its `#` and positioned there. Stored as the scalar's only child,
    /// so that a node without one costs nothing more.
    public var trailingComment: YAMLNode? {
        kind == .scalar ? children.first : nil
    }

    /// A plain scalar that YAML reads as null: empty, `~`, `null`, `Null`, `NULL`.
    public var isNull: Bool { kind == .scalar && YAMLNode.isNull(text, style: style) }

    /// Whether a scalar of `text` written in `style` is one YAML reads as null.
    ///
    /// Asked of every plain scalar read: by its bytes, which is the same as comparing the texts here (no other
    /// text is canonically equivalent to these ASCII ones), without comparing it with each of the five.
    static func isNull(_ text: String, style: ScalarStyle) -> Bool {
        guard style == .plain else { return false }
        let bytes = text.utf8
        switch bytes.count {
        case 0: return true
        case 1: return bytes.first == UInt8(ascii: "~")
        case 4: return bytes.elementsEqual("null".utf8) || bytes.elementsEqual("Null".utf8) || bytes.elementsEqual("NULL".utf8)
        default: return false
        }
    }

    /// The key/value pairs of a mapping, in file order.
    public var pairs: [(key: YAMLNode, value: YAMLNode)] {
        guard kind == .mapping else { return [] }
        var result: [(key: YAMLNode, value: YAMLNode)] = []
        result.reserveCapacity(children.count / 2)
        var i = 0
        while i + 1 < children.count {
            result.append((children[i], children[i + 1]))
            i += 2
        }
        return result
    }

    /// This node's shape, as diagnostics name it.
    public var shape: Message.Shape {
        switch kind {
        case .mapping: return .mapping
        case .sequence: return .sequence
        case .scalar: return isNull ? .null : .scalar
        }
    }
}
