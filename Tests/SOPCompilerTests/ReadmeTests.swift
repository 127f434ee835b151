import Foundation
import Testing

@testable import SOPCompiler

/// The README's check reference and example are made from the fixtures' golden reports, so the
/// documentation shows what sopc really prints. `SOPC_RECORD=1` rewrites the sections (and fails once).
@Suite struct ReadmeTests {
    static let readme = Paths.repo.appendingPathComponent("README.md")

    /// The text between `<!-- name:begin -->` and `<!-- name:end -->`.
    static func section(_ name: String, in text: String) -> Range<String.Index>? {
        guard let b = text.range(of: "<!-- \(name):begin -->\n"), let e = text.range(of: "<!-- \(name):end -->", range: b.upperBound..<text.endIndex)
        else { return nil }
        return b.upperBound..<e.lowerBound
    }

    static func golden(_ fixture: String) -> String? {
        // Decoded from the bytes as they are (String(contentsOf:) would also be fine, but say it: no normalising).
        (try? Data(contentsOf: Paths.checkFixtures.appendingPathComponent(fixture).appendingPathComponent("expected.txt")))
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// The golden of the fixture named after the id, or else of its first variant (`too-large-…`).
    static func example(_ id: CheckID) -> String? {
        if let text = golden(id.rawValue) { return text }
        return CheckFixtureTests.fixtureNames.first { $0.hasPrefix(id.rawValue + "-") }.flatMap(golden)
    }

    static func expectedChecks() -> String {
        var out = "Errors fail `sopc check`; warnings fail it only under `--strict`, and can be silenced with `allow: [<id>]` on the SOP or on one step (an `allow:` naming an error is itself an error). Each example below is the golden output of the fixture `Tests/SOPCompilerTests/Fixtures/check/<id>/`.\n\n"
        out += "| id | severity | when |\n|---|---|---|\n"
        for id in CheckID.allCases { out += "| [`\(id.rawValue)`](#\(id.rawValue)) | \(id.severity.rawValue) | \(id.summary) |\n" }
        for id in CheckID.allCases {
            out += "\n### `\(id.rawValue)`\n\n\(id.severity.rawValue): \(id.summary).\n\n"
            if id == .staleOutput {
                out += "Reported by `sopc check --generated OUT` only: each file in OUT that `sopc build` would change (see [Building](#building)).\n\n"
            }
            if let text = example(id) { out += "```text\n\(text)```\n" }
        }
        return out
    }

    @Test func checkReferenceAndExampleAreCurrent() throws {
        var text = try String(contentsOf: Self.readme, encoding: .utf8)
        let example = "```text\n" + (Self.golden("artefact-unavailable") ?? "") + "```\n"
        var stale: [String] = []
        for (name, body) in [("example", example), ("checks", Self.expectedChecks())] {
            let range = try #require(Self.section(name, in: text), "README lacks the \(name) markers")
            // As bytes: String `==` would take a golden in another Unicode normalisation as current.
            if Array(text[range].utf8) != Array(body.utf8) {
                stale.append(name)
                text.replaceSubrange(range, with: body)
            }
        }
        if !stale.isEmpty {
            if ProcessInfo.processInfo.environment["SOPC_RECORD"] == "1" {
                try text.write(to: Self.readme, atomically: true, encoding: .utf8)
                Issue.record("rewrote README sections \(stale); run again without SOPC_RECORD")
            } else {
                Issue.record("README sections \(stale) are stale; run the tests with SOPC_RECORD=1")
            }
        }
        for id in CheckID.allCases { #expect(text.contains("### `\(id.rawValue)`")) }
    }
}
