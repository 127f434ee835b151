import Foundation
import Testing

@testable import SOPCompiler

/// One bad fixture per check id (actionlint's `testdata/err`): `Fixtures/check/<id>[-variant]/` holds a
/// `definitions/` folder, and its `expected.txt` the rendered text report, byte for byte; `expected.id.txt`
/// is the same report in Bahasa Indonesia (`--lang id`). A fixture that also holds a `generated/` folder is
/// checked with it as `--generated` (shown as `<id>/generated/…`).
@Suite struct CheckFixtureTests {
    static let fixtureNames = SOPCompilerTests.fixtureNames(in: Paths.checkFixtures)

    /// The report for a fixture, with paths shown relative to the fixtures folder.
    static func report(_ name: String, language: Language = .english) throws -> (text: String, result: CheckResult) {
        let fixture = Paths.checkFixtures.appendingPathComponent(name)
        let dir = fixture.appendingPathComponent("definitions")
        var result = try Checker.check(directory: dir.path, displayPrefix: name)
        let generated = fixture.appendingPathComponent("generated")
        if FileManager.default.fileExists(atPath: generated.path) {
            try Pipeline.checkGenerated(&result, out: generated.path, displayPrefix: name + "/generated")
        }
        let renderer = DiagnosticRenderer(colour: false, result: result, language: language)
        return (renderer.text(result.diagnostics), result)
    }

    @Test(arguments: fixtureNames)
    func fixtureMatchesGolden(_ name: String) throws {
        try requireFixture(name)
        let (text, result) = try Self.report(name)
        expectGolden(text, Paths.checkFixtures.appendingPathComponent(name).appendingPathComponent("expected.txt"))
        // The fixture is named after the id it proves, and that id must be reported.
        let id = CheckID.allCases.filter { name == $0.rawValue || name.hasPrefix($0.rawValue + "-") }
            .max { $0.rawValue.count < $1.rawValue.count }
        #expect(id != nil, "fixture '\(name)' is not named after a check id")
        if let id { #expect(result.diagnostics.contains { $0.id == id }, "fixture '\(name)' does not report \(id.rawValue)") }
    }

    /// The same report in Bahasa Indonesia: every line but the messages, notes, help and summary is the
    /// English report's.
    @Test(arguments: fixtureNames)
    func fixtureMatchesIndonesianGolden(_ name: String) throws {
        try requireFixture(name)
        let (text, _) = try Self.report(name, language: .indonesian)
        expectGolden(text, Paths.checkFixtures.appendingPathComponent(name).appendingPathComponent("expected.id.txt"))
        let english = try Self.report(name).text.split(separator: "\n", omittingEmptySubsequences: false)
        let indonesian = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(english.count == indonesian.count, "\(name): the reports have different numbers of lines")
        for (e, i) in zip(english, indonesian) {
            // Source excerpts and blank lines are the same; a diagnostic's first line keeps its place and id.
            if e.hasPrefix("  ") && !e.hasPrefix("  note:") && !e.hasPrefix("  help:") || e.isEmpty {
                #expect(e == i, "\(name): excerpt lines differ")
            } else if e.hasSuffix("]"), let place = e.firstRange(of: ": error: ") ?? e.firstRange(of: ": warning: ") {
                #expect(i.hasPrefix(e[..<place.upperBound]), "\(name): the place or severity differs")
                #expect(i.hasSuffix(e[e.lastIndex(of: "[")!...]), "\(name): the id differs")
            }
        }
    }

    @Test func everyCheckIDHasAFixture() throws {
        try requireFixture(Self.fixtureNames[0])
        var missing: [String] = []
        for id in CheckID.allCases {
            let has = Self.fixtureNames.contains { $0 == id.rawValue || $0.hasPrefix(id.rawValue + "-") }
            if !has { missing.append(id.rawValue) }
        }
        #expect(missing.isEmpty, "check ids without a fixture: \(missing.joined(separator: ", "))")
    }
}
