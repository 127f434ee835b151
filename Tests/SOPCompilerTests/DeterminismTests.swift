import Foundation
import Testing

@testable import SOPCompiler

/// The same input gives the same bytes in two separate runs of the real `sopc`: one with
/// `SWIFT_DETERMINISTIC_HASHING=1`, one without it (removed from the child's environment, so its `Set` and
/// `Dictionary` orders come from a fresh random seed). Computing an output twice in one process cannot catch
/// an order taken from a hash table, since both computations share the process's seed; two processes can.
@Suite struct DeterminismTests {
    static let hashing = "SWIFT_DETERMINISTIC_HASHING"

    /// Runs `arguments` twice, in `a` and `b` below `directory` (the same relative paths, so that messages
    /// naming them match): with deterministic hashing, then with a random seed.
    static func twice(_ arguments: [String], in directory: URL) throws -> (RunResult, RunResult) {
        for run in ["a", "b"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(run), withIntermediateDirectories: true)
        }
        let fixed = try sopc(arguments, in: directory.appendingPathComponent("a"), environment: [hashing: "1"])
        let random = try sopc(arguments, in: directory.appendingPathComponent("b"), removing: [hashing])
        return (fixed, random)
    }

    /// Every file below `a` and `b`: the same names, byte for byte the same contents.
    static func expectSameFiles(_ a: URL, _ b: URL, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        // The build state (stamps of this machine's files) is not part of the output.
        let files = relativeFiles(under: a).filter { $0 != ".sopc-state" }
        try #require(!files.isEmpty, "\(what): the build wrote nothing", sourceLocation: sourceLocation)
        #expect(
            relativeFiles(under: b).filter { $0 != ".sopc-state" } == files, "\(what): the two runs wrote different files",
            sourceLocation: sourceLocation)
        for path in files {
            let x = try [UInt8](Data(contentsOf: a.appendingPathComponent(path)))
            let y = (try? Data(contentsOf: b.appendingPathComponent(path))).map { [UInt8]($0) } ?? []
            if x != y {
                Issue.record("\(what): \(path) differs between the runs:\n\(byteDiff(x, y))", sourceLocation: sourceLocation)
            }
        }
    }

    /// `definitions/` and fixture projects of several SOPs (calls, seven actors, early ends, hostile texts).
    static let projects: [(name: String, definitions: URL)] = [
        ("definitions", Paths.definitions),
        ("machine/nested", Paths.fixtures.appendingPathComponent("machine/nested/definitions")),
        ("build/seven-actors", Paths.fixtures.appendingPathComponent("build/seven-actors/definitions")),
        ("build/ends-early", Paths.fixtures.appendingPathComponent("build/ends-early/definitions")),
        ("injection", Paths.fixtures.appendingPathComponent("injection/definitions")),
    ]

    @Test(arguments: projects.map(\.name))
    func buildsAreTheSameBytesInTwoProcesses(_ name: String) throws {
        let definitions = try #require(Self.projects.first { $0.name == name }?.definitions)
        let sops = try FileManager.default.contentsOfDirectory(atPath: definitions.path).filter { $0.hasSuffix(".sop.yaml") }
        try #require(sops.count >= 2, "\(definitions.path) should hold several SOPs")
        let out = Scratch.folder.appendingPathComponent("sopc-determinism-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        // The injection fixture has warnings (its hostile texts allow them): a build shows them and goes on.
        let (fixed, random) = try Self.twice(["build", definitions.path, "--out", "generated"], in: out)
        try #require(fixed.status == 0, "\(name): \(fixed.stderr)")
        try #require(random.status == 0, "\(name): \(random.stderr)")
        #expect(fixed.stdoutBytes == random.stdoutBytes, "\(name): the build's report differs")
        #expect(fixed.stderr == random.stderr)
        try Self.expectSameFiles(out.appendingPathComponent("a/generated"), out.appendingPathComponent("b/generated"), name)
    }

    /// A project with many diagnostics of many kinds, in many files: the SOP files of every check fixture
    /// side by side (so also many duplicate SOP ids), beside one project file.
    static func manyDiagnostics() throws -> URL {
        let dir = Scratch.folder.appendingPathComponent("sopc-many-\(UUID().uuidString)")
        let definitions = dir.appendingPathComponent("definitions")
        try FileManager.default.createDirectory(at: definitions, withIntermediateDirectories: true)
        let project = Paths.checkFixtures.appendingPathComponent("unknown-actor/definitions/sopc.yaml")
        try FileManager.default.copyItem(at: project, to: definitions.appendingPathComponent("sopc.yaml"))
        for name in fixtureNames(in: Paths.checkFixtures) {
            try requireFixture(name)
            let folder = Paths.checkFixtures.appendingPathComponent(name).appendingPathComponent("definitions")
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            where file.hasSuffix(".sop.yaml") {
                try FileManager.default.copyItem(
                    at: folder.appendingPathComponent(file), to: definitions.appendingPathComponent("\(name)--\(file)"))
            }
        }
        return dir
    }

    @Test func checkReportsAreTheSameBytesInTwoProcesses() throws {
        let dir = try Self.manyDiagnostics()
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ["json", "sarif", "text"] {
            let (fixed, random) = try Self.twice(
                ["check", dir.appendingPathComponent("definitions").path, "--format", format], in: dir)
            #expect(fixed.status == 1, "\(format): \(fixed.stderr)")
            #expect(random.status == fixed.status)
            // Many diagnostics, of many kinds: else the comparison proves little.
            let ids = Set(
                CheckID.allCases.map(\.rawValue).filter { fixed.stdout.contains("\"\($0)\"") || fixed.stdout.contains("[\($0)]") }
            )
            #expect(fixed.stdout.components(separatedBy: "\n").count > 200, "\(format): a short report")
            #expect(ids.count >= 25, "\(format): only \(ids.sorted())")
            if fixed.stdoutBytes != random.stdoutBytes {
                Issue.record(
                    "sopc check --format \(format) differs between the runs:\n\(byteDiff(fixed.stdoutBytes, random.stdoutBytes))")
            }
            #expect(fixed.stderr == random.stderr, "\(format)")
        }
    }

    /// The helper really removes the variable from the child (else both runs would hash alike).
    @Test func theSecondRunHashesWithARandomSeed() throws {
        let env = URL(fileURLWithPath: "/usr/bin/env")
        let with = try run(env, [], environment: [Self.hashing: "1"])
        let without = try run(env, [], environment: [Self.hashing: "1"], removing: [Self.hashing])
        #expect(with.stdout.contains("\(Self.hashing)=1\n"))
        #expect(!without.stdout.contains(Self.hashing))
    }
}
