import Foundation
import Testing

@testable import SOPCompiler

/// The language of messages (docs/CLI.md): `--lang`, else `SOPC_LANG`, else the locale, else English; and
/// the reports in Bahasa Indonesia differ from the English ones only in their words.
@Suite struct LanguageTests {
    static func choose(_ flag: String?, _ environment: [String: String]) throws -> Language {
        try Language.chosen(flag: flag, environment: { environment[$0] })
    }

    @Test func theFlagComesFirstThenSOPCLangThenTheLocale() throws {
        #expect(try Self.choose(nil, [:]) == .english)
        #expect(try Self.choose("id", [:]) == .indonesian)
        #expect(try Self.choose("ID", ["SOPC_LANG": "en"]) == .indonesian)
        #expect(try Self.choose("en", ["SOPC_LANG": "id", "LANG": "id_ID.UTF-8"]) == .english)
        #expect(try Self.choose(nil, ["SOPC_LANG": "id", "LANG": "en_US.UTF-8"]) == .indonesian)
        #expect(try Self.choose(nil, ["SOPC_LANG": "en", "LC_ALL": "id_ID.UTF-8"]) == .english)
        #expect(try Self.choose(nil, ["LANG": "id_ID.UTF-8"]) == .indonesian)
        #expect(try Self.choose(nil, ["LANG": "id"]) == .indonesian)
        #expect(try Self.choose(nil, ["LANG": "en_GB.UTF-8"]) == .english)
        #expect(try Self.choose(nil, ["LANG": "C.UTF-8"]) == .english)
        // The first of LC_ALL, LC_MESSAGES and LANG that is set decides; an empty one counts as unset.
        #expect(try Self.choose(nil, ["LC_ALL": "C", "LANG": "id_ID.UTF-8"]) == .english)
        #expect(try Self.choose(nil, ["LC_MESSAGES": "id_ID.UTF-8", "LANG": "en_US.UTF-8"]) == .indonesian)
        #expect(try Self.choose(nil, ["LC_ALL": "", "LC_MESSAGES": "", "LANG": "id_ID.UTF-8"]) == .indonesian)
        #expect(try Self.choose(nil, ["SOPC_LANG": "", "LANG": "id_ID.UTF-8"]) == .indonesian)
    }

    @Test func aValueNamingNoLanguageIsAUsageError() {
        for (flag, environment) in [("fr", [:]), ("", [:]), ("indonesia", [:]), (nil, ["SOPC_LANG": "fr"])]
            as [(String?, [String: String])]
        {
            #expect(throws: UsageError.self) { try Self.choose(flag, environment) }
        }
        let error = #expect(throws: UsageError.self) { try Self.choose("fr", [:]) }
        #expect(error?.description.contains("use 'en'") == true && error?.description.contains("gunakan 'en'") == true)
    }

    /// Removes the words of a JSON report (every "message", "help" and SARIF "text"), keeping its structure.
    static func withoutWords(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            var out: [String: Any] = [:]
            for (key, member) in object {
                out[key] = ["message", "help", "text"].contains(key) && !(member is [String: Any]) ? "…" : withoutWords(member)
            }
            return out
        }
        if let array = value as? [Any] { return array.map(withoutWords) }
        return value
    }

    static func canonical(_ json: String) throws -> String {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let data = try JSONSerialization.data(withJSONObject: withoutWords(value), options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// The real binary in Indonesian, chosen by `--lang id`, by `SOPC_LANG=id` and by the locale: the JSON and
    /// SARIF reports have the structure, ids and positions of the English one, and other words.
    @Test func theIndonesianReportDiffersOnlyInItsWords() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": CLITests.brokenSOP])
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ["json", "sarif"] {
            let english = try sopc(["check", dir.path, "--format", format])
            #expect(english.status == 1)
            #expect(english.stdout.contains("is not a role of the project"))
            let ways: [(String, [String], [String: String], [String])] = [
                ("--lang id", ["--lang", "id"], [:], []),
                ("SOPC_LANG=id", [], ["SOPC_LANG": "id"], []),
                ("LANG=id_ID.UTF-8", [], ["LANG": "id_ID.UTF-8"], ["SOPC_LANG", "LC_ALL", "LC_MESSAGES"]),
            ]
            for (way, flags, environment, removing) in ways {
                let r = try sopc(["check", dir.path, "--format", format] + flags, environment: environment, removing: removing)
                #expect(r.status == english.status, "\(format), \(way)")
                #expect(r.stdout.contains("bukan peran yang terdaftar dalam proyek"), "\(format), \(way): not in Indonesian")
                #expect(!r.stdout.contains("is not a role of the project"), "\(format), \(way)")
                #expect(try Self.canonical(r.stdout) == Self.canonical(english.stdout), "\(format), \(way): structure differs")
            }
            // `--lang en` wins over an Indonesian environment.
            let forced = try sopc(
                ["check", dir.path, "--format", format, "--lang", "en"], environment: ["SOPC_LANG": "id", "LANG": "id_ID.UTF-8"])
            #expect(forced.stdout == english.stdout)
        }
        let text = try sopc(["check", dir.path, "--lang", "id"])
        #expect(text.stdout.hasSuffix("kesalahan, 0 peringatan (2 berkas diperiksa)\n"))
        let github = try sopc(["check", dir.path, "--format", "github", "--lang", "id"])
        #expect(github.stdout.contains("title=unknown-actor::'kabir' bukan peran yang terdaftar dalam proyek"))
    }

    @Test func aBadLangExitsWithUsageInBothLanguages() throws {
        for command in [
            ["check"], ["build"], ["simulate", "x"], ["run", "status", "--case", "c.json"],
            ["run", "start", "x", "--case", "c.json"],
            ["run", "act", "--case", "c.json", "--as", "x"],
        ] {
            let r = try sopc(command + ["--lang", "fr"])
            #expect(r.status == 2, "\(command)")
            #expect(r.stderr.contains("use 'en'") && r.stderr.contains("gunakan 'en'"), "\(command): \(r.stderr)")
        }
        let fromEnvironment = try sopc(["check", "/nonexistent"], environment: ["SOPC_LANG": "jawa"])
        #expect(fromEnvironment.status == 2 && fromEnvironment.stderr.contains("SOPC_LANG='jawa'"))
    }

    @Test func buildSpeaksIndonesianToo() throws {
        let missing = try sopc(["build", "/nonexistent-sopc-definitions", "--lang", "id"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("sopc: error: folder definisi '/nonexistent-sopc-definitions' tidak dapat dibaca"))
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": CLITests.brokenSOP])
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let broken = try sopc(["build", dir.path, "--out", out], environment: ["SOPC_LANG": "id"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("bukan peran yang terdaftar dalam proyek"))
        #expect(
            broken.stderr.hasSuffix(
                "sopc: tidak ada berkas yang ditulis ke '\(out)' karena definisi masih mengandung kesalahan\n"))
        try Data(CLITests.cleanSOP.utf8).write(to: dir.appendingPathComponent("lapor.sop.yaml"))
        let clean = try sopc(["check", dir.path, "--lang", "id"])
        #expect(clean.status == 0 && clean.stdout == "tidak ada masalah (2 berkas diperiksa)\n")
        let built = try sopc(["build", dir.path, "--out", out, "--lang", "id"])
        #expect(built.status == 0)
        #expect(built.stderr.hasPrefix("sopc: 1 SOP selesai dibuat di '\(out)': "))
        #expect(built.stderr.hasSuffix("0 dihapus, 0 tidak berubah\n"))
        let again = try sopc(["build", dir.path, "--out", out, "--lang", "en"])
        #expect(again.stderr.hasPrefix("sopc: built 1 SOP into '\(out)': 0 written, 0 removed, "))
        // OUT in the way: a file where the folder should be, and a file sopc did not write.
        let file = dir.appendingPathComponent("lapor.sop.yaml").path
        let notAFolder = try sopc(["build", dir.path, "--out", file, "--lang", "id"])
        #expect(notAFolder.status == 2)
        #expect(notAFolder.stderr == "sopc: error: folder output '\(file)' bukan folder\n")
        let foreign = dir.appendingPathComponent("foreign")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: foreign.appendingPathComponent("index.html"))
        let refused = try sopc(["build", dir.path, "--out", foreign.path, "--lang", "id"])
        #expect(refused.status == 2)
        #expect(
            refused.stderr
                == "sopc: error: '\(foreign.path)/index.html' sudah ada dan tidak ditulis oleh sopc; berkas itu akan tertimpa\n"
                + "sopc: tidak ada berkas yang ditulis; pindahkan berkas-berkas itu, atau tulis ke folder lain dengan --out\n")
    }
}

extension LanguageTests {
    /// `check --generated` where something other than a file stands in OUT: what stands there is said in
    /// the report's language, not carried over from English.
    @Test func whatStandsInOUTIsSaidInEachLanguage() throws {
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "lapor.sop.yaml": CLITests.cleanSOP])
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        #expect(try sopc(["build", dir.path, "--out", out.path]).status == 0)
        let index = out.appendingPathComponent("index.html")
        try FileManager.default.removeItem(at: index)
        try FileManager.default.createDirectory(at: index, withIntermediateDirectories: false)
        let lapor = out.appendingPathComponent("lapor")
        try FileManager.default.removeItem(at: lapor)
        try Data().write(to: lapor)
        let english = try sopc(["check", dir.path, "--generated", out.path])
        #expect(english.status == 1)
        #expect(
            english.stdout.contains("index.html:1:1: error: 'sopc build' cannot write this file: it is a folder [stale-output]"))
        #expect(
            english.stdout.contains("lapor.csv:1:1: error: 'sopc build' cannot write this file: 'lapor' is a file [stale-output]")
        )
        let indonesian = try sopc(["check", dir.path, "--generated", out.path, "--lang", "id"])
        #expect(
            indonesian.stdout.contains(
                "index.html:1:1: error: 'sopc build' tidak dapat menulis berkas ini: yang ada di tempatnya adalah sebuah folder [stale-output]"
            ))
        #expect(
            indonesian.stdout.contains(
                "lapor.csv:1:1: error: 'sopc build' tidak dapat menulis berkas ini: 'lapor' adalah sebuah berkas [stale-output]"))
        #expect(indonesian.stdout.contains("help: hapus apa yang ada di tempat itu, lalu jalankan 'sopc build'"))
    }
}
