/// `<id>.csv`: the flowchart table as CSV (SPEC §5; RFC 4180). UTF-8 without a byte order mark, CRLF after
/// every record (RFC 4180's line break), a header row, then exactly one row per step and nothing else.
///
/// `No,Kegiatan,<actor names…>,Kelengkapan,Waktu,Output,Ket`: an actor cell holds the symbol drawn there
/// (`mulai`, `proses`, `keputusan`, `selesai`), which is only in the column of the step's first actor —
/// the other actors of a step are not drawn on the form, so their cells are empty. Texts are printed as
/// written: a line break inside a text stays a single LF inside its quoted field.
public enum CSVTable {
    public static func render(_ table: FormTable) -> String {
        var out = ""
        let header = ["No", "Kegiatan"] + table.columns.map(\.name) + ["Kelengkapan", "Waktu", "Output", "Ket"]
        record(header, into: &out)
        for row in table.rows {
            var cells = [String(row.number), row.activity]
            for column in table.columns.indices { cells.append(column == row.symbolColumn ? row.symbol.rawValue : "") }
            cells += [row.requirements, row.time, row.output, row.remarks]
            record(cells, into: &out)
        }
        return out
    }

    static func record(_ cells: [String], into out: inout String) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { out += "," }
            out += field(cell)
        }
        out += "\r\n"
    }

    /// One field: quoted when it holds a comma, a quote, CR or LF (quotes doubled), else as is.
    public static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else { return text }
        return "\"" + text.replacingAll("\"", "\"\"") + "\""
    }
}
