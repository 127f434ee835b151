import SOPSystem

/// `sopc check --format json` (docs/CLI.md).
enum JSONReport {
    static func render(_ diagnostics: [Diagnostic], language: Language = .standard) -> String {
        let items: [JSONValue] = diagnostics.map { d in
            .object([
                ("id", .string(d.id.rawValue)),
                ("severity", .string(d.severity.rawValue)),
                ("message", .string(d.text.text(in: language))),
                ("file", .string(d.file)),
                ("line", .int(d.span.start.line)),
                ("column", .int(d.span.start.column)),
                ("endLine", .int(d.span.end.line)),
                ("endColumn", .int(d.span.end.column)),
                (
                    "notes",
                    .array(
                        d.notes.map { n in
                            .object([
                                ("message", .string(n.text.text(in: language))),
                                ("file", n.file.json),
                                ("line", n.position.map { .int($0.line) } ?? .null),
                                ("column", n.position.map { .int($0.column) } ?? .null),
                            ])
                        })
                ),
                ("help", (d.helpText?.text(in: language)).json),
            ])
        }
        let doc = JSONValue.object([
            ("diagnostics", .array(items)),
            ("errors", .int(diagnostics.count { $0.severity == .error })),
            ("warnings", .int(diagnostics.count { $0.severity == .warning })),
        ])
        return doc.serialized() + "\n"
    }
}

/// `sopc check --format sarif`: SARIF 2.1.0 with one rule per check id.
enum SARIFReport {
    static func render(_ diagnostics: [Diagnostic], language: Language = .standard) -> String {
        let ids = CheckID.allCases
        let ruleIndex = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        func level(_ s: Severity) -> JSONValue { .string(s == .error ? "error" : "warning") }
        func location(_ file: String, _ start: SourcePosition, _ end: SourcePosition?) -> JSONValue {
            var region: [(String, JSONValue)] = [("startLine", .int(start.line)), ("startColumn", .int(start.column))]
            if let end {
                region.append(("endLine", .int(end.line)))
                region.append(("endColumn", .int(max(end.column, end.line == start.line ? start.column + 1 : 1))))
            }
            return .object([
                (
                    "physicalLocation",
                    .object([
                        ("artifactLocation", .object([("uri", .string(uri(file)))])),
                        ("region", .object(region)),
                    ])
                )
            ])
        }
        let rules: [JSONValue] = ids.map { id in
            .object([
                ("id", .string(id.rawValue)),
                ("name", .string(id.rawValue)),
                ("shortDescription", .object([("text", .string(id.summary(in: language)))])),
                ("defaultConfiguration", .object([("level", level(id.severity))])),
            ])
        }
        let results: [JSONValue] = diagnostics.map { d in
            var text = d.text.text(in: language)
            if let help = d.helpText?.text(in: language) { text += " (help: \(help))" }
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(d.id.rawValue)),
                ("ruleIndex", .int(ruleIndex[d.id]!)),
                ("level", level(d.severity)),
                ("message", .object([("text", .string(text))])),
                ("locations", .array([location(d.file, d.span.start, d.span.end)])),
            ]
            let related: [JSONValue] = d.notes.enumerated().map { i, n in
                var m: [(String, JSONValue)] = [
                    ("id", .int(i)), ("message", .object([("text", .string(n.text.text(in: language)))])),
                ]
                if let file = n.file, let at = n.position {
                    if case .object(let loc) = location(file, at, nil) { m += loc }
                }
                return .object(m)
            }
            if !related.isEmpty { members.append(("relatedLocations", .array(related))) }
            return .object(members)
        }
        let doc = JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            (
                "runs",
                .array([
                    .object([
                        (
                            "tool",
                            .object([
                                (
                                    "driver",
                                    .object([
                                        ("name", .string("sopc")),
                                        ("version", .string(SOPCVersion.current)),
                                        ("rules", .array(rules)),
                                    ])
                                )
                            ])
                        ),
                        ("columnKind", .string("unicodeCodePoints")),
                        ("results", .array(results)),
                    ])
                ])
            ),
        ])
        return doc.serialized() + "\n"
    }

    /// A relative URI reference for a path (percent-encoding what a URI cannot hold).
    static func uri(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~/".contains(c) {
                out.append(c)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}

public enum SOPCVersion {
    public static let current = "0.1.0"
}
