import SOPCompiler

/// Text in an imported table that can do harm where the table goes next (docs/IMPORT.md, "Hostile text"): a
/// spreadsheet formula, HTML markup, a control character, a bidirectional override. Each is an error of the
/// import naming the cell (exit 1); the text is still written to the YAML exactly, as inert text.
enum HostileText: Sendable, Equatable {
    /// Starts like a spreadsheet formula: `=`, `+`, `-`, `@` (or their full-width forms `＝`, `＋`, `－`, `＠`),
    /// after white space or not, or with TAB or CR (OWASP "CSV Injection"). A lone `-` (the usual "none") and
    /// a plain signed number (`-5`, `+62`, `-1,5`) are not formulas.
    case formula
    /// Holds an HTML or XML tag or comment: `<` followed by a letter, `/`, `!` or `?`.
    case markup
    /// Holds a control character other than TAB and a line break (LF, or CR LF): NUL, BEL, ESC, DEL, C1.
    case control
    /// Holds a bidirectional formatting character (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C),
    /// which can show a text in another order than it is read ("Trojan Source").
    case bidi

    static let bidiControls: Set<Unicode.Scalar> = [
        "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
        "\u{200E}", "\u{200F}", "\u{061C}",
    ]

    /// What is hostile in `text`, in this order: control characters, bidi overrides, a formula, markup.
    static func find(_ text: String) -> [HostileText] {
        let s = Array(text.unicodeScalars)
        var found: [HostileText] = []
        var control = false
        var bidi = false
        var markup = false
        for (i, c) in s.enumerated() {
            if c.properties.generalCategory == .control, c != "\n", c != "\t", !(c == "\r" && i + 1 < s.count && s[i + 1] == "\n")
            {
                control = true
            }
            if bidiControls.contains(c) { bidi = true }
            if c == "<", i + 1 < s.count {
                let n = s[i + 1]
                if ("a"..."z").contains(n) || ("A"..."Z").contains(n) || n == "/" || n == "!" || n == "?" { markup = true }
            }
        }
        if control { found.append(.control) }
        if bidi { found.append(.bidi) }
        if isFormula(s) { found.append(.formula) }
        if markup { found.append(.markup) }
        return found
    }

    static func isFormula(_ s: [Unicode.Scalar]) -> Bool {
        guard let first = s.first else { return false }
        if first == "\t" || first == "\r" { return true }
        let rest = s.drop { $0 == " " || $0 == "\n" || $0 == "\u{A0}" || $0 == "\u{3000}" }
        guard let lead = rest.first, CSVTable.signs.contains(lead) else { return false }
        let trimmed = String(String.UnicodeScalarView(rest)).trimmingSpaces
        if trimmed == "-" { return false }
        return !CSVTable.isSignedNumber(trimmed)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let l = s.last, l == " " || l == "\n" || l == "\r\n" || l == "\u{A0}" || l == "\u{3000}" { s.removeLast() }
        return String(s)
    }
}
