import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// `<id>.csv`: the flowchart table as CSV (docs/OUTPUTS.md; RFC 4180). UTF-8 without a byte order mark, CRLF after
/// every record (RFC 4180's line break), a header row, then exactly one row per step and nothing else.
///
/// `No,Kegiatan,<actor names…>,Kelengkapan,Waktu,Output,Ket`: an actor cell holds the symbol drawn there
/// (`mulai`, `proses`, `keputusan`, `selesai`), which is only in the column of the step's first actor —
/// the other actors of a step are not drawn on the form, so their cells are empty. Texts are printed as
/// written: a line break inside a text stays a single LF inside its quoted field.
///
/// Spreadsheet formulas (CSV injection, OWASP): a cell that a spreadsheet could take for a formula is
/// written with a leading apostrophe `'` (see ``defuse(_:)``), so that it opens as text. The one rule to
/// read a cell back as written: drop one leading `'` when there is one.
public enum CSVTable {
    public static func render(_ table: FormTable) -> String { String(decoding: renderBytes(table), as: UTF8.self) }

    /// ``render(_:)`` as UTF-8 bytes, as they are written.
    public static func renderBytes(_ table: FormTable) -> [UInt8] {
        var out = ByteBuffers.take(reserving: 1 << 12 + 320 * table.rows.count)
        let spillAt = ByteBuffers.spillPoint()
        let header = ["No", "Kegiatan"] + table.columns.map(\.name) + ["Kelengkapan", "Waktu", "Output", "Ket"]
        record(header, into: &out)
        for row in table.rows {
            // The record of ``record(_:into:)``, field by field: the number (digits alone need nothing), the
            // activity, a cell per actor, Kelengkapan, Waktu, Output, Ket.
            out.appendDecimal(row.number)
            out.append(UInt8(ascii: ","))
            field(row.activity, into: &out)
            for column in table.columns.indices {
                out.append(UInt8(ascii: ","))
                if column == row.symbolColumn { field(row.symbol.rawValue, into: &out) }
            }
            for text in [row.requirements, row.time, row.output, row.remarks] {
                out.append(UInt8(ascii: ","))
                field(text, into: &out)
            }
            out.append(0x0D)
            out.append(0x0A)
            if out.count >= spillAt { ByteBuffers.spill(&out) }
        }
        return out
    }

    /// ``field(_:)`` appended to `out`. Most texts need nothing: one that starts with a letter or digit
    /// (ASCII) and holds no comma, quote, CR or LF is copied as it is, without the look at its first
    /// character that ``defuse(_:)`` takes.
    static func field(_ text: String, into out: inout [UInt8]) {
        var text = text
        let copied = text.withUTF8 { bytes -> Bool in
            guard let first = bytes.first else { return true }
            switch first {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "a")...UInt8(ascii: "z"):
                break
            default:
                return false
            }
            for b in bytes where b == 0x2C || b == 0x22 || b == 0x0D || b == 0x0A { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if !copied { out.append(field(text)) }
    }

    /// One record as UTF-8 bytes (appending to bytes costs a copy; to a `String`, some 360 instructions a
    /// piece on top).
    package static func record(_ cells: [String], into out: inout [UInt8]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            field(cell, into: &out)
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// One field: the text defused (``defuse(_:)``), then quoted when it holds a comma, a quote, CR or LF
    /// (quotes doubled), else as is.
    public static func field(_ text: String) -> String {
        let text = defuse(text)
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else { return text }
        return "\"" + text.replacingAll("\"", "\"\"") + "\""
    }

    /// The characters that make a spreadsheet read a cell as a formula when the cell starts with one
    /// (OWASP "CSV Injection"): `=`, `+`, `-`, `@`, TAB and CR; and the full-width forms `＝`, `＋`, `－`,
    /// `＠`, which spreadsheets set to East Asian input normalise to the ASCII ones.
    static let formulaStarts: Set<Unicode.Scalar> = [
        "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
    ]

    /// The signs that start a formula after leading white space: ASCII and full-width.
    package static let signs: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]

    /// A text as a cell that no spreadsheet runs as a formula. A leading `'` is added when the text
    ///
    /// - starts with `=`, `+`, `-`, `@`, TAB or CR (OWASP's list), or a full-width `＝`, `＋`, `－`, `＠`,
    /// - or starts with white space (space, TAB, CR, LF) followed by `=`, `+`, `-` or `@`, which an import
    ///   that trims cells would bring to the front,
    /// - or starts with `'` itself, so that the rule to read a cell back — drop one leading `'` — is exact,
    ///
    /// except a lone `-` (the usual "none") and a plain number with a sign, `-5`, `+62`, `-1,5`: no
    /// spreadsheet takes them for anything but a number, and they stay readable as they are. So
    /// `=SUM(A1:A2)` is written `'=SUM(A1:A2)` and `+62 812 3456` (not a plain number) `'+62 812 3456`.
    ///
    /// This is lossy for a person at a spreadsheet: the cell shows as text beginning with the apostrophe
    /// (some spreadsheets hide it), and a formula-looking text is never computed. A program reads the text
    /// back exactly by dropping one leading `'`.
    public static func defuse(_ text: String) -> String {
        // (Each cell of every CSV passes here: a text that starts with neither a sign nor a blank is
        // looked at no further.)
        guard let first = text.unicodeScalars.first else { return text }
        if first == "'" { return "'" + text }
        if text == "-" || ((first == "+" || first == "-") && isSignedNumber(text)) { return text }
        if formulaStarts.contains(first) { return "'" + text }
        func blank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\n" }
        if blank(first), let next = text.unicodeScalars.first(where: { !blank($0) }), signs.contains(next) {
            return "'" + text
        }
        return text
    }

    /// `+` or `-`, digits, and at most one `.` or `,` between digits: `-5`, `+62`, `-1,5`.
    package static func isSignedNumber(_ text: String) -> Bool {
        let s = Array(text.unicodeScalars)
        guard s.count >= 2, s[0] == "+" || s[0] == "-" else { return false }
        var digits = 0
        var separators = 0
        for (i, c) in s.enumerated().dropFirst() {
            if ("0"..."9").contains(c) {
                digits += 1
            } else if c == "." || c == "," {
                separators += 1
                guard separators == 1, i > 1, i < s.count - 1 else { return false }
            } else {
                return false
            }
        }
        return digits > 0
    }
}
