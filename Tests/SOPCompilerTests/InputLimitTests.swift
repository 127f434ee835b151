import Foundation
import Testing

@testable import SOPChecks
@testable import SOPCompiler
@testable import SOPFrontEnd

/// The limits that keep a hostile file to seconds and megabytes: nodes in a file and steps in an SOP
/// (``YAMLLimits``), and diagnostics reported for one file (``DiagnosticLimit``). Before them, a 16 MB file
/// of four million `- x` lines took 20 s and 2.6 GiB, and a 4 MB `steps: [x,x,…]` 28 s and 2.2 GiB.
@Suite struct InputLimitTests {
    static let project = """
        sopc: 1
        organization:
          name: Biro Humas
        roles:
          kabiro: Kepala Biro
        """

    static func check(_ sop: String, language: Language = .english) -> CheckResult {
        Pipeline.check(files: ["sopc.yaml": Array(project.utf8), "h.sop.yaml": Array(sop.utf8)])
    }

    static func header(_ rest: String = "steps:\n") -> String { "sop: h\nname: H\n" + rest }

    // MARK: DiagnosticLimit.apply

    static func diagnostic(_ file: String, line: Int, _ id: CheckID = .wrongType) -> Diagnostic {
        Diagnostic(id, .external("x\(line)"), file: file, span: SourceSpan(at: SourcePosition(line: line, column: 1)))
    }

    static func leftOut(_ n: Int, error: Bool = true) -> DiagnosticLimit.LeftOut {
        var l = DiagnosticLimit.LeftOut()
        l.add(n, error ? .error : .warning)
        return l
    }

    @Test func underTheLimitNothingChanges() {
        let ds = (1...DiagnosticLimit.perFile).map { Self.diagnostic("a", line: $0) } + [Self.diagnostic("b", line: 1)]
        #expect(DiagnosticLimit.apply(ds) == ds)
    }

    /// ``Diagnostic/sortInReportOrder(_:)`` gives what a stable `sort(by: Diagnostic.reportOrder)` gives: for
    /// lists of every length up to 60, in random order, with many ties (same file, place and id; the same
    /// message too, told apart by their notes), already sorted or reversed.
    @Test func theReportOrderIsTheStableSort() {
        var random = SystemRandomNumberGenerator()
        let ids: [CheckID] = [.wrongType, .unknownKey, .yamlSyntax]
        for n in 0...60 {
            for round in 0..<20 {
                var ds = (0..<n).map { i in
                    Diagnostic(
                        ids[Int.random(in: 0..<3, using: &random)], .external("x\(Int.random(in: 0..<2, using: &random))"),
                        file: ["a", "b", "a/b", "\u{E9}"][Int.random(in: 0..<4, using: &random)],
                        span: SourceSpan(at: SourcePosition(line: Int.random(in: 1...3, using: &random), column: 1)),
                        notes: [DiagnosticNote(.external("n\(i)"))])
                }
                if round == 1 { ds.sort(by: Diagnostic.reportOrder) }
                if round == 2 { ds.reverse() }
                var sorted = ds
                Diagnostic.sortInReportOrder(&sorted)
                #expect(sorted == ds.sorted(by: Diagnostic.reportOrder), "\(n) diagnostics, round \(round)")
            }
        }
    }

    @Test func eachFileKeepsItsFirstAndCountsTheRest() {
        let a = (1...1_300).map { Self.diagnostic("a", line: $0) }
        let b = (1...20).map { Self.diagnostic("b", line: $0) }
        // Two sinks of file c had already counted 7 and 5 they did not keep.
        let c = [
            DiagnosticLimit.notShown(Self.leftOut(7), file: "c"), Self.diagnostic("c", line: 3),
            DiagnosticLimit.notShown(Self.leftOut(5, error: false), file: "c"),
        ]
        let input = (a + b + c).sorted(by: Diagnostic.reportOrder)
        let out = DiagnosticLimit.apply(input)
        let inA = out.filter { $0.file == "a" }
        #expect(inA.count == DiagnosticLimit.perFile + 1)
        #expect(inA.first.map(DiagnosticLimit.hiddenCount) == 300)
        #expect(inA.dropFirst().map(\.span.start.line) == Array(1...DiagnosticLimit.perFile))
        #expect(out.filter { $0.file == "b" } == b)
        let inC = out.filter { $0.file == "c" }
        #expect(inC.count == 2)
        #expect(inC.compactMap(DiagnosticLimit.hiddenCount) == [12])
        #expect(inC.first?.severity == .error)
        #expect(out == out.sorted(by: Diagnostic.reportOrder))
        // Applied again, nothing changes: the count of what was cut is kept, not counted twice.
        #expect(DiagnosticLimit.apply(out) == out)
    }

    @Test func theCountSpeaksBothLanguages() {
        let d = DiagnosticLimit.notShown(Self.leftOut(3_999_000), file: "h.sop.yaml")
        #expect(d.severity == .error)
        #expect(d.id == .tooLarge)
        #expect(
            d.text.text(in: .english) == "more than 1,000 problems in this file: 1,000 are reported, 3,999,000 more are left out")
        #expect(
            d.text.text(in: .indonesian)
                == "berkas ini memuat lebih dari 1.000 masalah: 1.000 dilaporkan, 3.999.000 lainnya tidak dilaporkan")
    }

    /// The count is an error when what it leaves out holds an error, else a warning: a long SOP's warnings
    /// do not fail its check.
    @Test func aCountOfWarningsIsAWarning() {
        let warnings = (1...1_200).map { line -> Diagnostic in
            Diagnostic(.yamlCommentInText, .external("x"), file: "a", span: SourceSpan(at: SourcePosition(line: line, column: 1)))
        }
        let out = DiagnosticLimit.apply(warnings)
        #expect(out.count == DiagnosticLimit.perFile + 1)
        #expect(out.first.map(DiagnosticLimit.hiddenCount) == 200)
        #expect(out.allSatisfy { $0.severity == .warning })
        // One error among the left out makes the count an error.
        var mixed = warnings
        mixed.append(Self.diagnostic("a", line: 1_300))
        #expect(DiagnosticLimit.apply(mixed).first?.severity == .error)
    }

    // MARK: through the checker

    @Test func manyWarningsStillPassTheCheck() {
        var sop = Self.header()
        for i in 0..<1_500 { sop += "- id: s\(i)\n  activity: Langkah \(i) #\(i)\n  actor: kabiro\n  time: 5 menit\n" }
        let result = Self.check(sop)
        #expect(result.errorCount == 0)
        #expect(result.diagnostics.filter { $0.id == .yamlCommentInText }.count == DiagnosticLimit.perFile)
        #expect(result.diagnostics.compactMap(DiagnosticLimit.hiddenCount) == [500])
        #expect(result.warningCount == DiagnosticLimit.perFile + 1)
    }

    @Test func aFileOfManyProblemsReportsTheFirstThousand() {
        let sop = Self.header() + String(repeating: "- x\n", count: 1_500)
        let result = Self.check(sop)
        let wrong = result.diagnostics.filter { $0.id == .wrongType }
        #expect(wrong.count == DiagnosticLimit.perFile)
        // The first thousand in the file: steps 1 to 1,000, on lines 4 to 1,003.
        #expect(wrong.map(\.span.start.line) == Array(4..<(4 + DiagnosticLimit.perFile)))
        let count = result.diagnostics.filter { DiagnosticLimit.hiddenCount($0) != nil }
        #expect(count.map { DiagnosticLimit.hiddenCount($0) } == [500])
        #expect(count.first?.span == .fileStart)
        #expect(result.diagnostics.count == DiagnosticLimit.perFile + 1)
        let text = DiagnosticRenderer(colour: false, result: result).text(result.diagnostics)
        let line = "h.sop.yaml:1:1: error: more than 1,000 problems in this file: 1,000 are reported, 500 more are left out"
        #expect(text.contains(line + " [too-large]\n"))
        #expect(text.hasSuffix("1001 errors, 0 warnings (2 files checked)\n"))
    }

    @Test(.tags(.slow), .notInFastLoop) func anSOPOverTheStepLimitIsNotChecked() {
        // Read in parts (a long block list at the end of the file) and read whole (a flow list).
        let block = Self.header() + String(repeating: "- x\n", count: YAMLLimits.maxSteps + 1)
        let flow = Self.header("steps: [" + Array(repeating: "x", count: YAMLLimits.maxSteps + 1).joined(separator: ",") + "]\n")
        for sop in [block, flow] {
            let result = Self.check(sop)
            #expect(result.diagnostics.count == 1)
            let d = result.diagnostics.first
            #expect(d?.id == .tooLarge)
            #expect(d?.message == "the SOP has 250,001 steps; the limit is 250,000")
            #expect(d?.span.start == SourcePosition(line: 3, column: 1))
            #expect(d?.help == "split it into SOPs that call one another")
        }
        // At the limit, the steps are read and checked.
        let atLimit = Self.header() + String(repeating: "- x\n", count: YAMLLimits.maxSteps)
        let result = Self.check(atLimit)
        #expect(!result.diagnostics.contains { $0.message.hasPrefix("the SOP has") })
        #expect(result.diagnostics.filter { $0.id == .wrongType }.count == DiagnosticLimit.perFile)
    }

    @Test(.tags(.slow), .notInFastLoop) func aFileOverTheNodeLimitStopsAtTheNodePastIt() {
        let n = YAMLLimits.maxNodes
        // Seven nodes before the items (the root, `sop`, `h`, `name`, `H`, `steps`, the list): the item that
        // passes the limit is item n - 6, on line 3 + (n - 6) when one a line, at column 9 + 2 (n - 7) in a
        // flow list on line 3.
        let block = Self.header() + String(repeating: "- x\n", count: n)
        let parted = Self.check(block)
        #expect(
            parted.diagnostics.map(\.message) == ["the file has more than 3,000,000 YAML nodes (keys, values and list items)"])
        #expect(parted.diagnostics.first?.span.start == SourcePosition(line: 3 + (n - 6), column: 3))
        // The same list under a key read whole (not the steps): the same place.
        let whole = "sop: h\nname: H\ninputs:\n" + String(repeating: "- x\n", count: n) + "steps:\n- x\n"
        #expect(Self.check(whole).diagnostics.first?.span.start == SourcePosition(line: 3 + (n - 6), column: 3))
        // In a flow list, on one line: the column of the item past the limit.
        let flow = Self.header("steps: [" + Array(repeating: "x", count: n).joined(separator: ",") + "]\n")
        let f = Self.check(flow)
        #expect(f.diagnostics.count == 1)
        #expect(f.diagnostics.first?.span.start == SourcePosition(line: 3, column: 9 + 2 * (n - 7)))
    }

    @Test func aliasesCountWhatTheyCopy() {
        // 100 aliases of a list of 100 items: 10,000 nodes and more, under the limits; the count grows by the
        // nodes copied (tested through the builder's counter).
        var text = "sop: h\nname: H\ninputs: &l [" + Array(repeating: "a", count: 100).joined(separator: ",") + "]\n"
        text += "outputs: [" + Array(repeating: "*l", count: 100).joined(separator: ",") + "]\nsteps:\n- x\n"
        let bytes = Array(text.utf8)
        let nodes = bytes.withUnsafeBufferPointer { buffer -> Int in
            var builder = TreeBuilder(bytes: buffer, sink: DiagnosticSink(file: "h"), streamKey: nil, onItem: nil)
            _ = EventParser.run(buffer, builder: &builder)
            return builder.nodes
        }
        // The root, 5 keys, 2 texts (`h`, `H`), the list and its 100 items, the list of aliases and the 101
        // nodes each alias copies, the list of steps and its `x`.
        #expect(nodes == 1 + 5 + 2 + 1 + 100 + 1 + 100 * 101 + 1 + 1)
    }
}
