import Foundation
import Testing

@testable import SOPCompiler

/// `<id>.bpmn` read by real consumers: lxml validates it against the OMG BPMN 2.0 schema, the diagram is
/// checked from its DI (lanes as bands, nothing overlapping, flows orthogonal and around shapes), and
/// SpiffWorkflow runs it, called SOPs loaded as called processes, down both branches of every decision,
/// with refused events in between (`Tests/consumers/bpmn_run.py`). What the engine does is compared with
/// docs/FORMAT.md "Meaning" walked on the lowered machines here, without looking at the BPMN.
@Suite struct BPMNTests {
    /// Definitions folders whose every SOP is run: the real ones, the build and machine fixtures, and any
    /// listed in `SOPC_BPMN_PROJECTS` (`:`-separated; for trying generated projects without adding them).
    static let projects: [String: URL] = {
        var projects = ["definitions": Paths.definitions]
        for path in (ProcessInfo.processInfo.environment["SOPC_BPMN_PROJECTS"] ?? "").split(separator: ":") {
            projects[String(path)] = URL(fileURLWithPath: String(path))
        }
        for root in ["build", "machine"] {
            let folder = Paths.fixtures.appendingPathComponent(root)
            for name in fixtureNames(in: folder) {
                // A missing or empty folder gives a placeholder that `runsOnSpiffWorkflow` fails on.
                if name.hasPrefix(noFixturesMarker) {
                    projects[name] = folder
                } else {
                    projects["\(root)/\(name)"] = folder.appendingPathComponent(name).appendingPathComponent("definitions")
                }
            }
        }
        return projects
    }()

    static let goldenFixture = Paths.fixtures.appendingPathComponent("machine/bpmn-cuti")

    static func model(_ definitions: URL) throws -> ProjectModel {
        let result = try Checker.check(directory: definitions.path)
        try #require(result.errorCount == 0, "\(definitions.path) has errors")
        return result.model
    }

    /// Each SOP's BPMN, by SOP id.
    static func render(_ model: ProjectModel) -> [String: String] {
        var files: [String: String] = [:]
        for sop in model.sops { files[sop.sopID] = BPMNEmitter().render(SOPOutputContext(sop, project: lowered(model))) }
        return files
    }

    static func write(_ files: [String: String]) throws -> URL {
        let dir = Scratch.folder.appendingPathComponent("sopc-bpmn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (id, text) in files {
            try text.write(to: dir.appendingPathComponent("\(id).bpmn"), atomically: true, encoding: .utf8)
        }
        return dir
    }

    static func python(_ script: String, _ arguments: [String]) throws -> RunResult {
        let path = Paths.repo.appendingPathComponent("Tests/consumers/\(script)").path
        return try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", path] + arguments)
    }

    // MARK: - Running on SpiffWorkflow

    struct Scenario: Encodable {
        var name: String
        var process: String
        var events: [String]
    }

    struct Outcome: Decodable {
        var name: String
        var parser: String
        var visited: [String]
        var completed: [String]
        var refused: Int
        var finished: Bool
        var artefacts: [String]
        var error: String?
    }

    struct Report: Decodable {
        var files: [String: [String]]
        var scenarios: [Outcome]
    }

    @Test(.tags(.engine), .notInFastLoop, arguments: projects.keys.sorted())
    func runsOnSpiffWorkflow(_ project: String) throws {
        try requireFixture(project)
        let model = try Self.model(Self.projects[project]!)
        let machines = Dictionary(
            model.sops.map { ($0.sopID, Lowering.lower($0, in: checked(model))) }, uniquingKeysWith: { a, _ in a })
        let dir = try Self.write(Self.render(model))
        defer { try? FileManager.default.removeItem(at: dir) }

        var scenarios: [Scenario] = []
        var expected: [String: MachineWalk] = [:]
        for root in machines.keys.sorted() {
            for (name, walk) in MachineWalk.scenarios(root, machines) {
                scenarios.append(Scenario(name: name, process: root, events: walk.events))
                expected[name] = walk
            }
        }
        let scenarioFile = dir.appendingPathComponent("scenarios.json")
        try JSONEncoder().encode(scenarios).write(to: scenarioFile)
        let files = machines.keys.sorted().map { dir.appendingPathComponent("\($0).bpmn").path }
        let r = try Self.python("bpmn_run.py", [scenarioFile.path] + files)
        try #require(r.status == 0, "bpmn_run.py failed (scripts/run setup installs SpiffWorkflow and lxml): \(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))

        for (file, problems) in report.files.sorted(by: { $0.key < $1.key }) {
            #expect(
                problems.isEmpty,
                "\(project): \(URL(fileURLWithPath: file).lastPathComponent):\n\(problems.joined(separator: "\n"))")
        }
        // Each scenario once on SpiffWorkflow's BpmnParser and once on its CamundaParser, both as they ship.
        #expect(report.scenarios.count == 2 * scenarios.count)
        #expect(Set(report.scenarios.map(\.parser)) == ["bpmn", "camunda"])
        #expect(scenarios.count >= machines.count)
        for outcome in report.scenarios {
            let want = try #require(expected[outcome.name])
            let context = "\(project) \(outcome.name) (\(outcome.parser) parser)"
            #expect(outcome.error == nil, "\(context): \(outcome.error ?? "")")
            #expect(outcome.visited == want.visited, "\(context): visited")
            #expect(outcome.completed == want.completed, "\(context): completed")
            #expect(outcome.refused == want.refused, "\(context): refused")
            #expect(outcome.finished, "\(context): the process did not finish")
            #expect(outcome.artefacts == want.artefacts.sorted(), "\(context): artefacts at the end")
        }
    }

    /// Every decision of every SOP (called ones included) is taken both ways somewhere.
    @Test func scenariosCoverBothBranchesOfEveryDecision() throws {
        let model = try Self.model(Paths.definitions)
        let machines = Dictionary(
            model.sops.map { ($0.sopID, Lowering.lower($0, in: checked(model))) }, uniquingKeysWith: { a, _ in a })
        var taken = Set<String>()
        for root in machines.keys {
            for (_, walk) in MachineWalk.scenarios(root, machines) { taken.formUnion(walk.answered) }
        }
        for m in machines.values {
            for s in m.states where s.kind == .decision {
                #expect(taken.contains("\(m.id)/\(s.id):yes") && taken.contains("\(m.id)/\(s.id):no"), "\(m.id)/\(s.id)")
            }
        }
    }

    // MARK: - Replay

    @Test(.tags(.engine), .notInFastLoop) func replayPrintsTheStepsEnteredAndSkipsRefusedEvents() throws {
        let dir = try Self.write(Self.render(try Self.model(Self.goldenFixture.appendingPathComponent("definitions"))))
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = [
            "atasan:done",  // refused: ajukan is the pegawai's
            "pegawai:done", "atasan:no", "pegawai:done",
            "atasan:done",  // refused: periksa is a decision
            "atasan:yes",  // enters terbitkan and the arsip it calls
            "atasan:done",  // refused: catat (in arsip) is the kepegawaian's
            "kepegawaian:done", "kepegawaian:no", "kepegawaian:done", "kepegawaian:yes", "kepegawaian:done",
            "kepegawaian:done",  // refused: the case has ended
        ]
        let r = try Self.python(
            "bpmn_replay.py",
            [dir.appendingPathComponent("cuti.bpmn").path, dir.appendingPathComponent("arsip.bpmn").path, "--"] + events)
        try #require(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.split(separator: "\n").map(String.init) == [
                "ajukan", "periksa", "ajukan", "periksa", "terbitkan", "terbitkan/catat", "terbitkan/lengkap", "terbitkan/catat",
                "terbitkan/lengkap", "terbitkan/end", "serahkan", "end",
            ])
    }

    // MARK: - The text

    @Test func goldenText() throws {
        let files = Self.render(try Self.model(Self.goldenFixture.appendingPathComponent("definitions")))
        try #require(files.count >= 2, "\(Self.goldenFixture.path) gives no BPMN to compare")
        for (id, text) in files.sorted(by: { $0.key < $1.key }) {
            expectGolden(text, Self.goldenFixture.appendingPathComponent("expected/\(id)/\(id).bpmn"))
        }
    }

    @Test func theBuildWritesTheBPMN() throws {
        let model = try Self.model(Paths.definitions)
        let plan = OutputPlan(lowered(model))
        for sop in model.sops {
            let file = try #require(plan.files.first { $0.path == "\(sop.sopID)/\(sop.sopID).bpmn" })
            let again = BPMNEmitter().render(SOPOutputContext(sop, project: lowered(model)))
            #expect(String(decoding: file.bytes, as: UTF8.self) == again, "\(sop.sopID): the same definitions give the same file")
        }
    }

    /// A step reads only what is available on every path to it: LAKIP's first step needs the disposition it
    /// writes itself, so it only writes it; a later step that needs and remakes the format reads it too.
    @Test func stepsReadOnlyWhatIsAvailable() throws {
        let text = Self.render(try Self.model(Paths.definitions))["lakip"] ?? ""
        let (read, written) = Self.associations(text)
        #expect(!read["perintah", default: []].contains("disposisi-surat"))
        #expect(written["perintah", default: []].contains("disposisi-surat"))
        #expect(read["kirim-format", default: []].contains("format-lakip"))
        #expect(written["kirim-format", default: []].contains("format-lakip"))
        // The call to rapat passes its inputs and receives its output.
        #expect(read["rapat", default: []].contains("undangan-rapat"))
        #expect(written["rapat", default: []].contains("notulen-rapat"))
        // What the call step makes beyond the called SOP's outputs is written by a script task after it.
        #expect(!written["rapat", default: []].contains("draf-lakip"))
        #expect(text.contains("<scriptTask id=\"Script_rapat\""))
        #expect(written["Script_rapat", default: []].contains("draf-lakip"))
        #expect(text.contains("<script>doc_draf_lakip = True</script>"))
        // Each document is one data object with one reference, which the associations name.
        #expect(text.components(separatedBy: "<dataObjectReference id=\"Document_draf-lakip\"").count == 2)
    }

    // MARK: - One availability

    /// The data associations are the checker's availability, not an analysis of their own: in every SOP of
    /// every project, each step reads exactly those of the artefacts it needs or its call takes that the
    /// SOP's ``ArtefactAvailability`` (kept on the checked project) has available into it, but for the SOP's
    /// own inputs and outputs, which are not data objects but the process's data inputs and outputs (task
    /// data, which SpiffWorkflow hands to and takes back from a call by name). The forward fix-point the BPMN
    /// used before, over the machine, agrees with it on every artefact at every node, so a divergence of
    /// either fails here.
    @Test(arguments: projects.keys.sorted())
    func dataAssociationsReadTheCheckersAvailability(_ name: String) throws {
        try requireFixture(name)
        let model = try Self.model(Self.projects[name]!)
        let project = lowered(model)
        var compared = 0
        for sop in model.sops {
            let m = try #require(project.machine(sop.sopID))
            let availability = project.checked.availability(of: sop)
            let callees = project.callees(of: m)
            let known = Set(m.artefacts.map(\.id))
            let text = BPMNEmitter().render(SOPOutputContext(sop, project: project))
            let read = Self.associations(text).read
            let boundary = Set(m.inputs + m.outputs)
            for (i, s) in m.states.enumerated() {
                let asked = Set(s.needs + (s.call.flatMap { callees[$0] }?.inputs ?? [])).intersection(known)
                #expect(
                    read[s.id, default: []] == asked.filter { availability.isAvailable($0, into: i) }.subtracting(boundary),
                    "\(sop.sopID)/\(s.id): the associations read what is available")
            }
            #expect(read["End", default: []].isEmpty, "\(sop.sopID): the end event reads nothing (outputs are data outputs)")
            for id in m.inputs where known.contains(id) {
                #expect(text.contains("<dataInput id=\"\(Camunda8.variable(id))\""), "\(sop.sopID): input '\(id)'")
            }
            for id in m.outputs where known.contains(id) && !m.inputs.contains(id) {
                #expect(text.contains("<dataOutput id=\"\(Camunda8.variable(id))\""), "\(sop.sopID): output '\(id)'")
            }
            let fixPoint = Self.fixPointAvailability(m, callees: callees)
            for (i, id) in (m.states.map(\.id) + [StateMachine.endState]).enumerated() {
                for a in known.sorted() {
                    #expect(fixPoint[id]!.contains(a) == availability.isAvailable(a, into: i), "\(sop.sopID)/\(id): '\(a)'")
                }
                compared += 1
            }
        }
        #expect(compared > 0, "\(name): nothing compared")
    }

    /// The artefacts each node of a BPMN file reads and writes, by owner (a step id, `Script_<step>`, `Start` or
    /// `End`): the `Document_<artefact>` references its data input associations take as source and its data
    /// output associations as target. The file has one element a line (an association on one line with its
    /// references), and an association sits in its node.
    static func associations(_ text: String) -> (read: [String: Set<String>], written: [String: Set<String>]) {
        var read: [String: Set<String>] = [:]
        var written: [String: Set<String>] = [:]
        var owner = ""
        for line in text.split(separator: "\n") {
            for (open, prefix) in [
                ("<userTask id=\"", "Activity_"), ("<callActivity id=\"", "Activity_"), ("<scriptTask id=\"", ""),
                ("<startEvent id=\"", "Event_"), ("<endEvent id=\"", "Event_"),
            ] where line.hasPrefix(open + prefix) {
                owner = String(line.dropFirst(open.count + prefix.count).prefix { $0 != "\"" })
            }
            let input = "<dataInputAssociation><sourceRef>Document_"
            let output = "<dataOutputAssociation><targetRef>Document_"
            if line.hasPrefix(input) {
                read[owner, default: []].insert(String(line.dropFirst(input.count).prefix { $0 != "<" }))
            } else if line.hasPrefix(output) {
                written[owner, default: []].insert(String(line.dropFirst(output.count).prefix { $0 != "<" }))
            }
        }
        return (read, written)
    }

    /// What BPMNDocument computed before it read the checker's analysis: a forward pass over the machine
    /// in state order, repeated until nothing changes, intersecting over the predecessors.
    static func fixPointAvailability(_ m: StateMachine, callees: [String: StateMachine]) -> [String: Set<String>] {
        let known = Set(m.artefacts.map(\.id))
        let all = known.union(m.inputs)
        var made: [String: Set<String>] = [:]
        var predecessors: [String: [String]] = [:]
        for s in m.states {
            var after = Set(s.makes)
            if let id = s.call, let callee = callees[id] { after.formUnion(callee.outputs.filter(known.contains)) }
            made[s.id] = after
            for t in s.transitions { predecessors[t.target, default: []].append(s.id) }
        }
        let nodes = m.states.map(\.id) + [StateMachine.endState]
        var into = Dictionary(uniqueKeysWithValues: nodes.map { ($0, all) })
        var changed = true
        while changed {
            changed = false
            for id in nodes {
                var set = id == m.initial ? Set(m.inputs) : all
                for p in predecessors[id] ?? [] { set.formIntersection(into[p]!.union(made[p]!)) }
                if set != into[id] {
                    into[id] = set
                    changed = true
                }
            }
        }
        return into
    }
}

/// docs/FORMAT.md "Meaning" on the lowered machines, for one root SOP and one way of answering the decisions: the events a
/// person would send, and what the engine must do with them.
struct MachineWalk {
    /// A decision (of any SOP the root runs) to answer `answer` at its first `times` visits.
    struct Target {
        var sop: String
        var step: String
        var answer: String
        var times: Int
    }

    let machines: [String: StateMachine]
    let target: Target?
    var events: [String] = []
    var visited: [String] = []
    var completed: [String] = []
    var refused = 0
    var artefacts: [String] = []
    /// `<sop>/<step>:<answer>` for every decision taken.
    var answered = Set<String>()
    private var visits = 0
    private var accepted = 0
    /// Per SOP, the states that lead to the target: the target decision itself, or calls of SOPs that do.
    private var goals: [String: Set<String>] = [:]

    /// Until the target has had its visits, each decision takes the branch nearer to the target (or to a call
    /// that leads to it); after that, and when the target cannot be reached, the branch nearer to `end`. Each
    /// choice brings the walk strictly nearer to where it is going, so every walk ends.
    init(_ root: String, _ machines: [String: StateMachine], target: Target? = nil) {
        self.machines = machines
        self.target = target
        if let target {
            func leads(_ sop: String, _ seen: Set<String>) -> Bool {
                sop == target.sop
                    || (machines[sop]?.states.contains { s in
                        s.call.map { !seen.contains($0) && leads($0, seen.union([sop])) } ?? false
                    } ?? false)
            }
            for (id, m) in machines {
                goals[id] =
                    id == target.sop
                    ? [target.step] : Set(m.states.filter { s in s.call.map { leads($0, [id]) } ?? false }.map(\.id))
            }
        }
        let m = machines[root]!
        let end = instance(root, with: Set(m.inputs), prefix: "")
        artefacts = m.artefacts.map(\.id).filter(end.contains)
        // Anything after the end is refused.
        events.append("\(m.actors.first?.id ?? "x"):done")
        refused += 1
    }

    /// The walks of one root: the nearest way to `end`, then each branch of each decision it can reach taken
    /// at the first visit (and twice, for a branch that goes back), without duplicates.
    static func scenarios(_ root: String, _ machines: [String: StateMachine]) -> [(String, MachineWalk)] {
        var reachable: [String] = [root]
        var i = 0
        while i < reachable.count {
            for s in machines[reachable[i]]!.states {
                if let c = s.call, !reachable.contains(c), machines[c] != nil { reachable.append(c) }
            }
            i += 1
        }
        var result: [(String, MachineWalk)] = [("\(root): nearest", MachineWalk(root, machines))]
        var seen: Set<[String]> = [result[0].1.events]
        for sop in reachable {
            let m = machines[sop]!
            for s in m.states where s.kind == .decision {
                for answer in ["yes", "no"] {
                    let next = s.target(of: answer).flatMap(m.state)
                    let goesBack = next.map { $0.number <= s.number } ?? false
                    for times in goesBack ? [1, 2] : [1] {
                        let walk = MachineWalk(root, machines, target: Target(sop: sop, step: s.id, answer: answer, times: times))
                        if seen.insert(walk.events).inserted {
                            result.append(("\(root): \(sop)/\(s.id) \(answer) ×\(times)", walk))
                        }
                    }
                }
            }
        }
        return result
    }

    /// Steps from each state to the nearest of `goals` (state ids, or `end`).
    static func distances(_ m: StateMachine, to goals: Set<String>) -> [String: Int] {
        var d: [String: Int] = [:]
        for g in goals { d[g] = 0 }
        var changed = true
        while changed {
            changed = false
            for s in m.states where !goals.contains(s.id) {
                guard let best = s.transitions.compactMap({ d[$0.target] }).min() else { continue }
                if d[s.id].map({ best + 1 < $0 }) ?? true {
                    d[s.id] = best + 1
                    changed = true
                }
            }
        }
        return d
    }

    /// Runs one instance to `end` and returns the artefacts it then holds.
    private mutating func instance(_ sop: String, with start: Set<String>, prefix: String) -> Set<String> {
        let m = machines[sop]!
        let toEnd = Self.distances(m, to: [StateMachine.endState])
        let toGoal = Self.distances(m, to: goals[sop] ?? [])
        let roles = Set(machines.values.flatMap { $0.actors.map(\.id) }).sorted()
        var have = start
        var current = m.initial
        var steps = 0
        while current != StateMachine.endState, let s = m.state(current), steps < 10_000 {
            steps += 1
            let name = prefix + s.id
            visited.append(name)
            var event = "done"
            switch s.kind {
            case .call:
                let callee = machines[s.call!]!
                _ = instance(callee.id, with: have.intersection(callee.inputs), prefix: name + "/")
                completed.append(name)
                have.formUnion(callee.outputs.filter { id in m.artefacts.contains { $0.id == id } })
                have.formUnion(s.makes)
                current = s.target(of: "done")!
                continue
            case .decision:
                let steering = target.map { visits < $0.times } ?? false
                func nearer(_ d: [String: Int]) -> String? {
                    let yes = d[s.target(of: "yes")!]
                    let no = d[s.target(of: "no")!]
                    if yes == nil && no == nil { return nil }
                    return (no ?? .max) < (yes ?? .max) ? "no" : "yes"
                }
                if let t = target, t.sop == sop, t.step == s.id, steering {
                    event = t.answer
                    visits += 1
                } else {
                    event = (steering ? nearer(toGoal) : nil) ?? nearer(toEnd) ?? "yes"
                }
                answered.insert("\(sop)/\(s.id):\(event)")
            case .task:
                break
            }
            // Now and then someone who may not act here tries first, or an actor sends the wrong kind of event.
            accepted += 1
            if accepted % 3 == 0, let outsider = roles.first(where: { !s.actors.contains($0) }) {
                events.append("\(outsider):\(event)")
                refused += 1
            }
            if accepted % 4 == 0 {
                events.append("\(s.actors[0]):\(s.kind == .decision ? "done" : "yes")")
                refused += 1
            }
            events.append("\(s.actors[accepted % s.actors.count]):\(event)")
            completed.append(name)
            have.formUnion(s.makes)
            current = s.target(of: event)!
        }
        visited.append(prefix + StateMachine.endState)
        return have
    }
}
