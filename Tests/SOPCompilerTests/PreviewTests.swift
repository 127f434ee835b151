import Foundation
import Testing

@testable import SOPCompiler
@testable import SOPPreview

/// `sopc preview` (docs/PREVIEW.md): which request paths name a file of the build, the script and overlay
/// injected into pages, builds with errors keeping the last good one; then the real server from outside
/// (Tests/consumers/preview_server.py) and in headless Chromium over WebDriver (preview_browser.py).
@Suite struct PreviewTests {
    @Test func onlyPathsOfTheBuildAreNamed() {
        let named: [(String, String)] = [
            ("/", "index.html"), ("/index.html", "index.html"), ("/lakip/lakip.html", "lakip/lakip.html"),
            ("/lakip/lakip.html?x=1#top", "lakip/lakip.html"), ("/%6Cakip/lakip.csv", "lakip/lakip.csv"),
            ("/.sopc-manifest", ".sopc-manifest"),
        ]
        for (target, path) in named { #expect(PreviewServer.buildPath(forTarget: target) == path, "\(target)") }
        let refused = [
            "/../sopc.yaml", "/%2e%2e/sopc.yaml", "/%2E%2E", "/lakip/../x", "/lakip%2flakip.html", "/lakip%2Flakip.html",
            "/a%5cb", "/a\\b", "//etc/passwd", "/lakip//x", "/./index.html", "/lakip/.", "/lakip/", "/%00", "/%zz", "/%",
            "/%e2%28", "http://127.0.0.1/index.html", "*", "", "lakip/lakip.html",
            // A combining mark after `/`: one character of the text, a `..` and a separator to a file system.
            "/../\u{301}sopc.yaml", "/lakip/..\u{2F}\u{301}x", "/%2e%2e/%CC%81x",
        ]
        for target in refused { #expect(PreviewServer.buildPath(forTarget: target) == nil, "\(target)") }
    }

    @Test func theScriptGoesBeforeTheLastBodyEnd() {
        let page = Array("<html><body><p>&lt;/body&gt;</p></body></html>".utf8)
        let out = String(decoding: PreviewServer.inject("<X>", into: page), as: UTF8.self)
        #expect(out == "<html><body><p>&lt;/body&gt;</p><X></body></html>")
        #expect(String(decoding: PreviewServer.inject("<X>", into: Array("plain".utf8)), as: UTF8.self) == "plain<X>")
    }

    @Test func theOverlayShowsTheReportEscaped() {
        let html = PreviewText.pageScript(generation: 7, problems: "a.sop.yaml:1:1: error: '<b>' & \"x\"", .english)
        #expect(html.contains("a.sop.yaml:1:1: error: &#39;&lt;b&gt;&#39; &amp; &quot;x&quot;"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("var g=7;"))
        #expect(!PreviewText.pageScript(generation: 1, problems: nil, .english).contains("sopc-preview-problems"))
        #expect(PreviewText.pageScript(generation: 1, problems: "x", .indonesian).contains("Definisi masih mengandung kesalahan"))
        #expect(PreviewText.pageScript(generation: 1, problems: "x", .english).contains("last good build is shown"))
        #expect(
            PreviewText.pageScript(generation: 1, problems: "x", lastGoodBuild: false, .english).contains(
                "no good build to show yet"))
    }

    @Test func aBuildWithErrorsKeepsTheLastGoodOne() throws {
        let dir = try temporaryProject([
            "sopc.yaml": minimalProject,
            "x.sop.yaml":
                "sop: x\nname: Uji\nsteps:\n  - id: a\n    activity: Memeriksa surat\n    actor: kabiro\n    time: 5 menit\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = PreviewSite.build(directory: dir.path, language: .english)
        #expect(good.problems == nil)
        #expect(good.files["x/x.html"] != nil)
        #expect(good.files["index.html"] != nil)
        let plan = try #require(Pipeline.outputs(of: try Checker.check(directory: dir.path)))
        for file in plan.files { #expect(good.files[file.path] == file.bytes, "\(file.path)") }

        try "sop: x\nname: [".write(to: dir.appendingPathComponent("x.sop.yaml"), atomically: true, encoding: .utf8)
        let bad = PreviewSite.build(directory: dir.path, language: .english, previous: good)
        #expect(bad.files == good.files)
        #expect(bad.problems?.contains("x.sop.yaml:") == true)
        #expect(bad.problems?.contains("error") == true)

        let state = PreviewState(site: good)
        #expect(!state.update(good))
        #expect(state.generation == 1)
        #expect(state.update(bad))
        #expect(state.generation == 2)

        let missing = PreviewSite.build(directory: dir.path + "/nope", language: .english, previous: good)
        #expect(missing.files == good.files)
        #expect(missing.problems?.hasPrefix("sopc: error:") == true)
    }

    @Test func theWatcherSeesEditsAndAFolderMadeAgain() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject])
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = FolderWatcher.fingerprint(of: dir.path)
        #expect(before[""] != nil && before["sopc.yaml"] != nil)
        try "x".write(to: dir.appendingPathComponent("a.sop.yaml"), atomically: false, encoding: .utf8)
        let added = FolderWatcher.fingerprint(of: dir.path)
        #expect(added != before)
        try "xy".write(to: dir.appendingPathComponent("a.sop.yaml"), atomically: false, encoding: .utf8)
        #expect(FolderWatcher.fingerprint(of: dir.path) != added)
        try FileManager.default.removeItem(at: dir)
        #expect(FolderWatcher.fingerprint(of: dir.path).isEmpty)
    }

    static func python(_ script: String) throws -> RunResult {
        let path = Paths.repo.appendingPathComponent("Tests/consumers/\(script)").path
        return try run(
            URL(fileURLWithPath: "/usr/bin/timeout"), ["300", "python3", path, Paths.sopc.path, Paths.definitions.path])
    }

    /// Served bytes equal `sopc build`'s, 404 for every path outside the build, 50 event clients at once,
    /// a half-written file, the folder deleted and made again, the overlay as `check` prints the report.
    @Test(.tags(.consumer), .notInFastLoop) func theServerFromOutside() throws {
        let r = try Self.python("preview_server.py")
        #expect(r.status == 0, "preview_server.py: \(r.stderr.suffix(3000))")
        #expect(r.stdout.contains("\"ok\": true"), "\(r.stdout)")
    }

    /// Headless Chromium over WebDriver: an edit shows without reloading by hand; the overlay comes and goes.
    @Test(.tags(.browser), .notInFastLoop) func aRealBrowserFollowsTheEdits() throws {
        let r = try Self.python("preview_browser.py")
        #expect(
            r.status == 0, "preview_browser.py (chromium-driver and selenium: scripts/run setup_test): \(r.stderr.suffix(3000))")
        #expect(r.stdout.contains("\"ok\": true"), "\(r.stdout)")
    }
}
