import Foundation
import Testing

@testable import SOPCompiler

/// The cross-check: the Swift runtime, the SCXML interpreter and the BPMN engine run the same events alike.
///
/// Every project of `definitions/` and of the build, machine and form fixtures is built as `sopc build`
/// builds it (``OutputPlan`` written to a temporary folder). For each SOP, seeded random walks make event
/// sequences: mostly an event the current innermost step takes (by any of its actors; at a decision an
/// answer that goes back, one nearer to `end`, or either), and now and then one it must refuse — by
/// someone who is not its actor, by the actor of the call step running it (events go to the innermost
/// SOP), of the wrong kind, or after the end. Each sequence is replayed on the runtime here (reading the
/// build's `machine.json` files), and on python-statemachine and SpiffWorkflow as it ships (through both its
/// `BpmnParser` and its `CamundaParser`) by `Tests/consumers/crosscheck_run.py` (one Python process per
/// project). All three must enter the same
/// steps in the same order, refuse the same events, end or not alike, and hold the same documents at the
/// end: the root's, and those of every SOP instance still running (caller and callees). A mismatch is
/// reported with the SOP, the events and what each engine did, the shortest failing sequences first.
///
/// The common form of "visited" is the replay helpers': each state as it is entered, a called SOP's after
/// the call step that runs it (`rapat/perintah`, nested `a/b/c`), the end of an SOP as `end` under the
/// same prefix (`rapat/end`, then the top-level `end`). The runtime's effects are turned into it here.
@Suite struct CrossCheckTests {
    /// Every valid project the tests hold: the real definitions and the build, machine and form fixtures,
    /// and any definitions folders listed in `SOPC_CROSS_PROJECTS` (`:`-separated; for trying other
    /// projects without adding them).
    static let projects: [String: URL] = {
        var projects = ["definitions": Paths.definitions]
        for path in (ProcessInfo.processInfo.environment["SOPC_CROSS_PROJECTS"] ?? "").split(separator: ":") {
            projects[String(path)] = URL(fileURLWithPath: String(path))
        }
        for kind in ["build", "machine", "form"] {
            let root = Paths.fixtures.appendingPathComponent(kind)
            for name in fixtureNames(in: root) {
                // A missing or empty folder gives a placeholder that `build` fails on.
                if name.hasPrefix(noFixturesMarker) {
                    projects[name] = root
                } else {
                    projects["\(kind)/\(name)"] = root.appendingPathComponent(name).appendingPathComponent("definitions")
                }
            }
        }
        return projects
    }()

    static let projectNames = projects.keys.sorted()

    /// Sequences per SOP: at least this many, twice as many for a small SOP (few states, callees included),
    /// whose walks are short.
    static let sequencesPerSOP = Int(ProcessInfo.processInfo.environment["SOPC_CROSS_SEQUENCES"] ?? "") ?? 40
    static let smallSOPStates = 4

    // MARK: - A deterministic random source

    /// SplitMix64: the same seed gives the same sequences on every machine and toolchain.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        init(_ text: String) {
            // FNV-1a of the text.
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in text.utf8 {
                h ^= UInt64(b)
                h = h &* 0x100_0000_01b3
            }
            state = h
        }
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        /// 0..<n.
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    // MARK: - Building

    struct Built {
        var name: String
        var out: URL
        /// Every SOP id, sorted.
        var sops: [String]
        var libraries: [String: MachineLibrary]
        /// Every role of the project and every actor of its SOPs, sorted, and one nobody knows.
        var roles: [String]
    }

    static func build(_ name: String) throws -> Built {
        try requireFixture(name)
        let definitions = try #require(projects[name])
        let result = try Checker.check(directory: definitions.path, displayPrefix: name)
        guard result.errorCount == 0 else {
            throw FixtureError(
                "'\(name)' has errors:\n" + DiagnosticRenderer(colour: false, result: result).text(result.diagnostics))
        }
        let out = Scratch.folder.appendingPathComponent("sopc-cross-\(UUID().uuidString)")
        for file in OutputPlan(result.lowered!).files {
            let url = out.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
        let sops = Set(result.model.sops.map(\.sopID)).sorted()
        var libraries: [String: MachineLibrary] = [:]
        var roles = Set((result.model.project?.roles ?? []).map(\.ref.id))
        for id in sops {
            // The runtime runs the machine files the build wrote.
            let library = try MachineLibrary.load(root: id, folder: out.path)
            libraries[id] = library
            for m in library.machines.values { roles.formUnion(m.actors.map(\.id)) }
        }
        roles.insert("orang-luar")
        return Built(name: name, out: out, sops: sops, libraries: libraries, roles: roles.sorted())
    }

    // MARK: - Sequences, run on the runtime

    /// What one engine did with one sequence, in the common form.
    struct Run: Codable, Equatable {
        var visited: [String]
        /// Indexes of the events refused.
        var refused: [Int]
        var ended: Bool
        /// The root SOP's documents at the end, sorted.
        var available: [String]
        /// The documents of each SOP instance still running at the end, outermost first, each sorted.
        var stack: [[String]] = []
        var errors: [String] = []

        static func == (a: Run, b: Run) -> Bool {
            a.visited == b.visited && a.refused == b.refused && a.ended == b.ended && a.available == b.available
                && a.stack == b.stack
        }
    }

    /// Why a generated event is expected to be refused.
    enum RefusalKind: String, CaseIterable {
        case notAnActor = "not an actor"
        case callerActor = "actor of the calling step"
        case wrongKind = "wrong kind"
        case
            afterEnd = "after the end"
    }

    struct Case {
        var root: String
        var events: [String]
        var runtime: Run
        /// Per refused event, why it was made.
        var refusals: [RefusalKind]
        /// The most times one decision was answered with a branch going back.
        var loops: Int
        var entersCall: Bool
    }

    /// Turns the runtime's effects into the common form; `frames` holds the state of each instance on the
    /// stack as the effects go (for the prefixes).
    static func visited(_ effects: [RuntimeEffect], frames: inout [String]) -> [String] {
        var names: [String] = []
        for effect in effects {
            switch effect {
            case .entered(let depth, _, let state):
                frames = Array(frames.prefix(depth)) + [state]
                names.append(frames.joined(separator: "/"))
            case .ended(let depth, _, _):
                frames = Array(frames.prefix(depth))
                names.append(frames.map { $0 + "/" }.joined() + StateMachine.endState)
            case .started, .completed:
                break
            }
        }
        return names
    }

    /// One seeded walk from `root`, run on the runtime as it is made.
    static func walk(_ root: String, _ built: Built, seed: String) throws -> Case {
        var rng = SplitMix(seed)
        let library = built.libraries[root]!
        var runtime = try Runtime(root: root, library: library)
        var frames: [String] = []
        var run = Run(visited: visited(runtime.startEffects, frames: &frames), refused: [], ended: false, available: [])
        var events: [String] = []
        var refusals: [RefusalKind] = []

        let states = library.closure(of: root).reduce(0) { $0 + $1.states.count }
        let limit = 1 + rng.below(min(120, 8 + 6 * states))
        let refusalRate = [0.0, 0.1, 0.25, 0.4][rng.below(4)]
        enum Style { case nearest, loopy, random }
        let style = rng.pick([Style.nearest, .loopy, .random])
        var loopBudget: [String: Int] = [:]  // per "<sop>/<step>": how many more times to go back
        var wentBack: [String: Int] = [:]
        var distances: [String: [String: Int]] = [:]
        var afterEnd = rng.below(4)

        func refuse(_ actor: String, _ event: String, _ kind: RefusalKind) throws {
            do {
                try runtime.apply(try #require(MachineEvent(rawValue: event)), by: actor)
                Issue.record("\(seed): the runtime took \(actor):\(event), made to be refused (\(kind.rawValue))")
            } catch is Refusal {
                run.refused.append(events.count)
            }
            events.append("\(actor):\(event)")
            refusals.append(kind)
        }

        while events.count < limit {
            guard let (m, s) = runtime.current else {
                // After the end: anything is refused.
                guard afterEnd > 0 else { break }
                afterEnd -= 1
                try refuse(rng.pick(built.roles), rng.pick(MachineEvent.allCases).rawValue, .afterEnd)
                continue
            }
            let right = s.kind == .decision ? ["yes", "no"] : ["done"]
            let wrong = s.kind == .decision ? ["done"] : ["yes", "no"]
            if rng.chance(refusalRate) {
                let outsiders = built.roles.filter { !s.actors.contains($0) }
                // The actors of the call steps running this SOP, who may not act inside it.
                let callers = runtime.path.dropLast().flatMap(\.state.actors).filter { !s.actors.contains($0) }
                switch rng.below(4) {
                case 0 where !callers.isEmpty: try refuse(rng.pick(callers), rng.pick(right), .callerActor)
                case 1: try refuse(rng.pick(s.actors), rng.pick(wrong), .wrongKind)
                case 2 where !outsiders.isEmpty: try refuse(rng.pick(outsiders), rng.pick(wrong + right), .notAnActor)
                default:
                    if !outsiders.isEmpty { try refuse(rng.pick(outsiders), rng.pick(right), .notAnActor) }
                }
                continue
            }
            var event = "done"
            if s.kind == .decision {
                let key = "\(m.id)/\(s.id)"
                let back = ["yes", "no"].filter { answer in
                    let target = s.target(of: answer)!
                    return target != StateMachine.endState && m.state(target)!.number <= s.number
                }
                if distances[m.id] == nil { distances[m.id] = MachineWalk.distances(m, to: [StateMachine.endState]) }
                let d = distances[m.id]!
                let nearer = (d[s.target(of: "no")!] ?? .max) < (d[s.target(of: "yes")!] ?? .max) ? "no" : "yes"
                switch style {
                case .nearest:
                    event = rng.chance(0.85) ? nearer : rng.pick(["yes", "no"])
                case .random:
                    event = rng.pick(["yes", "no"])
                case .loopy:
                    if loopBudget[key] == nil { loopBudget[key] = 1 + rng.below(4) }
                    if !back.isEmpty, loopBudget[key]! > 0 {
                        loopBudget[key]! -= 1
                        event = rng.pick(back)
                    } else {
                        event = back.isEmpty ? rng.pick(["yes", "no"]) : nearer
                    }
                }
                if back.contains(event) { wentBack[key, default: 0] += 1 }
            }
            let actor = rng.pick(s.actors)
            events.append("\(actor):\(event)")
            let effects = try runtime.apply(MachineEvent(rawValue: event)!, by: actor)
            run.visited += visited(effects, frames: &frames)
        }

        run.ended = runtime.isFinished
        run.available = (runtime.isFinished ? runtime.finalArtefacts : runtime.stack[0].artefacts).sorted()
        run.stack = runtime.stack.map { $0.artefacts.sorted() }
        return Case(
            root: root, events: events, runtime: run, refusals: refusals, loops: wentBack.values.max() ?? 0,
            entersCall: run.visited.contains { $0.contains("/") })
    }

    /// The sequences of one SOP, without duplicates.
    static func cases(_ root: String, _ built: Built) throws -> [Case] {
        let states = built.libraries[root]!.closure(of: root).reduce(0) { $0 + $1.states.count }
        let wanted = states <= smallSOPStates ? 2 * sequencesPerSOP : sequencesPerSOP
        var cases: [Case] = []
        var seen = Set<[String]>()
        var attempt = 0
        while cases.count < wanted, attempt < wanted * 20 {
            let c = try walk(root, built, seed: "\(built.name)/\(root)/\(attempt)")
            attempt += 1
            if seen.insert(c.events).inserted { cases.append(c) }
        }
        return cases
    }

    // MARK: - The other engines

    struct Result: Decodable {
        var scxml: Run
        /// SpiffWorkflow as it ships, through its `BpmnParser` and its `CamundaParser`.
        var bpmn: Run
        var camunda: Run
    }

    static func replay(_ cases: [Case], _ built: Built) throws -> [Result] {
        let json: [String: Any] = [
            "out": built.out.path, "sops": built.sops,
            "cases": cases.map { ["root": $0.root, "events": $0.events] },
        ]
        let file = built.out.appendingPathComponent("crosscheck-cases.json")
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: file)
        let script = Paths.repo.appendingPathComponent("Tests/consumers/crosscheck_run.py").path
        let r = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, file.path])
        try #require(
            r.status == 0,
            "crosscheck_run.py failed (scripts/run setup installs python-statemachine, SpiffWorkflow and lxml):\n\(r.stderr)")
        struct Output: Decodable { var results: [Result] }
        let results = try JSONDecoder().decode(Output.self, from: Data(r.stdout.utf8)).results
        try #require(results.count == cases.count)
        return results
    }

    // MARK: - The check

    static func describe(_ run: Run, _ events: [String]) -> String {
        var text = "    visited: \(run.visited.joined(separator: " "))\n"
        text += "    refused: \(run.refused.map { "#\($0) \(events[$0])" }.joined(separator: ", "))\n"
        text += "    ended: \(run.ended), documents: \(run.available.joined(separator: " "))"
        if !run.stack.isEmpty {
            text +=
                "\n    documents of the running SOPs: \(run.stack.map { "[\($0.joined(separator: " "))]" }.joined(separator: " "))"
        }
        if !run.errors.isEmpty { text += "\n    errors: \(run.errors.joined(separator: "; "))" }
        return text
    }

    @Test(.tags(.engine), .notInFastLoop, arguments: projectNames)
    func theThreeEnginesAgree(_ name: String) throws {
        let built = try Self.build(name)
        defer { try? FileManager.default.removeItem(at: built.out) }
        var cases: [Case] = []
        for root in built.sops {
            let made = try Self.cases(root, built)
            #expect(made.count >= Self.sequencesPerSOP, "\(name) \(root): only \(made.count) distinct sequences")
            cases += made
        }
        let results = try Self.replay(cases, built)
        var failures: [(Case, Result)] = []
        for (c, r) in zip(cases, results)
        where [r.scxml, r.bpmn, r.camunda].contains(where: { $0 != c.runtime || !$0.errors.isEmpty }) {
            failures.append((c, r))
        }
        failures.sort { ($0.0.events.count, $0.0.root) < ($1.0.events.count, $1.0.root) }
        for (c, r) in failures.prefix(5) {
            Issue.record(
                """
                \(name): SOP \(c.root), \(c.events.count) events: \(c.events.joined(separator: " "))
                  runtime:
                \(Self.describe(c.runtime, c.events))
                  SCXML (python-statemachine):
                \(Self.describe(r.scxml, c.events))
                  BPMN (SpiffWorkflow, BpmnParser):
                \(Self.describe(r.bpmn, c.events))
                  BPMN (SpiffWorkflow, CamundaParser):
                \(Self.describe(r.camunda, c.events))
                """)
        }
        if failures.count > 5 {
            Issue.record("\(name): \(failures.count) of \(cases.count) sequences disagree; the 5 shortest are above")
        }

        let events = cases.reduce(0) { $0 + $1.events.count }
        let refused = cases.reduce(0) { $0 + $1.refusals.count }
        print("cross-check \(name): \(built.sops.count) SOPs, \(cases.count) sequences, \(events) events, \(refused) refused")
    }

    /// The sequences do what the cross-check claims: enough of them, every kind of refusal, loops taken
    /// several times, calls entered, and walks that end as well as walks cut short.
    @Test func sequencesCoverWhatTheyShould() throws {
        var total = 0
        var sops = 0
        var events = 0
        var refused = 0
        var kinds = Set<RefusalKind>()
        for name in Self.projectNames {
            let built = try Self.build(name)
            defer { try? FileManager.default.removeItem(at: built.out) }
            for root in built.sops {
                let cases = try Self.cases(root, built)
                sops += 1
                total += cases.count
                events += cases.reduce(0) { $0 + $1.events.count }
                refused += cases.reduce(0) { $0 + $1.refusals.count }
                #expect(cases.count >= Self.sequencesPerSOP, "\(name) \(root)")
                #expect(cases.contains { $0.runtime.ended } && cases.contains { !$0.runtime.ended }, "\(name) \(root)")
                #expect(cases.contains { !$0.refusals.isEmpty }, "\(name) \(root)")
                let library = built.libraries[root]!
                let machine = library.machine(root)!
                let goesBack = library.closure(of: root).contains { m in
                    m.states.contains { s in
                        s.kind == .decision
                            && s.transitions.contains { t in
                                t.target != StateMachine.endState && m.state(t.target)!.number <= s.number
                            }
                    }
                }
                if goesBack { #expect(cases.contains { $0.loops >= 3 }, "\(name) \(root): no decision went back three times") }
                if machine.states.contains(where: { $0.kind == .call }) {
                    #expect(cases.contains { $0.entersCall }, "\(name) \(root)")
                }
                for c in cases { kinds.formUnion(c.refusals) }
            }
        }
        #expect(kinds == Set(RefusalKind.allCases))
        #expect(sops >= 20 && total >= 1000)
        print(
            "cross-check: \(Self.projectNames.count) projects, \(sops) SOPs, \(total) sequences, \(events) events, \(refused) refused"
        )
    }

    /// The same seed makes the same sequences.
    @Test func sequencesAreDeterministic() throws {
        let built = try Self.build("machine/nested")
        defer { try? FileManager.default.removeItem(at: built.out) }
        let a = try Self.cases("induk", built).map(\.events)
        let b = try Self.cases("induk", built).map(\.events)
        #expect(a.count >= Self.sequencesPerSOP)
        #expect(a == b)
    }
}
