import Foundation
import Testing

@testable import SOPCompiler

/// Paths the tests use, found from this file's place in the repository.
enum Paths {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = repo.appendingPathComponent("Tests/SOPCompilerTests/Fixtures")
    static let checkFixtures = fixtures.appendingPathComponent("check")
    /// `../shared` beside the checkout (as on the developers' machines and in CI), or `SOPC_SHARED`.
    static let shared = ProcessInfo.processInfo.environment["SOPC_SHARED"].map { URL(fileURLWithPath: $0) }
        ?? repo.deletingLastPathComponent().appendingPathComponent("shared")
    static let definitions = repo.appendingPathComponent("definitions")

    /// The `sopc` binary SwiftPM built beside the test bundle.
    static var sopc: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("sopc")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repo.appendingPathComponent(".build/debug/sopc")
    }
}

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion and returns its status and output.
func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil) throws -> RunResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    if let environment { env.merge(environment) { $1 } }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes while the process runs, so that neither fills up.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data(), errData = Data()
    group.enter()
    DispatchQueue.global().async {
        outData = out.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return RunResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs the real `sopc` binary.
func sopc(_ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil) throws -> RunResult {
    try run(Paths.sopc, arguments, in: directory, environment: environment)
}

/// Compares `actual` with the golden file; with `SOPC_RECORD=1` rewrites the golden and still fails, so
/// that nobody re-records blindly.
func expectGolden(_ actual: String, _ golden: URL, sourceLocation: SourceLocation = #_sourceLocation) {
    let expected = try? String(contentsOf: golden, encoding: .utf8)
    if ProcessInfo.processInfo.environment["SOPC_RECORD"] == "1" {
        if expected != actual {
            try? FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("recorded \(golden.path); run again without SOPC_RECORD to check it", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected else {
        Issue.record("no golden file \(golden.path); run with SOPC_RECORD=1 to create it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        Issue.record("output differs from \(golden.lastPathComponent):\n\(lineDiff(expected, actual))", sourceLocation: sourceLocation)
    }
}

/// A short line diff: `-` expected, `+` actual.
func lineDiff(_ expected: String, _ actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(a.count, b.count) {
        let x = i < a.count ? String(a[i]) : nil, y = i < b.count ? String(b[i]) : nil
        if x != y {
            if let x { out.append("-\(i + 1): \(x)") }
            if let y { out.append("+\(i + 1): \(y)") }
        }
        if out.count > 40 { break }
    }
    return out.joined(separator: "\n")
}

/// Writes a throwaway definitions folder from file name → content and returns it.
func temporaryProject(_ files: [String: String]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-test-\(UUID().uuidString)")
    for (name, content) in files {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: url, atomically: true, encoding: .utf8)
    }
    return dir
}

/// The smallest valid project file, for tests that only exercise SOP files.
let minimalProject = """
    sopc: 1
    organization:
      name: Biro Humas
    roles:
      kabiro: { name: Ka Biro }
      kasubag-tu: { name: Kasubag TU }
      pelaksana: { name: Pelaksana }
    artefacts:
      surat: Surat masuk
      laporan: Laporan
    equipment:
      atk: Alat tulis kantor

    """

/// Stage 4 over a model a test decoded or built by hand; the model must have no errors.
func checked(_ model: ProjectModel) -> CheckedProject {
    let result = Checker.check(model)
    guard let project = result.project else {
        fatalError("the test's model has errors: \(result.diagnostics.filter { $0.severity == .error }.map(\.message))")
    }
    return project
}

/// Stages 4 and 5 over a model without errors.
func lowered(_ model: ProjectModel) -> LoweredProject { LoweredProject(checked(model)) }
