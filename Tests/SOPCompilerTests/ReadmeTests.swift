import Foundation
import Testing

@testable import SOPCompiler

/// The documentation shows what sopc really prints: the README's example and `docs/CHECKS.md` are made
/// from the fixtures' golden reports, and the README's walk-through is run on the real binary.
/// `SOPC_RECORD=1` rewrites the sections (and fails once).
@Suite struct ReadmeTests {
    static let readme = Paths.repo.appendingPathComponent("README.md")
    /// Every check, with its example (the `checks` section).
    static let checksDoc = Paths.repo.appendingPathComponent("docs/CHECKS.md")
    /// The runtime, `sopc simulate` and `sopc run` (the `simulate-example` and `run-example` sections).
    static let runtimeDoc = Paths.repo.appendingPathComponent("docs/RUNTIME.md")

    /// The text between `<!-- name:begin -->` and `<!-- name:end -->`.
    static func section(_ name: String, in text: String) -> Range<String.Index>? {
        guard let b = text.range(of: "<!-- \(name):begin -->\n"),
            let e = text.range(of: "<!-- \(name):end -->", range: b.upperBound..<text.endIndex)
        else { return nil }
        return b.upperBound..<e.lowerBound
    }

    /// The English golden (`expected.txt`) of a fixture, or its Indonesian one (`expected.id.txt`).
    static func golden(_ fixture: String, _ language: Language = .english) -> String? {
        let name = language == .english ? "expected.txt" : "expected.\(language.rawValue).txt"
        // Decoded from the bytes as they are (String(contentsOf:) would also be fine, but say it: no normalising).
        return (try? Data(contentsOf: Paths.checkFixtures.appendingPathComponent(fixture).appendingPathComponent(name)))
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// The golden of the fixture named after the id, or else of its first variant (`too-large-…`).
    static func example(_ id: CheckID, _ language: Language = .english) -> String? {
        if let text = golden(id.rawValue, language) { return text }
        return CheckFixtureTests.fixtureNames.first { $0.hasPrefix(id.rawValue + "-") }.flatMap { golden($0, language) }
    }

    static func expectedChecks() -> String {
        var out =
            "Errors fail `sopc check`; warnings fail it only under `--strict`, and can be silenced with `allow: [<id>]` on the SOP or on one step (an `allow:` naming an error is itself an error). Each example below is the golden output of the fixture `Tests/SOPCompilerTests/Fixtures/check/<id>/`, in English (`expected.txt`) and then in Bahasa Indonesia (`--lang id`, `expected.id.txt`); ids, places and severities are the same in both.\n\n"
        out += "| id | severity | when |\n|---|---|---|\n"
        for id in CheckID.allCases {
            out += "| [`\(id.rawValue)`](#\(id.rawValue)) | \(id.severity.rawValue) | \(id.summary) |\n"
        }
        for id in CheckID.allCases {
            out += "\n## `\(id.rawValue)`\n\n\(id.severity.rawValue): \(id.summary).\n\n"
            out += "Bahasa Indonesia: *\(id.summary(in: .indonesian))*.\n\n"
            if id == .staleOutput {
                out +=
                    "Reported by `sopc check --generated OUT` only: each file in OUT that `sopc build` would change (see [Building](OUTPUTS.md#building)), "
                    + "and each temporary file `.<name>.sopc-<pid>.tmp` that a build killed midway left beside a file it writes, its process no "
                    + "longer running (\"a temporary file that an interrupted 'sopc build' left behind (its process no longer runs)\"; in Bahasa "
                    + "Indonesia \"berkas sementara yang tertinggal dari 'sopc build' yang terputus (prosesnya sudah tidak berjalan)\"), at line 1, "
                    + "column 1 of its path: the next `sopc build` removes it.\n\n"
            }
            if id == .tooLarge {
                out +=
                    "The limits keep a damaged or generated file to seconds and megabytes. A file of millions of one-letter items "
                    + "(`steps: [x,x,x,…]`, 32 MiB of `- x` lines) is read up to the node past 3,000,000 (keys, values and list items; "
                    + "a 32 MiB SOP of real steps has about two million), which is reported, and no further. An SOP of more than "
                    + "250,000 steps is reported at its `steps:`, and none of its steps is checked. A file with more than 1,000 "
                    + "problems has 1,000 of them reported, in report order, and one more at its line 1, column 1 (an error when "
                    + "what it leaves out holds an error, else a warning, so that a long SOP's warnings do not fail its check): "
                    + "\"more than 1,000 problems in this file: 1,000 are reported, 239,000 more are left out\" (in Bahasa Indonesia "
                    + "\"berkas ini memuat lebih dari 1.000 masalah: 1.000 dilaporkan, 239.000 lainnya tidak dilaporkan\"), with the "
                    + "help \"correct the problems reported, then check again\".\n\n"
            }
            if let text = example(id) { out += "```text\n\(text)```\n" }
            if let text = example(id, .indonesian) { out += "\nBahasa Indonesia (`--lang id`):\n\n```text\n\(text)```\n" }
        }
        return out
    }

    /// Replaces each named section of the file whose text differs; with `SOPC_RECORD=1` writes the file.
    /// Records an issue when a section was stale, and returns the file's text as it should be.
    @discardableResult
    static func refresh(_ file: URL, _ sections: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> String
    {
        var text = try String(contentsOf: file, encoding: .utf8)
        var stale: [String] = []
        for (name, body) in sections {
            let range = try #require(
                section(name, in: text), "\(file.lastPathComponent) lacks the \(name) markers", sourceLocation: sourceLocation)
            // As bytes: String `==` would take a golden in another Unicode normalisation as current.
            if Array(text[range].utf8) != Array(body.utf8) {
                stale.append(name)
                text.replaceSubrange(range, with: body)
            }
        }
        if !stale.isEmpty {
            let path = file.path.replacingOccurrences(of: Paths.repo.path + "/", with: "")
            if ProcessInfo.processInfo.environment["SOPC_RECORD"] == "1" {
                try text.write(to: file, atomically: true, encoding: .utf8)
                Issue.record(
                    "rewrote \(path) sections \(stale); run again without SOPC_RECORD, and read the diff",
                    sourceLocation: sourceLocation)
            } else {
                Issue.record(
                    "\(path) sections \(stale) are stale; run the tests with SOPC_RECORD=1", sourceLocation: sourceLocation)
            }
        }
        return text
    }

    @Test func checkReferenceAndExampleAreCurrent() throws {
        let example = "```text\n" + (Self.golden("artefact-unavailable") ?? "") + "```\n"
        try Self.refresh(Self.readme, [("example", example)])
        let checks = try Self.refresh(Self.checksDoc, [("checks", Self.expectedChecks())])
        for id in CheckID.allCases { #expect(checks.contains("## `\(id.rawValue)`")) }
    }
}

extension ReadmeTests {
    /// A fenced block: the lines between the opening fence at `open` and its closing fence at `close`.
    struct Fence {
        var info: String
        var body: [String]
        var close: Int
    }

    static func fence(after marker: Int, in lines: [String]) throws -> Fence {
        let open = marker + 1
        try #require(open < lines.count && lines[open].hasPrefix("```"), "a fenced block must follow \(lines[marker])")
        let close = try #require(lines[(open + 1)...].firstIndex(of: "```"), "the block after \(lines[marker]) is not closed")
        return Fence(info: String(lines[open].dropFirst(3)), body: Array(lines[(open + 1)..<close]), close: close)
    }

    /// The README's five-minute walk-through is real. In document order, within its `walkthrough`
    /// section: `<!-- walkthrough:file PATH -->` writes the block after it to PATH in a fresh folder;
    /// `<!-- walkthrough:edit PATH -->` applies the `diff` block after it (`-` lines out, `+` lines in,
    /// ` ` lines kept) to PATH; `<!-- walkthrough:run -->` runs each `$ sopc …` command of the `console`
    /// block after it in that folder, and its output (standard output, then standard error) must be the
    /// lines shown after the command; `<!-- walkthrough:print -->` is the Chromium command, whose page
    /// must be what the build wrote. `SOPC_RECORD=1` writes the real output into the README (and fails).
    @Test func theWalkThroughIsReal() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let range = try #require(Self.section("walkthrough", in: text), "README lacks the walkthrough markers")
        let dir = Scratch.folder.appendingPathComponent("sopc-walkthrough-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        let lines = text[range].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var files = 0
        var edits = 0
        var printed = 0
        var statuses: [Int32] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard line.hasPrefix("<!-- walkthrough:"), line.hasSuffix(" -->") else {
                out.append(line)
                i += 1
                continue
            }
            let words = line.dropFirst("<!-- walkthrough:".count).dropLast(" -->".count).split(separator: " ").map(String.init)
            let block = try Self.fence(after: i, in: lines)
            out.append(contentsOf: lines[i...block.close])
            switch words.first {
            case "file":
                let file = dir.appendingPathComponent(try #require(words.dropFirst().first, "\(line) names no file"))
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try (block.body.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
                files += 1
            case "edit":
                #expect(block.info == "diff", "\(line)")
                let file = dir.appendingPathComponent(try #require(words.dropFirst().first, "\(line) names no file"))
                var old: [String] = []
                var new: [String] = []
                for l in block.body {
                    let rest = String(l.dropFirst())
                    switch l.first {
                    case "-": old.append(rest)
                    case "+": new.append(rest)
                    default:
                        old.append(rest)
                        new.append(rest)
                    }
                }
                let before = try String(contentsOf: file, encoding: .utf8)
                let oldText = old.joined(separator: "\n") + "\n"
                let newText = new.joined(separator: "\n") + "\n"
                try #require(
                    before.components(separatedBy: oldText).count == 2, "\(line): the '-' lines must occur once in the file")
                let after = before.replacingOccurrences(of: oldText, with: newText)
                try after.write(to: file, atomically: true, encoding: .utf8)
                edits += 1
            case "run":
                #expect(block.info == "console", "\(line)")
                out.removeLast(block.body.count + 1)
                for l in block.body where l.hasPrefix("$ ") {
                    let command = l.dropFirst(2).split(separator: " ").map(String.init)
                    try #require(command.first == "sopc", "the walk-through runs sopc only: \(l)")
                    let r = try sopc(Array(command.dropFirst()), in: dir)
                    statuses.append(r.status)
                    out.append(l)
                    let shown = r.stdout + r.stderr
                    out.append(
                        contentsOf: shown.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init))
                }
                out.append("```")
            case "print":
                let command = try #require(block.body.first { $0.hasPrefix("chromium ") }, "\(line): no chromium command")
                #expect(command.contains(" --headless ") && command.contains(" --print-to-pdf="))
                let page = try #require(command.split(separator: " ").last.map(String.init))
                #expect(
                    page.hasSuffix(".html") && FileManager.default.fileExists(atPath: dir.appendingPathComponent(page).path),
                    "\(page) is not a page the build wrote")
                printed += 1
            default:
                Issue.record("unknown walk-through marker \(line)")
            }
            i = block.close + 1
        }
        #expect(files >= 2 && edits >= 1 && printed == 1, "the walk-through writes a project, fixes it and prints it")
        #expect(statuses.contains(1), "the walk-through shows a mistake (a command exiting 1)")
        #expect(
            statuses.count >= 3 && statuses.suffix(3).allSatisfy { $0 == 0 }, "after the fix every command succeeds: \(statuses)")
        try Self.refresh(Self.readme, [("walkthrough", out.joined(separator: "\n"))])
    }
}
