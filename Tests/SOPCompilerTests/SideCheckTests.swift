import Foundation
import Testing

@testable import SOPCompiler

/// The printed form's check (`form-overflow`) runs beside the checks of stage 4 (``SideCheck``), on their
/// step graphs, instead of in a pass of its own after them. What it reports must be what the pass of its own
/// reports, byte for byte; and, since it now also lays out the forms of SOPs whose project turns out to have
/// errors (its findings then dropped), it must not fail on any of them.
@Suite struct SideCheckTests {
    /// Every definitions folder of the fixtures (check, form, cascade, build, …) and the repository's own.
    static var folders: [URL] {
        var found: [URL] = [Paths.definitions]
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: Paths.fixtures, includingPropertiesForKeys: nil) else { return found }
        for case let url as URL in walker where url.lastPathComponent == "definitions" {
            if fm.fileExists(atPath: url.appendingPathComponent("sopc.yaml").path) { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }

    /// The report of a check whose form check runs in a pass of its own, after stage 4 (as before).
    static func twoPasses(_ dir: String) throws -> CheckResult {
        var result = try Checker.check(directory: dir)
        #expect(result.sideFindings == nil)
        Pipeline.checkForms(&result)
        return result
    }

    static func text(_ result: CheckResult) -> String {
        DiagnosticRenderer(colour: false, result: result).render(result.diagnostics, as: .json)
    }

    @Test func besideReportsWhatAPassOfItsOwnReports() throws {
        let folders = Self.folders
        #expect(folders.count >= 40, "\(folders.count) definitions folders")
        var overflowing = 0
        for dir in folders {
            let beside = try Pipeline.check(directory: dir.path)
            let own = try Self.twoPasses(dir.path)
            #expect(Self.text(beside) == Self.text(own), "\(dir.path)")
            if beside.diagnostics.contains(where: { $0.id == .formOverflow }) { overflowing += 1 }
            // The side check's findings are kept exactly when the project has no error.
            #expect((beside.sideFindings != nil) == (beside.checked != nil), "\(dir.path)")
        }
        #expect(overflowing >= 3, "\(overflowing) folders report form-overflow")
    }

    /// Long SOPs (64 steps and more, fewer than 16 SOPs) run their checks side by side, and the form check
    /// beside them: a row too tall, a question too long, and a role's name too long for the header of two
    /// SOPs (reported once), the same as a pass of its own; and nothing when another SOP has an error.
    @Test func longSOPsCheckedOnAllCoresReportTheSame() throws {
        let project = """
            sopc: 1
            organization:
              name: Biro Uji
            roles:
              a: { name: Pelaksana A }
              panjang: { name: \(String(repeating: "Kepala Sub Bagian Tata Usaha dan Kepegawaian ", count: 6)) }
            """
        func sop(_ id: String, steps: Int) -> String {
            var text = "sop: \(id)\nname: Uji \(id)\nsteps:\n"
            for i in 1...steps {
                let actor = i % 7 == 0 ? "panjang" : "a"
                let long = String(repeating: "Menyusun konsep naskah dinas secara lengkap ", count: 400)
                let activity = i == 10 ? long : "Langkah \(i)"
                text += "  - id: s\(i)\n    activity: \(activity)\n    actor: \(actor)\n    time: 10 menit\n"
                if i == 20 {
                    let question = String(repeating: "Apakah konsep sudah benar dan lengkap ", count: 30)
                    text += "    decision: \(question)?\n    no: s19\n"
                }
            }
            return text
        }
        let files = ["sopc.yaml": project, "satu.sop.yaml": sop("satu", steps: 80), "dua.sop.yaml": sop("dua", steps: 70)]
        let dir = try temporaryProject(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let beside = try Pipeline.check(directory: dir.path)
        let own = try Self.twoPasses(dir.path)
        #expect(Self.text(beside) == Self.text(own))
        let overflows = beside.diagnostics.filter { $0.id == .formOverflow }
        // Per SOP: the tall row and the long question; the role's header once, for the first SOP in id order.
        #expect(overflows.count == 5, "\(overflows.map(\.message))")
        #expect(beside.errorCount == 0)

        // An error elsewhere: the form is laid out beside the checks, and what it found is dropped.
        var broken = files
        broken["tiga.sop.yaml"] =
            "sop: tiga\nname: Tiga\nsteps:\n  - id: t1\n    activity: Satu\n    actor: tak-ada\n    time: 1 jam\n"
        let dir2 = try temporaryProject(broken)
        defer { try? FileManager.default.removeItem(at: dir2) }
        let failed = try Pipeline.check(directory: dir2.path)
        #expect(failed.errorCount > 0)
        #expect(failed.sideFindings == nil)
        #expect(!failed.diagnostics.contains { $0.id == .formOverflow })
        #expect(Self.text(failed) == Self.text(try Self.twoPasses(dir2.path)))
    }

    /// The side check laid out on every SOP of every fixture — those with errors too, which a project that
    /// passed never held — finishes on each.
    @Test func formsOfSOPsWithErrorsAreLaidOutWithoutFailing() throws {
        var laidOut = 0
        var withErrors = 0
        for dir in Self.folders {
            let result = try Checker.check(directory: dir.path)
            let model = result.model
            let hasErrors = result.errorCount > 0
            for sop in model.sops {
                _ = FormOverflowCheck.beside.run(sop, StepGraph(sop), model, [])
                laidOut += 1
                if hasErrors { withErrors += 1 }
            }
        }
        #expect(laidOut >= 100 && withErrors >= 50, "\(laidOut) forms laid out, \(withErrors) in projects with errors")
    }
}
