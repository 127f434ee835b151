import Testing

@testable import SOPCompiler

/// The actor columns of a form without `actors:`: every role of the project some step names, in the
/// project's order (``ProjectModel/actorColumns(of:)``). Names that are no role (reported elsewhere) take
/// no column and do not count towards the roles used.
@Suite struct ActorColumnsTests {
    /// The columns as the definition reads: the project's roles, in order, that a step names.
    static func expected(_ model: ProjectModel, _ sop: SOP) -> [String] {
        (model.project?.roles ?? []).map(\.ref.id).filter { id in sop.steps.contains { $0.actors.contains { $0.id == id } } }
    }

    @Test func rolesInProjectOrderWhateverTheSteps() throws {
        var rng = CrossCheckTests.SplitMix("actor columns")
        let names = ["kabiro", "kasubag-tu", "pelaksana", "x", "y"]
        for _ in 0..<300 {
            var sop = "sop: s\nname: S\nsteps:\n"
            let n = Int.random(in: 1...12, using: &rng)
            for i in 0..<n {
                let actors = (0..<Int.random(in: 1...3, using: &rng)).map { _ in names.randomElement(using: &rng)! }
                sop +=
                    "  - id: s\(i)\n    activity: Langkah\n    actors: [\(actors.joined(separator: ", "))]\n    time: 5 menit\n"
            }
            let model = Checker.check(files: ["sopc.yaml": Array(minimalProject.utf8), "s.sop.yaml": Array(sop.utf8)]).model
            let read = try #require(model.sops.first)
            #expect(model.actorColumns(of: read).map(\.ref.id) == Self.expected(model, read), "\(sop)")
        }
    }

    @Test func aNameThatIsNoRoleDoesNotEndTheSearch() throws {
        // Four names before the last role, two of them no role: all three roles still get their columns.
        let sop = """
            sop: s
            name: S
            steps:
              - { id: s0, activity: Langkah, actors: [x, kabiro], time: 5 menit }
              - { id: s1, activity: Langkah, actors: [y, kasubag-tu], time: 5 menit }
              - { id: s2, activity: Langkah, actors: [pelaksana], time: 5 menit }

            """
        let model = Checker.check(files: ["sopc.yaml": Array(minimalProject.utf8), "s.sop.yaml": Array(sop.utf8)]).model
        let read = try #require(model.sops.first)
        #expect(model.actorColumns(of: read).map(\.ref.id) == ["kabiro", "kasubag-tu", "pelaksana"])
    }
}
