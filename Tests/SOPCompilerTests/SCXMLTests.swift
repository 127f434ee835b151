import Foundation
import Testing

@testable import SOPCompiler

/// `<id>.scxml` checked by real consumers: every document of `definitions/` and of the fixtures validates
/// against the W3C SCXML schema (xmllint), and runs on an SCXML interpreter (python-statemachine, through
/// `Tests/consumers/scxml_run.py`) down both branches of every decision, with refused events, visiting
/// exactly the states docs/FORMAT.md "Meaning" says and ending with exactly the artefacts it says. The walks are derived
/// from the lowered machines here, independently of the emitter.
@Suite struct SCXMLTests {
    static let machineFixtures = Paths.fixtures.appendingPathComponent("machine")

    /// Every project the tests build: the real definitions, the build fixtures and the machine fixtures.
    static let projects: [String: URL] = {
        var projects = ["definitions": Paths.definitions]
        for (prefix, root) in [("build", BuildFixtureTests.root), ("machine", machineFixtures)] {
            for name in fixtureNames(in: root) {
                // A missing or empty folder gives a placeholder that `build` fails on.
                if name.hasPrefix(noFixturesMarker) {
                    projects[name] = root
                } else {
                    projects["\(prefix)/\(name)"] = root.appendingPathComponent(name).appendingPathComponent("definitions")
                }
            }
        }
        return projects
    }()

    static let projectNames = projects.keys.sorted()

    struct Built {
        var model: ProjectModel
        var machines: [String: StateMachine]
        /// The folder holding `<id>/<id>.scxml` for every SOP, as `sopc build` lays them out.
        var out: URL
        var files: [OutputPlan.File]

        func file(_ id: String) -> URL { out.appendingPathComponent("\(id)/\(id).scxml") }
    }

    /// Checks a project, plans only the SCXML outputs and writes them to a fresh temporary folder.
    static func build(_ name: String) throws -> Built {
        try requireFixture(name)
        let definitions = try #require(projects[name])
        let result = try Checker.check(directory: definitions.path, displayPrefix: name)
        guard result.errorCount == 0 else {
            throw FixtureError(
                "'\(name)' has errors:\n" + DiagnosticRenderer(colour: false, result: result).text(result.diagnostics))
        }
        let plan = OutputPlan(result.lowered!, sopEmitters: [SCXMLEmitter()], projectEmitters: [])
        let out = Scratch.folder.appendingPathComponent("sopc-scxml-\(UUID().uuidString)")
        for file in plan.files {
            let url = out.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
        var machines: [String: StateMachine] = [:]
        for sop in result.model.sops where machines[sop.sopID] == nil {
            machines[sop.sopID] = Lowering.lower(sop, in: checked(result.model))
        }
        return Built(model: result.model, machines: machines, out: out, files: plan.files)
    }

    @Test func everyProjectIsCovered() {
        #expect(Self.projectNames.contains("definitions"))
        #expect(Self.projectNames.contains("machine/nested"))
        #expect(Self.projectNames.count >= 5)
    }

    // MARK: - The W3C schema

    @Test(.tags(.engine), .notInFastLoop, arguments: projectNames)
    func validatesAgainstTheW3CSchema(_ name: String) throws {
        let built = try Self.build(name)
        defer { try? FileManager.default.removeItem(at: built.out) }
        let schema = Paths.shared.appendingPathComponent("schemas/scxml/scxml.xsd")
        try #require(FileManager.default.fileExists(atPath: schema.path), "no W3C schema at \(schema.path)")
        let paths = built.machines.keys.sorted().map { built.file($0).path }
        let r = try run(URL(fileURLWithPath: "/usr/bin/env"), ["xmllint", "--noout", "--nonet", "--schema", schema.path] + paths)
        #expect(r.status == 0, "xmllint (package libxml2-utils; scripts/run setup installs it):\n\(r.stderr)")
        for path in paths { #expect(r.stderr.contains("\(path) validates"), "\(path):\n\(r.stderr)") }
    }

    // MARK: - Running on the interpreter

    /// One scripted run of an SOP: the events sent and what docs/FORMAT.md "Meaning" says must come of them.
    struct Walk {
        var name: String
        var events: [String] = []
        var visited: [String] = []
        var refused: [String] = []
        var available: [String] = []
    }

    /// Derives walks from the lowered machines. A walk starts at the first step and, at each decision,
    /// takes the branch nearer to `end` (on a tie, `yes`), which always finishes; a forced walk first takes
    /// the shortest way to one decision and answers it with one branch, then goes on as before. Called
    /// SOPs are walked the same way inside the call step. With `refusals`, every step first gets an event
    /// by someone who is not its actor and an event of the wrong kind by its actor (both refused), is then
    /// done by its last actor instead of its first, and one more event arrives after `end`.
    struct Walker {
        let machines: [String: StateMachine]
        var refusals = false
        var force: (state: String, answer: String)?
        var walk = Walk(name: "")
        private var routeAnswers: [String: String] = [:]
        private var forced = false
        private var steps = 0

        init(machines: [String: StateMachine]) { self.machines = machines }

        /// The number of transitions from each state to `end` on the shortest way.
        static func distances(_ m: StateMachine) -> [String: Int] {
            var distance = [StateMachine.endState: 0]
            var changed = true
            while changed {
                changed = false
                for s in m.states {
                    let best = s.transitions.compactMap { distance[$0.target] }.min().map { $0 + 1 }
                    if let best, best < distance[s.id] ?? .max {
                        distance[s.id] = best
                        changed = true
                    }
                }
            }
            return distance
        }

        /// The answers at decisions on the shortest way from the first step to `state` (nil: unreachable).
        static func route(to state: String, in m: StateMachine) -> [String: String]? {
            var previous: [String: (String, String)] = [:]
            var queue = [m.initial]
            var seen: Set = [m.initial]
            var i = 0
            while i < queue.count, queue[i] != state {
                let s = m.state(queue[i])!
                i += 1
                for t in s.transitions where t.target != StateMachine.endState && seen.insert(t.target).inserted {
                    previous[t.target] = (s.id, t.event)
                    queue.append(t.target)
                }
            }
            guard seen.contains(state) else { return nil }
            var answers: [String: String] = [:]
            var at = state
            while let (from, event) = previous[at] {
                if m.state(from)?.kind == .decision { answers[from] = event }
                at = from
            }
            return answers
        }

        mutating func make(_ m: StateMachine, name: String) throws -> Walk {
            walk = Walk(name: name)
            forced = false
            steps = 0
            if let force {
                routeAnswers = try #require(Self.route(to: force.state, in: m), "\(m.id): '\(force.state)' unreachable")
            }
            let available = try run(m, prefix: "", available: Set(m.inputs), top: true)
            if refusals, let first = m.states.first?.actors.first {
                walk.events.append("\(first):done")
                walk.refused.append("\(first):done")
            }
            walk.available = available.sorted()
            return walk
        }

        /// Walks one instance of `m` to its end; returns the artefacts available there.
        private mutating func run(_ m: StateMachine, prefix: String, available: Set<String>, top: Bool) throws -> Set<String> {
            let names = SCXML.Identifiers(m)
            let distance = Self.distances(m)
            var have = available
            var current = m.initial
            while current != StateMachine.endState {
                steps += 1
                try #require(steps < 10_000, "\(m.id): the walk does not finish")
                let s = try #require(m.state(current))
                walk.visited.append(prefix + names.state(s.id))
                var event = "done"
                switch s.kind {
                case .call:
                    let callee = try #require(machines[s.call ?? ""], "\(m.id): no machine for '\(s.call ?? "")'")
                    let start = Set(callee.inputs).intersection(have)
                    let end = try run(callee, prefix: prefix + names.state(s.id) + "/", available: start, top: false)
                    have.formUnion(SCXML.passed(callee.outputs, of: callee).filter(end.contains))
                case .task:
                    act(s, "done", in: m)
                case .decision:
                    if top, let force, !forced, force.state == s.id {
                        forced = true
                        event = force.answer
                    } else if top, force != nil, !forced, let answer = routeAnswers[s.id] {
                        event = answer
                    } else {
                        let yes = distance[s.target(of: "yes") ?? ""] ?? .max
                        let no = distance[s.target(of: "no") ?? ""] ?? .max
                        event = yes <= no ? "yes" : "no"
                    }
                    act(s, event, in: m)
                }
                have.formUnion(s.makes)
                current = try #require(s.target(of: event))
            }
            walk.visited.append(prefix + StateMachine.endState)
            return have
        }

        private mutating func act(_ s: MachineState, _ event: String, in m: StateMachine) {
            guard let first = s.actors.first, let last = s.actors.last else { return }
            if refusals {
                let outsider = (m.actors.map(\.id) + ["orang-luar"]).first { !s.actors.contains($0) }!
                let wrongKind = s.kind == .decision ? "done" : (event == "yes" ? "no" : "yes")
                for refused in ["\(outsider):\(event)", "\(last):\(wrongKind)"] {
                    walk.events.append(refused)
                    walk.refused.append(refused)
                }
            }
            walk.events.append("\(refusals ? last : first):\(event)")
        }
    }

    /// The walks of one SOP: the plain one, one with refusals, and both branches of each decision.
    static func walks(_ m: StateMachine, machines: [String: StateMachine]) throws -> [Walk] {
        var walker = Walker(machines: machines)
        var walks = [try walker.make(m, name: "\(m.id): plain")]
        walker.refusals = true
        walks.append(try walker.make(m, name: "\(m.id): refusals"))
        walker.refusals = false
        for s in m.states where s.kind == .decision {
            for answer in ["yes", "no"] {
                walker.force = (s.id, answer)
                walks.append(try walker.make(m, name: "\(m.id): \(s.id)=\(answer)"))
            }
        }
        return walks
    }

    struct RunResult: Decodable {
        var name: String
        var visited: [String]
        var refused: [String]
        var available: [String]
        var ended: Bool
        var errors: [String]
    }

    /// Replays walks on the interpreter, all in one Python process.
    static func replay(_ cases: [(file: URL, walk: Walk)], in dir: URL) throws -> [RunResult] {
        let json: [String: Any] = ["cases": cases.map { ["name": $0.walk.name, "file": $0.file.path, "events": $0.walk.events] }]
        let casesFile = dir.appendingPathComponent("cases.json")
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: casesFile)
        let script = Paths.repo.appendingPathComponent("Tests/consumers/scxml_run.py").path
        let r = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, casesFile.path])
        try #require(
            r.status == 0, "scxml_run.py failed (scripts/run setup installs python-statemachine):\n\(r.stderr)")
        struct Output: Decodable { var results: [RunResult] }
        let results = try JSONDecoder().decode(Output.self, from: Data(r.stdout.utf8)).results
        try #require(results.count == cases.count)
        return results
    }

    @Test(.tags(.engine), .notInFastLoop, arguments: projectNames)
    func runsEveryBranchOnTheInterpreter(_ name: String) throws {
        let built = try Self.build(name)
        defer { try? FileManager.default.removeItem(at: built.out) }
        var cases: [(file: URL, walk: Walk)] = []
        for id in built.machines.keys.sorted() {
            for walk in try Self.walks(built.machines[id]!, machines: built.machines) { cases.append((built.file(id), walk)) }
        }
        let results = try Self.replay(cases, in: built.out)
        for (c, result) in zip(cases, results) {
            let walk = c.walk
            #expect(result.errors.isEmpty, "\(walk.name): the interpreter reported \(result.errors)")
            #expect(result.visited == walk.visited, "\(walk.name): events \(walk.events)")
            #expect(result.refused == walk.refused, "\(walk.name): events \(walk.events)")
            #expect(result.available == walk.available, "\(walk.name)")
            #expect(result.ended, "\(walk.name): did not reach end")
        }
        // Each decision branch was taken, and refusals did not change the path.
        let decisions = built.machines.values.reduce(0) { $0 + $1.states.count { $0.kind == .decision } }
        #expect(cases.count == built.machines.count * 2 + decisions * 2)
    }

    // MARK: - The replay helper on the command line

    @Test(.tags(.engine), .notInFastLoop) func replayHelperPrintsVisitedStates() throws {
        let built = try Self.build("machine/nested")
        defer { try? FileManager.default.removeItem(at: built.out) }
        let script = Paths.repo.appendingPathComponent("Tests/consumers/scxml_replay.py").path
        let events = [
            "kabiro:no", "pelaksana:done", "kabiro:yes", "kabiro:done", "invoke:done", "error:done", "invoke:yes",
            "error:done", "kabiro:no",
        ]
        let r = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, built.file("induk").path] + events)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.split(separator: "\n").map(String.init) == [
                "periksa", "periksa", "invoke", "invoke/mulai", "invoke/mulai/baca", "invoke/mulai/end", "invoke/olah",
                "invoke/cek",
                "invoke/end", "state", "setuju", "end",
            ])
    }

    // MARK: - The text

    /// The SCXML of the machine fixtures, byte for byte (`SOPC_RECORD=1` rewrites the goldens).
    @Test func goldenText() throws {
        let built = try Self.build("machine/nested")
        defer { try? FileManager.default.removeItem(at: built.out) }
        let expected = Self.machineFixtures.appendingPathComponent("nested/expected")
        try #require(!built.files.isEmpty, "machine/nested gives no SCXML to compare")
        for file in built.files {
            expectGolden(file.bytes, expected.appendingPathComponent(file.path))
        }
        // And nothing else is in expected/: a golden of a file no longer written would go unnoticed.
        #expect(relativeFiles(under: expected) == built.files.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    /// Any text stays well-formed and reads back as written (characters XML cannot hold become U+FFFD).
    @Test(.tags(.engine), .notInFastLoop) func textsReadBackThroughXmllint() throws {
        let texts = ["a -- b -", "a --> b", "]]> & < > \" '", "\u{1}x\u{B}\u{FFFE}", "line\nbreak\ttab\r", "é 📄"]
        let dir = Scratch.folder.appendingPathComponent("sopc-xml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, text) in texts.enumerated() {
            let file = dir.appendingPathComponent("\(i).xml")
            try XMLWriter.document(.element("x", [("a", text)], [.comment(text), .element("y", [], [.text(text)])]))
                .write(to: file, atomically: true, encoding: .utf8)
            let expected = String(String.UnicodeScalarView(text.unicodeScalars.map { XMLWriter.isAllowed($0) ? $0 : "\u{FFFD}" }))
            for path in ["string(/x/@a)", "string(/x/y)"] {
                let r = try run(URL(fileURLWithPath: "/usr/bin/env"), ["xmllint", "--xpath", path, file.path])
                #expect(r.status == 0, "\(text.debugDescription): \(r.stderr)")
                #expect(r.stdout == expected + "\n", "\(path) of \(text.debugDescription)")
            }
            let comment = XMLWriter.commentText(text)
            #expect(!comment.contains("--") && !comment.hasSuffix("-"), "\(comment.debugDescription)")
        }
    }
}
