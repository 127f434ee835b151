/// YAML text that libyaml reads back as exactly the string given: the import writes every text from a
/// document (Kegiatan, names, notes) through here, so that nothing in a cell — a `#`, a `: `, a quote, a
/// line break, a control character, a byte order mark — can change the structure of the file or be lost.
///
/// A text is written plain only when it is unmistakably plain: it starts with a letter or digit, holds
/// only letters, digits, spaces and `.,()/'?;-` (no `:`, `#`, quotes, brackets or indicators), does not
/// end with a space, and is not a word YAML 1.1 reads as null, a boolean or a number. Everything else is
/// double-quoted, with `\\`, `\"` and every character outside YAML's printable set (C0 and C1 controls,
/// DEL, line and paragraph separators, U+FEFF, U+FFFE/U+FFFF) escaped, line breaks and tabs included.
enum YAMLText {
    static func scalar(_ s: String) -> String { isPlainSafe(s) ? s : quoted(s) }

    static let specialWords: Set<String> = [
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".nan", ".inf", "-.inf", "+.inf",
    ]

    static func isPlainSafe(_ s: String) -> Bool {
        let scalars = Array(s.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return false }
        guard first.properties.isAlphabetic || ("0"..."9").contains(first), last != " " else { return false }
        if specialWords.contains(s.lowercased()) { return false }
        // Numbers of any YAML 1.1 form are quoted, so that a schema reads them as text too.
        if s.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "," }) { return false }
        var previousSpace = false
        for c in scalars {
            let ok =
                c.properties.isAlphabetic || c.properties.numericType != nil || c == " " || ".,()/'?;-".unicodeScalars.contains(c)
            guard ok, isPrintable(c), !(c == " " && previousSpace) else { return false }
            // Combining marks and other letters outside ASCII are fine; nothing of YAML's syntax is among them.
            previousSpace = c == " "
        }
        return true
    }

    /// YAML 1.2's printable set, less U+FEFF and the line separators (which a reader folds).
    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x20...0x7E: return true
        case 0xA0...0xD7FF: return c.value != 0x2028 && c.value != 0x2029
        case 0xE000...0xFFFD: return c.value != 0xFEFF
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if isPrintable(c) {
                    out.unicodeScalars.append(c)
                } else if c.value <= 0xFF {
                    out += "\\x" + hex(c.value, 2)
                } else if c.value <= 0xFFFF {
                    out += "\\u" + hex(c.value, 4)
                } else {
                    out += "\\U" + hex(c.value, 8)
                }
            }
        }
        return out + "\""
    }

    static func hex(_ v: UInt32, _ width: Int) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `[a, b]` for ids (which never need quoting).
    static func idList(_ ids: [String]) -> String { "[" + ids.joined(separator: ", ") + "]" }
}
