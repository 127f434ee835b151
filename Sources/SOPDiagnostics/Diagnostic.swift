import SOPSystem

/// A further place a diagnostic points at ("first defined here", "the path on which it is missing").
public struct DiagnosticNote: Sendable, Hashable {
    /// The note's entry in the catalogue.
    public var text: Message
    /// The file as displayed; nil when the note points at no place.
    public var file: String?
    public var position: SourcePosition?

    /// The note in the standard language, as the renderers show it.
    public var message: String { text.text() }

    public init(_ text: Message, file: String? = nil, at position: SourcePosition? = nil) {
        self.text = text
        self.file = file
        self.position = position
    }
}

/// One problem found in the definitions, with its place.
public struct Diagnostic: Sendable, Hashable {
    public var id: CheckID
    public var severity: Severity
    /// The message's entry in the catalogue.
    public var text: Message
    /// The file, as displayed (relative to the working directory where possible).
    public var file: String
    public var span: SourceSpan
    public var notes: [DiagnosticNote]
    /// The help's entry in the catalogue.
    public var helpText: Message?

    /// The message in the standard language, as the renderers show it.
    public var message: String { text.text() }
    /// The help in the standard language.
    public var help: String? { helpText?.text() }

    public init(
        _ id: CheckID, _ text: Message, file: String, span: SourceSpan,
        notes: [DiagnosticNote] = [], help: Message? = nil
    ) {
        self.id = id
        self.severity = id.severity
        self.text = text
        self.file = file
        self.span = span
        self.notes = notes
        self.helpText = help
    }

    /// The order of the report: path, line, column, then id and message so that equal places stay stable.
    public static func reportOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.file != b.file { return a.file.utf8.lexicographicallyPrecedes(b.file.utf8) }
        if a.span.start != b.span.start { return a.span.start < b.span.start }
        if a.id != b.id { return a.id < b.id }
        return a.message.utf8.lexicographicallyPrecedes(b.message.utf8)
    }
}

/// Collects diagnostics for one file.
public struct DiagnosticSink: Sendable {
    public let file: String
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: String) { self.file = file }

    public mutating func emit(
        _ id: CheckID, _ text: Message, at span: SourceSpan,
        notes: [DiagnosticNote] = [], help: Message? = nil
    ) {
        diagnostics.append(Diagnostic(id, text, file: file, span: span, notes: notes, help: help))
    }

    public mutating func append(_ d: Diagnostic) { diagnostics.append(d) }
    public mutating func append(contentsOf ds: [Diagnostic]) { diagnostics.append(contentsOf: ds) }
}
