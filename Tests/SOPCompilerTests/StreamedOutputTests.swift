import Testing

@testable import SOPChecks
@testable import SOPMachine
@testable import SOPOutputs
@testable import SOPSystem

/// The emitters write their largest elements as they make them (``XMLStream``, ``JSONValue/object(_:thenArray:count:capacity:item:)``)
/// instead of building a tree of the whole document first. These tests hold the streamed bytes to the
/// tree writers' on random documents: the same bytes, whatever the content.
@Suite struct StreamedOutputTests {
    /// The tests' deterministic generator, so that a failure can be replayed.
    typealias Random = CrossCheckTests.SplitMix

    /// A short text of the pieces that escaping treats specially.
    static func text(_ r: inout Random) -> String {
        let pieces = [
            "a", "Rapat", " ", "&", "<", ">", "\"", "'", "\n", "\t", "\r", "--", "-", "é", "\u{1}", "\u{FFFE}", "]]>", "日",
        ]
        return (0..<r.below(5)).map { _ in pieces[r.below(pieces.count)] }.joined()
    }

    static let names = ["a", "b", "BPMNShape", "dc:Bounds", "lane"]
    static let oneLine: Set<String> = ["BPMNShape"]

    static func node(_ r: inout Random, depth: Int) -> XMLNode {
        switch r.below(depth > 3 ? 3 : 5) {
        case 0: return .text(text(&r))
        case 1: return .comment(text(&r))
        case 2: return .element(names[r.below(names.count)], attributes(&r), [])
        default:
            let children = (0..<r.below(4)).map { _ in node(&r, depth: depth + 1) }
            return .element(names[r.below(names.count)], attributes(&r), children)
        }
    }

    static func attributes(_ r: inout Random) -> [(String, String)] {
        (0..<r.below(3)).map { i in ("k\(i)", text(&r)) }
    }

    /// The text of an element whose only child is one text, or "" for one without children; nil otherwise.
    static func leafText(_ node: XMLNode) -> (String, [(String, String)], String?)? {
        guard case .element(let name, let attributes, let children) = node else { return nil }
        if children.isEmpty { return (name, attributes, nil) }
        if children.count == 1, case .text(let t) = children[0] { return (name, attributes, t) }
        return nil
    }

    /// Each node written the way an emitter would write it: an element with element children opened and
    /// streamed one level down; an empty element, an element of one text, and an element of `oneLine` whose
    /// children are such leaves, written from their parts (``XMLStream/empty(_:_:)``, ``XMLStream/text(_:_:_:)``,
    /// ``XMLStream/openLine(_:_:)``); any other node through ``XMLStream/write(_:)``.
    static func stream(_ node: XMLNode, into x: inout XMLStream) {
        if let (name, attributes, text) = leafText(node) {
            if let text { x.text(name, attributes, text) } else { x.empty(name, attributes) }
        } else if case .element(let name, let attributes, let children) = node, Self.oneLine.contains(name),
            children.allSatisfy({ leafText($0) != nil })
        {
            x.openLine(name, attributes)
            for child in children {
                let (childName, childAttributes, text) = leafText(child)!
                if let text { x.inlineText(childName, childAttributes, text) } else { x.inlineEmpty(childName, childAttributes) }
            }
            x.closeLine()
        } else if case .element(let name, let attributes, let children) = node, !Self.oneLine.contains(name),
            children.contains(where: { if case .text = $0 { false } else { true } })
        {
            x.open(name, attributes)
            for child in children { stream(child, into: &x) }
            x.close()
        } else {
            x.write(node)
        }
    }

    @Test(arguments: [true, false]) func anXMLDocumentStreamedIsTheTreeWritten(indented: Bool) {
        var r = Random(indented ? "xml indented" : "xml")
        for _ in 0..<2_000 {
            // A root with at least one child that is not text: the kind of element that is opened.
            let children = [XMLNode.element("first", [], [])] + (0..<r.below(6)).map { _ in Self.node(&r, depth: 1) }
            let root = XMLNode.element("root", Self.attributes(&r), children)
            var x = XMLStream(indented: indented, oneLine: Self.oneLine)
            Self.stream(root, into: &x)
            let streamed = String(decoding: x.bytes(), as: UTF8.self)
            let written = XMLWriter.document(root, indented: indented, oneLine: Self.oneLine)
            #expect(streamed == written)
            if streamed != written { return }
        }
    }

    static func value(_ r: inout Random, depth: Int) -> JSONValue {
        switch r.below(depth > 2 ? 6 : 8) {
        case 0: return .null
        case 1: return .bool(r.below(2) == 0)
        case 2: return .int(r.below(2_000) - 1_000)
        case 3: return .number([0.5, 7.5, 1e20, -3, .infinity][r.below(5)])
        case 4, 5: return .string(text(&r))
        case 6: return .array((0..<r.below(3)).map { _ in value(&r, depth: depth + 1) })
        default: return .object((0..<r.below(3)).map { i in ("m\(i)\(text(&r))", value(&r, depth: depth + 1)) })
        }
    }

    @Test func aJSONObjectWithItsLastArrayStreamedIsTheTreeWritten() {
        var r = Random("json")
        for _ in 0..<2_000 {
            let members = (0..<r.below(4)).map { i in ("k\(i)", Self.value(&r, depth: 0)) }
            let items = (0..<r.below(4)).map { _ in Self.value(&r, depth: 1) }
            let key = Self.text(&r)
            let streamed = JSONValue.object(members, thenArray: key, count: items.count) { items[$0] }
            let written = JSONValue.object(members + [(key, .array(items))]).serialized()
            #expect(String(decoding: streamed, as: UTF8.self) == written)
            if String(decoding: streamed, as: UTF8.self) != written { return }
        }
    }

    /// What a build writes (``SOPEmitter/renderText(_:)``, bytes for the XML and JSON files) is the text
    /// ``SOPEmitter/render(_:)`` gives, for every emitter and every SOP of `definitions/`.
    @Test func everyEmitterWritesItsText() throws {
        let result = try Checker.check(directory: Paths.definitions.path)
        let project = lowered(result.model)
        #expect(result.model.sops.count >= 4)
        for sop in result.model.sops {
            let context = SOPOutputContext(sop, project: project)
            for emitter in OutputPlan.sopEmitters {
                var text = emitter.renderText(context)
                let expected = Array(emitter.render(context).utf8)
                #expect(text.bytes == expected, "\(sop.sopID).\(emitter.suffix)")
                #expect(text.withBytes { Array($0) } == expected, "\(sop.sopID).\(emitter.suffix)")
            }
        }
    }

    @Test func aMachineFileIsItsValueWritten() throws {
        let machines = try MachineJSONTests.allMachines()
        #expect(machines.count >= 20)
        for (name, machine) in machines {
            #expect(MachineJSON.render(machine) == MachineJSON.value(machine).serialized() + "\n", "\(name)")
        }
    }
}
