import Foundation

/// The columns of a flowchart table, read from its header: one row (`No,Kegiatan,<actors…>,Kelengkapan,…`, as
/// `sopc build` writes the CSV) or the form's two rows (`No | Kegiatan | Pelaksana … | Mutu Baku … | Ket` over
/// `| | Ka Biro | … | Kelengkapan | Waktu | Output |`). Whatever the actor headers are, they are the columns
/// between Kegiatan and the first of Kelengkapan, Waktu, Output and Ket.
struct TableHeader: Sendable {
    var number: Int?
    var activity: Int
    var actors: [(index: Int, name: String)]
    var requirements: Int?
    var time: Int?
    var output: Int?
    var remarks: Int?
    /// How many rows the header takes (1 or 2).
    var rows: Int

    enum Label {
        case number, activity, requirements, time, output, remarks, group
    }

    /// A header cell's words, compared without case, spacing, and a trailing `.` or `:`.
    static func normalised(_ s: String) -> String {
        var words = s.lowercased().split { $0.isWhitespace }.joined(separator: " ")
        while let last = words.last, last == "." || last == ":" { words.removeLast() }
        return words
    }

    static func label(_ s: String) -> Label? {
        switch normalised(s) {
        case "no", "nomor", "no urut": return .number
        case "kegiatan", "uraian kegiatan", "aktivitas", "uraian prosedur", "activity": return .activity
        case "kelengkapan", "persyaratan", "persyaratan/kelengkapan", "kelengkapan/persyaratan", "requirements":
            return .requirements
        case "waktu", "time": return .time
        case "output", "keluaran", "hasil": return .output
        case "ket", "keterangan", "remarks": return .remarks
        case "pelaksana", "mutu baku": return .group
        default: return nil
        }
    }

    static func isHeaderRow(_ row: [Cell]) -> Bool { row.contains { label($0.text) == .activity } }

    /// "PROSEDUR (SOP) LAPORAN …" → "LAPORAN …"; nil for any other line.
    static func title(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let upper = trimmed.uppercased()
        for prefix in ["PROSEDUR (SOP)", "STANDAR OPERASIONAL PROSEDUR (SOP)", "STANDAR OPERASIONAL PROSEDUR", "PROSEDUR", "SOP"]
        {
            guard upper.hasPrefix(prefix + " ") else { continue }
            let rest = trimmed.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            // "SOP" alone starts too many ordinary lines: only with a name after it and nothing else on the line.
            if prefix == "SOP", rest.isEmpty { return nil }
            return rest.isEmpty ? nil : rest
        }
        return nil
    }

    /// The header of a table whose first row is a header row; nil when there is no Kegiatan column.
    init?(_ rows: [[Cell]]) {
        guard let first = rows.first else { return nil }
        let second = rows.count > 1 ? rows[1] : []
        let firstHasMutuBaku = first.contains { [.requirements, .time, .output].contains(TableHeader.label($0.text)) }
        let secondIsHeader =
            !firstHasMutuBaku && second.contains { [.requirements, .time, .output].contains(TableHeader.label($0.text)) }
        var names: [String] = []
        for i in 0..<max(first.count, secondIsHeader ? second.count : 0) {
            let upper = i < first.count ? first[i].text : ""
            let lower = secondIsHeader && i < second.count ? second[i].text : ""
            names.append(TableHeader.normalised(lower).isEmpty ? upper : lower)
        }
        self.rows = secondIsHeader ? 2 : 1
        var found: [Label: Int] = [:]
        for (i, name) in names.enumerated() {
            if let l = TableHeader.label(name), l != .group, found[l] == nil { found[l] = i }
        }
        guard let activity = found[.activity] else { return nil }
        self.activity = activity
        number = found[.number]
        requirements = found[.requirements]
        time = found[.time]
        output = found[.output]
        remarks = found[.remarks]
        let end = [requirements, time, output, remarks].compactMap { $0 }.filter { $0 > activity }.min() ?? names.count
        var actors: [(Int, String)] = []
        if activity + 1 < end {
            for i in (activity + 1)..<end {
                let name = names[i].trimmingCharacters(in: .whitespacesAndNewlines)
                if !name.isEmpty { actors.append((i, name)) }
            }
        }
        self.actors = actors
    }
}
