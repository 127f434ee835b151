import Foundation
import Testing

@testable import SOPCompiler
@testable import SOPFrontEnd

/// A step with nothing to report is read in one pass over its keys (``SOPDecoder/plainStep(_:_:)``); every
/// other step by the general reading (``SOPDecoder/anyStep(_:_:)``), which reports what it finds. Whenever
/// the one pass reads a step, the general reading must report nothing about it and make the same step,
/// field by field: the steps of every fixture, definition and shared SOP, and thousands of random steps
/// written with the values planners get wrong.
@Suite struct PlainStepTests {
    /// Every stored property of a value, classes and optionals opened, as text.
    static func dump(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .class?:
            return "{" + mirror.children.map { "\($0.label ?? "_"): \(dump($0.value))" }.joined(separator: ", ") + "}"
        case .optional?:
            return mirror.children.first.map { "some(" + dump($0.value) + ")" } ?? "nil"
        default:
            return String(reflecting: value)
        }
    }

    /// Reads `node` both ways: whether the one pass read it (and if so, that both readings agree).
    static func compare(_ node: YAMLNode, _ context: @autoclosure () -> String) -> Bool {
        var plainDecoder = NodeDecoder(file: "s.sop.yaml")
        var generalDecoder = NodeDecoder(file: "s.sop.yaml")
        let general = SOPDecoder.anyStep(node, &generalDecoder)
        guard let plain = SOPDecoder.plainStep(node, &plainDecoder) else {
            #expect(plainDecoder.sink.diagnostics.isEmpty)
            return false
        }
        #expect(plainDecoder.sink.diagnostics.isEmpty)
        #expect(generalDecoder.sink.diagnostics.isEmpty, "\(generalDecoder.sink.diagnostics.map(\.message)) in\n\(context())")
        guard let general else {
            Issue.record("the general reading read no step from\n\(context())")
            return true
        }
        #expect(dump(plain) == dump(general), "in\n\(context())")
        return true
    }

    /// The items of `steps:` in a file's tree.
    static func steps(of bytes: [UInt8]) -> [YAMLNode] {
        guard let root = YAMLReader(file: "s.sop.yaml").read(bytes).root, root.kind == .mapping else { return [] }
        for (key, value) in root.pairs where key.text == "steps" && value.kind == .sequence { return value.children }
        return []
    }

    /// Every SOP file of the fixtures, the definitions and `../shared`.
    static func sopFiles() -> [URL] {
        var files: [URL] = []
        for folder in [Paths.fixtures, Paths.definitions, Paths.shared] {
            guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.lastPathComponent.hasSuffix(".sop.yaml") { files.append(url) }
        }
        return files
    }

    @Test func everyStepOfTheFixturesAndDefinitionsReadsAlike() throws {
        let files = Self.sopFiles()
        #expect(files.count > 50)
        var plain = 0
        var all = 0
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: file))
            for node in Self.steps(of: bytes) {
                all += 1
                if Self.compare(node, file.path + ":\(node.span.start.line)") { plain += 1 }
            }
        }
        // The definitions are mostly plain steps: the one pass is what reads them.
        #expect(all > 500)
        #expect(plain * 10 > all * 6, "\(plain) of \(all) steps read in one pass")
        var definitions = 0
        var definitionsPlain = 0
        for file in files where file.path.hasPrefix(Paths.definitions.path) {
            for node in Self.steps(of: try [UInt8](Data(contentsOf: file))) {
                definitions += 1
                if Self.compare(node, file.path) { definitionsPlain += 1 }
            }
        }
        #expect(definitions > 0 && definitionsPlain == definitions, "\(definitionsPlain) of \(definitions)")
    }

    /// Values of each kind of key, well written and not.
    static let variants: [String: [String]] = [
        "id": ["terima-surat", "\"terima-surat\"", "end", "Terima Surat", "5", "~", "", "[a]", "?", "a--b", "x # c"],
        "activity": [
            "Menerima surat masuk", "\"Menerima: surat\"", "Menerima surat # dari loket", "Menerima surat  # catatan",
            "", "~", "[Segera] kirim", "?", "Menerima 😀 surat", "|\n      Menerima\n      surat", "{a: b}", "'?'",
        ],
        "actor": ["pelaksana", "kabiro", "?", "\"?\"", "", "[pelaksana, kabiro]", "{a: b}", "Ka Biro"],
        "actors": ["[pelaksana, kabiro]", "[]", "pelaksana", "", "[pelaksana, ~]", "[[a]]", "\n      - pelaksana"],
        "needs": ["[surat]", "[]", "surat", "", "[surat, ~]", "{surat: 1}", "[surat, laporan]", "\n      - surat"],
        "makes": ["[laporan]", "[]", "laporan", "", "[laporan, ~]", "[laporan, surat]"],
        "time": ["5 menit", "1-2 hari", "1 jam # kira-kira", "", "~", "[5 menit]", "lima menit", "5 menit ✓", "\"3 jam\""],
        "notes": ["Dicatat", "\"Dicatat; ditembuskan\"", "Dicatat # ya", "", "~", "[a]", "?"],
        "call": ["rapat", "", "~", "[rapat]", "\"rapat\""],
        "next": ["s1", "end", "", "~", "[s1]", "?"],
        "allow": ["[unused-artefact]", "[]", "unused-artefact", "", "[~]"],
        "decision": ["Lengkap?", "?", "", "~", "Lengkap? # tanya", "[Lengkap]", "\"?\""],
        "yes": ["s1", "end", "?", "", "~", "[s1]"],
        "no": ["s0", "end", "?", "", "~", "[s0]"],
        "ya": ["s1", "?", ""],
        "tidak": ["s0", "?", ""],
        "kegiatan": ["Menerima surat"],
        "Activity": ["Menerima surat"],
        "<<": ["{notes: x}"],
        "waktu": ["5 menit"],
        "keputusan": ["Lengkap?"],
    ]

    @Test func everyStepKeyHasALane() {
        // plainStep keeps where each key's value is in a SIMD16, a lane a key.
        #expect(SOPDecoder.StepKey.allCases.count <= 16)
        #expect(SOPDecoder.stepKeys == SOPDecoder.StepKey.allCases.map(\.name))
        // Each key's name, spelled out, is its case's name (the key as written in a step).
        #expect(SOPDecoder.StepKey.names.count == SOPDecoder.StepKey.allCases.count)
        for key in SOPDecoder.StepKey.allCases { #expect(key.name == String(describing: key)) }
    }

    @Test func randomStepsReadAlike() {
        var rng = CrossCheckTests.SplitMix("plain steps")
        var plain = 0
        let total = 4000
        for n in 0..<total {
            let text = "steps:\n" + Self.randomStep(Self.variants, &rng)
            for node in Self.steps(of: Array(text.utf8)) where Self.compare(node, "random step \(n):\n" + text) { plain += 1 }
        }
        // Both readings are exercised.
        #expect(plain > total / 10 && plain < total * 9 / 10, "\(plain) of \(total) random steps read in one pass")
    }

    /// One random item of `steps:` (its lines, from `  - `): mostly the usual keys, each possibly left out;
    /// now and then any key of `variants`, a branch, a repeat. Each value is the first of its key's variants
    /// (well written) or, one time in eight, any of them (the others are mistakes).
    static func randomStep(_ variants: [String: [String]], _ rng: inout CrossCheckTests.SplitMix) -> String {
        let keys = Array(variants.keys).sorted()
        let usual = ["id", "activity", "actor", "time", "needs", "makes", "notes"]
        var chosen = usual.filter { _ in Int.random(in: 0..<12, using: &rng) != 0 }.map {
            $0 == "actor" && Bool.random(using: &rng) ? "actors" : $0
        }
        if Bool.random(using: &rng) {
            chosen += ["decision", "yes", "no"].filter { _ in Int.random(in: 0..<5, using: &rng) != 0 }
        }
        for _ in 0..<Int.random(in: 0...2, using: &rng) where Int.random(in: 0..<3, using: &rng) == 0 {
            chosen.append(keys.randomElement(using: &rng)!)
        }
        chosen.shuffle(using: &rng)
        var text = ""
        for (k, key) in chosen.enumerated() {
            let values = variants[key]!
            let value = Int.random(in: 0..<8, using: &rng) == 0 ? values.randomElement(using: &rng)! : values[0]
            text += (k == 0 ? "  - " : "    ") + key + ":" + (value.isEmpty || value.hasPrefix("\n") ? "" : " ") + value + "\n"
        }
        return chosen.isEmpty ? "  - {}\n" : text
    }
}
