/// The report formats of `sopc check --format`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, sarif, github
}

/// Turns diagnostics into the text `sopc check` prints.
public struct DiagnosticRenderer {
    public var colour: Bool
    public var sources: [String: [UInt8]]
    /// Files checked, for the summary line.
    public var fileCount: Int

    public init(colour: Bool, sources: [String: [UInt8]], fileCount: Int) {
        self.colour = colour
        self.sources = sources
        self.fileCount = fileCount
    }

    public func render(_ diagnostics: [Diagnostic], as format: ReportFormat) -> String {
        switch format {
        case .text: return text(diagnostics)
        case .json: return JSONReport.render(diagnostics)
        case .sarif: return SARIFReport.render(diagnostics)
        case .github: return github(diagnostics)
        }
    }

    // MARK: text

    private func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    public func text(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        var lines: [String: SourceLines] = [:]
        for d in diagnostics {
            let severity = d.severity == .error ? paint("error", "1;31") : paint("warning", "1;33")
            out += paint("\(d.file):\(d.span.start.line):\(d.span.start.column):", "1") + " \(severity): "
            out += paint(d.message, "1") + " [\(d.id.rawValue)]\n"
            if let bytes = sources[d.file] {
                if lines[d.file] == nil { lines[d.file] = SourceLines(bytes) }
                if let source = lines[d.file]!.line(d.span.start.line) {
                    out += excerpt(source, d.span)
                }
            }
            for note in d.notes {
                out += "  " + paint("note:", "1;36") + " "
                if let file = note.file, let at = note.position { out += "\(file):\(at.line):\(at.column): " }
                out += note.message + "\n"
            }
            if let help = d.help { out += "  " + paint("help:", "1;32") + " " + help + "\n" }
            out += "\n"
        }
        out += summary(diagnostics) + "\n"
        return out
    }

    /// `  12 | source` and the underline below it.
    func excerpt(_ source: String, _ span: SourceSpan) -> String {
        let number = String(span.start.line)
        let gutter = String(repeating: " ", count: number.count)
        let chars = Array(source)
        let startIndex = max(0, min(span.start.column - 1, chars.count))
        var length: Int
        if span.end.line == span.start.line {
            length = span.end.column - span.start.column
        } else {
            length = chars.count - startIndex
        }
        // Trailing spaces of the span are not worth underlining.
        while length > 1, startIndex + length - 1 < chars.count, chars[startIndex + length - 1] == " " { length -= 1 }
        length = max(1, min(length, max(1, chars.count - startIndex)))
        // Keep tabs where the source has them so the marker lines up.
        var pad = ""
        for ch in chars[0..<startIndex] { pad.append(ch == "\t" ? "\t" : " ") }
        let marker = "^" + String(repeating: "~", count: length - 1)
        return "  \(paint(number, "1;34")) \(paint("|", "1;34")) \(source)\n"
            + "  \(gutter) \(paint("|", "1;34")) \(pad)\(paint(marker, "1;32"))\n"
    }


    public func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
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
            var message = d.message
            for note in d.notes {
                message += "\nnote: "
                if let file = note.file, let at = note.position { message += "\(file):\(at.line):\(at.column): " }
                message += note.message
            }
            if let help = d.help { message += "\nhelp: \(help)" }
            out += "::\(d.severity == .error ? "error" : "warning") file=\(property(d.file)),line=\(d.span.start.line),"
            out += "col=\(d.span.start.column),endLine=\(d.span.end.line),endColumn=\(d.span.end.column),"
            out += "title=\(property(d.id.rawValue))::\(data(message))\n"
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
