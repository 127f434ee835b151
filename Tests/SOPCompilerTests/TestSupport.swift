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
    static let shared =
        ProcessInfo.processInfo.environment["SOPC_SHARED"].map { URL(fileURLWithPath: $0) }
        ?? repo.deletingLastPathComponent().appendingPathComponent("shared")
    static let definitions = repo.appendingPathComponent("definitions")

    /// The `sopc` binary SwiftPM built beside the test bundle, or `SOPC_TEST_BINARY` (scripts/run test runs the
    /// tests that start sopc again on the release build, which is linked statically).
    static var sopc: URL {
        if let path = ProcessInfo.processInfo.environment["SOPC_TEST_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
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
    /// Standard output as written (``stdout`` decodes it, turning bad UTF-8 into U+FFFD).
    var stdoutBytes: [UInt8] = []
}

/// Runs a program to completion and returns its status and output. It inherits this process's environment
/// with `NO_COLOR=1`, `environment` on top, and without the variables named in `removing`.
func run(
    _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
    removing: [String] = []
) throws -> RunResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    if let environment { env.merge(environment) { $1 } }
    for name in removing { env[name] = nil }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes while the process runs, so that neither fills up.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
        outData = out.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    let end = awaitEnd(process)
    return RunResult(
        status: end.status, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: Array(outData))
}

/// Runs the real `sopc` binary, in English (`SOPC_LANG=en`) unless `environment` or `removing` says otherwise:
/// the locale of the machine running the tests does not change what they expect.
func sopc(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil, removing: [String] = []
) throws -> RunResult {
    let english = ["SOPC_LANG": "en"].merging(environment ?? [:]) { $1 }
    return try run(Paths.sopc, arguments, in: directory, environment: english, removing: removing)
}

/// Compares `actual` with the golden file, as UTF-8 bytes (see the byte version).
func expectGolden(_ actual: String, _ golden: URL, sourceLocation: SourceLocation = #_sourceLocation) {
    expectGolden(Array(actual.utf8), golden, sourceLocation: sourceLocation)
}

/// Compares `actual` with the golden file byte for byte: never as Swift `String`s, whose `==` holds for
/// canonically equivalent texts (`é` precomposed or as `e` + U+0301) and so would let a change of Unicode
/// normalisation pass. With `SOPC_RECORD=1` rewrites the golden and still fails, so that nobody re-records
/// blindly.
func expectGolden(_ actual: [UInt8], _ golden: URL, sourceLocation: SourceLocation = #_sourceLocation) {
    let expected = (try? Data(contentsOf: golden)).map { [UInt8]($0) }
    if ProcessInfo.processInfo.environment["SOPC_RECORD"] == "1" {
        if expected != actual {
            try? FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(actual).write(to: golden)
            Issue.record("recorded \(golden.path); run again without SOPC_RECORD to check it", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected else {
        Issue.record("no golden file \(golden.path); run with SOPC_RECORD=1 to create it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        Issue.record(
            "output differs from \(golden.path) (SOPC_RECORD=1 re-records it):\n\(byteDiff(expected, actual))",
            sourceLocation: sourceLocation)
    }
}

/// A readable diff of two byte strings, line by line (`-` expected, `+` actual): the first differing line
/// with the byte column where they part, then up to 20 more differing lines. Lines are compared as bytes;
/// they are shown with anything outside printable ASCII escaped (`\u{301}`, `\r`, `\x{FF}` for a byte that is
/// not UTF-8), so that texts differing only in normalisation or line ends look different too.
func byteDiff(_ expected: [UInt8], _ actual: [UInt8]) -> String {
    let a = expected.split(separator: 0x0A, omittingEmptySubsequences: false)
    let b = actual.split(separator: 0x0A, omittingEmptySubsequences: false)
    var out: [String] = []
    var shown = 0
    for i in 0..<max(a.count, b.count) {
        let x = i < a.count ? Array(a[i]) : nil
        let y = i < b.count ? Array(b[i]) : nil
        guard x != y else { continue }
        if shown == 0 {
            let column = zip(x ?? [], y ?? []).prefix { $0 == $1 }.count + 1
            out.append("first difference: line \(i + 1), byte \(column) of the line")
        }
        if let x { out.append("-\(i + 1): \(escapedLine(x))") }
        if let y { out.append("+\(i + 1): \(escapedLine(y))") }
        shown += 1
        if shown > 20 {
            out.append("…")
            break
        }
    }
    if out.isEmpty { out.append("(no line differs: \(expected.count) bytes expected, \(actual.count) written)") }
    return out.joined(separator: "\n")
}

/// A line's bytes shown as text: printable ASCII as is, other scalars as `\u{…}`, bytes that are not
/// UTF-8 as `\x{…}`; what is not plain ASCII is also the reason two lines that look alike differ.
func escapedLine(_ bytes: [UInt8]) -> String {
    var out = ""
    var rest = bytes[...]
    while let first = rest.first {
        if first >= 0x20 && first < 0x7F {
            out.append(Character(Unicode.Scalar(first)))
            rest = rest.dropFirst()
            continue
        }
        if first == 0x09 {
            out += "\\t"
            rest = rest.dropFirst()
            continue
        }
        if first == 0x0D {
            out += "\\r"
            rest = rest.dropFirst()
            continue
        }
        // One UTF-8 sequence (2 to 4 bytes), if it is one.
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
        let chunk = Array(rest.prefix(length))
        if length > 1, chunk.count == length, let text = String(validating: chunk, as: UTF8.self),
            let scalar = text.unicodeScalars.first
        {
            // Letters stay readable; the escape follows, so that `é` and `e` + U+0301 tell apart.
            out += "\(text)\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            rest = rest.dropFirst(length)
        } else {
            out += "\\x{\(String(first, radix: 16, uppercase: true))}"
            rest = rest.dropFirst()
        }
    }
    return out
}

// MARK: - Fixture lists

/// What a fixture list holds when its folder is missing or empty: one name that no fixture has, so that a
/// parameterised test over the list runs once and fails (``requireFixture(_:)``) instead of passing with
/// no case at all.
let noFixturesMarker = "(no fixtures) "

/// The fixtures in a folder: its entries (hidden ones left out), sorted; or, when the folder is missing or
/// empty, the one placeholder that ``requireFixture(_:)`` fails on, naming the folder.
func fixtureNames(in folder: URL) -> [String] {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }
    return names.isEmpty ? [noFixturesMarker + folder.path] : names.sorted()
}

/// A list of cases, or the placeholder ``requireFixture(_:)`` fails on when it is empty.
func nonEmptyCases(_ cases: [String], from what: String) -> [String] {
    cases.isEmpty ? [noFixturesMarker + what] : cases
}

/// Fails when a fixture list came out empty (its only entry is the placeholder of ``fixtureNames(in:)``).
func requireFixture(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try #require(
        !name.hasPrefix(noFixturesMarker),
        "no fixtures found: \(name.dropFirst(noFixturesMarker.count)) is missing or empty", sourceLocation: sourceLocation)
}

// MARK: - Tags

extension Tag {
    /// Prints with headless Chromium and reads the PDF back with poppler (``PrintTests``).
    @Tag static var browser: Self
    /// Runs the outputs on an outside BPMN or SCXML engine (SpiffWorkflow, python-statemachine) or checks them
    /// with xmllint against the W3C/OMG schemas.
    @Tag static var engine: Self
    /// Reads the outputs back with a Python consumer (jsonschema, cmark-gfm, mermaid.js, the csv module, lxml).
    @Tag static var consumer: Self
    /// Slow for other reasons: many runs of the real binary (the hostile corpus, killed builds and commands).
    @Tag static var slow: Self
}

/// Whether this run is the fast loop (`make check` sets `SOPC_FAST=1`), which leaves out the tests tagged
/// `.browser`, `.engine`, `.consumer` and `.slow`.
let fastLoop = ProcessInfo.processInfo.environment["SOPC_FAST"] == "1"

extension Trait where Self == ConditionTrait {
    /// Skips the test or suite in the fast loop. It goes beside one of the tags above (`.tags(.engine),
    /// .notInFastLoop`): Swift Testing 6.3's `swift test --filter`/`--skip` match names only, not tags, so
    /// the tags say why and this trait does the skipping.
    static var notInFastLoop: Self {
        .disabled(if: fastLoop, "SOPC_FAST=1 (make check) leaves out browser, engine, consumer and slow tests")
    }
}

/// Where the tests make their throwaway folders: `sopc-tests-<pid>` in the system's temporary folder, one
/// for each test process, removed with everything in it when the process exits. A folder left by a test
/// process that was killed (its process is gone) is removed by the next one to start.
enum Scratch {
    static let prefix = "sopc-tests-"

    static let folder: URL = {
        let base = FileManager.default.temporaryDirectory
        let own = getpid()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != own, kill(pid, 0) != 0, errno == ESRCH else { continue }
            remove(base.appendingPathComponent(name).path)
        }
        let folder = base.appendingPathComponent(prefix + String(own))
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit { Scratch.remove(Scratch.folder.path) }
        return folder
    }()

    /// Removes `path` and all below it, never following a link (a case may link to a device: a mode set
    /// through it would be the device's); a folder a test left without write or search permission is given
    /// them first.
    static func remove(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        guard st.st_mode & S_IFMT == S_IFDIR else {
            unlink(path)
            return
        }
        chmod(path, 0o700)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { remove(path + "/" + name) }
        rmdir(path)
    }
}

/// Writes a throwaway definitions folder from file name → content and returns it.
func temporaryProject(_ files: [String: String]) throws -> URL {
    let dir = Scratch.folder.appendingPathComponent("sopc-test-\(UUID().uuidString)")
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

/// Between `count.lowerBound` and `count.upperBound` pieces drawn at random (with repeats) from `pieces`:
/// the random texts, paths and files the equivalence tests feed to two implementations of one rule.
func randomPieces<T>(of pieces: [T], count: ClosedRange<Int>, using random: inout some RandomNumberGenerator) -> [T] {
    (0..<Int.random(in: count, using: &random)).map { _ in pieces.randomElement(using: &random)! }
}

/// Waits for a child's end; returns whether it exited (else a signal ended it) and its exit status or the
/// signal's number, as `Process.terminationStatus` gives them. Foundation's own wait can miss the end of a
/// child (seen once, for a child killed right after it started: the child a zombie, `waitUntilExit` never
/// returning, the test run hung): after ten seconds the child is reaped here. Every test waits this way.
func awaitEnd(_ process: Process) -> (exited: Bool, status: Int32) {
    func seen() -> (exited: Bool, status: Int32) { (process.terminationReason == .exit, process.terminationStatus) }
    for _ in 0..<1000 where process.isRunning { Thread.sleep(forTimeInterval: 0.01) }
    if !process.isRunning { return seen() }
    var status: Int32 = 0
    var reaped: Int32
    repeat { reaped = waitpid(process.processIdentifier, &status, 0) } while reaped == -1 && errno == EINTR
    if reaped == -1 {
        // Foundation reaped it meanwhile: its answer is there, or about to be.
        while process.isRunning { Thread.sleep(forTimeInterval: 0.01) }
        return seen()
    }
    return status & 0x7f == 0 ? (true, (status >> 8) & 0xff) : (false, status & 0x7f)
}
