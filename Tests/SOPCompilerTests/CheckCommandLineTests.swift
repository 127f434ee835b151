import ArgumentParser
import Foundation
import Testing

@testable import SOPCompiler
@testable import sopc

/// `sopc check` reads a plain command line without the argument parser (``CheckCommandLine``); what it
/// reads must be what the argument parser reads, and anything else must be left to the argument parser.
@Suite struct CheckCommandLineTests {
    @Test func theCommonFormsAreRead() throws {
        #expect(CheckCommandLine.parse(["check"]) == CheckCommandLine())
        let full = try #require(
            CheckCommandLine.parse(["check", "--format=json", "defs", "--strict", "--generated", "out", "--lang", "id"]))
        #expect(full.directory == "defs" && full.format == .json && full.strict && full.generated == "out")
        #expect(full.lang == "id")
        for refused in [
            ["build"], ["check", "-h"], ["check", "--help"], ["check", "a", "b"], ["check", "--"], ["check", ""],
            ["check", "--format"], ["check", "--format", "xml"], ["check", "--format", "--strict"],
            ["check", "--strict", "--strict"], ["check", "--strict=true"], ["check", "--lang", ""],
            ["check", "--generated=-o"], ["check", "--formats", "json"], ["check", "--version"],
            ["check", "-s"], ["check", "--format", "json", "--format", "text"],
        ] {
            #expect(CheckCommandLine.parse(refused) == nil, "\(refused)")
        }
    }

    /// Random command lines from a vocabulary of words, good and bad: every one the quick reader accepts,
    /// with a language that exists, the argument parser parses to the same values.
    @Test func whatIsReadIsWhatTheArgumentParserReads() throws {
        let words = [
            "defs", "other/folder", "--format", "json", "sarif", "github", "text", "xml", "--format=sarif", "--strict",
            "--strict=1", "--generated", "out", "--generated=gen", "--lang", "id", "en", "xx", "--lang=en", "-h", "--",
            "", "-x", "--help", "--version", "--Format", "check",
        ]
        var random = BuildFaultTests.Seeded(state: 2026_12_05)
        var accepted = 0
        var compared = 0
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...6, using: &random)
            let rest = (0..<count).map { _ in words[Int.random(in: 0..<words.count, using: &random)] }
            guard let quick = CheckCommandLine.parse(["check"] + rest) else { continue }
            accepted += 1
            guard (try? Language.chosen(flag: quick.lang, environment: { _ in nil })) != nil else { continue }
            let parsed: Check
            do {
                parsed = try Check.parse(rest)
            } catch {
                Issue.record("\(rest): read as \(quick), but the argument parser refuses it: \(error)")
                continue
            }
            compared += 1
            #expect(parsed.directory == quick.directory, "\(rest)")
            #expect(parsed.format == quick.format, "\(rest)")
            #expect(parsed.strict == quick.strict, "\(rest)")
            #expect(parsed.generated == quick.generated, "\(rest)")
            #expect(parsed.lang.lang == quick.lang, "\(rest)")
        }
        #expect(accepted >= 300 && compared >= 200, "accepted \(accepted), compared \(compared)")
    }

    /// The same report and exit status whichever way the line is read: the quick reader's forms, and the
    /// same check asked in a form only the argument parser reads (`--` before the folder).
    @Test func theQuickReadingReportsAsTheArgumentParser() throws {
        let folder = Paths.checkFixtures.appendingPathComponent("unknown-actor/definitions").path
        let quick = try sopc(["check", "--format", "json", "--lang", "id", folder])
        let parser = try sopc(["check", "--format", "json", "--lang", "id", "--", folder])
        #expect(quick.status == 1 && parser.status == 1)
        #expect(quick.stdout == parser.stdout && !quick.stdout.isEmpty)
        #expect(quick.stderr == parser.stderr)
    }
}
