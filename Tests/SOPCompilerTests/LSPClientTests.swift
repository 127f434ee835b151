import Foundation
import Testing

@testable import SOPCompiler

/// `sopc lsp` driven by real clients: pytest-lsp (pygls' client) through every capability on a copy of
/// definitions/ (Tests/lsp/test_sopc_lsp.py), and Neovim's built-in client, headless, opening a file,
/// receiving diagnostics of its unsaved text and applying a rename (Tests/lsp/nvim_client.lua).
@Suite(.tags(.consumer), .notInFastLoop, .serialized) struct LSPClientTests {
    @Test func pytestLSPDrivesEveryCapability() throws {
        let work = Scratch.folder.appendingPathComponent("sopc-lsp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let capabilities = work.appendingPathComponent("capabilities.json")
        let r = try run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "timeout", "600", "python3", "-m", "pytest", "-p", "no:cacheprovider", "-v",
                Paths.repo.appendingPathComponent("Tests/lsp").path,
            ],
            in: Paths.repo,
            environment: [
                "SOPC_BIN": Paths.sopc.path, "SOPC_LSP_WORK": work.path, "SOPC_LSP_CAPABILITIES": capabilities.path,
            ])
        try #require(r.status == 0, "pytest-lsp failed (scripts/run setup installs pytest-lsp):\n\(r.stdout)\n\(r.stderr)")
        // pytest's own summary: every test ran and passed.
        let summary = try #require(r.stdout.split(separator: "\n").last { $0.contains(" passed") })
        #expect(!summary.contains("failed") && !summary.contains("error") && !summary.contains("skipped"), "\(summary)")
        #expect(r.stdout.components(separatedBy: " PASSED").count - 1 >= 11, "\(r.stdout)")
        // The capabilities as the client decoded them.
        let seen = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: capabilities)) as? [String: Any])
        for key in [
            "hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider", "completionProvider",
            "renameProvider", "codeActionProvider", "textDocumentSync", "positionEncoding",
        ] {
            #expect(seen[key] != nil, "\(key) missing from \(seen.keys.sorted())")
        }
    }

    struct NeovimResult: Decodable {
        struct Seen: Decodable {
            var code: String?
            var lnum: Int
            var col: Int
            var source: String?
        }

        var attached: Bool?
        var editedLine: Int?
        var diagnostics: [Seen]?
        var renameEdits: Int?
        var renamed: Int?
        var errors: [String]
    }

    @Test func neovimReceivesDiagnosticsAndAppliesARename() throws {
        let work = Scratch.folder.appendingPathComponent("sopc-nvim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let definitions = work.appendingPathComponent("definitions")
        try FileManager.default.copyItem(at: Paths.definitions, to: definitions)
        let file = definitions.appendingPathComponent("lakip.sop.yaml")
        let out = work.appendingPathComponent("result.json")
        let r = try run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "timeout", "120", "nvim", "--headless", "--clean", "-u", "NONE", "-c",
                "luafile " + Paths.repo.appendingPathComponent("Tests/lsp/nvim_client.lua").path,
            ],
            in: work,
            environment: ["SOPC_BIN": Paths.sopc.path, "SOPC_FILE": file.path, "SOPC_NVIM_OUT": out.path, "HOME": work.path])
        try #require(r.status == 0, "nvim failed (scripts/run setup installs neovim): \(r.stderr)")
        let seen = try JSONDecoder().decode(NeovimResult.self, from: Data(contentsOf: out))
        #expect(seen.errors.isEmpty, "\(seen.errors)")
        #expect(seen.attached == true)
        // The diagnostic of the unsaved edit, where `kabir` is on the edited line.
        let text = try String(contentsOf: file, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let edited = try #require(seen.editedLine)
        let column = try #require(lines[edited].range(of: "kabiro")).lowerBound.utf16Offset(in: lines[edited])
        let diagnostic = try #require(seen.diagnostics?.first { $0.code == "unknown-actor" })
        #expect(diagnostic.lnum == edited && diagnostic.col == column && diagnostic.source == "sopc")
        // The rename touched the step's id and every `next`/`yes`/`no` naming it, all applied to the buffer.
        let expected = lines.filter { $0.range(of: #"(id|next|yes|no): draf$"#, options: .regularExpression) != nil }.count
        #expect(expected >= 2)
        #expect(seen.renameEdits == expected && seen.renamed == expected)
    }
}
