import Foundation
import Testing

@testable import SOPCompiler

/// `<id>.machine.json`: every machine the project and the fixtures produce validates against the committed
/// schema (checked by python-jsonschema, a real consumer), the schema is strict, and the runtime reads back
/// exactly what was written.
@Suite struct MachineJSONTests {
    static let schema = Paths.repo.appendingPathComponent("schemas/machine.schema.json")
    static let validator = Paths.repo.appendingPathComponent("Tests/consumers/validate_machines.py")

    /// `definitions/` and every fixture's `definitions` folder.
    static let definitionFolders: [URL] = {
        var folders = [Paths.definitions]
        let walker = FileManager.default.enumerator(at: Paths.fixtures, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            if url.lastPathComponent == "definitions" { folders.append(url) }
        }
        return folders.sorted { $0.path < $1.path }
    }()

    /// The machines of every folder that checks without errors, by `<folder>/<id>`.
    static func allMachines() throws -> [(name: String, machine: StateMachine)] {
        var out: [(String, StateMachine)] = []
        for folder in definitionFolders {
            let result = try Checker.check(directory: folder.path)
            guard result.errorCount == 0 else { continue }
            let name = folder.path.replacingOccurrences(of: Paths.repo.path + "/", with: "")
            for context in result.model.sops.map({ SOPOutputContext($0, project: lowered(result.model)) }) {
                out.append(("\(name)/\(context.id)", context.machine))
            }
        }
        return out
    }

    /// Writes each text to a temporary file and runs the validator on all of them; the output by file.
    static func validate(_ documents: [(name: String, text: String)]) throws -> [String: [String]] {
        let dir = Scratch.folder.appendingPathComponent("sopc-machines-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String: String] = [:]
        for (i, doc) in documents.enumerated() {
            let file = dir.appendingPathComponent("\(i).machine.json")
            try doc.text.write(to: file, atomically: true, encoding: .utf8)
            paths[file.path] = doc.name
        }
        let r = try run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", validator.path, schema.path] + paths.keys.sorted())
        #expect(r.stderr.isEmpty, "the validator failed: \(r.stderr)")
        var results: [String: [String]] = [:]
        for line in r.stdout.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":"), let name = paths[String(line[..<colon])] else { continue }
            results[name, default: []].append(String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        return results
    }

    @Test(.tags(.consumer), .notInFastLoop) func everyGeneratedMachineValidatesAgainstTheSchema() throws {
        let machines = try Self.allMachines()
        #expect(machines.count >= 20, "definitions/ and the fixtures give many machines")
        #expect(machines.contains { $0.name == "definitions/lakip" })
        let results = try Self.validate(machines.map { ($0.name, MachineJSON.render($0.machine)) })
        for (name, _) in machines {
            #expect(results[name] == ["ok"], "\(name): \(results[name] ?? ["no result"])")
        }
    }

    @Test(.tags(.consumer), .notInFastLoop) func theSchemaIsStrict() throws {
        let lakip = try #require(try Self.allMachines().first { $0.name == "definitions/lakip" }?.machine)
        let good = MachineJSON.render(lakip)
        func variant(_ edit: (inout [String: Any]) -> Void) throws -> String {
            var doc = try #require(try JSONSerialization.jsonObject(with: Data(good.utf8)) as? [String: Any])
            edit(&doc)
            return String(decoding: try JSONSerialization.data(withJSONObject: doc), as: UTF8.self)
        }
        func editState(_ i: Int, _ edit: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
            { doc in
                var states = doc["states"] as! [[String: Any]]
                edit(&states[i])
                doc["states"] = states
            }
        }
        // persetujuan (row 10) is the decision; rapat (row 5) a call; perintah (row 1) a task.
        let bad: [(String, (inout [String: Any]) -> Void)] = [
            ("unknown top-level key", { $0["extra"] = 1 }),
            ("format 2", { $0["format"] = 2 }),
            ("missing initial", { $0["initial"] = nil }),
            ("id with a capital", { $0["id"] = "Lakip" }),
            ("unknown kind", editState(0) { $0["kind"] = "proses" }),
            ("unknown event", editState(0) { $0["transitions"] = [["event": "selesai", "target": "format"]] }),
            (
                "task with yes/no",
                editState(0) { $0["transitions"] = [["event": "yes", "target": "format"], ["event": "no", "target": "end"]] }
            ),
            ("decision with done", editState(9) { $0["transitions"] = [["event": "done", "target": "tandatangan"]] }),
            (
                "decision with no before yes",
                editState(9) {
                    $0["transitions"] = [["event": "no", "target": "draf"], ["event": "yes", "target": "tandatangan"]]
                }
            ),
            ("decision without question", editState(9) { $0["question"] = NSNull() }),
            ("call without callee", editState(4) { $0["call"] = NSNull() }),
            ("task with a callee", editState(0) { $0["call"] = "rapat" }),
            ("state without actors", editState(0) { $0["actors"] = [String]() }),
            ("unknown state key", editState(0) { $0["lane"] = "kabiro" }),
            ("negative minutes", editState(0) { $0["minutes"] = ["low": -5, "high": 5] }),
            ("a state named end", editState(0) { $0["id"] = "end" }),
            (
                "artefact of scope equipment",
                { doc in
                    var a = doc["artefacts"] as! [[String: Any]]
                    a[0]["scope"] = "equipment"
                    doc["artefacts"] = a
                }
            ),
        ]
        let documents = try [("good", good)] + bad.map { ($0.0, try variant($0.1)) }
        let results = try Self.validate(documents)
        #expect(results["good"] == ["ok"])
        for (name, _) in bad {
            let lines = results[name] ?? []
            #expect(!lines.isEmpty && lines != ["ok"], "the schema accepts a machine with \(name)")
        }
    }

    @Test func theRuntimeReadsBackWhatWasWritten() throws {
        for (name, machine) in try Self.allMachines() {
            let text = MachineJSON.render(machine)
            let back = try MachineJSON.decode(Array(text.utf8))
            #expect(back == machine, "\(name) does not survive the round trip")
            #expect(MachineJSON.render(back) == text)
        }
    }

    @Test func theFileIsDeterministicAndLooksRight() throws {
        let lakip = try #require(try Self.allMachines().first { $0.name == "definitions/lakip" }?.machine)
        let text = MachineJSON.render(lakip)
        // Rendered again, byte for byte the same (across processes: DeterminismTests).
        #expect(Array(MachineJSON.render(lakip).utf8) == Array(text.utf8))
        #expect(
            text.hasPrefix("{\n  \"$schema\": \"../../schemas/machine.schema.json\",\n  \"format\": 1,\n  \"id\": \"lakip\",\n"))
        #expect(text.hasSuffix("}\n"))
        #expect(!text.contains("\r"))
        // The decision of row 10 and its loop back to row 8.
        #expect(
            text.contains(
                """
                      "kind": "decision",
                      "activity": "Menyampaikan draf laporan Laporan Akuntabilitas Kinerja kepada Kabiro untuk memintakan koreksi dan atau persetujuan",
                      "question": "Disetujui?",
                """))
        #expect(
            text.contains(
                """
                      "transitions": [
                        {
                          "event": "yes",
                          "target": "tandatangan"
                        },
                        {
                          "event": "no",
                          "target": "draf"
                        }
                      ]
                """))
        // A range keeps both ends; 1 hari is 7.5 hours.
        let surat = try #require(try Self.allMachines().first { $0.name == "definitions/surat" }?.machine)
        #expect(
            MachineJSON.render(surat).contains(
                "\"time\": \"30-60 menit\",\n      \"minutes\": {\n        \"low\": 30,\n        \"high\": 60\n      },"))
        #expect(
            text.contains("\"time\": \"1 hari\",\n      \"minutes\": {\n        \"low\": 450,\n        \"high\": 450\n      },"))
    }

    @Test(.tags(.consumer), .notInFastLoop) func repeatedIdsInTheYAMLAppearOnce() throws {
        let dir = try temporaryProject([
            "sopc.yaml": minimalProject,
            "ulang.sop.yaml": """
            sop: ulang
            name: Ulang
            inputs: [surat, surat]
            outputs: [surat]
            steps:
              - id: baca
                activity: Membaca
                actors: [kabiro, kabiro]
                needs: [surat, surat, atk, atk]
                makes: [surat, surat]
                time: 5 menit

            """,
        ])
        let result = try Checker.check(directory: dir.path)
        #expect(result.errorCount == 0)
        let m = try #require(result.lowered?.machine("ulang"))
        #expect(m.inputs == ["surat"])
        #expect(m.states[0].actors == ["kabiro"])
        #expect(m.states[0].needs == ["surat"])
        #expect(m.states[0].equipment == ["atk"])
        #expect(m.states[0].makes == ["surat"])
        let results = try Self.validate([("ulang", MachineJSON.render(m))])
        #expect(results["ulang"] == ["ok"])
    }

    @Test func theDecoderRefusesMachinesThatCannotRun() throws {
        let lakip = try #require(try Self.allMachines().first { $0.name == "definitions/lakip" }?.machine)
        func refused(_ edit: (inout StateMachine) -> Void) -> String? {
            var m = lakip
            edit(&m)
            do {
                _ = try MachineJSON.decode(Array(MachineJSON.render(m).utf8))
                return nil
            } catch {
                return error.description
            }
        }
        #expect(
            refused { $0.states[0].transitions[0].target = "nowhere" }?.contains("the target 'nowhere' is not a state") == true)
        #expect(refused { $0.initial = "nowhere" }?.contains("initial state 'nowhere'") == true)
        #expect(refused { $0.states[9].transitions.reverse() }?.contains("must have the transitions 'yes' then 'no'") == true)
        #expect(refused { $0.states[0].actors = ["bupati"] }?.contains("'bupati' is not one of its actors") == true)
        #expect(refused { $0.states[0].makes = ["cek"] }?.contains("'cek' is not one of its artefacts") == true)
        #expect(refused { $0.states.append($0.states[0]) }?.contains("two states are named 'perintah'") == true)
        #expect(throws: MachineFileError.self) { try MachineJSON.decode(Array("{\"format\": 2}".utf8)) }
        #expect(throws: MachineFileError.self) { try MachineJSON.decode(Array("{\"format\": 1,}".utf8)) }
        // A library must hold every callee, and no SOP may call itself round a cycle.
        #expect(throws: MachineFileError.self) { try MachineLibrary([lakip]) }
        var selfCall = lakip
        selfCall.id = "ulang"
        selfCall.states[4].call = "ulang"
        selfCall.states[12].call = "ulang"
        selfCall.states[11].call = "ulang"
        do {
            _ = try MachineLibrary([selfCall])
            Issue.record("a machine that calls itself was accepted")
        } catch {
            #expect(error.description == "the machines call each other in a cycle: 'ulang' -> 'ulang'")
        }
    }
}
