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
