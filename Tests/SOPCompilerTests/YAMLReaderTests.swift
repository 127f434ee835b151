import Foundation
import Testing

@testable import SOPCompiler
@testable import SOPFrontEnd

/// Source text with position markers (1️⃣, 2️⃣, …) and the 1-based line and column each marks.
struct Marked {
    var text: String
    var markers: [Int: SourcePosition] = [:]

    init(_ source: String) {
        let marks: [Character: Int] = ["1️⃣": 1, "2️⃣": 2, "3️⃣": 3, "4️⃣": 4, "5️⃣": 5, "6️⃣": 6]
        var out = ""
        var line = 1
        var column = 1
        for ch in source {
            if let n = marks[ch] {
                markers[n] = SourcePosition(line: line, column: column)
                continue
            }
            out.append(ch)
            if ch == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        text = out
    }
}

@Suite struct YAMLReaderTests {
    func read(_ text: String) -> (YAMLNode?, [Diagnostic]) {
        YAMLReader(file: "t.yaml").read(Array(text.utf8))
    }

    @Test func positionsAreOneBasedAndCountCharacters() throws {
        let m = Marked("a: 1️⃣x\nnama: 2️⃣\"Rapat é\"\nlist:\n  - 3️⃣ñandú: 4️⃣b\n")
        let (root, diags) = read(m.text)
        #expect(diags.isEmpty)
        let pairs = try #require(root).pairs
        #expect(pairs[0].value.span.start == m.markers[1])
        #expect(pairs[1].value.span.start == m.markers[2])
        let item = pairs[2].value.children[0].pairs[0]
        #expect(item.key.span.start == m.markers[3])
        #expect(item.value.span.start == m.markers[4])
        // Columns count characters, not bytes: 'ñandú: ' is 7 characters.
        #expect(item.value.span.start.column == 12)
    }

    @Test func crlfAndBOMKeepPositions() throws {
        let (root, diags) = read("\u{FEFF}a: 1\r\nb: x\r\n")
        #expect(diags.isEmpty)
        let b = try #require(root).pairs[1].value
        #expect(b.span.start == SourcePosition(line: 2, column: 4))
    }

    @Test func duplicateKeyIsReportedAndTheFirstKept() throws {
        let m = Marked("a: 1\n1️⃣a: 2\n")
        let (root, diags) = read(m.text)
        #expect(diags.map(\.id) == [.duplicateKey])
        #expect(diags[0].span.start == m.markers[1])
        #expect(diags[0].notes.first?.position == SourcePosition(line: 1, column: 1))
        #expect(try #require(root).pairs.count == 1)
        #expect(root?.pairs[0].value.text == "1")
    }

    @Test func explicitTagsAreWrongType() {
        let (_, diags) = read("a: !foo x\nb: !!python/object:os.system y\n")
        #expect(diags.map(\.id) == [.wrongType, .wrongType])
        #expect(diags[0].message.contains("'!foo'"))
    }

    @Test func nestingDeeperThan64IsTooLarge() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let (root, diags) = read(deep)
        #expect(root == nil)
        #expect(diags.map(\.id) == [.tooLarge])
        #expect(diags[0].span.start == SourcePosition(line: 1, column: 65))
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(read(ok).1.isEmpty)
    }

    @Test func aliasBombIsTooLarge() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in 1...9 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            lines.append("a\(i): &a\(i) [\(refs)]")
        }
        let (root, diags) = read(lines.joined(separator: "\n") + "\n")
        #expect(root == nil)
        #expect(diags.map(\.id) == [.tooLarge])
    }

    @Test func aliasesExpandWithinTheBudget() throws {
        let (root, diags) = read("base: &b [x, y]\ncopy: *b\n")
        #expect(diags.isEmpty)
        #expect(try #require(root).pairs[1].value.children.map(\.text) == ["x", "y"])
    }

    @Test func invalidUTF8IsASyntaxErrorWithPosition() {
        var bytes = Array("a: b\nc: d".utf8)
        bytes.insert(0xFF, at: 8)
        let (_, diags) = YAMLReader(file: "t.yaml").read(bytes)
        #expect(diags.map(\.id) == [.yamlSyntax])
        #expect(diags[0].span.start.line == 2)
        #expect(diags[0].message.contains("UTF-8"))
    }

    @Test func truncatedFileIsASyntaxError() {
        let (_, diags) = read("a: [1, 2\nb: \"open")
        #expect(diags.map(\.id) == [.yamlSyntax])
    }

    @Test func secondDocumentIsASyntaxError() {
        let m = Marked("a: 1\n1️⃣---\nb: 2\n")
        let (_, diags) = read(m.text)
        #expect(diags.map(\.id) == [.yamlSyntax])
        #expect(diags[0].span.start == m.markers[1])
    }

    @Test func unknownAliasIsASyntaxError() {
        let (_, diags) = read("a: *nowhere\n")
        #expect(diags.map(\.id) == [.yamlSyntax])
    }

    @Test func fileOverTheSizeLimitIsNotParsed() {
        let bytes = [UInt8](repeating: 0x20, count: YAMLLimits.maxFileBytes + 1)
        let (root, diags) = YAMLReader(file: "t.yaml").read(bytes)
        #expect(root == nil)
        #expect(diags.map(\.id) == [.tooLarge])
    }
}

@Suite struct DurationTests {
    @Test(arguments: [
        ("5 menit", 5.0, 5.0), ("1 Jam", 60, 60), ("2 hari", 900, 900), ("1,5 jam", 90, 90), ("3-7 hari", 1350, 3150),
        ("1 - 2 jam", 60, 120), ("30 seconds", 0.5, 0.5), ("1 minggu", 2250, 2250), ("1 bulan", 9000, 9000),
        ("2.5 Hours", 150, 150), ("2 JAM KERJA", 120, 120), ("1 HaRi Kerja", 450, 450),
        // KELVIN SIGN lower-cases to an ASCII 'k', as String does it.
        ("3 jam \u{212A}erja", 180, 180),
    ])
    func parses(_ text: String, _ low: Double, _ high: Double) throws {
        let d = try #require(StepDuration(parsing: text))
        let m = d.minutes(on: WorkCalendar())
        #expect(abs(m.low - low) < 1e-9 && abs(m.high - high) < 1e-9)
    }

    @Test(arguments: [
        "", "menit", "5", "5menit", "5 mnt", "7-3 hari", "1 jam 30 menit", "-1 jam", "1.2.3 jam", "15 menit - 1 hari",
        "2 jäm", "2 jam kerjä", "2 jam[", "2 jam@",
    ])
    func rejects(_ text: String) {
        #expect(StepDuration(parsing: text) == nil)
    }

    /// The words of a duration the way `String` reads them: the whole word lower-cased, then looked up.
    /// ``StepDuration`` compares ASCII bytes instead; random texts of digits, dashes, separators and
    /// unit words in any case (and letters that lower-case to ASCII) must read alike both ways.
    @Test func unitWordsReadAsStringLowerCasesThem() {
        var rng = CrossCheckTests.SplitMix("duration words")
        let words = Array(StepDuration.unitWords.keys).sorted() + ["kerja", "Kerja", "\u{212A}erja", "jäm", "j", "menitt", ""]
        let pieces = ["1", "2", "15", "1,5", "2.5", "1.000", " ", "  ", "\t", "-", "–", "—", "x"]
        func randomCase(_ w: String) -> String {
            String(w.map { Bool.random(using: &rng) ? Character($0.uppercased()) : $0 })
        }
        func reference(_ text: String) -> StepDuration? {
            // Numbers and dash as StepDuration reads them; the words through String.
            let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard parts.count >= 2, let last = parts.last else { return nil }
            let hasKerja = last.lowercased() == "kerja" && parts.count >= 3
            let unitWord = hasKerja ? parts[parts.count - 2] : last
            guard let unit = StepDuration.unitWords[unitWord.lowercased()] else { return nil }
            let numbers = text.replacingOccurrences(of: unitWord, with: "§")
            guard let head = numbers.split(separator: "§", maxSplits: 1).first else { return nil }
            return StepDuration(parsing: head + "menit").map { StepDuration(low: $0.low, high: $0.high, unit: unit) }
        }
        var read = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...3, using: &rng) { text += pieces.randomElement(using: &rng)! }
            text += [" ", "", "  "].randomElement(using: &rng)! + randomCase(words.randomElement(using: &rng)!)
            if Int.random(in: 0..<3, using: &rng) == 0 {
                text += " " + randomCase(["kerja", "\u{212A}erja", "kerjä"].randomElement(using: &rng)!)
            }
            let parsed = StepDuration(parsing: text)
            if parsed != nil { read += 1 }
            #expect(parsed == reference(text), "\(text)")
        }
        #expect(read > 2_000)
    }
}

@Suite struct NamesTests {
    @Test(arguments: ["a", "kabiro", "kasubag-tu", "a1-b2", String(repeating: "a", count: 64)])
    func validIDs(_ id: String) { #expect(Names.isValidID(id)) }

    @Test(arguments: ["", "1a", "Ka", "a-", "-a", "a--b", "a_b", "a b", "../x", "a/b", String(repeating: "a", count: 65)])
    func invalidIDs(_ id: String) { #expect(!Names.isValidID(id)) }

    @Test func suggestions() {
        #expect(Names.suggestion(for: "kabir", among: ["kabiro", "kabag"]) == "kabiro")
        #expect(Names.suggestion(for: "Ka Biro", among: ["ka-biro"]) == "ka-biro")
        #expect(Names.suggestion(for: "zzzzzz", among: ["kabiro"]) == nil)
    }

    /// ASCII text is slugged byte by byte; the result is the one of the character-by-character rule, which
    /// other text still takes (a letter with an accent is not ASCII: it separates).
    @Test func slugs() {
        #expect(Names.slug("Kepala Biro") == "kepala-biro")
        #expect(Names.slug("  Ka__Sub--Bag TU 2 ") == "ka-sub-bag-tu-2")
        #expect(Names.slug("x\r\ny.Z") == "x-y-z")
        #expect(Names.slug("!!!") == "")
        #expect(Names.slug("Surat Keputusan (SK)") == "surat-keputusan-sk")
        #expect(Names.slug("Café Biro") == "caf-biro")
        #expect(Names.slug("Cafe\u{301} Biro") == "caf-biro")
        // Every ASCII string of these characters: byte by byte as by characters.
        let alphabet = Array("aZ09 -_.\r\n\t!é")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = String(randomPieces(of: alphabet, count: 0...12, using: &random))
            #expect(Names.slug(text) == Names.slugByCharacter(text), "\(text.debugDescription)")
        }
    }
}

/// The quoted texts the "put it in quotes" helps write read back as the text, whatever it holds; form terms
/// are normalised byte by byte for ASCII as they are character by character.
@Suite struct QuotingTests {
    @Test func quotedTextReadsBack() throws {
        let pieces = [
            "a", "Menerima", " ", "\"", "'", "\\", "\t", "*)", "#", ": ", "é", "\u{301}", "\"\u{301}", "'\u{301}", "\\\u{301}",
        ]
        var random = SystemRandomNumberGenerator()
        var texts = ["\"\u{301}a", "'\u{301}\"", "say \"hi\"", "it's \"x\"", "\\\"", "tab\there"]
        for _ in 0..<1_000 {
            texts.append(randomPieces(of: pieces, count: 1...8, using: &random).joined())
        }
        for text in texts {
            let quoted = YAMLQuoting.quoted(text)
            let (root, diagnostics) = YAMLReader(file: "t.yaml").read(Array("key: \(quoted)\n".utf8))
            #expect(diagnostics.isEmpty, "\(text.debugDescription) as \(quoted): \(diagnostics)")
            let value = root?.pairs.first?.value
            #expect(value?.text == text, "\(text.debugDescription) as \(quoted)")
        }
    }

    @Test func formTermsNormaliseAsByCharacters() {
        let alphabet = Array("aZ _-.\t:/\r\nQé")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = String(randomPieces(of: alphabet, count: 0...10, using: &random))
            #expect(FormTerms.normalise(text) == FormTerms.normaliseByCharacter(text), "\(text.debugDescription)")
        }
        #expect(FormTerms.normalise("Mutu_Baku  Waktu:") == "mutu baku waktu")
    }
}

@Suite struct PlannerTextTests {
    @Test(arguments: [
        ("10 hari kerja", 4500.0, 4500.0), ("2 jam kerja", 120, 120), ("1 – 2 hari", 450, 900), ("1—2 hari", 450, 900),
        ("1–2 Jam Kerja", 60, 120), ("1,5 jam", 90, 90), ("1.2500 jam", 75, 75),
    ])
    func parsesAsPlannersWrite(_ text: String, _ low: Double, _ high: Double) throws {
        let d = try #require(StepDuration(parsing: text))
        let m = d.minutes(on: WorkCalendar())
        #expect(abs(m.low - low) < 1e-9 && abs(m.high - high) < 1e-9)
    }

    @Test(arguments: ["1.000 menit", "1,500 jam", "2-1.000 jam", "0.125 jam", "2 hari libur", "2 kerja", "kerja 2 hari"])
    func refusesAmbiguousOrMalformed(_ text: String) {
        #expect(StepDuration(parsing: text) == nil)
    }

    @Test func findsTheAmbiguousNumber() {
        #expect(StepDuration.ambiguousNumber(in: "1.000 menit") == "1.000")
        #expect(StepDuration.ambiguousNumber(in: "2-1,500 jam") == "1,500")
        #expect(StepDuration.ambiguousNumber(in: "1,5 jam") == nil)
        #expect(StepDuration.ambiguousNumber(in: "1.2500 jam") == nil)
    }

    @Test(arguments: [
        ("ppid.sop.yml", DefinitionsFolder.NearMiss.rename("ppid.sop.yaml")),
        ("X.SOP.yaml", .rename("x.sop.yaml")), ("x.Sop.yaml", .rename("x.sop.yaml")),
        ("sopc.yml", .rename("sopc.yaml")), ("Sopc.yaml", .rename("sopc.yaml")),
        ("x.sop.yaml.txt", .rename("x.sop.yaml")), ("x.sop .yaml", .rename("x.sop.yaml")),
        ("sub/sopc.yaml", .projectNotAtRoot), ("sub/sopc.yml", .projectNotAtRoot),
    ])
    func nearMissFileNames(_ rel: String, _ expected: DefinitionsFolder.NearMiss) {
        #expect(DefinitionsFolder.nearMiss(rel) == expected)
    }

    @Test(arguments: ["x.sop.yaml", "sopc.yaml", "README.md", "notes.yaml", "x.sop.yaml.bak", "logo.png", ".sop.yml"])
    func notNearMisses(_ rel: String) {
        #expect(DefinitionsFolder.nearMiss(rel) == nil)
    }

    /// The comment after a plain text is found whatever comes before it on the line (libyaml counts
    /// characters, not bytes), and nothing else is taken for one.
    @Test func trailingCommentsAfterPlainTextOnly() throws {
        let yaml = "a: Pé ü surat # versi 2\nb: \"x\" # quoted\nc: [p, q] # list\nd: e#f\ng: h\t# tab\n"
        let (root, diagnostics) = YAMLReader(file: "t.yaml").read(Array(yaml.utf8))
        #expect(diagnostics.isEmpty)
        let pairs = try #require(root).pairs
        let a = try #require(pairs[0].value.trailingComment)
        #expect(a.text == "# versi 2")
        #expect(a.span.start == SourcePosition(line: 1, column: 15))
        #expect(pairs[1].value.trailingComment == nil)
        #expect(pairs[2].value.children.allSatisfy { $0.trailingComment == nil })
        #expect(pairs[3].value.trailingComment == nil && pairs[3].value.text == "e#f")
        #expect(pairs[4].value.trailingComment?.text == "# tab")
    }

    @Test func commentInPrintedTextIsAWarningAtTheHash() {
        let sop =
            "sop: a\nname: Nama # lagi\nsteps:\n  - id: x\n    activity: Isi formulir #F-02\n    actor: r\n    time: 5 menit # kira-kira\n"
        let project = "sopc: 1\norganization: { name: Biro }\nroles: { r: { name: R } }\n"
        let result = Checker.check(files: ["sopc.yaml": Array(project.utf8), "a.sop.yaml": Array(sop.utf8)])
        let found = result.diagnostics.filter { $0.id == .yamlCommentInText }
        #expect(found.map(\.span.start) == [SourcePosition(line: 2, column: 12), SourcePosition(line: 5, column: 28)])
        #expect(found.allSatisfy { $0.severity == .warning })
        #expect(result.errorCount == 0)
        // `allow:` silences it like any warning: for the step, or for the whole SOP.
        let stepAllows = sop.replacingOccurrences(
            of: "    time: 5 menit", with: "    time: 5 menit\n    allow: [yaml-comment-in-text]")
        let silenced = Checker.check(files: ["sopc.yaml": Array(project.utf8), "a.sop.yaml": Array(stepAllows.utf8)])
        #expect(silenced.diagnostics.map(\.span.start) == [SourcePosition(line: 2, column: 12)])
        let sopAllows = sop + "allow: [yaml-comment-in-text]\n"
        #expect(
            Checker.check(files: ["sopc.yaml": Array(project.utf8), "a.sop.yaml": Array(sopAllows.utf8)]).diagnostics.isEmpty)
    }

    @Test func ignoredFilesInMemoryAsOnDisk() {
        let project = "sopc: 1\norganization: { name: Biro }\nroles: { r: { name: R } }\n"
        let result = Checker.check(files: ["sopc.yaml": Array(project.utf8), "p.sop.yml": [], "notes.txt": []])
        #expect(result.diagnostics.map(\.id) == [.ignoredFile])
        #expect(result.fileCount == 1)
        let missing = Checker.check(files: ["Sopc.yaml": Array(project.utf8)])
        #expect(missing.diagnostics.map(\.id) == [.missingProject])
        #expect(missing.diagnostics.first?.helpText == .renameProjectFile("Sopc.yaml"))
    }
}
