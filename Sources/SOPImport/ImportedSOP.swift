import Foundation
import SOPDiagnostics
import SOPFrontEnd

/// One SOP as its table says it, before names become ids: every text exactly as in the cells.
struct ImportedSOP {
    struct Step {
        var id: String
        /// The row number (1-based, among the steps).
        var row: Int
        var line: Int?
        var column: Int?
        var activity: String
        /// The actor columns' header names holding the step's symbol (or mark); empty when none does.
        var actors: [String]
        var isDecision: Bool
        /// The text written in the diamond, when there is one.
        var question: String?
        var needs: [String]
        var time: String?
        var makes: [String]
        /// Ket as written.
        var remarks: String?
        /// The name after "SOP " in Ket, when Ket names an SOP (the last part of Ket).
        var callName: String?
        /// Ket without that part.
        var remarksBeforeCall: String?
    }

    var file: String
    /// The id, from the name (else the file name); made unique by ``ProjectBuilder``.
    var id: String
    var stem: String
    var name: String?
    var identity: FoundIdentity?
    var actorColumns: [String]
    var steps: [Step]
    var line: Int?

    /// The words a CSV written by `sopc build` puts in an actor cell.
    static let symbolWords: [String: FoundShape.Kind] = [
        "mulai": .terminator, "selesai": .terminator, "proses": .process, "keputusan": .decision,
    ]

    init?(_ table: FoundTable, file: String, stem: String, _ problems: inout [ImportProblem]) {
        self.file = file
        self.stem = stem
        self.line = table.line
        name = table.identity?.name ?? table.name
        identity = table.identity
        id = ""
        guard let header = TableHeader(table.rows) else {
            problems.append(ImportProblem(.error, .importNoKegiatan, file: file, line: table.line))
            return nil
        }
        actorColumns = header.actors.map(\.name)
        // Hostile text (HostileText) is looked for in every cell, the header's too, each reported at its cell.
        var columns: [Int: String] = [header.activity: "Kegiatan"]
        if let i = header.number { columns[i] = "No" }
        for (k, (i, name)) in header.actors.enumerated() {
            columns[i] = HostileText.find(name).isEmpty && !name.contains("'") ? name : "Pelaksana \(k + 1)"
        }
        for (i, name) in [
            (header.requirements, "Kelengkapan"), (header.time, "Waktu"), (header.output, "Output"), (header.remarks, "Ket"),
        ] {
            if let i { columns[i] = name }
        }
        for headerRow in table.rows.prefix(header.rows) {
            for (i, c) in headerRow.enumerated() {
                Self.hostile(c.text, row: 0, column: "\(i + 1)", at: c, file: file, &problems)
            }
        }
        Self.hostile(identity: table.identity, title: table.name, line: table.line, file: file, &problems)
        var steps: [Step] = []
        for row in table.rows.dropFirst(header.rows) {
            func cell(_ i: Int?, merged: Bool = false) -> String {
                guard let i, i < row.count else { return "" }
                if merged, let continued = row[i].continues { return continued }
                return row[i].text
            }
            let activity = cell(header.activity)
            if Self.isColumnNumbering(row) { continue }
            if TextTables.isBlank(activity), row.allSatisfy({ TextTables.isBlank($0.text) && $0.shapes.isEmpty }) { continue }
            var actors: [String] = []
            var kinds: [FoundShape.Kind] = []
            var question: String?
            for (index, name) in header.actors where index < row.count {
                let c = row[index]
                let symbols = c.shapes.filter { $0.kind != .other }
                let word = Self.symbolWords[TableHeader.normalised(c.text)]
                if !symbols.isEmpty || word != nil || !TextTables.isBlank(c.text) {
                    actors.append(name)
                    kinds += symbols.map(\.kind) + (word.map { [$0] } ?? [])
                    if question == nil, let d = symbols.first(where: { $0.kind == .decision }), !TextTables.isBlank(d.text) {
                        question = d.text.trimmingCharacters(in: .whitespacesAndNewlines)
                    }
                }
            }
            let n = steps.count + 1
            let first = row.first
            for (i, c) in row.enumerated() {
                let column = columns[i] ?? "\(i + 1)"
                Self.hostile(c.text, row: n, column: column, at: c, file: file, &problems)
                for shape in c.shapes { Self.hostile(shape.text, row: n, column: column, at: c, file: file, &problems) }
            }
            let remarks = cell(header.remarks)
            var callName: String?
            var before: String?
            let parts = remarks.components(separatedBy: "; ")
            if let last = parts.last, last.hasPrefix("SOP "), last.count > 4 {
                callName = String(last.dropFirst(4))
                let rest = parts.dropLast().joined(separator: "; ")
                before = rest.isEmpty ? nil : rest
            }
            let time = cell(header.time)
            steps.append(
                Step(
                    id: "langkah-\(n)", row: n, line: first?.line, column: first?.column, activity: activity,
                    actors: actors, isDecision: kinds.contains(.decision), question: question,
                    needs: Self.names(cell(header.requirements, merged: true)), time: TextTables.isBlank(time) ? nil : time,
                    makes: Self.names(cell(header.output, merged: true)), remarks: TextTables.isBlank(remarks) ? nil : remarks,
                    callName: callName, remarksBeforeCall: before))
        }
        guard !steps.isEmpty else {
            problems.append(ImportProblem(.error, .importNoRows, file: file, line: table.line))
            return nil
        }
        self.steps = steps
        let unknown = steps.filter(\.actors.isEmpty).count
        if unknown > 0 {
            problems.append(
                ImportProblem(.warning, .importActorsUnknown(count: unknown, steps: steps.count), file: file, line: table.line))
        }
        for step in steps {
            if let t = step.time, StepDuration(parsing: t) == nil {
                problems.append(
                    ImportProblem(.warning, .importTimeKept(row: step.row, text: t), file: file, line: step.line))
            }
        }
    }

    /// An error for each kind of hostile text in `text` (a cell's, at `cell`'s place when it has one).
    static func hostile(
        _ text: String, row: Int?, column: String, at cell: Cell?, file: String, _ problems: inout [ImportProblem]
    ) {
        for kind in HostileText.find(text) {
            let message: Message
            switch kind {
            case .formula: message = .importFormula(row: row, column: column)
            case .markup: message = .importMarkup(row: row, column: column)
            case .control: message = .importControlCharacters(row: row, column: column)
            case .bidi: message = .importBidiControls(row: row, column: column)
            }
            var problem = ImportProblem(
                .error, message, file: file, line: cell?.line, column: cell?.column, help: .importHostileHelp)
            problem.keepsFiles = true
            problems.append(problem)
        }
    }

    /// Hostile text in the title and the identity page, named by the form's labels.
    static func hostile(identity: FoundIdentity?, title: String?, line: Int?, file: String, _ problems: inout [ImportProblem]) {
        var fields: [(String, [String])] = [("Judul", title.map { [$0] } ?? [])]
        if let d = identity {
            fields += [
                ("Nama SOP", d.name.map { [$0] } ?? []), ("Nomor SOP", d.number.map { [$0] } ?? []),
                ("Tanggal Pembuatan", d.created.map { [$0] } ?? []), ("Tanggal Revisi", d.revised.map { [$0] } ?? []),
                ("Tanggal Efektif", d.effective.map { [$0] } ?? []),
                ("Disahkan oleh", [d.approverTitle, d.approverName, d.approverNIP].compactMap { $0 }),
                ("Dasar Hukum", d.legalBasis), ("Kualifikasi Pelaksana", d.qualifications), ("Keterkaitan", d.related),
                ("Peralatan/Perlengkapan", d.equipment), ("Peringatan", d.warnings), ("Pencatatan dan Pendataan", d.records),
                ("Instansi", d.organization),
            ]
        }
        var seen: Set<String> = []
        for (label, texts) in fields {
            // The title and "Nama SOP" are often the same text: report it once.
            for text in texts where seen.insert(text).inserted || label != "Nama SOP" {
                hostile(text, row: nil, column: label, at: nil, file: file, &problems)
            }
        }
    }

    /// A row that numbers the columns ("1 | 2 | 3 | …" or "(1) | (2) | …"), as some forms print under the header.
    static func isColumnNumbering(_ row: [Cell]) -> Bool {
        var count = 0
        for (i, c) in row.enumerated() where !TextTables.isBlank(c.text) {
            let t = c.text.trimmingCharacters(in: CharacterSet(charactersIn: " ()."))
            guard Int(t) == i + 1 else { return false }
            count += 1
        }
        return count >= 3
    }

    /// The names in a Kelengkapan or Output cell: separated by ", " (as sopc prints a list), so that the
    /// cell prints again exactly as written. A cell of only "-" names nothing.
    static func names(_ cell: String) -> [String] {
        let trimmed = cell.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed == "-" { return [] }
        return cell.components(separatedBy: ", ").filter { !TextTables.isBlank($0) }
    }
}
