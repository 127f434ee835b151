import Foundation
import Testing

@testable import SOPCompiler

/// The real `sopc` binary: exit codes, formats, colour (docs/CLI.md).
@Suite struct CLITests {
    static let cleanSOP = """
        sop: lapor
        name: Laporan
        inputs: [surat]
        outputs: [laporan]
        steps:
          - id: terima
            activity: Menerima surat
            actor: kasubag-tu
            needs: [surat, atk]
            time: 5 menit
          - id: tulis
            activity: Menulis laporan
            actor: pelaksana
            needs: [surat]
            makes: [laporan]
            time: 1 jam
          - id: tanda
            activity: Menandatangani laporan
            actor: kabiro
            needs: [laporan]
            time: 15 menit

        """

    static let brokenSOP = """
        sop: lapor
        name: Laporan
        steps:
          - id: terima
            activity: Menerima surat
            actor: kabir
            time: 5 menit
          - id: tulis
            activity: Menulis laporan
            actor: pelaksana
            next: tandaa
            time: 1 jm

        """

    static let warningSOP = """
        sop: lapor
        name: Laporan
        steps:
          - id: terima
            activity: Menerima surat
            actor: kasubag-tu

        """

    @Test func cleanProjectExitsZero() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": Self.cleanSOP])
        let r = try sopc(["check", dir.path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("no problems found (2 files checked)"))
    }

    @Test func errorsExitOne() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": Self.brokenSOP])
        let moved = dir
        let result = try sopc(["check", moved.lastPathComponent], in: moved.deletingLastPathComponent())
        #expect(result.status == 1)
        let first = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
        // `<path>:<line>:<column>: <error|warning>: <message> [<id>]`, path relative to the working directory.
        #expect(
            first == "\(moved.lastPathComponent)/lapor.sop.yaml:6:12: error: 'kabir' is not a role of the project [unknown-actor]"
        )
        #expect(result.stdout.contains("  6 |     actor: kabir\n    |            ^~~~~\n"))
        #expect(result.stdout.hasSuffix("3 errors, 0 warnings (2 files checked)\n"))
        #expect(!result.stdout.contains("\u{1B}["), "no colour when not on a terminal")
    }

    @Test func warningsFailOnlyWhenStrict() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": Self.warningSOP])
        let lax = try sopc(["check", dir.path])
        #expect(lax.status == 0)
        #expect(lax.stdout.contains("[missing-time]"))
        let strict = try sopc(["check", dir.path, "--strict"])
        #expect(strict.status == 1)
    }

    @Test func usageProblemsExitTwo() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": Self.cleanSOP])
        let badFlag = try sopc(["check", dir.path, "--no-such-flag"])
        #expect(badFlag.status == 2)
        #expect(badFlag.stderr.contains("no-such-flag"))
        let badFormat = try sopc(["check", dir.path, "--format", "xml"])
        #expect(badFormat.status == 2)
        let missing = try sopc(["check", dir.appendingPathComponent("nowhere").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read definitions folder"))
        let notDir = try sopc(["check", dir.appendingPathComponent("sopc.yaml").path])
        #expect(notDir.status == 2)
        #expect(notDir.stderr.contains("is not a folder"))
        let noCommand = try sopc(["frobnicate"])
        #expect(noCommand.status == 2)
        let help = try sopc(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("check"))
    }

    /// `import`, `preview`, `print` and `lsp` are run by `sopc-tools`, beside `sopc`: listed by `sopc --help`,
    /// their own help and errors are the real commands' (the stubs in `sopc` have no options).
    @Test func toolCommandsAreHandedToSopcTools() throws {
        let help = try sopc(["--help"])
        #expect(help.status == 0)
        for command in ["import", "preview", "print", "lsp"] { #expect(help.stdout.contains("  \(command) ")) }
        let printHelp = try sopc(["print", "--help"])
        #expect(printHelp.status == 0)
        #expect(printHelp.stdout.contains("USAGE: sopc print"))
        #expect(printHelp.stdout.contains("--out <pdfdir>"))
        let lspHelp = try sopc(["help", "lsp"])
        #expect(lspHelp.status == 0)
        #expect(lspHelp.stdout.contains("USAGE: sopc lsp [--lang <lang>]"))
        let noFiles = try sopc(["import"])
        #expect(noFiles.status == 2)
        #expect(noFiles.stderr.contains("Usage: sopc import <files> ..."))
        let badPort = try sopc(["preview", "--port", "70000"])
        #expect(badPort.status == 2)
        #expect(badPort.stderr.contains("70000"))
        // `sopc` lists them with their own options, for the shell's completion too.
        let completion = try sopc(["--generate-completion-script", "bash"])
        #expect(completion.status == 0)
        let preview = completion.stdout.components(separatedBy: "_sopc_preview() {").dropFirst().first ?? ""
        #expect(preview.prefix(300).contains("non_repeating_options=(--port --host --lang)"))
        let importing = completion.stdout.components(separatedBy: "_sopc_import() {").dropFirst().first ?? ""
        #expect(importing.prefix(300).contains("--force"))
    }

    /// Without `sopc-tools` beside it, `sopc` says which program is missing and where it looked, in the
    /// language chosen, with the usage status; its own commands still run.
    @Test func aToolCommandWithoutSopcToolsSaysSo() throws {
        let alone = Scratch.folder.appendingPathComponent("sopc-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: alone) }
        let binary = alone.appendingPathComponent("sopc")
        try FileManager.default.copyItem(at: Paths.sopc, to: binary)
        let english = try run(binary, ["lsp"], environment: ["SOPC_LANG": "en"])
        #expect(english.status == 2)
        #expect(
            english.stderr
                == "sopc: error: 'sopc lsp' is run by the program 'sopc-tools', which could not be started from "
                + "'\(alone.path)', the folder of sopc (No such file or directory): copy 'sopc-tools' from the same "
                + "build beside sopc\n")
        let indonesian = try run(binary, ["help", "print", "--lang", "id"], environment: ["SOPC_LANG": "en"])
        #expect(indonesian.status == 2)
        #expect(indonesian.stderr.contains("perintah 'sopc print' dijalankan oleh program 'sopc-tools'"))
        #expect(indonesian.stderr.contains("(berkas atau folder tidak ada)"))
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": Self.cleanSOP])
        let check = try run(binary, ["check", dir.path], environment: ["SOPC_LANG": "en"])
        #expect(check.status == 0)
    }

    @Test func missingProjectExitsOne() throws {
        let dir = try temporaryProject(["lapor.sop.yaml": Self.cleanSOP])
        let r = try sopc(["check", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("[missing-project]"))
    }

    @Test func jsonCarriesEveryField() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": Self.brokenSOP])
        let r = try sopc(["check", dir.path, "--format", "json"])
        #expect(r.status == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(doc["diagnostics"] as? [[String: Any]])
        #expect(doc["errors"] as? Int == 3)
        #expect(doc["warnings"] as? Int == 0)
        #expect(diagnostics.count == 3)
        for d in diagnostics {
            for key in ["id", "severity", "message", "file", "line", "column", "endLine", "endColumn", "notes", "help"] {
                #expect(d.keys.contains(key), "diagnostic lacks '\(key)'")
            }
        }
        let first = diagnostics[0]
        #expect(first["id"] as? String == "unknown-actor")
        #expect(first["line"] as? Int == 6)
        #expect(first["column"] as? Int == 12)
        #expect(first["endColumn"] as? Int == 17)
        #expect(first["help"] as? String == "did you mean 'kabiro'?")
        let ids = diagnostics.compactMap { $0["id"] as? String }
        #expect(ids == ["unknown-actor", "unknown-step", "invalid-time"])
    }

    @Test(.tags(.consumer), .notInFastLoop) func sarifValidatesAgainstTheSchema() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": Self.brokenSOP])
        let r = try sopc(["check", dir.path, "--format", "sarif"])
        #expect(r.status == 1)
        let file = dir.appendingPathComponent("report.sarif")
        try r.stdout.write(to: file, atomically: true, encoding: .utf8)
        let schema = Paths.shared.appendingPathComponent("schemas/sarif/sarif-schema-2.1.0.json")
        let script = Paths.repo.appendingPathComponent("Tests/consumers/validate_json.py")
        let v = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, schema.path, file.path])
        #expect(v.status == 0, "SARIF does not validate: \(v.stdout)\(v.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let run0 = try #require((doc["runs"] as? [[String: Any]])?.first)
        let rules = ((run0["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]
        #expect(rules?.count == CheckID.allCases.count, "one rule per check id")
        #expect((run0["results"] as? [Any])?.count == 3)
    }

    @Test func githubFormatIsWorkflowCommands() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": Self.brokenSOP])
        let r = try sopc(["check", dir.path, "--format", "github"])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("::error file=\(dir.path)/lapor.sop.yaml,line=6,col=12,"))
        #expect(lines[0].contains("title=unknown-actor::'kabir' is not a role of the project"))
        #expect(lines.allSatisfy { $0.hasPrefix("::error ") })
    }

    @Test func colourOnATerminalOnlyWithoutNoColor() throws {
        // `script` gives sopc a real terminal.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("/usr/bin/script (bsdutils) is needed for this test")
            return
        }
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": Self.brokenSOP])
        let command = "\(Paths.sopc.path) check \(dir.path)"
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qec", command, "/dev/null"]
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = awaitEnd(p)
        #expect(out.contains("\u{1B}[1;31merror"), "colour on a terminal")
        let plain = try run(
            URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], environment: ["NO_COLOR": "1"])
        #expect(!plain.stdout.contains("\u{1B}["), "NO_COLOR turns colour off")
    }
}
