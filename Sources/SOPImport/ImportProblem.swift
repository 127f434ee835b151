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
    /// An error that does not stop the files being written: hostile text (``HostileText``), which is written
    /// as inert text and still makes the import exit 1.
    public var keepsFiles = false

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
        var out = "\(place): \(severity.rawValue): \(Self.visible(text.text(in: language)))\n"
        if let help { out += "  help: \(Self.visible(help.text(in: language)))\n" }
        return out
    }

    /// A message as one line that no terminal acts on: a cell's text quoted in it (a Waktu, an SOP's name) may
    /// hold line breaks, control or bidi characters; each is shown as an escape (`\n`, `\u{1B}`, `\u{202E}`).
    static func visible(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            if c == "\n" {
                out += "\\n"
            } else if c.properties.generalCategory == .control || HostileText.bidiControls.contains(c)
                || c == "\u{2028}" || c == "\u{2029}"
            {
                out += "\\u{" + String(c.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
extension ImportProblem: Error {}
