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
            let texts = [step.activity, step.time ?? "", step.remarks ?? ""] + step.needs + step.makes
            if texts.contains(where: {
                $0.unicodeScalars.contains { c in c.properties.generalCategory == .control && c != "\n" && c != "\t" }
            }) {
                problems.append(ImportProblem(.warning, .importControlCharacters(row: step.row), file: file, line: step.line))
            }
            if let t = step.time, StepDuration(parsing: t) == nil {
                problems.append(
                    ImportProblem(.warning, .importTimeKept(row: step.row, text: t), file: file, line: step.line))
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
