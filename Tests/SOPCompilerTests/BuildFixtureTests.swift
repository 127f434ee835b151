import Foundation
import Testing

@testable import SOPCompiler

/// Golden outputs of `sopc build` (the openapi generator's file-based reference tests): each
/// `Fixtures/build/<name>/definitions` is built, and every file of the plan — whatever emitters the plan
/// has, the manifest included — must equal `Fixtures/build/<name>/expected/<path>` byte for byte, and
/// `expected/` must hold nothing else. `SOPC_RECORD=1 swift test --filter BuildFixtureTests` rewrites the
/// goldens (and fails once, so that nobody records blindly).
@Suite struct BuildFixtureTests {
    static let root = Paths.fixtures.appendingPathComponent("build")

    static let fixtureNames = SOPCompilerTests.fixtureNames(in: root)

    /// The plan of a fixture's definitions, which must check without errors.
    static func plan(_ name: String) throws -> OutputPlan {
        let definitions = root.appendingPathComponent(name).appendingPathComponent("definitions")
        let result = try Checker.check(directory: definitions.path, displayPrefix: name)
        guard result.errorCount == 0 else {
            throw FixtureError(
                "fixture '\(name)' has errors:\n" + DiagnosticRenderer(colour: false, result: result).text(result.diagnostics))
        }
        return OutputPlan(result.lowered!)
    }

    /// The font files (`fonts/*.ttf`) are the same in every build, and FormFontTests compares them with the
    /// font itself: they have no golden of their own.
    static func hasGolden(_ path: String) -> Bool { !(path.hasPrefix("fonts/") && path.hasSuffix(".ttf")) }

    /// Every file a build writes, manifest included.
    static func files(_ name: String) throws -> [OutputPlan.File] {
        let plan = try plan(name)
        return plan.files + [OutputPlan.File(path: Manifest.fileName, bytes: Array(plan.manifest.text.utf8))]
    }

    /// One case per output file of every fixture, named `<fixture>/<path>`, so that a changed printable form
    /// fails on its own case and leaves the CSV and Markdown cases green.
    static let cases: [String] = nonEmptyCases(
        fixtureNames.flatMap { name in ((try? files(name)) ?? []).filter { hasGolden($0.path) }.map { "\(name)/\($0.path)" } },
        from: root.path + " (no output files)")

    @Test func thereAreFixtures() throws {
        for name in Self.fixtureNames + Self.cases { try requireFixture(name) }
        #expect(Self.fixtureNames.count >= 3)
        #expect(Self.cases.count >= Self.fixtureNames.count * 5)
    }

    @Test(arguments: cases)
    func outputMatchesGolden(_ id: String) throws {
        try requireFixture(id)
        let name = String(id.prefix { $0 != "/" })
        let path = String(id.dropFirst(name.count + 1))
        let file = try #require(try Self.files(name).first { $0.path == path })
        expectGolden(
            file.bytes, Self.root.appendingPathComponent(name).appendingPathComponent("expected").appendingPathComponent(path))
    }

    /// `expected/` holds exactly the plan's files: a golden of an output that is no longer produced fails
    /// (and is deleted when recording).
    @Test(arguments: fixtureNames)
    func expectedHoldsNothingElse(_ name: String) throws {
        try requireFixture(name)
        let expected = Self.root.appendingPathComponent(name).appendingPathComponent("expected")
        let produced = Set(try Self.files(name).map(\.path).filter(Self.hasGolden))
        let present = relativeFiles(under: expected)
        let extra = present.filter { !produced.contains($0) }
        if ProcessInfo.processInfo.environment["SOPC_RECORD"] == "1" {
            for path in extra { try? FileManager.default.removeItem(at: expected.appendingPathComponent(path)) }
            if !extra.isEmpty { Issue.record("removed goldens no longer produced: \(extra)") }
            return
        }
        #expect(extra.isEmpty, "goldens of files the build no longer writes: \(extra)")
    }

    /// What `OutputFolder.sync` leaves in an empty folder is exactly the plan and its manifest.
    @Test(arguments: fixtureNames)
    func syncWritesExactlyThePlan(_ name: String) throws {
        try requireFixture(name)
        let out = Scratch.folder.appendingPathComponent("sopc-build-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let files = try Self.files(name)
        let plan = try Self.plan(name)
        let report = try OutputFolder.sync(plan, to: out.path)
        #expect(report.written == plan.files.map(\.path))
        #expect(relativeFiles(under: out) == files.map(\.path).sorted())
        for file in files {
            let bytes = try Data(contentsOf: out.appendingPathComponent(file.path))
            #expect(Array(bytes) == file.bytes, "\(file.path) differs from the plan")
        }
        let again = try OutputFolder.sync(plan, to: out.path)
        #expect(again.written.isEmpty && again.removed.isEmpty && again.unchanged == plan.files.count)
    }

    /// Twice in this process (one hash seed: DeterminismTests compares two processes), and free of absolute
    /// paths and stray CRs.
    @Test(arguments: fixtureNames)
    func outputsAreDeterministic(_ name: String) throws {
        try requireFixture(name)
        let first = try Self.files(name)
        let second = try Self.files(name)
        #expect(first == second)
        for file in first {
            let text = String(decoding: file.bytes, as: UTF8.self)
            #expect(!text.contains(Paths.repo.path), "\(file.path) holds an absolute path")
            if !file.path.hasSuffix(".csv") && Self.hasGolden(file.path) {
                #expect(!text.contains("\r"), "\(file.path) has CR line ends")
            }
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Files below a folder, relative to it, sorted; hidden files included (the manifest is one).
func relativeFiles(under folder: URL) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
    var files: [String] = []
    while let rel = walker.nextObject() as? String {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(rel).path, isDirectory: &isDir), !isDir.boolValue
        {
            files.append(rel)
        }
    }
    return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
}
