import Foundation
import Testing

@testable import SOPCompiler

/// The catalogue of diagnostic text: complete, keyed by check id, and never empty.
@Suite struct CatalogueTests {
    /// The case names of `Message`, read from its source: what the keys and examples must cover.
    static func caseNames() throws -> [String] {
        let url = Paths.repo.appendingPathComponent("Sources/SOPDiagnostics/Message.swift")
        let source = try String(contentsOf: url, encoding: .utf8)
        let body = try #require(source.components(separatedBy: "public indirect enum Message").last)
            .components(separatedBy: "/// The shape of a YAML node")[0]
        return body.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard words.count >= 2, words[0] == "case" else { return nil }
            return String(words[1].prefix { $0.isLetter || $0.isNumber })
        }
    }

    @Test func everyCaseHasAKeyAndAnExample() throws {
        let names = try Self.caseNames()
        #expect(names.count > 150)
        #expect(Set(names) == Set(Message.Key.allCases.map { String(describing: $0) }))
        #expect(Message.examples.map(\.key) == Message.Key.allCases)
    }

    @Test func everyCheckHasAnEntry() {
        let covered = Set(Message.Key.allCases.compactMap(\.checkID))
        for id in CheckID.allCases {
            #expect(covered.contains(id), "no catalogue entry for \(id.rawValue)")
        }
        for key in Message.Key.allCases where key.checkID == nil {
            #expect(key.rawValue.hasPrefix("common."), "\(key.rawValue) names no check id")
        }
    }

    @Test func noEntryRendersEmpty() {
        for language in Language.allCases {
            for example in Message.examples {
                #expect(!example.text(in: language).isEmpty, "\(example.key.rawValue) in \(language.rawValue)")
            }
            for shape in Message.Shape.allCases {
                #expect(!Message.mustBeText(.subjectRole, found: shape).text(in: language).hasSuffix("found "))
            }
        }
    }

    /// Every entry exists in every language, and the Indonesian is a translation: an entry whose English has
    /// more than two words and reads the same in Indonesian was left untranslated. Only `.external` (text
    /// from outside sopc) is shown as it came.
    @Test func everyEntryIsInBothLanguages() {
        for example in Message.examples {
            let english = example.text(in: .english)
            let indonesian = example.text(in: .indonesian)
            #expect(!english.isEmpty, "\(example.key.rawValue) has no English")
            #expect(!indonesian.isEmpty, "\(example.key.rawValue) has no Indonesian")
            if case .external = example { continue }
            if english.split(separator: " ").count > 2 {
                #expect(indonesian != english, "\(example.key.rawValue) is not translated: \(indonesian)")
            }
        }
        // Entries that carry another entry render it in the same language.
        let nested = Message.unknownKey("x", in: .subjectStepPart(.activity, of: .subjectStepNamed("s")))
        #expect(nested.text(in: .indonesian) == "kunci 'x' tidak dikenal dalam kegiatan ('activity') pada langkah 's'")
        #expect(nested.text(in: .english) == "unknown key 'x' in the activity of step 's'")
    }

    /// The parts messages are made of: every shape, step part and use of an artefact, in both languages.
    @Test func partsAreInBothLanguages() {
        let parts: [Message.StepPart] = [
            .activity, .actor, .actors, .needs, .makes, .time, .notes, .call, .allowList, .question, .nextStep,
            .branch("yes"), .branch("no"), .branch("x"),
        ]
        for part in parts {
            let example = Message.subjectStepPart(part, of: .subjectTheStep)
            #expect(example.text(in: .english).hasPrefix("the "), "\(part)")
            #expect(example.text(in: .indonesian).hasSuffix(" pada langkah ini"), "\(part)")
            #expect(!example.text(in: .indonesian).hasPrefix(" pada"), "\(part) has no Indonesian")
        }
        for shape in Message.Shape.allCases {
            let english = Message.mustBeText(.subjectRole, found: shape).text(in: .english)
            let indonesian = Message.mustBeText(.subjectRole, found: shape).text(in: .indonesian)
            #expect(!english.hasSuffix("found ") && !indonesian.hasSuffix("bukan "), "\(shape)")
        }
        // `.need` is never shown: needing equipment is allowed, so no message names it.
        for use in Message.ArtefactUse.allCases where use != .need {
            let english = Message.equipmentNotFor("x", use: use).text(in: .english)
            let indonesian = Message.equipmentNotFor("x", use: use).text(in: .indonesian)
            #expect(!english.hasSuffix("not ") && !indonesian.hasSuffix("tidak dapat "), "\(use)")
        }
        #expect(Message.allowTakes(warnings: ["a", "b", "c"]).text(in: .indonesian) == "'allow:' menerima 'a', 'b', dan 'c'")
        #expect(Message.allowTakes(warnings: ["a", "b"]).text(in: .indonesian) == "'allow:' menerima 'a' dan 'b'")
        #expect(
            Message.monthHasDays(month: 2, year: 2023, days: 28).text(in: .indonesian) == "Februari 2023 hanya memiliki 28 hari")
        for id in CheckID.allCases {
            #expect(
                !id.indonesianSummary.isEmpty && id.indonesianSummary != id.summary, "\(id.rawValue) has no Indonesian summary")
        }
    }

    @Test func diagnosticsRenderTheirEntries() {
        let d = Diagnostic(
            .unknownActor, .notARole("kabag"), file: "a.sop.yaml", span: .fileStart,
            notes: [DiagnosticNote(.rolesDefinedIn("sopc.yaml"))], help: .didYouMean("ka-bag"))
        #expect(d.message == "'kabag' is not a role of the project")
        #expect(d.notes[0].message == "the roles are defined in sopc.yaml")
        #expect(d.help == "did you mean 'ka-bag'?")
        // Text from outside sopc (libyaml, the operating system) is the one entry shown as it is.
        let outside = Diagnostic(.yamlSyntax, .external("as libyaml wrote it"), file: "a.sop.yaml", span: .fileStart)
        #expect(outside.message == "as libyaml wrote it" && outside.help == nil)
    }
}
