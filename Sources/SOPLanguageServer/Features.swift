import Foundation
import SOPCompiler

extension LanguageServer {
    // MARK: - Completion

    static let sopKeys = ["sop", "name", "identity", "actors", "inputs", "outputs", "deadline", "artefacts", "allow", "steps"]
    static let projectKeys = ["sopc", "organization", "roles", "artefacts", "equipment", "calendar"]
    static let identityKeys = [
        "number", "created", "revised", "effective", "approved_by", "legal_basis", "qualifications", "equipment", "warnings",
        "records", "related",
    ]
    static let stepKeys = [
        "id", "activity", "actor", "actors", "needs", "time", "makes", "notes", "call", "next", "allow", "decision", "yes", "no",
    ]
    static let unitWords = [
        "menit", "jam", "hari", "minggu", "bulan", "detik", "minutes", "hours", "days", "weeks", "months", "seconds",
    ]

    /// A line's key indent (after any `- `), its key, and the text after the key's colon.
    static func parseLine(_ line: String) -> (indent: Int, key: String?, rest: String, dashed: Bool) {
        let chars = Array(line)
        var i = 0
        var dashed = false
        while i < chars.count {
            if chars[i] == " " {
                i += 1
            } else if chars[i] == "-", i + 1 == chars.count || chars[i + 1] == " " {
                dashed = true
                i += 1
            } else {
                break
            }
        }
        let content = String(chars[i...])
        if let colon = content.firstIndex(of: ":") {
            let key = String(content[..<colon])
            if !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
                return (i, key, String(content[content.index(after: colon)...]), dashed)
            }
        }
        return (i, nil, content, dashed)
    }

    /// The keys of the mappings around a line, innermost first.
    static func ancestors(_ lines: LineTable, line: Int, indent: Int) -> [String] {
        var chain: [String] = []
        var limit = indent
        var n = line - 1
        while n >= 0, limit > 0 {
            let text = lines.line(n)
            let parsed = parseLine(text)
            if !text.trimmingCharacters(in: .whitespaces).isEmpty, !text.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                let dashIndent = text.prefix { $0 == " " }.count
                if parsed.indent < limit, let key = parsed.key {
                    chain.append(key)
                    limit = parsed.indent
                } else if parsed.dashed, dashIndent < limit {
                    limit = dashIndent
                }
            }
            n -= 1
        }
        return chain
    }

    func completion(_ params: [String: Any]) throws -> Any {
        let place = try place(params)
        let lineIndex = place.position.line - 1
        let prefix = String(
            String.UnicodeScalarView(place.lines.line(lineIndex).unicodeScalars.prefix(place.position.column - 1)))
        let parsed = Self.parseLine(prefix)
        let sop = place.ws.sop(at: place.path)
        var items: [[String: Any]] = []
        func add(_ label: String, _ detail: String?, _ kind: Int) {
            var item: [String: Any] = ["label": label, "kind": kind]
            if let detail { item["detail"] = detail }
            items.append(item)
        }
        // A value: after `key:` on this line, or a `- ` item under such a key.
        var valueKey: String?
        var valueText = ""
        if let key = parsed.key {
            valueKey = key
            valueText = parsed.rest
        } else if parsed.dashed {
            valueKey = Self.ancestors(place.lines, line: lineIndex, indent: parsed.indent).first
            valueText = parsed.rest
            if valueKey == "steps" { valueKey = nil }
        }
        let isProject = (place.path as NSString).lastPathComponent == Checker.projectFileName
        if let key = valueKey, !(parsed.key != nil && parsed.rest.isEmpty && !prefix.hasSuffix(":") && !prefix.hasSuffix(" ")) {
            valueCompletion(key, valueText, sop: sop, model: place.model, isProject: isProject, add: add)
        } else if parsed.key == nil {
            let chain = Self.ancestors(place.lines, line: lineIndex, indent: parsed.indent)
            let keys: [String]
            switch chain.first {
            case nil: keys = isProject ? Self.projectKeys : Self.sopKeys
            case "steps": keys = Self.stepKeys
            case "identity": keys = Self.identityKeys
            case "approved_by": keys = ["role", "name", "nip"]
            case "organization": keys = ["name", "logo", "parents"]
            case "calendar": keys = ["hours_per_day", "days_per_week", "days_per_month", "day_starts", "holidays"]
            case "holidays": keys = ["date", "from", "to", "name"]
            default: keys = chain.count > 1 && chain[1] == "roles" ? ["name", "title"] : []
            }
            for k in keys { add(k, nil, 10) }
        }
        return ["isIncomplete": false, "items": items]
    }

    func valueCompletion(
        _ key: String, _ text: String, sop: SOP?, model: ProjectModel, isProject: Bool, add: (String, String?, Int) -> Void
    ) {
        let project = model.project
        func roles() { for r in project?.roles ?? [] { add(r.ref.id, r.name, 18) } }
        func artefacts(equipment: Bool) {
            for a in sop?.artefacts ?? [] { add(a.ref.id, a.name, 17) }
            for a in project?.artefacts ?? [] { add(a.ref.id, a.name, 17) }
            if equipment { for e in project?.equipment ?? [] { add(e.ref.id, e.name, 7) } }
        }
        switch key {
        case "actor", "actors", "role": roles()
        case "needs": artefacts(equipment: true)
        case "makes", "inputs", "outputs": artefacts(equipment: false)
        case "equipment" where !isProject: for e in project?.equipment ?? [] { add(e.ref.id, e.name, 7) }
        case "next", "yes", "no", "ya", "tidak":
            for s in sop?.steps ?? [] where !s.ref.id.isEmpty { add(s.ref.id, s.decision?.value ?? s.activity, 12) }
            add("end", "end of the SOP / akhir SOP", 14)
        case "call", "related":
            for s in model.sops where s.sopID != sop?.sopID { add(s.sopID, s.name, 9) }
        case "allow":
            for c in CheckID.allCases where c.severity == .warning { add(c.rawValue, c.summary, 20) }
        case "time", "deadline":
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            let number = #"^[0-9]+([.,][0-9]+)?(\s*[-–—]\s*[0-9]+([.,][0-9]+)?)?\s+[A-Za-z]*$"#
            if trimmed.range(of: number, options: .regularExpression) != nil
                || text.range(of: #"[0-9]\s+$"#, options: .regularExpression) != nil
            {
                for u in Self.unitWords { add(u, nil, 11) }
            }
        default: break
        }
    }

    // MARK: - Hover

    func hover(_ params: [String: Any]) throws -> Any {
        let place = try place(params)
        let lang = language
        if let o = symbol(at: place) {
            let (_, name) = SymbolIndex.describe(o.symbol, model: place.model)
            var text = "**\(o.symbol.id)** — \(LSPText.kind(o.symbol.kind).text(lang))"
            if let name, !name.isEmpty { text += ": \(name)" }
            let all = SymbolIndex.occurrences(of: o.symbol, model: place.model)
            func places(_ use: Occurrence.Use) -> String? {
                let list = all.filter { $0.use == use }
                guard !list.isEmpty else { return nil }
                let shown = list.prefix(8).map { o -> String in
                    let file = place.ws.relative(o.file) ?? o.file
                    let step = place.model.sops.first { $0.file == o.file }?.steps.last { $0.span.start <= o.span.start }
                    return "`\(file):\(o.span.start.line)`" + (step.map { " (\($0.ref.id))" } ?? "")
                }
                return shown.joined(separator: ", ") + (list.count > 8 ? " … (\(list.count))" : "")
            }
            for (use, label) in [
                (Occurrence.Use.declaration, LSPText.declared), (.made, .made), (.needed, .needed), (.reference, .referenced),
            ] {
                if let p = places(use) { text += "\n\n\(label.text(lang)): \(p)" }
            }
            return ["contents": ["kind": "markdown", "value": text], "range": place.lines.lspRange(o.span, encoding)]
        }
        // A duration on a `time:` or `deadline:` line.
        let line = place.lines.line(place.position.line - 1)
        let parsed = Self.parseLine(line)
        guard let key = parsed.key, key == "time" || key == "deadline" else { return NSNull() }
        var value = parsed.rest.trimmingCharacters(in: .whitespaces)
        if let hash = value.range(of: " #") { value = String(value[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces) }
        if value.count >= 2, value.first == "\"" || value.first == "'", value.last == value.first {
            value = String(value.dropFirst().dropLast())
        }
        guard let duration = StepDuration(parsing: value) else { return NSNull() }
        let calendar = place.model.calendar
        let minutes = duration.minutes(on: calendar)
        var text =
            "**\(value)** — \(LSPText.duration.text(lang)): \(FormText.duration(low: minutes.low, high: minutes.high, on: calendar))"
        if key == "deadline", let sop = place.ws.sop(at: place.path) {
            // SPEC §2's one rule, as the form, simulate and the deadline checks count it.
            let total = place.model.plannedTotal(of: sop)
            let shown = FormText.duration(low: total.low, high: total.high, on: calendar)
            text += "\n\n" + LSPText.mainPath(shown).text(lang)
            if total.high > minutes.high { text += "\n\n⚠ " + LSPText.deadlineOver(shown).text(lang) }
        }
        return ["contents": ["kind": "markdown", "value": text]]
    }

    // MARK: - Code actions

    func codeActions(_ params: [String: Any]) throws -> Any {
        let place = try place(params, needsPosition: false)
        guard let range = params["range"] as? [String: Any], let start = range["start"] as? [String: Any],
            let end = range["end"] as? [String: Any]
        else { throw Failure(code: RPCError.invalidParams, message: "a 'range' is needed") }
        let from = place.lines.source(line: Self.int(start["line"]), character: Self.int(start["character"]), encoding)
        let to = place.lines.source(line: Self.int(end["line"]), character: Self.int(end["character"]), encoding)
        let diagnostics = (place.ws.result?.diagnostics ?? []).filter { $0.file == place.path }.filter {
            !($0.span.end < from) && !(to < $0.span.start)
        }
        var actions: [[String: Any]] = []
        for d in diagnostics {
            guard let help = d.helpText, let (span, newText) = quickFix(d, help, place) else { continue }
            let edit: [String: Any] = ["range": place.lines.lspRange(span, encoding), "newText": newText]
            actions.append([
                "title": help.text(in: language), "kind": "quickfix", "isPreferred": true,
                "diagnostics": [lspDiagnostic(d, place.lines, place.ws)],
                "edit": ["changes": [uri(place.path): [edit]]],
            ])
        }
        return actions
    }

    /// The one obvious edit a help stands for, if it has one.
    func quickFix(_ d: Diagnostic, _ help: Message, _ place: Place) -> (SourceSpan, String)? {
        switch help {
        case .didYouMean(let s), .writeIDAs(let s), .writeYearFirst(let s): return (d.span, s)
        case .didYouMeanAlias(let s): return (d.span, "*" + s)
        case .writeSOPOrRename(let stem, _): return (d.span, stem)
        case .writeAsList(let s): return (d.span, "[\(s)]")
        case .writeVersion1: return (d.span, "1")
        case .writeYes: return (d.span, "yes")
        // A role's or a document's printed name written where its id belongs.
        case .roleName(_, let role): return (d.span, role)
        case .artefactName(_, let id, _): return (d.span, id)
        case .addToActors(let id):
            guard let sop = place.ws.sop(at: place.path), let span = sop.actorsSpan else { return nil }
            if span.start.line != span.end.line || place.lines.line(span.start.line - 1).contains("- ") {
                // A block list, one `- role` a line: a line like the last one, after it.
                guard let last = sop.actors?.last else { return nil }
                let line = place.lines.line(last.span.start.line - 1)
                let lead = line.prefix { $0 == " " || $0 == "-" }
                guard lead.contains("-") else { return nil }
                let end = SourcePosition(line: last.span.start.line, column: line.unicodeScalars.count + 1)
                return (SourceSpan(at: end, length: 0), "\n" + lead + id)
            }
            // A flow list `actors: [a, b]`: the id goes before its `]`.
            let line = place.lines.line(span.end.line - 1)
            let scalars = Array(line.unicodeScalars)
            let close = span.end.column - 2
            guard close >= 0, close < scalars.count, scalars[close] == "]" else { return nil }
            let empty = (sop.actors ?? []).isEmpty
            return (SourceSpan(at: SourcePosition(line: span.end.line, column: close + 1), length: 0), empty ? id : ", \(id)")
        default: return nil
        }
    }
}
