import Foundation
import Testing

@testable import SOPCompiler

/// The examples of docs/MACHINES.md that show output are real: the SCXML and BPMN replays are run as
/// shown, on the committed `generated/`, and the machine JSON excerpt is checked against the real file.
@Suite struct DocsExampleTests {
    static let machines = Paths.repo.appendingPathComponent("docs/MACHINES.md")

    /// The fenced blocks of a Markdown text: the info string, the lines, and the text after the block.
    static func blocks(_ text: String) -> [(info: String, lines: [String], after: String)] {
        let lines = text.components(separatedBy: "\n")
        var out: [(String, [String], String)] = []
        var i = 0
        while i < lines.count {
            guard lines[i].hasPrefix("```") else {
                i += 1
                continue
            }
            let info = String(lines[i].dropFirst(3))
            var j = i + 1
            while j < lines.count, !lines[j].hasPrefix("```") { j += 1 }
            let after = lines[min(j + 1, lines.count)..<min(j + 6, lines.count)].joined(separator: "\n")
            out.append((info, Array(lines[(i + 1)..<min(j, lines.count)]), after))
            i = j + 1
        }
        return out
    }

    /// A shown command with its `\` continuations joined, split into words.
    static func words(_ lines: [String]) -> [String] {
        lines.map { $0.hasSuffix("\\") ? String($0.dropLast()) : $0 }.joined(separator: " ")
            .split(separator: " ").map(String.init)
    }

    static func python(_ arguments: [String], in directory: URL) throws -> RunResult {
        try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, in: directory)
    }

    @Test(.tags(.engine), .notInFastLoop) func theSCXMLReplayPrintsWhatTheDocsShow() throws {
        let text = try String(contentsOf: Self.machines, encoding: .utf8)
        let block = try #require(
            Self.blocks(text).first { $0.info == "console" && $0.lines.first?.contains("scxml_replay.py") == true },
            "docs/MACHINES.md shows no scxml_replay.py session")
        let commandLines = block.lines.prefix { $0.hasPrefix("$ ") || $0.hasPrefix("    ") }
        let command = Array(Self.words(Array(commandLines)).dropFirst())  // "$"
        try #require(command.first == "python3")
        let shown = block.lines.dropFirst(commandLines.count).joined(separator: "\n") + "\n"
        let result = try Self.python(Array(command.dropFirst()), in: Paths.repo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Array(result.stdout.utf8) == Array(shown.utf8), "docs/MACHINES.md: the replay prints\n\(result.stdout)")
    }

    @Test(.tags(.engine), .notInFastLoop) func theBPMNReplayPrintsWhatTheDocsSay() throws {
        let text = try String(contentsOf: Self.machines, encoding: .utf8)
        let block = try #require(
            Self.blocks(text).first { $0.info == "sh" && $0.lines.contains { $0.contains("bpmn_replay.py") } },
            "docs/MACHINES.md shows no bpmn_replay.py command")
        try #require(block.lines.first == "cd generated")
        let command = Self.words(Array(block.lines.dropFirst()))
        try #require(command.first == "python3")
        // "prints `perintah`, `format`, …, one a line": the backticked names before "one a line".
        let sentence = try #require(block.after.components(separatedBy: "one a line").first)
        let names = sentence.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        try #require(names.count >= 3, "no list of printed steps after the command")
        let result = try Self.python(Array(command.dropFirst()), in: Paths.repo.appendingPathComponent("generated"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == names.map { $0 + "\n" }.joined(), "docs/MACHINES.md: the replay prints\n\(result.stdout)")
    }

    /// Whether `shown` (the excerpt, with `…` for what it leaves out) says only what `real` holds: objects
    /// by their shown keys, arrays that leave items out by each shown item, texts by the parts around `…`.
    static func agrees(_ shown: Any, _ real: Any, abridged: Set<String>, path: String) -> [String] {
        switch (shown, real) {
        case (let s as [String: Any], let r as [String: Any]):
            return s.keys.sorted().flatMap { key -> [String] in
                guard let value = r[key] else { return ["\(path).\(key): not in the file"] }
                return agrees(s[key]!, value, abridged: abridged, path: "\(path).\(key)")
            }
        case (let s as [Any], let r as [Any]):
            if abridged.contains(path) {
                return s.enumerated().flatMap { i, item in
                    r.contains { agrees(item, $0, abridged: abridged, path: "\(path)[]").isEmpty }
                        ? [] : ["\(path)[\(i)]: no such item in the file"]
                }
            }
            guard s.count == r.count else { return ["\(path): \(s.count) items shown, \(r.count) in the file"] }
            return zip(s, r).enumerated().flatMap { i, p in agrees(p.0, p.1, abridged: abridged, path: "\(path)[\(i)]") }
        case (let s as String, let r as String):
            var rest = Substring(r)
            for part in s.components(separatedBy: " … ") {
                guard let found = rest.range(of: part) else { return ["\(path): \"\(s)\" is not \"\(r)\""] }
                rest = rest[found.upperBound...]
            }
            return []
        case (let s as NSNumber, let r as NSNumber):
            return s == r ? [] : ["\(path): \(s) is not \(r)"]
        case (is NSNull, is NSNull):
            return []
        default:
            return ["\(path): \(shown) is not \(real)"]
        }
    }

    @Test func theMachineJSONExcerptIsTheRealFile() throws {
        let text = try String(contentsOf: Self.machines, encoding: .utf8)
        let block = try #require(Self.blocks(text).first { $0.info == "json" }, "docs/MACHINES.md shows no machine JSON")
        // The arrays that leave items out, then the excerpt made valid JSON without its `…` items.
        var abridged = Set<String>()
        var lines: [String] = []
        var stack: [String] = []
        for line in block.lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let key = trimmed.components(separatedBy: "\"").dropFirst().first, trimmed.hasSuffix("[") {
                stack.append(String(key))
            }
            if trimmed.contains(", …]") || trimmed == "…" || trimmed == "…," {
                if let key = trimmed.components(separatedBy: "\"").dropFirst().first, trimmed.contains(", …]") {
                    abridged.insert("$." + key)
                } else if let open = stack.last {
                    abridged.insert("$." + open)
                }
            }
            if trimmed.hasPrefix("]") { _ = stack.popLast() }
            if trimmed == "…" || trimmed == "…," { continue }
            lines.append(line.replacingOccurrences(of: ", …]", with: "]"))
        }
        var json = lines.joined(separator: "\n")
        json = json.replacingOccurrences(of: "},\n  ]", with: "}\n  ]")
        while json.contains(",\n  ]") || json.contains(",\n    ]") {
            json = json.replacingOccurrences(of: ",\n  ]", with: "\n  ]").replacingOccurrences(of: ",\n    ]", with: "\n    ]")
        }
        let shown = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let file = Paths.repo.appendingPathComponent("generated/lakip/lakip.machine.json")
        let real = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
        try #require(abridged.contains("$.states") && abridged.contains("$.actors"), "abridged arrays found: \(abridged)")
        let problems = Self.agrees(shown, real, abridged: abridged, path: "$")
        #expect(problems.isEmpty, "docs/MACHINES.md's excerpt differs from \(file.path):\n\(problems.joined(separator: "\n"))")
    }
}
