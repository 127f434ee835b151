import SOPDiagnostics
import SOPSystem

/// What an import reads out of a document before it knows what the cells mean: for each SOP found, its title
/// (when the document has one), its identity page (a Word file only), and its flowchart table as rows of cells.
struct FoundTable: Sendable {
    /// The SOP's name: "Nama SOP" of the identity table, else the title line after "PROSEDUR (SOP)".
    var name: String?
    var identity: FoundIdentity?
    var rows: [[Cell]]
    /// Where the table starts (the header row), for reports.
    var line: Int?
}

/// A cell of a table, with where it stands in its file (a line and column for text, a row for Word).
struct Cell: Sendable {
    var text: String
    var line: Int?
    var column: Int?
    /// The flowchart symbols drawn in the cell (Word only).
    var shapes: [FoundShape] = []
    /// For a cell merged into the one above (Word's `vMerge`): the text of the cell it continues.
    var continues: String?

    init(_ text: String, line: Int? = nil, column: Int? = nil) {
        self.text = text
        self.line = line
        self.column = column
    }
}

/// A flowchart symbol found in a cell: its kind and the text written inside it.
struct FoundShape: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case terminator
        case process
        case decision
        /// Any other shape (a connector, an arrow's box): tells nothing about the step.
        case other
    }
    var kind: Kind
    var text: String
}

/// The identity page (Bagian Identitas) as written: texts, not yet checked.
struct FoundIdentity: Sendable {
    var name: String?
    var number: String?
    var created: String?
    var revised: String?
    var effective: String?
    /// Disahkan oleh: the office (jabatan), the name and the NIP, as written.
    var approverTitle: String?
    var approverName: String?
    var approverNIP: String?
    var legalBasis: [String] = []
    var qualifications: [String] = []
    var related: [String] = []
    var equipment: [String] = []
    var warnings: [String] = []
    var records: [String] = []
    /// The left cell of the identity page: "PEMERINTAH PROVINSI …", "SEKRETARIAT DAERAH", "BIRO …", one a line.
    var organization: [String] = []

    /// This identity with what `other` says and this one does not.
    func merged(with other: FoundIdentity) -> FoundIdentity {
        var m = self
        m.name = name ?? other.name
        m.number = number ?? other.number
        m.created = created ?? other.created
        m.revised = revised ?? other.revised
        m.effective = effective ?? other.effective
        m.approverTitle = approverTitle ?? other.approverTitle
        m.approverName = approverName ?? other.approverName
        m.approverNIP = approverNIP ?? other.approverNIP
        if m.legalBasis.isEmpty { m.legalBasis = other.legalBasis }
        if m.qualifications.isEmpty { m.qualifications = other.qualifications }
        if m.related.isEmpty { m.related = other.related }
        if m.equipment.isEmpty { m.equipment = other.equipment }
        if m.warnings.isEmpty { m.warnings = other.warnings }
        if m.records.isEmpty { m.records = other.records }
        if m.organization.isEmpty { m.organization = other.organization }
        return m
    }
}

/// A text with its lines: the lines of a `.txt` (tab-separated, as Word copies a table) or a `.csv`/`.tsv`
/// (quoted fields, as a spreadsheet saves them).
enum DelimitedText {
    /// The records of `text`, each a list of cells with their line and column. `quoted`: fields may be
    /// quoted with `"` (RFC 4180: doubled quotes inside, line breaks allowed); otherwise every line is a
    /// record and the separator always separates.
    static func records(_ text: String, separator: Unicode.Scalar, quoted: Bool) -> [[Cell]] {
        let s = Array(text.unicodeScalars)
        var records: [[Cell]] = []
        var record: [Cell] = []
        var line = 1
        var column = 1
        var i = 0
        while i < s.count {
            let startLine = line
            let startColumn = column
            var field = String.UnicodeScalarView()
            if quoted, s[i] == "\"" {
                i += 1
                column += 1
                while i < s.count {
                    if s[i] == "\"" {
                        if i + 1 < s.count, s[i + 1] == "\"" {
                            field.append("\"")
                            i += 2
                            column += 2
                            continue
                        }
                        i += 1
                        column += 1
                        break
                    }
                    if s[i] == "\n" || (s[i] == "\r" && !(i + 1 < s.count && s[i + 1] == "\n")) {
                        line += 1
                        column = 1
                    } else if s[i] != "\r" {
                        column += 1
                    }
                    field.append(s[i])
                    i += 1
                }
            }
            // Unquoted text (or text after a closing quote, in a sloppy file: kept, as a spreadsheet does).
            while i < s.count, s[i] != separator, s[i] != "\n", s[i] != "\r" {
                field.append(s[i])
                i += 1
                column += 1
            }
            record.append(Cell(String(field), line: startLine, column: startColumn))
            if i >= s.count { break }
            if s[i] == separator {
                i += 1
                column += 1
                if i >= s.count { record.append(Cell("", line: line, column: column)) }
                continue
            }
            // A line end: CRLF, LF or CR.
            if s[i] == "\r", i + 1 < s.count, s[i + 1] == "\n" { i += 1 }
            i += 1
            line += 1
            column = 1
            records.append(record)
            record = []
        }
        if !record.isEmpty { records.append(record) }
        return records
    }

    /// The text of a file: UTF-8 (a byte order mark dropped), or nil when it is not UTF-8. UTF-16 with a
    /// byte order mark (what "Unicode text" saves in some spreadsheets) is read too.
    static func decode(_ bytes: [UInt8]) -> String? {
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return utf16(bytes.dropFirst(2), bigEndian: false) }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return utf16(bytes.dropFirst(2), bigEndian: true) }
        return String(validating: bytes.dropFirst(ByteOrderMark.utf8Length(bytes)), as: UTF8.self)
    }

    /// UTF-16 code units as a string; nil for an odd number of bytes or a lone surrogate.
    static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String? {
        guard bytes.count % 2 == 0 else { return nil }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let a = UInt16(bytes[i])
            let b = UInt16(bytes[i + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        return String(validating: units, as: UTF16.self)
    }
}

/// Finds the SOP tables in the records of a text file: a title line ("PROSEDUR (SOP) …") starts an SOP, a
/// header row with a "Kegiatan" cell starts its table, and every following non-blank row up to the next
/// title or header is a step.
enum TextTables {
    static func tables(_ records: [[Cell]], dropApostrophe: Bool) -> [FoundTable] {
        var tables: [FoundTable] = []
        var pendingName: String?
        var current: FoundTable?
        func finish() {
            if let t = current { tables.append(t) }
            current = nil
        }
        for record in records {
            let nonEmpty = record.filter { !isBlank($0.text) }
            if nonEmpty.isEmpty { continue }
            if nonEmpty.count == 1, let name = TableHeader.title(nonEmpty[0].text) {
                finish()
                pendingName = name
                continue
            }
            if TableHeader.isHeaderRow(record) {
                // A header repeated on a new page continues the same table.
                if let t = current, let first = t.rows.first, first.map(\.text) == record.map(\.text) { continue }
                finish()
                current = FoundTable(name: pendingName, identity: nil, rows: [record], line: record.first?.line)
                pendingName = nil
                continue
            }
            guard current != nil else { continue }
            var cells = record
            if dropApostrophe {
                for k in cells.indices where cells[k].text.unicodeScalars.first == "'" {
                    cells[k].text = String(cells[k].text.unicodeScalars.dropFirst())
                }
            }
            current!.rows.append(cells)
        }
        finish()
        return tables
    }

    static func isBlank(_ s: String) -> Bool { s.unicodeScalars.allSatisfy { $0.properties.isWhitespace } }
}
