import Foundation
import Testing

@testable import SOPCompiler
@testable import SOPFrontEnd

/// A plain step is read straight from libyaml's events, no node of it made (``EventStepValues``); any other
/// item — or a step that turns out not to be plain halfway — is read from its node, its events handled again.
/// Whatever the file, the reading with steps from events must give the same tree, the same diagnostics and,
/// item by item, the same steps as the reading that makes every node: the files of the fixtures, the
/// definitions and `../shared`, random files of planners' mistakes and YAML's rarer parts (anchors, aliases,
/// tags, comments, flow mappings, repeated keys), and long files read in parts on several cores.
@Suite struct EventStepTests {
    struct Reading {
        var root = ""
        var diagnostics: [String] = []
        var steps: [String] = []
        /// Items read from their events.
        var fromEvents = 0
    }

    /// `bytes` read with the items of `steps:` handed over one by one — with `events`, the plain ones read
    /// from their events — and every item decoded to its step.
    static func read(_ bytes: [UInt8], events: Bool) -> Reading {
        var r = Reading()
        var d = NodeDecoder(file: "s.sop.yaml")
        var steps: [String] = []
        var fromEvents = 0
        let (root, diagnostics) = YAMLReader(file: "s.sop.yaml").read(
            bytes, streamingItemsOf: "steps",
            onItem: { node in steps.append(SOPDecoder.step(node, &d).map(PlainStepTests.dump) ?? "no step") },
            onStep: events
                ? { step in
                    fromEvents += 1
                    steps.append(PlainStepTests.dump(step))
                } : nil)
        PartedReadTests.dump(root, into: &r.root)
        r.diagnostics = (diagnostics + d.sink.diagnostics).map { "\($0.id) \($0.span) \($0.message) \($0.help as Any)" }
        r.steps = steps
        r.fromEvents = fromEvents
        return r
    }

    /// Both readings of `bytes` agree; returns how many steps were read from their events, and how many
    /// items there were.
    @discardableResult
    static func expectSame(_ bytes: [UInt8], _ context: @autoclosure () -> String) -> (events: Int, items: Int) {
        let nodes = read(bytes, events: false)
        let events = read(bytes, events: true)
        #expect(nodes.fromEvents == 0)
        #expect(events.root == nodes.root, "the trees differ in\n\(context())")
        #expect(events.diagnostics == nodes.diagnostics, "the diagnostics differ in\n\(context())")
        #expect(events.steps.count == nodes.steps.count, "\(context())")
        for (a, b) in zip(events.steps, nodes.steps) where a != b {
            Issue.record("a step differs:\n\(a)\n\(b)\nin\n\(context())")
            break
        }
        return (events.fromEvents, nodes.steps.count)
    }

    @Test func everyFileOfTheFixturesAndDefinitionsReadsAlike() throws {
        let files = PlainStepTests.sopFiles()
        #expect(files.count > 50)
        var events = 0
        var items = 0
        for file in files {
            let (e, n) = Self.expectSame(try [UInt8](Data(contentsOf: file)), file.path)
            events += e
            items += n
        }
        // Most steps of real files are plain: they are what is read from the events.
        #expect(items > 500)
        #expect(events * 10 > items * 6, "\(events) of \(items) steps read from their events")
    }

    /// Values beyond ``PlainStepTests/variants``: YAML's anchors, aliases and tags, comments after lists,
    /// text beyond ASCII before a comment, keys quoted.
    static let rarer: [String: [String]] = [
        "id": ["&a s1", "!!str s1", "*a", "'s1'"],
        "activity": ["&x Menerima", "!!str Menerima", "*x", "Menerima — surat # catatan", "Surat ke-2 ✓ diterima"],
        "actor": ["&p pelaksana", "*p", "!!str pelaksana"],
        "actors": ["[&q pelaksana]", "[*q]", "!!seq [pelaksana]", "&l [pelaksana, kabiro]", "*l", "[pelaksana] # dua"],
        "needs": ["[surat] # ada", "[!!str surat]", "[surat, {a: b}]", "[[surat]]"],
        "time": ["&t 5 menit", "*t", "5 menit # ±"],
        "\"id\"": ["s9"],
        "'time'": ["5 menit"],
        "!!str notes": ["Dicatat"],
    ]

    /// A random file of `count` steps, each written as a planner might, well or not.
    static func randomFile(_ rng: inout CrossCheckTests.SplitMix, steps count: Int) -> String {
        var variants = PlainStepTests.variants
        for (key, values) in rarer { variants[key, default: []] += values }
        var text = Int.random(in: 0..<4, using: &rng) == 0 ? "sop: acak # uji\nsteps: &semua\n" : "sop: acak\nsteps:\n"
        for _ in 0..<count {
            switch Int.random(in: 0..<40, using: &rng) {
            case 0:
                text += "  - {id: f1, activity: Menerima, actor: pelaksana, time: 5 menit}\n"
                continue
            case 1:
                text += "  - &langkah\n    id: g1\n    activity: Menerima\n    actor: pelaksana\n    time: 1 jam\n"
                continue
            case 2:
                text += "  - *langkah\n"
                continue
            case 3:
                text += "  - !!map {id: h1, activity: Menerima, actor: pelaksana, time: 5 menit}\n"
                continue
            case 4:
                text += "  - Menerima surat\n"
                continue
            default: break
            }
            text += PlainStepTests.randomStep(variants, &rng)
        }
        return text
    }

    @Test func randomFilesReadAlike() {
        var rng = CrossCheckTests.SplitMix("event steps")
        var events = 0
        var items = 0
        for n in 0..<600 {
            let text = Self.randomFile(&rng, steps: Int.random(in: 1...12, using: &rng))
            let (e, i) = Self.expectSame(Array(text.utf8), "random file \(n):\n" + text)
            events += e
            items += i
        }
        // Both readings are exercised: steps read from their events, and steps that go back to their nodes.
        #expect(events > items / 10 && events < items * 9 / 10, "\(events) of \(items) steps read from their events")
    }

    /// A long file is read in parts on several cores; its steps, decoded as `sopc check` decodes them
    /// (``StreamingStepDecoder``, plain steps from their events), make the same SOP and diagnostics as the
    /// steps decoded from the tree of the file read whole.
    @Test func aLongFileReadInPartsDecodesAlike() {
        var rng = CrossCheckTests.SplitMix("long event steps")
        let well = PartedReadTests.sop(steps: 3000, indent: "  ", seed: 3)
        var mixed = "sop: besar\nsteps:\n"
        while mixed.utf8.count < 300 << 10 {
            // Random files that read without an error of YAML (one ends the reading), their steps one after
            // another.
            let file = Self.randomFile(&rng, steps: 3)
            guard YAMLReader(file: "r.sop.yaml").read(Array(file.utf8)).diagnostics.isEmpty else { continue }
            mixed += file.split(separator: "\n").dropFirst(2).joined(separator: "\n") + "\n"
        }
        for (name, text) in [("well written", well), ("mixed", mixed)] {
            let bytes = Array(text.utf8)
            #expect(bytes.count > YAMLReader.partedAbove)
            let stream = StreamingStepDecoder(file: "d/besar.sop.yaml", bytes: bytes.count)
            let (root, parse, _) = YAMLReader(file: "d/besar.sop.yaml").read(
                bytes, streamingItemsOf: "steps", onItem: { stream.add($0) }, onStep: { stream.add($0) }, blocks: stream)
            let predecoded = stream.finish()
            #expect(predecoded != nil)
            let (streamed, found) = SOPDecoder.decode(root, file: "d/besar.sop.yaml", fileStem: "besar", predecoded: predecoded)
            let (whole, wholeParse) = YAMLReader(file: "d/besar.sop.yaml").read(bytes)
            let (tree, treeFound) = SOPDecoder.decode(whole, file: "d/besar.sop.yaml", fileStem: "besar")
            #expect(parse.map(\.message) == wholeParse.map(\.message), "\(name)")
            #expect(
                found.sorted(by: Diagnostic.reportOrder).map { "\($0.id) \($0.span) \($0.message)" }
                    == treeFound.sorted(by: Diagnostic.reportOrder).map { "\($0.id) \($0.span) \($0.message)" }, "\(name)")
            #expect(streamed.steps.count == tree.steps.count && streamed.steps.count > 1000, "\(name) \(streamed.steps.count)")
            #expect(zip(streamed.steps, tree.steps).allSatisfy { PlainStepTests.dump($0) == PlainStepTests.dump($1) }, "\(name)")
            #expect(streamed.stepIndex == tree.stepIndex, "\(name)")
        }
    }

    /// A step of more events than ``EventStepValues/maxEvents`` (a list of thousands of items) is read from
    /// its nodes, the next step from its events again; the readings agree.
    @Test func aStepOfThousandsOfNodesIsReadFromItsNodes() {
        let items = (0..<EventStepValues.maxEvents).map { "x\($0)" }.joined(separator: ", ")
        let text =
            "steps:\n  - id: a\n    activity: Menerima\n    actor: pelaksana\n    time: 5 menit\n    needs: [\(items)]\n"
            + "  - id: b\n    activity: Mengirim\n    actor: pelaksana\n    time: 5 menit\n"
        let (events, all) = Self.expectSame(Array(text.utf8), "a step of \(EventStepValues.maxEvents) needs")
        #expect(events == 1 && all == 2)
        // Just under the bound, both are read from their events.
        let fewer = (0..<(EventStepValues.maxEvents - 16)).map { "x\($0)" }.joined(separator: ", ")
        let (under, _) = Self.expectSame(Array(text.replacingOccurrences(of: items, with: fewer).utf8), "fewer needs")
        #expect(under == 2)
    }

    @Test func stepKeysAreMatchedOnTheirBytes() {
        for key in SOPDecoder.StepKey.allCases {
            var bytes = Array(key.name.utf8)
            #expect(bytes.withUnsafeBufferPointer { EventStepValues.stepKey($0.baseAddress!, count: $0.count) } == key)
            // The same word with a byte more (a NUL, which the word alone would not tell apart), or less.
            bytes.append(0)
            #expect(bytes.withUnsafeBufferPointer { EventStepValues.stepKey($0.baseAddress!, count: $0.count) } == nil)
            bytes.removeLast(2)
            let shorter = bytes.withUnsafeBufferPointer { EventStepValues.stepKey($0.baseAddress!, count: $0.count) }
            #expect(shorter == nil || shorter?.name == String(decoding: bytes, as: UTF8.self))
        }
        for other in ["Id", "ID", "kegiatan", "activities", "actorsx", "<<", "yes ", "decisions"] {
            let bytes = Array(other.utf8)
            #expect(bytes.withUnsafeBufferPointer { EventStepValues.stepKey($0.baseAddress!, count: $0.count) } == nil)
        }
    }
}
