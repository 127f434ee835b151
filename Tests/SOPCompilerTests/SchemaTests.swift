import Foundation
import Testing

@testable import SOPCompiler
@testable import SOPFrontEnd

/// `schemas/sopc.schema.json` and `schemas/sop.schema.json` (SPEC §6) read by python-jsonschema, the files
/// read as YAML 1.2 as the YAML language servers read them (Tests/consumers/validate_schemas.py): every file
/// `sopc check` finds no error in validates, and every file with an error the schema can express is rejected.
@Suite(.tags(.consumer), .notInFastLoop) struct SchemaTests {
    /// The checks a JSON Schema can express: a key, a shape, a pattern.
    static let expressible: Set<CheckID> = [.unknownKey, .missingKey, .wrongType, .invalidID, .invalidTime, .invalidDate]

    /// Each file's schema errors, by path.
    static func validate(_ files: [String]) throws -> [String: [String]] {
        let script = Paths.repo.appendingPathComponent("Tests/consumers/validate_schemas.py").path
        let schemas = Paths.repo.appendingPathComponent("schemas").path
        let r = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, schemas] + files)
        try #require(r.status == 0, "validate_schemas.py failed (scripts/run setup installs jsonschema, PyYAML): \(r.stderr)")
        return try JSONDecoder().decode([String: [String]].self, from: Data(r.stdout.utf8))
    }

    /// The YAML files of a definitions folder, relative paths and absolute ones.
    static func yamlFiles(_ root: URL) -> [(rel: String, path: String)] {
        let names = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String]) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { ($0, root.appendingPathComponent($0).path) }
    }

    /// Every definitions folder of the fixtures, and the project's own.
    static var folders: [URL] {
        var result = [Paths.definitions]
        for group in ["build", "form", "machine", "check"] {
            let dir = Paths.fixtures.appendingPathComponent(group)
            for name in fixtureNames(in: dir) where !name.hasPrefix(noFixturesMarker) {
                let definitions = dir.appendingPathComponent(name).appendingPathComponent("definitions")
                if FileManager.default.fileExists(atPath: definitions.path) { result.append(definitions) }
            }
        }
        return result
    }

    @Test func acceptedFilesValidateAndExpressibleErrorsAreRejected() throws {
        var rejectedIDs = Set<CheckID>()
        var checkedFiles = 0
        // Each folder's files with the errors sopc check finds in them; then one validator run over all.
        var cases: [(path: String, errors: [Diagnostic])] = []
        for folder in Self.folders {
            let result = try Checker.check(directory: folder.path, displayPrefix: "")
            for (rel, path) in Self.yamlFiles(folder) {
                cases.append((path, result.diagnostics.filter { $0.file == rel && $0.severity == .error }))
            }
        }
        let verdicts = try Self.validate(cases.map(\.path))
        for (path, errors) in cases {
            if errors.contains(where: { $0.id == .yamlSyntax || $0.id == .tooLarge || $0.id == .duplicateKey }) {
                continue  // not a schema's business: libyaml's reading, limits, repeated keys
            }
            let schemaErrors = try #require(verdicts[path])
            checkedFiles += 1
            if errors.isEmpty {
                #expect(schemaErrors.isEmpty, "\(path): sopc check accepts it, the schema does not: \(schemaErrors)")
            } else if let id = errors.map(\.id).first(where: Self.expressible.contains) {
                #expect(!schemaErrors.isEmpty, "\(path): sopc check reports '\(id.rawValue)', the schema accepts it")
                if !schemaErrors.isEmpty { rejectedIDs.formUnion(errors.map(\.id).filter(Self.expressible.contains)) }
            }
        }
        #expect(checkedFiles > 50)
        // Each expressible check has a fixture whose file the schema rejects.
        #expect(rejectedIDs == Self.expressible, "rejected: \(rejectedIDs.map(\.rawValue).sorted())")
    }

    /// Every key the decoders accept is in the schema at its place, and every key of the schemas has a
    /// description in English and, after `(ID) `, in Bahasa Indonesia.
    @Test func everyKeyIsThereAndDescribedInBothLanguages() throws {
        func schema(_ name: String) throws -> [String: Any] {
            let url = Paths.repo.appendingPathComponent("schemas/\(name).schema.json")
            return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        }
        let sop = try schema("sop")
        let project = try schema("sopc")
        func keys(_ node: Any?) -> Set<String> {
            Set(((node as? [String: Any])?["properties"] as? [String: Any])?.keys ?? [:].keys)
        }
        let sopTop = keys(sop)
        let identity = keys((sop["properties"] as? [String: Any])?["identity"])
        let step = keys((sop["definitions"] as? [String: Any])?["step"])
        #expect(Set(SOPDecoder.topKeys).isSubset(of: sopTop), "\(Set(SOPDecoder.topKeys).subtracting(sopTop))")
        #expect(Set(SOPDecoder.identityKeys).isSubset(of: identity), "\(Set(SOPDecoder.identityKeys).subtracting(identity))")
        #expect(Set(SOPDecoder.stepKeys).isSubset(of: step), "\(Set(SOPDecoder.stepKeys).subtracting(step))")
        #expect(Set(ProjectDecoder.topKeys).isSubset(of: keys(project)))
        var described = 0
        func walk(_ node: Any, _ path: String) {
            if let object = node as? [String: Any] {
                if let properties = object["properties"] as? [String: Any] {
                    for (key, value) in properties {
                        let text = (value as? [String: Any])?["description"] as? String ?? ""
                        let parts = text.components(separatedBy: "\n\n(ID) ")
                        #expect(
                            parts.count == 2 && parts.allSatisfy { $0.count > 3 }, "\(path)/\(key): '\(text)'")
                        described += 1
                    }
                }
                for (key, value) in object { walk(value, path + "/" + key) }
            } else if let list = node as? [Any] {
                for (i, value) in list.enumerated() { walk(value, path + "[\(i)]") }
            }
        }
        walk(sop, "sop.schema.json")
        walk(project, "sopc.schema.json")
        #expect(described > 40)
    }

    /// `allow:` lists exactly the warnings of CheckID (errors cannot be silenced).
    @Test func allowEnumIsTheWarnings() throws {
        let data = try Data(contentsOf: Paths.repo.appendingPathComponent("schemas/sop.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        let allow = try #require(properties["allow"] as? [String: Any])
        let items = try #require(allow["items"] as? [String: Any])
        let listed = Set(try #require(items["enum"] as? [String]))
        let warnings = Set(CheckID.allCases.filter { $0.severity == .warning }.map(\.rawValue))
        #expect(listed == warnings)
    }

    /// Durations of SPEC §1.3 against the schema's pattern, each also parsed by sopc's own reader where it
    /// accepts the form.
    @Test func durationPattern() throws {
        let data = try Data(contentsOf: Paths.repo.appendingPathComponent("schemas/sop.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let definitions = try #require(schema["definitions"] as? [String: Any])
        let duration = try #require(definitions["duration"] as? [String: Any])
        let pattern = try #require(duration["pattern"] as? String)
        let regex = try NSRegularExpression(pattern: pattern)
        func matches(_ s: String) -> Bool {
            regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
        }
        for good in [
            "5 menit", "1-2 hari", "1 – 2 hari", "1—2 Hari", "2 hari kerja", "3 JAM Kerja", "1,5 jam", "0.25 hours",
            "1 month", "10 detik", "2 weeks", "1.2345 jam", "12 minggu", "3 bulan",
        ] {
            #expect(matches(good), "\(good)")
        }
        for bad in ["1.000 menit", "1,000 menit", "30 mnt", "sebentar", "5", "menit", "1 - menit", "2 hari libur", "1..5 jam"] {
            #expect(!matches(bad), "\(bad)")
        }
    }
}
