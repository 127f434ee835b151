import Foundation
import Testing

@testable import SOPCompiler
@testable import SOPDiagnostics
@testable import SOPFrontEnd

/// A long file's list of steps may be parsed in parts on several cores (``ChunkPlan``). Whatever the file,
/// the tree, the positions, the items and the diagnostics must be exactly those of reading it whole; where a
/// part could read otherwise (an item line inside a quoted text, an alias, a tag, an error), the file is
/// read whole instead.
@Suite struct PartedReadTests {
    /// Collects the items handed over, by block, and whether the reader used the blocks.
    final class Blocks: ItemBlockSink, @unchecked Sendable {
        let lock = NSLock()
        var byBlock: [[YAMLNode]] = []
        var prepared = 0
        var restarted = 0
        func prepare(blocks: Int) {
            prepared += 1
            byBlock = Array(repeating: [], count: blocks)
        }
        func item(_ node: YAMLNode, block: Int) {
            lock.lock()
            byBlock[block].append(node)
            lock.unlock()
        }
        func step(_ step: Step, block: Int) {
            Issue.record("a step read from its events, with no onStep given")
        }
        func restart() {
            restarted += 1
            byBlock = []
        }
    }

    /// Every field of a node and its children, positions included.
    static func dump(_ node: YAMLNode?, into out: inout String, depth: Int = 0) {
        guard let node else {
            out += "nil\n"
            return
        }
        out += String(repeating: " ", count: depth)
        out += "\(node.kind) \(node.style) \(node.span.start.line):\(node.span.start.column)-"
        out += "\(node.span.end.line):\(node.span.end.column) h\(node.handedOver) \(node.text.debugDescription)\n"
        for child in node.children { dump(child, into: &out, depth: depth + 1) }
    }

    static func dump(_ nodes: [YAMLNode]) -> String {
        var out = ""
        for node in nodes { dump(node, into: &out) }
        return out
    }

    struct Reading {
        var root = ""
        var items = ""
        var diagnostics: [String] = []
    }

    /// The file read whole, items through `onItem`.
    static func whole(_ text: String) -> Reading {
        var items: [YAMLNode] = []
        let (root, diagnostics) = YAMLReader(file: "f.sop.yaml").read(
            Array(text.utf8), streamingItemsOf: "steps", onItem: { items.append($0) })
        var r = Reading()
        dump(root, into: &r.root)
        r.items = dump(items)
        r.diagnostics = diagnostics.map { "\($0.id) \($0.span) \($0.message)" }
        return r
    }

    /// The file read with blocks: in parts when the reader can.
    static func parted(_ text: String) -> (Reading, Blocks) {
        var items: [YAMLNode] = []
        let blocks = Blocks()
        let (root, diagnostics, _) = YAMLReader(file: "f.sop.yaml").read(
            Array(text.utf8), streamingItemsOf: "steps", onItem: { items.append($0) }, blocks: blocks)
        var r = Reading()
        dump(root, into: &r.root)
        r.items = dump(blocks.restarted == 0 && blocks.prepared == 1 ? blocks.byBlock.flatMap { $0 } : items)
        r.diagnostics = diagnostics.map { "\($0.id) \($0.span) \($0.message)" }
        return (r, blocks)
    }

    /// A long SOP file in many shapes of YAML: block and flow lists, quoted and block texts over several
    /// lines, comments after values and on lines of their own, blank lines, text beyond ASCII.
    static func sop(steps n: Int, indent: String, seed: Int, extra: (Int) -> String = { _ in "" }) -> String {
        var s = "# SOP besar\nsop: besar\nname: \"Besar: uji\" # nama\nartefacts: { a: A, b: B }\nsteps:\n"
        let inner = indent + "  "
        for i in 0..<n {
            let v = (i * 7 + seed) % 11
            s += indent + "- id: s\(i)\n"
            switch v {
            case 0: s += inner + "activity: \"Menyusun konsep\n" + inner + "  yang panjang \(i)\"\n"
            case 1: s += inner + "activity: |\n" + inner + "  Baris satu \(i)\n" + inner + "  - bukan butir\n"
            case 2: s += inner + "activity: Mengecek berkas — tahap \(i) # catatan\n"
            case 3: s += inner + "activity: 'Kutip ''tunggal'' \(i)'\n"
            case 4: s += inner + "activity: >\n" + inner + "  Dilipat\n" + inner + "  jadi satu \(i)\n"
            default: s += inner + "activity: Langkah nomor \(i) yang cukup panjang untuk berkas besar\n"
            }
            if v % 2 == 0 {
                s += inner + "actors: [kabiro, pelaksana]\n"
            } else {
                s += inner + "actors:\n" + inner + "  - pelaksana\n" + inner + "  - kasubag\n"
            }
            s += inner + "time: 5 menit\n"
            if v == 5 { s += "\n" + indent + "# langkah berikutnya\n\n" }
            if v == 6 { s += inner + "needs: {a: 1, b: [x,\n" + inner + "   y]}\n" }
            s += extra(i)
        }
        return s
    }

    func expectSame(_ text: String, parts: Bool, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let w = Self.whole(text)
        let (p, blocks) = Self.parted(text)
        #expect(p.root == w.root, "\(what): the trees differ", sourceLocation: sourceLocation)
        #expect(
            p.items == w.items, "\(what): the items differ \(Self.firstDifference(p.items, w.items))",
            sourceLocation: sourceLocation)
        #expect(p.diagnostics == w.diagnostics, "\(what): the diagnostics differ", sourceLocation: sourceLocation)
        guard YAMLReader.cores > 1 else { return }
        let used = blocks.prepared == 1 && blocks.restarted == 0
        #expect(used == parts, "\(what): read in parts \(used), expected \(parts)", sourceLocation: sourceLocation)
        if parts { #expect(blocks.byBlock.count >= 2, sourceLocation: sourceLocation) }
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false)
        let y = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<min(x.count, y.count) where x[i] != y[i] {
            return "line \(i): parts '\(x[i])', whole '\(y[i])'"
        }
        return "lengths \(x.count), \(y.count)"
    }

    @Test(arguments: ["", "  ", "    "]) func longListsReadInPartsAsWhole(_ indent: String) {
        for seed in 0..<3 {
            let text = Self.sop(steps: 3_000, indent: indent, seed: seed)
            #expect(text.utf8.count > YAMLReader.partedAbove)
            expectSame(text, parts: true, "indent \(indent.count), seed \(seed)")
        }
    }

    /// Files a part would read otherwise: read whole, with the same result as ever.
    @Test func whatPartsCouldMisreadIsReadWhole() {
        let n = 3_000
        let cases: [(String, String)] = [
            // An item line inside a quoted text, and inside a flow list.
            (
                "quoted",
                Self.sop(steps: n, indent: "  ", seed: 1) { i in i == 1_700 ? "    note: \"a\n  - id: palsu\n    b\"\n" : "" }
            ),
            ("flow", Self.sop(steps: n, indent: "  ", seed: 1) { i in i == 1_700 ? "    needs: [a,\n  - b]\n" : "" }),
            (
                "alias",
                "x: &teks Teks\n" + Self.sop(steps: n, indent: "  ", seed: 2) { i in i == 2_500 ? "    note: *teks\n" : "" }
            ),
            ("tag", Self.sop(steps: n, indent: "  ", seed: 2) { i in i == 2_500 ? "    note: !!str 5\n" : "" }),
            ("anchor", Self.sop(steps: n, indent: "  ", seed: 2) { i in i == 2_500 ? "    note: &a x\n    other: *a\n" : "" }),
            ("error", Self.sop(steps: n, indent: "  ", seed: 3) { i in i == 2_900 ? "    note: a: b\n" : "" }),
            ("duplicate", Self.sop(steps: n, indent: "  ", seed: 3) { i in i == 2_000 ? "    time: 6 menit\n" : "" }),
            (
                "deep",
                Self.sop(steps: n, indent: "  ", seed: 3) { i in
                    i == 2_000 ? "    note: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "\n" : ""
                }
            ),
            ("second document", Self.sop(steps: n, indent: "", seed: 4) { i in i == 2_000 ? "---\nx: 1\n" : "" }),
        ]
        for (what, text) in cases {
            #expect(text.utf8.count > YAMLReader.partedAbove)
            expectSame(text, parts: false, what)
        }
        // Nothing to cut: a key after the list, lines that end in CR LF, a list that is not the last key's.
        let base = Self.sop(steps: n, indent: "  ", seed: 5)
        expectSame(base + "outputs: [a]\n", parts: false, "tail")
        expectSame(base.replacingOccurrences(of: "\n", with: "\r\n"), parts: false, "crlf")
        expectSame(base.replacingOccurrences(of: "steps:\n", with: "langkah:\n"), parts: false, "other key")
    }

    /// Random damage to a long file — a tricky line put in, a line taken out, a byte changed — never makes
    /// the reading in parts differ from the reading whole, whether the parts were kept or not.
    @Test func damagedFilesReadAsWhole() {
        let lines = Self.sop(steps: 2_600, indent: "  ", seed: 9).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        let tricky = [
            "  - id: x", "\"open", "  [", "]", "# c", "---", "x: &a 1", "  - *a", "- |", "    |", "\t- x", "  -x",
            "   - id: y", "  - ", "steps:", "", "...", "  ? k", "  : v", "  - !t x", "  - 'a", "  b'", "  - {a: 1,",
            "    note: \"a", "  - id: z # c", "outputs: [a]", "  - - a",
        ]
        let bytes = Array(" -:#'\"[]{}&*!|>\t\n".utf8)
        var random = BuildFaultTests.Seeded(state: 2026_12_05_2)
        var parted = 0
        for round in 0..<120 {
            var damaged = lines
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0..<damaged.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: damaged.insert(tricky[Int.random(in: 0..<tricky.count, using: &random)], at: at)
                case 1: damaged.remove(at: at)
                default:
                    var line = Array(damaged[at].utf8)
                    guard !line.isEmpty else { continue }
                    line[Int.random(in: 0..<line.count, using: &random)] = bytes[Int.random(in: 0..<bytes.count, using: &random)]
                    damaged[at] = String(decoding: line, as: UTF8.self)
                }
            }
            let text = damaged.joined(separator: "\n")
            let w = Self.whole(text)
            let (p, blocks) = Self.parted(text)
            #expect(p.root == w.root, "round \(round): the trees differ")
            #expect(p.items == w.items, "round \(round): the items differ \(Self.firstDifference(p.items, w.items))")
            #expect(p.diagnostics == w.diagnostics, "round \(round): the diagnostics differ")
            if blocks.prepared == 1 && blocks.restarted == 0 { parted += 1 }
        }
        // Most damage is local: many files are still read in parts.
        if YAMLReader.cores > 1 { #expect(parted >= 20, "only \(parted) of 120 read in parts") }
        print("PartedReadTests: \(parted) of 120 damaged files read in parts")
    }

    /// Nesting just under the limit in a later part reads the same, and just over it is reported the same.
    @Test(arguments: [60, 61, 62, 63]) func nestingLimitInALaterPart(_ depth: Int) {
        let text = Self.sop(steps: 3_000, indent: "  ", seed: 6) { i in
            i == 2_800 ? "    note: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n" : ""
        }
        let w = Self.whole(text)
        let (p, _) = Self.parted(text)
        #expect(p.root == w.root && p.items == w.items && p.diagnostics == w.diagnostics)
    }

    /// A plan cuts only at item lines of the list, and a check of every part against it catches an item
    /// line that was not one.
    @Test func thePlanCutsAtItems() throws {
        let text = Self.sop(steps: 400, indent: "  ", seed: 7)
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            let plan = try #require(ChunkPlan(buffer, key: "steps", partBytes: 4_096))
            #expect(plan.starts.count >= 10)
            #expect(plan.itemLines.reduce(0) { $0 + $1.count } == 400)
            for (p, start) in plan.starts.enumerated() where p > 0 {
                #expect(buffer[start - 1] == 0x0A && buffer[start + 2] == UInt8(ascii: "-"))
            }
            #expect(ChunkPlan(buffer, key: "steps", partBytes: 1 << 30) == nil)
            #expect(ChunkPlan(buffer, key: "langkah", partBytes: 4_096) == nil)
        }
    }

    /// The parts of a file read in parts are as many as a multiple of the cores (none waits for another's last
    /// odd part), one a core at least, eight a core at most, about 64 KiB each where that allows; on very
    /// many cores, no part under 16 KiB.
    @Test func thePartsKeepEveryCoreBusy() throws {
        for cores in [1, 2, 3, 4, 8, 64] {
            for count in stride(from: 256 << 10, through: 40 << 20, by: 97_003) {
                let size = YAMLReader.partBytes(count, cores: cores)
                let parts = (count + size - 1) / size
                let context = "\(count) bytes, \(cores) cores: \(parts) parts of \(size)"
                #expect(parts >= 2 && parts <= max(2, 8 * cores) && size >= 16 << 10, "\(context)")
                if count >= cores * (16 << 10) { #expect(parts % cores == 0, "\(context)") }
                #expect(size >= 64 << 10 || parts == cores, "\(context)")
            }
        }
        // A file of about 300 KB on two cores: four parts, not four of 64 KiB and a short fifth.
        let bytes = Array(Self.sop(steps: 2_200, indent: "  ", seed: 9).utf8)
        try #require(bytes.count > 260_000 && bytes.count < 320_000, "\(bytes.count) bytes")
        let plan = try #require(
            bytes.withUnsafeBufferPointer { ChunkPlan($0, key: "steps", partBytes: YAMLReader.partBytes($0.count, cores: 2)) })
        #expect(plan.starts.count == 4)
    }

    /// A check of a long SOP reads it in parts and reports exactly what a check of the same file with CR LF
    /// line ends reports (lines and columns are the same, and such a file is never cut into parts).
    @Test func aCheckReadsInPartsAsWhole() throws {
        let text = Self.sop(steps: 4_000, indent: "  ", seed: 8) { i in
            i % 997 == 3 ? "    colour: merah\n" : i % 1_201 == 5 ? "    actor: kabir\n" : ""
        }
        let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { ChunkPlan($0, key: "steps", partBytes: 64 << 10) } != nil)
        var results: [CheckResult] = []
        for version in [text, crlf] {
            let dir = try temporaryProject(["sopc.yaml": minimalProject, "besar.sop.yaml": version])
            defer { try? FileManager.default.removeItem(at: dir) }
            results.append(try Checker.check(directory: dir.path, displayPrefix: "d"))
        }
        let parted = try #require(results[0].model.sop("besar"))
        let whole = try #require(results[1].model.sop("besar"))
        #expect(parted.steps.count == 4_000 && whole.steps.count == 4_000)
        #expect(parted.steps.map(\.span) == whole.steps.map(\.span))
        #expect(parted.steps.map(\.activity) == whole.steps.map(\.activity))
        #expect(results[0].diagnostics == results[1].diagnostics)
        #expect(results[0].diagnostics.contains { $0.id == .unknownKey })
        #expect(results[0].diagnostics.count > 100)
    }

    /// With `reread` (a file read from disk), the reader gives back the memory of each part once it is
    /// parsed: the caller's bytes read as zeros there after, the result is the whole reading's, and the file
    /// is not read again.
    @Test func partsParsedGiveTheirMemoryBack() throws {
        try #require(YAMLReader.cores > 1, "one core: nothing is read in parts")
        let text = Self.sop(steps: 3_000, indent: "  ", seed: 6)
        let bytes = Array(text.utf8)
        #expect(!bytes.contains(0))
        var rereads = 0
        var items: [YAMLNode] = []
        let blocks = Blocks()
        let (root, diagnostics, read) = YAMLReader(file: "f.sop.yaml").read(
            bytes, streamingItemsOf: "steps", onItem: { items.append($0) }, blocks: blocks,
            reread: {
                rereads += 1
                return Array(text.utf8)
            })
        #expect(rereads == 0 && read == nil && diagnostics.isEmpty)
        #expect(blocks.prepared == 1 && blocks.restarted == 0)
        // Given back: whole pages of zeros where the text was.
        #expect(bytes.count { $0 == 0 } >= 4096 * 8)
        var r = Reading()
        Self.dump(root, into: &r.root)
        r.items = Self.dump(blocks.byBlock.flatMap { $0 })
        let w = Self.whole(text)
        #expect(r.root == w.root && r.items == w.items)
    }

    /// When a part reads otherwise (an alias in a later part) after others gave their memory back, the file is
    /// read again and read whole: the same result as ever, and the bytes read again are returned for the
    /// source lines; when it cannot be read again, nothing is returned (the caller says why).
    @Test func aPartReadOtherwiseAfterAReleaseReadsTheFileAgain() throws {
        try #require(YAMLReader.cores > 1, "one core: nothing is read in parts")
        let text =
            "x: &teks Teks\n" + Self.sop(steps: 3_000, indent: "  ", seed: 2) { i in i == 2_500 ? "    note: *teks\n" : "" }
        var rereads = 0
        var items: [YAMLNode] = []
        let blocks = Blocks()
        let (root, diagnostics, read) = YAMLReader(file: "f.sop.yaml").read(
            Array(text.utf8), streamingItemsOf: "steps", onItem: { items.append($0) }, blocks: blocks,
            reread: {
                rereads += 1
                return Array(text.utf8)
            })
        #expect(rereads == 1 && blocks.restarted == 1)
        #expect(read == Array(text.utf8))
        var r = Reading()
        Self.dump(root, into: &r.root)
        r.items = Self.dump(items)
        r.diagnostics = diagnostics.map { "\($0.id) \($0.span) \($0.message)" }
        let w = Self.whole(text)
        #expect(r.root == w.root && r.items == w.items && r.diagnostics == w.diagnostics)

        let gone = YAMLReader(file: "f.sop.yaml").read(
            Array(text.utf8), streamingItemsOf: "steps", onItem: { _ in }, blocks: Blocks(), reread: { nil })
        #expect(gone.root == nil && gone.diagnostics.isEmpty && gone.readAgain == nil)
    }

    /// The check of a long file on disk whose later part reads otherwise (read again, whole) and of one that
    /// reads in parts (its memory given back) reports what the same files held in memory (never released) do.
    @Test func aCheckOnDiskReportsWhatTheSameFilesInMemoryDo() throws {
        let alias =
            "x: &teks Teks\n"
            + Self.sop(steps: 3_000, indent: "  ", seed: 2) { i in
                i == 2_500 ? "    note: *teks\n" : i % 997 == 3 ? "    actor: kabir\n" : ""
            }
        let parted = Self.sop(steps: 3_000, indent: "  ", seed: 8) { i in i % 997 == 3 ? "    colour: merah\n" : "" }
        for text in [alias, parted] {
            let files = ["sopc.yaml": minimalProject, "besar.sop.yaml": text]
            let dir = try temporaryProject(files)
            defer { try? FileManager.default.removeItem(at: dir) }
            let onDisk = try Checker.check(directory: dir.path, displayPrefix: "d")
            let inMemory = Checker.check(files: files.mapValues { Array($0.utf8) }, displayPrefix: "d")
            #expect(!onDisk.diagnostics.isEmpty)
            #expect(onDisk.diagnostics == inMemory.diagnostics)
            let a = try #require(onDisk.model.sop("besar"))
            let b = try #require(inMemory.model.sop("besar"))
            #expect(a.steps.map(\.span) == b.steps.map(\.span) && a.steps.map(\.activity) == b.steps.map(\.activity))
            // The source lines of the report are those of the file.
            let text = DiagnosticRenderer(colour: false, result: onDisk, language: .english).text(onDisk.diagnostics)
            #expect(text == DiagnosticRenderer(colour: false, result: inMemory, language: .english).text(inMemory.diagnostics))
        }
    }

    /// A file is cut into parts only when none of its line breaks is one of Unicode's (NEL, LS, PS), which
    /// libyaml breaks lines at too: the search for their first bytes finds one wherever a look at every
    /// byte does, among other characters that start with the same bytes, and at either end of the text.
    @Test func everyUnicodeLineBreakIsFound() {
        var rng = CrossCheckTests.SplitMix("unicode breaks")
        let pool: [[UInt8]] = [
            Array("a".utf8), Array("- ".utf8), [0x0A], [0xC2, 0x85], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9],
            [0xE2, 0x80, 0x93], [0xC2, 0xA0], [0xC2], [0xE2], [0xE2, 0x80], [0x85], [0xA8], Array("é".utf8),
        ]
        var found = 0
        for n in 0..<4000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                // Breaks are rare: most texts have none.
                var piece = pool.randomElement(using: &rng)!
                if n % 2 == 0, piece == [0xC2, 0x85] || piece.starts(with: [0xE2, 0x80, 0xA8]) || piece == [0xE2, 0x80, 0xA9] {
                    piece = Array("b".utf8)
                }
                bytes += piece
            }
            let naive = bytes.indices.contains { SourceLines.unicodeBreak(bytes, at: $0) != nil }
            #expect(bytes.withUnsafeBufferPointer { SourceLines.containsUnicodeBreak($0) } == naive, "\(bytes)")
            if naive { found += 1 }
        }
        #expect(found > 500 && found < 3000)
    }
}
