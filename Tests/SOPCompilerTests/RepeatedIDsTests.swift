import Foundation
import Testing

@testable import SOPChecks
@testable import SOPCompiler

/// A long SOP (read in parts, each part with its own copy of every long id) is checked as a short one is:
/// the checks that work out what each id is once for each copy (``RepeatedIDs``) tell roles, local and
/// project artefacts, equipment and ids known nowhere apart at every reference, wherever it is.
@Suite struct RepeatedIDsTests {
    @Test func aLongSOPsReferencesAreToldApartAtEveryPlace() throws {
        let roles = ["kabiro", "pelaksana", "kasubag-tu"]
        let needs = ["surat", "catatan", "konsep-laporan-kinerja-tahunan", "atk"]
        let makes = ["catatan", "konsep-laporan-kinerja-tahunan"]
        var rng = CrossCheckTests.SplitMix("repeated ids")
        var src = "sop: s\nname: S\ninputs: [surat]\noutputs: [laporan]\n"
        src += "artefacts: { catatan: Catatan, konsep-laporan-kinerja-tahunan: Konsep laporan }\nsteps:\n"
        var line = src.split(separator: "\n", omittingEmptySubsequences: false).count
        // Where the mistakes are put, and the line each is written on.
        let unknownActorAt = [1_500, 1_600, 2_300]
        let equipmentMadeAt = [1_700, 2_350]
        let unknownNeedAt = [1_800, 2_390]
        var unknownActorLines: [Int] = []
        var equipmentLines: [Int] = []
        var unknownNeedLines: [Int] = []
        let n = 2_400
        for i in 0..<n {
            var actor = roles[i % 3]
            if unknownActorAt.contains(i) {
                actor = "bendahara-pengeluaran-pembantu"
                unknownActorLines.append(line + 2)
            }
            var stepNeeds =
                i == 0 ? ["surat"] : (0..<Int.random(in: 0...3, using: &rng)).map { _ in needs.randomElement(using: &rng)! }
            var stepMakes = i == 0 ? makes : i == n - 1 ? ["laporan"] : [makes.randomElement(using: &rng)!]
            if unknownNeedAt.contains(i) {
                stepNeeds.append("lembar-disposisi-yang-tidak-ada")
                unknownNeedLines.append(line + 4)
            }
            if equipmentMadeAt.contains(i) {
                stepMakes.append("atk")
                equipmentLines.append(line + (stepNeeds.isEmpty ? 4 : 5))
            }
            src += "  - id: s\(i)\n    activity: Langkah \(i) untuk arsip dinamis\n    actor: \(actor)\n    time: 5 menit\n"
            line += 4
            if !stepNeeds.isEmpty {
                src += "    needs: [\(stepNeeds.joined(separator: ", "))]\n"
                line += 1
            }
            src += "    makes: [\(stepMakes.joined(separator: ", "))]\n    notes: Catatan langkah \(i) untuk arsip dinamis\n"
            line += 2
        }
        #expect(src.utf8.count > 256 << 10, "read in parts")
        let dir = try temporaryProject(["sopc.yaml": minimalProject, "s.sop.yaml": src])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Checker.check(directory: dir.path, displayPrefix: "d")
        #expect(result.model.sops.first?.steps.count == n)
        let found = result.diagnostics.map { "\($0.id.rawValue) \($0.span.start.line)" }.sorted()
        // An unknown actor once, at its first use; equipment where an artefact is made at each place; a need
        // that names nothing once, at its first use (and with it, nothing reported unused).
        let expected =
            ["unknown-actor \(unknownActorLines[0])", "unknown-artefact \(unknownNeedLines[0])"]
            + equipmentLines.map { "unknown-artefact \($0)" }
        #expect(found == expected.sorted(), "\(result.diagnostics.prefix(6).map { "\($0.span.start.line): \($0.message)" })")
    }
}
