import SOPSystem

/// The report formats of `sopc check --format`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, sarif, github
}

/// Turns diagnostics into the text `sopc check` prints.
public struct DiagnosticRenderer {
    public var colour: Bool
    /// The text of every file a diagnostic points at, by displayed path: the renderer shows source lines
    /// from these bytes and reads nothing itself (a file missing here is shown without its line).
    public var sources: [String: [UInt8]]
    /// Files checked, for the summary line.
    public var fileCount: Int
    /// The language of messages, notes, help and the summary line; ids, positions and the JSON/SARIF
    /// structure are the same in every language.
    public var language: Language

    public init(colour: Bool, sources: [String: [UInt8]], fileCount: Int, language: Language = .standard) {
        self.colour = colour
        self.sources = sources
        self.fileCount = fileCount
        self.language = language
    }

    func bytes(of file: String) -> [UInt8]? { sources[file] }

    public func render(_ diagnostics: [Diagnostic], as format: ReportFormat) -> String {
        switch format {
        case .text: return text(diagnostics)
        case .json: return JSONReport.render(diagnostics, language: language)
        case .sarif: return SARIFReport.render(diagnostics, language: language)
        case .github: return github(diagnostics)
        }
    }

    // MARK: text

    private func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    public func text(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        var lines: [String: SourceLines] = [:]
        // The last source line shown, decoded once: diagnostics come sorted, so many in a row share a line,
        // and decoding a long line for each of them would take time quadratic in its length.
        var lastLine: (file: String, line: Int, scalars: [Unicode.Scalar]?)?
        for d in diagnostics {
            let severity = d.severity == .error ? paint("error", "1;31") : paint("warning", "1;33")
            out += paint("\(d.file):\(d.span.start.line):\(d.span.start.column):", "1") + " \(severity): "
            out += paint(d.text.text(in: language), "1") + " [\(d.id.rawValue)]\n"
            if lastLine?.file != d.file || lastLine?.line != d.span.start.line {
                // Definitions are YAML, whose lines libyaml counted; stale outputs were compared line by line.
                if lines[d.file] == nil, let bytes = bytes(of: d.file) {
                    lines[d.file] = SourceLines(bytes, yamlBreaks: d.id != .staleOutput)
                }
                lastLine = (d.file, d.span.start.line, lines[d.file]?.line(d.span.start.line).map { Array($0.unicodeScalars) })
            }
            if let source = lastLine?.scalars {
                out += excerpt(source, d.span)
            }
            for note in d.notes {
                out += "  " + paint("note:", "1;36") + " "
                if let file = note.file, let at = note.position { out += "\(file):\(at.line):\(at.column): " }
                out += note.text.text(in: language) + "\n"
            }
            if let help = d.helpText?.text(in: language) { out += "  " + paint("help:", "1;32") + " " + help + "\n" }
            out += "\n"
        }
        out += summary(diagnostics) + "\n"
        return out
    }

    /// `  12 | source` and the underline below it.
    /// The work is bounded by the window shown, not by the length of the line (decoded by the caller, once).
    func excerpt(_ line: [Unicode.Scalar], _ span: SourceSpan) -> String {
        let number = String(span.start.line)
        let gutter = String(repeating: " ", count: number.count)
        // Columns count Unicode code points (as libyaml and the JSON/SARIF reports do); the marker is placed
        // by the width each code point takes on a terminal.
        var scalars = line
        var startIndex = max(0, min(span.start.column - 1, scalars.count))
        // A very long line is shown as a window around the span.
        let window = 160
        var shown = ""
        if scalars.count <= window {
            shown.unicodeScalars.append(contentsOf: scalars)
        } else {
            let from = max(0, startIndex - 40)
            let to = min(scalars.count, from + window)
            scalars = (from > 0 ? ["…"] : []) + Array(scalars[from..<to]) + (to < scalars.count ? ["…"] : [])
            startIndex -= from - (from > 0 ? 1 : 0)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            shown = String(view)
        }
        var length: Int
        if span.end.line == span.start.line {
            length = min(span.end.column - span.start.column, window)
        } else {
            length = scalars.count - startIndex
        }
        // Trailing spaces of the span are not worth underlining.
        while length > 1, startIndex + length - 1 < scalars.count, scalars[startIndex + length - 1] == " " { length -= 1 }
        length = max(1, min(length, max(1, scalars.count - startIndex)))
        // Keep tabs where the source has them so the marker lines up.
        var pad = ""
        for scalar in scalars[0..<startIndex] {
            if scalar == "\t" { pad.append("\t") } else { pad += String(repeating: " ", count: Self.width(scalar)) }
        }
        let width = scalars[startIndex..<min(scalars.count, startIndex + length)].reduce(0) { $0 + Self.width($1) }
        let marker = "^" + String(repeating: "~", count: max(1, width) - 1)
        return "  \(paint(number, "1;34")) \(paint("|", "1;34")) \(shown)\n"
            + "  \(gutter) \(paint("|", "1;34")) \(pad)\(paint(marker, "1;32"))\n"
    }

    /// Terminal columns a code point takes: 0 for combining marks and joiners, 2 for wide (East Asian,
    /// emoji) ones, 1 otherwise.
    static func width(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0xFE00...0xFE0F).contains(scalar.value) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    public func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        if language == .indonesian {
            // Indonesian nouns do not change for the plural.
            let files = "\(fileCount) berkas diperiksa"
            if errors == 0 && warnings == 0 { return "tidak ada masalah (\(files))" }
            return "\(errors) kesalahan, \(warnings) peringatan (\(files))"
        }
        let files = "\(fileCount) file\(fileCount == 1 ? "" : "s") checked"
        if errors == 0 && warnings == 0 { return "no problems found (\(files))" }
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning")) (\(files))"
    }

    // MARK: github

    public func github(_ diagnostics: [Diagnostic]) -> String {
        func data(_ s: String) -> String {
            s.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
        }
        func property(_ s: String) -> String { data(s).replacingAll(":", "%3A").replacingAll(",", "%2C") }
        var out = ""
        for d in diagnostics {
            var message = d.text.text(in: language)
            for note in d.notes {
                message += "\nnote: "
                if let file = note.file, let at = note.position { message += "\(file):\(at.line):\(at.column): " }
                message += note.text.text(in: language)
            }
            if let help = d.helpText?.text(in: language) { message += "\nhelp: \(help)" }
            out += "::\(d.severity == .error ? "error" : "warning") file=\(property(d.file)),line=\(d.span.start.line),"
            out += "col=\(d.span.start.column),endLine=\(d.span.end.line),endColumn=\(d.span.end.column),"
            out += "title=\(property(d.id.rawValue))::\(data(message))\n"
        }
        return out
    }
}

extension String {
    package func replacingAll(_ target: String, _ replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
