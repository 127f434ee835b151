import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// `<id>.md`: the SOP in GitHub-flavoured Markdown — the identity page, the flowchart table with the
/// planned time below it, and a Mermaid flowchart of the steps. Every text is escaped so that it prints
/// as written (no stray emphasis, links, HTML or table breaks); a line break in a text prints as `<br>`.
public enum MarkdownForm {
    public static func render(_ table: FormTable, timing: FormTiming, model: ProjectModel) -> String {
        String(decoding: renderBytes(table, timing: timing, model: model), as: UTF8.self)
    }

    /// ``render(_:timing:model:)``'s text as UTF-8 bytes, as it is written: the table and the flowchart, a
    /// line a step, are appended piece by piece as bytes (as a `String`, the pieces of a SOP of thousands of
    /// steps cost a tenth of its build).
    static func renderBytes(_ table: FormTable, timing: FormTiming, model: ProjectModel) -> [UInt8] {
        var out = ByteBuffers.take(reserving: 4096 + 512 * table.rows.count)
        let spillAt = ByteBuffers.spillPoint()
        out.append(identity(table, model: model))

        out.append("\n## Bagian Flowchart\n\n")
        let header = ["No", "Kegiatan"] + table.columns.map { inline($0.name) } + ["Kelengkapan", "Waktu", "Output", "Ket"]
        out.append("| " + header.joined(separator: " | ") + " |\n")
        out.append("|---:|---|" + String(repeating: ":---:|", count: table.columns.count) + "---|---|---|---|\n")
        for row in table.rows {
            // "| No | Kegiatan | a cell per actor | Kelengkapan | Waktu | Output | Ket |"
            out.append("| ")
            out.appendDecimal(row.number)
            out.append(" | ")
            inline(row.activity, into: &out)
            for column in table.columns.indices {
                out.append(" | ")
                if column == row.symbolColumn { out.append(row.symbol.rawValue) }
            }
            for text in [row.requirements, row.time, row.output, row.remarks] {
                out.append(" | ")
                inline(text, into: &out)
            }
            out.append(" |\n")
            if out.count >= spillAt { ByteBuffers.spill(&out) }
        }

        decisions(table, into: &out)
        out.append("\n" + times(table, timing))
        out.append("\n## Diagram Alir\n\n```mermaid\n")
        mermaid(table, into: &out)
        out.append("```\n")
        return out
    }

    /// The title, the organisation and the identity section, up to the flowchart.
    static func identity(_ table: FormTable, model: ProjectModel) -> String {
        let identity = FormIdentity(table, model: model)
        var out = "# SOP \(inline(identity.name))\n\n"
        if !identity.units.isEmpty { out += identity.units.map(lineStart).joined(separator: "<br>\n") + "\n\n" }

        out += "## Bagian Identitas\n\n"
        out += "| Unsur | Isi |\n|---|---|\n"
        let approver = [
            identity.approverTitle, identity.approverName, identity.approverNIP.isEmpty ? "" : "NIP " + identity.approverNIP,
        ].filter { !$0.isEmpty }
        for (label, value) in [
            ("Nomor SOP", [identity.number]), ("Tanggal Pembuatan", [identity.created]), ("Tanggal Revisi", [identity.revised]),
            ("Tanggal Efektif", [identity.effective]), ("Disahkan oleh", approver), ("Nama SOP", [identity.name]),
        ] {
            let text = value.filter { !$0.isEmpty }.map(inline).joined(separator: "<br>")
            out += "| \(label) | \(text.isEmpty ? "-" : text) |\n"
        }
        let related = table.related.map { "[\(inline("SOP " + $0.name))](../\($0.sopID)/\($0.sopID).md)" }
        for (title, items) in [
            ("Dasar Hukum", identity.legalBasis.map(listItem)), ("Kualifikasi Pelaksana", identity.qualifications.map(listItem)),
            ("Keterkaitan", related), ("Peralatan/Perlengkapan", identity.equipment.map(listItem)),
            ("Peringatan", identity.warnings.map(listItem)), ("Pencatatan dan Pendataan", identity.records.map(listItem)),
        ] {
            out += "\n### \(title)\n\n"
            if items.isEmpty {
                out += "\\-\n"
            } else {
                for (i, item) in items.enumerated() { out += "\(i + 1). \(item)\n" }
            }
        }
        return out
    }

    /// Under the table, each decision's question and where its answers lead: "- No 10: Disetujui? Ya → No 11;
    /// Tidak → No 8", after the title "Keputusan:" when there is one.
    static func decisions(_ table: FormTable, into out: inout [UInt8]) {
        var first = true
        for (i, row) in table.rows.enumerated() {
            guard let question = row.step.decision?.value else { continue }
            if first { out.append("\nKeputusan:\n\n") }
            first = false
            func target(_ target: FormTarget) {
                switch target {
                case .row(let r):
                    out.append("No ")
                    out.appendDecimal(r + 1)
                case .end: out.append("selesai")
                }
            }
            let targets = table.targets(of: i)
            out.append("- No ")
            out.appendDecimal(row.number)
            out.append(": ")
            inline(question, into: &out)
            out.append(" Ya → ")
            target(targets[0])
            out.append("; Tidak → ")
            target(targets.count > 1 ? targets[1] : targets[0])
            out.append("\n")
        }
    }

    /// The planned time below the table: the main path, and one trip round each correction loop.
    static func times(_ table: FormTable, _ timing: FormTiming) -> String {
        let calendar = table.calendar
        var out = "Waktu:\n\n"
        out += "- Jalur utama (setiap keputusan \"Ya\"; No \(rowRanges(timing.mainPath))): "
        out += "**\(FormText.duration(low: timing.low, high: timing.high, on: calendar))**\n"
        // Each row's first place on the main path, and where the run of consecutive rows from each place
        // ends: a loop's rows are then named run by run, not gathered and sorted again for each of
        // thousands of loops.
        let path = timing.mainPath
        let place = path.firstPlaces()
        let runEnd = runEnds(path)
        let increasing = zip(path, path.dropFirst()).allSatisfy { $0 < $1 }
        for loop in timing.loops {
            let start = place[loop.target] ?? 0
            let end = max(start, place[loop.decision] ?? start)
            let named =
                loop.away.isEmpty && increasing
                ? rowRanges(path, from: start, through: end, runEnd: runEnd)
                : rowRanges((loop.away + path[start...end]).sorted())
            let through = loop.away.isEmpty ? "" : " ke No " + loop.away.map { "\($0 + 1)" }.joined(separator: ", ") + ","
            out +=
                "- Satu putaran koreksi, No \(loop.decision + 1) \"\(loop.answer)\"\(through) kembali ke No \(loop.target + 1) (No \(named)): "
            out += "**+\(FormText.duration(low: loop.low, high: loop.high, on: calendar))**\n"
        }
        let untimed = timing.mainPath.filter { table.sop.steps[$0].time?.duration == nil }
        if !untimed.isEmpty { out += "- Tanpa waktu, tidak dijumlahkan: No \(rowRanges(untimed))\n" }
        return out
    }

    /// 0-based rows as 1-based numbers, runs shortened: "1–3, 5, 8–10".
    package static func rowRanges(_ rows: [Int]) -> String {
        rows.isEmpty ? "" : rowRanges(rows, from: 0, through: rows.count - 1, runEnd: runEnds(rows))
    }

    /// For each place of `rows`, where the run of consecutive rows from it ends (``rowRanges(_:from:through:runEnd:)``).
    static func runEnds(_ rows: [Int]) -> [Int] {
        var runEnd = Array(rows.indices)
        for k in rows.indices.reversed().dropFirst() where rows[k + 1] == rows[k] + 1 { runEnd[k] = runEnd[k + 1] }
        return runEnd
    }

    /// ``rowRanges(_:)`` of `rows[from...through]`, `runEnd[k]` being where the run of consecutive rows from
    /// `k` ends in `rows`: a run is stepped over whole.
    static func rowRanges(_ rows: [Int], from: Int, through: Int, runEnd: [Int]) -> String {
        var parts: [String] = []
        var i = from
        while i <= through {
            let j = min(runEnd[i], through)
            parts.append(
                j - i >= 2 ? "\(rows[i] + 1)–\(rows[j] + 1)" : (i...j).map { String(rows[$0] + 1) }.joined(separator: ", "))
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }

    // MARK: Mermaid

    /// `flowchart TD`: a stadium for the first and last rows, a rhombus for a decision, a rectangle
    /// otherwise; arrows in row order, Ya/Tidak on a decision's branches. A row that ends the SOP before
    /// the last row points to an extra "Selesai" stadium. The nodes are written first, then the edges
    /// (gathered apart as they are made).
    static func mermaid(_ table: FormTable, into out: inout [UInt8]) {
        out.append("flowchart TD\n")
        let last = table.rows.count - 1
        for row in table.rows {
            // `    r<No><open>"<No>. <activity>[\n<question>]"<close>`
            let (open, close) =
                switch row.symbol {
                case .start, .end: ("([", "])")
                case .decision: ("{", "}")
                case .process: ("[", "]")
                }
            out.append("    r")
            out.appendDecimal(row.number)
            out.append(open)
            out.append("\"")
            out.appendDecimal(row.number)
            out.append(". ")
            mermaidLabel(row.activity, into: &out)
            if let question = row.step.decision {
                out.append("\n")
                mermaidLabel(question.value, into: &out)
            }
            out.append("\"")
            out.append(close)
            out.append("\n")
        }
        var edges: [UInt8] = []
        edges.reserveCapacity(24 * table.rows.count)
        var endsEarly = false
        for row in table.rows {
            let targets = table.targets(of: row.index)
            for (k, target) in targets.enumerated() {
                let arrow = targets.count == 2 ? (k == 0 ? " -->|Ya| " : " -->|Tidak| ") : " --> "
                switch target {
                case .row(let t):
                    edges.append("    r")
                    edges.appendDecimal(row.number)
                    edges.append(arrow)
                    edges.append("r")
                    edges.appendDecimal(t + 1)
                    edges.append("\n")
                case .end:
                    if row.index != last || targets.count == 2 {
                        endsEarly = true
                        edges.append("    r")
                        edges.appendDecimal(row.number)
                        edges.append(arrow)
                        edges.append("selesai\n")
                    }
                }
            }
        }
        if endsEarly {
            out.append("    selesai([\"Selesai\"])\n")
            if let lastRow = table.rows.last, table.targets(of: last).count == 1, table.targets(of: last)[0] == .end {
                edges.append("    r")
                edges.appendDecimal(lastRow.number)
                edges.append(" --> selesai\n")
            }
        }
        out.append(contentsOf: edges)
    }

    /// A node label's text, escaped with Mermaid's entity codes (`#quot;`, `#35;`, `#124;` …) so that no
    /// text can end the label or be read as markup; a line break in the text stays a line break inside the
    /// quoted label, which Mermaid draws as one. (Not `<br>`: a label with a tag in it is taken as HTML,
    /// and then Mermaid turns `\n` into a line break and `fa:fa-…` into an icon even after decoding the
    /// entities.) Mermaid wraps long labels itself.
    package static func mermaidLabel(_ text: String) -> String {
        // One line (no LF byte at all, so no line to split at): escaped whole.
        if !text.utf8.contains(UInt8(ascii: "\n")) { return mermaidEscape(text) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { mermaidEscape(String($0)) }.joined(separator: "\n")
    }

    /// ``mermaidLabel(_:)`` appended to `out`.
    static func mermaidLabel(_ text: String, into out: inout [UInt8]) {
        guard text.utf8.contains(UInt8(ascii: "\n")) else { return mermaidEscape.escape(text, into: &out) }
        for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if k > 0 { out.append(UInt8(ascii: "\n")) }
            mermaidEscape.escape(String(line), into: &out)
        }
    }

    /// Mermaid's escaping of one line of a label.
    static let mermaidEscape = Escaper(
        [
            "\"": "#quot;", "#": "#35;", "&": "#amp;", "<": "#lt;", ">": "#gt;", "`": "#96;", "|": "#124;",
            // `%%{…}%%` anywhere in the source is a Mermaid directive (configuration), even inside a label.
            "%": "#37;",
            // Mermaid reads `\n` in a label as a line break.
            "\\": "#92;",
            // Before it decodes entities, Mermaid drops the last `;` of any line where `style` or `classDef`
            // is followed by `:`, non-blanks and `#` (and so breaks the entity there); with no `:` in a
            // label, that never happens. `fa:fa-…` (an icon) needs the `:` as well.
            ":": "#58;",
            "\r": "",
        ],
        otherASCII: { $0.value < 0x20 || $0.value == 0x7F ? " " : nil })

    // MARK: Markdown text

    /// The characters that mean something inline in GitHub-flavoured Markdown (emphasis, code, links, HTML,
    /// entities, table cells, strikethrough, maths, headings, e-mail autolinks and @mentions); each is
    /// printed backslash-escaped.
    static let special: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "&", "|", "~", "$", "#", "@"]

    /// A text for a table cell or a line: special characters escaped, line breaks as `<br>`. GFM's
    /// extended autolinks are defused too — the `:` of `://` and the `.` of `www.` escaped — so that a
    /// URL in a text prints as written instead of becoming a link that swallows the characters after it.
    public static func inline(_ text: String) -> String {
        // Most texts need nothing: given back as they are, without going through them scalar by scalar.
        if unchangedInline(text) { return text }
        return escapedInline(text)
    }

    /// ``inline(_:)`` appended to `out`.
    static func inline(_ text: String, into out: inout [UInt8]) {
        if unchangedInline(text) { out.append(contentsOf: text.utf8) } else { out.append(contentsOf: escapedInline(text).utf8) }
    }

    /// Whether ``inline(_:)`` gives `text` back unchanged, from its UTF-8 bytes: no control character, no
    /// special character, no `://` and no `www.` (a byte below 0x80 is a whole scalar, and each byte of a
    /// longer scalar is 0x80 or more, so the neighbours that ``escapedInline(_:)`` looks at are the same).
    static func unchangedInline(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let n = bytes.count
            var i = 0
            while i < n {
                let b = bytes[i]
                if b < 0x80 {
                    if b < 0x20 || b == 0x7F || specialASCII[Int(b)] { return false }
                    if b == UInt8(ascii: ":"), i + 2 < n, bytes[i + 1] == UInt8(ascii: "/"), bytes[i + 2] == UInt8(ascii: "/") {
                        return false
                    }
                    if b == UInt8(ascii: "."), i >= 3, isW(bytes[i - 1]), isW(bytes[i - 2]), isW(bytes[i - 3]) { return false }
                }
                i += 1
            }
            return true
        }
    }

    private static func isW(_ b: UInt8) -> Bool { b == UInt8(ascii: "w") || b == UInt8(ascii: "W") }

    /// ``special`` as a table of the ASCII bytes.
    private static let specialASCII: [Bool] = (0..<128).map { special.contains(Unicode.Scalar(UInt8($0))) }

    /// ``inline(_:)`` scalar by scalar.
    static func escapedInline(_ text: String) -> String {
        var out = ""
        let scalars = Array(text.unicodeScalars)
        func at(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < scalars.count ? scalars[i] : nil }
        for (i, scalar) in scalars.enumerated() {
            let isURLColon = scalar == ":" && at(i + 1) == "/" && at(i + 2) == "/"
            let isWWWDot = scalar == "." && (1...3).allSatisfy { at(i - $0) == "w" || at(i - $0) == "W" }
            if special.contains(scalar) || isURLColon || isWWWDot {
                out += "\\"
                out.unicodeScalars.append(scalar)
            } else if scalar == "\n" {
                out += "<br>"
            } else if scalar == "\r" {
                continue
            } else if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
                out += " "
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A text at the start of a list item: also what would start a nested list or a rule there.
    package static func listItem(_ text: String) -> String { lineStart(text) }

    /// A text at the start of a line (a list item's, or one of the organisation's lines below the title):
    /// also what would start a block there — a list (`-`, `+`, `1.`, `1)`), a setext underline or rule
    /// (`=`, `-`), indented code (leading white space, kept as character references).
    static func lineStart(_ text: String) -> String {
        var out = inline(text)
        let blank = out.unicodeScalars.prefix { $0 == " " || $0 == "\t" }
        if !blank.isEmpty {
            return blank.map { $0 == " " ? "&#32;" : "&#9;" }.joined() + String(out.unicodeScalars.dropFirst(blank.count))
        }
        if let first = out.unicodeScalars.first, first == "-" || first == "+" || first == "=" {
            out = "\\" + out
        } else {
            let digits = out.unicodeScalars.prefix { ("0"..."9").contains($0) }
            if !digits.isEmpty, digits.count < out.unicodeScalars.count {
                let next = out.unicodeScalars[out.unicodeScalars.index(out.unicodeScalars.startIndex, offsetBy: digits.count)]
                if next == "." || next == ")" {
                    out = String(String.UnicodeScalarView(digits)) + "\\" + String(out.unicodeScalars.dropFirst(digits.count))
                }
            }
        }
        return out
    }
}
