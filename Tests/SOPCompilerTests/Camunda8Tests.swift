import Foundation
import Testing

@testable import SOPCompiler

/// `<id>.camunda8.bpmn` and its forms, read back as Camunda 8.6+ documents them
/// (`Tests/consumers/camunda8_check.py`): valid against the OMG BPMN 2.0 schema, every Zeebe extension
/// element one that Camunda defines, with only its attributes, where it is allowed (the table in the
/// script, from the Zeebe moddle descriptor), FEEL conditions, forms that exist and ask what the gateways
/// test, and calls that pass exactly the documents the called SOP takes. No Zeebe engine runs here.
@Suite struct Camunda8Tests {
    /// The real definitions and every build fixture.
    static let projects: [String: URL] = {
        var projects = ["definitions": Paths.definitions]
        let folder = Paths.fixtures.appendingPathComponent("build")
        for name in fixtureNames(in: folder) where !name.hasPrefix(noFixturesMarker) {
            projects["build/\(name)"] = folder.appendingPathComponent(name).appendingPathComponent("definitions")
        }
        return projects
    }()

    struct Report: Decodable {
        var files: Int
        var forms: Int
        var elements: [String: Int]
        var problems: [String]
    }

    /// Writes the build of a definitions folder into a new temporary folder.
    static func build(_ definitions: URL) throws -> (URL, ProjectModel) {
        let result = try Checker.check(directory: definitions.path)
        try #require(result.errorCount == 0, "\(definitions.path) has errors")
        let plan = OutputPlan(lowered(result.model))
        let out = Scratch.folder.appendingPathComponent("sopc-camunda8-\(UUID().uuidString)")
        for file in plan.files {
            let url = out.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
        return (out, result.model)
    }

    static func check(_ folder: URL) throws -> Report {
        let r = try BPMNTests.python("camunda8_check.py", [folder.path])
        try #require(r.status == 0, "camunda8_check.py failed (scripts/run setup installs SpiffWorkflow and lxml): \(r.stderr)")
        return try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
    }

    @Test(.tags(.consumer), .notInFastLoop, arguments: projects.keys.sorted())
    func readsBackAsCamunda8Documents(_ name: String) throws {
        let (out, model) = try Self.build(try #require(Self.projects[name]))
        defer { try? FileManager.default.removeItem(at: out) }
        let report = try Self.check(out)
        #expect(report.problems == [], "\(name)")
        let ids = Set(model.sops.map(\.sopID))
        #expect(report.files == ids.count, "\(name): one Camunda 8 file per SOP")
        let decisions = model.sops.filter { ids.contains($0.sopID) }.reduce(0) { $0 + $1.steps.count { $0.isDecision } }
        #expect(report.forms == decisions, "\(name): one form per decision")
    }

    /// LAKIP and its sub-SOPs use every Zeebe element sopc writes.
    @Test(.tags(.consumer), .notInFastLoop) func theDefinitionsUseEveryZeebeElement() throws {
        let (out, _) = try Self.build(Paths.definitions)
        defer { try? FileManager.default.removeItem(at: out) }
        let report = try Self.check(out)
        for element in [
            "userTask", "assignmentDefinition", "formDefinition", "calledElement", "ioMapping", "input", "output",
            "properties", "property",
        ] {
            #expect((report.elements["zeebe:" + element] ?? 0) > 0, "zeebe:\(element) is written and checked")
        }
    }

    /// The check finds what Camunda would refuse: an element where it is not allowed, an attribute it does
    /// not have, a Python condition, a form that is not there, a call that passes another document.
    @Test(.tags(.consumer), .notInFastLoop) func theCheckFindsMistakes() throws {
        let (out, _) = try Self.build(Paths.definitions)
        defer { try? FileManager.default.removeItem(at: out) }
        let file = out.appendingPathComponent("lakip/lakip.camunda8.bpmn")
        let text = try String(contentsOf: file, encoding: .utf8)
        let mutations: [(String, String, String)] = [
            (
                "<zeebe:calledElement processId=\"rapat\"", "<zeebe:userTask/><zeebe:calledElement processId=\"rapat\"",
                "not allowed in callActivity"
            ),
            (
                "propagateAllChildVariables=\"false\"", "propagateAllChildVariables=\"false\" inputs=\"x\"",
                "has no attribute inputs"
            ),
            ("=decision_persetujuan = \"yes\"", "decision_persetujuan == \"yes\"", "is not FEEL"),
            ("formId=\"Form_lakip_persetujuan\"", "formId=\"Form_lakip_other\"", "links no form"),
            ("<zeebe:input source=\"=doc_undangan_rapat\" target=\"doc_undangan_rapat\"/>", "", "passes"),
        ]
        for (from, to, expected) in mutations {
            try #require(text.contains(from), "the file has \(from)")
            try text.replacingOccurrences(of: from, with: to).write(to: file, atomically: true, encoding: .utf8)
            let report = try Self.check(out)
            #expect(report.problems.contains { $0.contains(expected) }, "\(expected): \(report.problems)")
        }
    }

    @Test func conditionsAreFEEL() {
        #expect(Camunda8.condition("cek-stok", "yes") == "=decision_cek_stok = \"yes\"")
        #expect(Camunda8.variable("draf-lakip") == "doc_draf_lakip")
    }
}
