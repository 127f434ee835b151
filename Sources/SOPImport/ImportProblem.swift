import SOPDiagnostics
import SOPSystem

/// Something the import has to say about a file it read: an error (the file is not imported; nothing is
/// written) or a warning (imported; look at this). Its text is an entry of the catalogue
/// (`Message+Import.swift`), in the section of `import-todo`.
public struct ImportProblem: Sendable, Hashable {
    public var severity: Severity
    public var file: String
    /// 1-based, in characters; nil where the file has no lines (a Word document).
    public var line: Int?
    public var column: Int?
    /// The SOP the problem is about, shown where the file has no lines (a Word document, which may hold many).
    public var sop: String?
    public var text: Message
    public var help: Message?

    init(_ severity: Severity, _ text: Message, file: String, line: Int? = nil, column: Int? = nil, help: Message? = nil) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.text = text
        self.help = help
    }

    public static func error(_ text: Message, file: String) -> ImportProblem { ImportProblem(.error, text, file: file) }

    /// `file:line:column: error: message`, then `help: …` when there is one.
    public func rendered(in language: Language = .standard) -> String {
        var place = file
        if line == nil, let sop { place += " [\(sop)]" }
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        var out = "\(place): \(severity.rawValue): \(text.text(in: language))\n"
        if let help { out += "  help: \(help.text(in: language))\n" }
        return out
    }
}
extension ImportProblem: Error {}
