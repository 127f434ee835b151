import SOPSystem
import SOPDiagnostics
import SOPFrontEnd

/// `unknown-artefact`, `duplicate-id` between local and project artefacts, and `unused-definition`.
enum ArtefactReferenceCheck: SOPCheck {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        guard let project = model.project else { return }
        for item in sop.artefacts {
            let clash = project.artefactIndex[item.ref.id].map { ("a project artefact", project.artefacts[$0].ref) }
                ?? project.equipmentIndex[item.ref.id].map { ("project equipment", project.equipment[$0].ref) }
            if let (what, other) = clash {
                sink.emit(
                    .duplicateID, "local artefact '\(item.ref.id)' has the id of \(what)", at: item.ref.span,
                    notes: [DiagnosticNote("the project's '\(item.ref.id)' is defined here", file: project.file, at: other.span.start)],
                    help: "use the project's '\(item.ref.id)' and remove the local one, or rename it")
            }
        }
        var mentioned: Set<String> = []
        var unknown = false
        func check(_ refs: [Ref], _ role: String, equipment: Bool, step: Int?) {
            for ref in refs {
                mentioned.insert(ref.id)
                let kind = model.artefactKind(ref.id, in: sop)
                if kind == .local || kind == .project || (equipment && kind == .equipment) { continue }
                unknown = true
                let candidates = model.artefactIDs(in: sop, includingEquipment: equipment)
                let byName = (sop.artefacts + project.artefacts + (equipment ? project.equipment : []))
                    .first { $0.name.lowercased() == ref.id.lowercased() || Names.slug($0.name) == ref.id }
                let message = kind == .equipment
                    ? "'\(ref.id)' is equipment, which a step can need but not \(role)"
                    : "'\(ref.id)' is neither a local nor a project artefact\(equipment ? " nor equipment" : "")"
                if kind == .equipment {
                    sink.emit(
                        .unknownArtefact, message, at: ref.span, step: step,
                        help: "equipment is always at hand, so a step lists it under 'needs:' only")
                    continue
                }
                sink.emit(
                    .unknownArtefact, message, at: ref.span, step: step,
                    help: byName.map { "'\(ref.id)' is the name of '\($0.ref.id)' (\($0.name)), not its id; write '\($0.ref.id)'" }
                        ?? Names.didYouMean(ref.id, among: candidates)
                        ?? "define it under 'artefacts:' in this SOP or in \(project.file)")
            }
        }
        check(sop.inputs, "take as input", equipment: false, step: nil)
        check(sop.outputs, "deliver as output", equipment: false, step: nil)
        for (i, step) in sop.steps.enumerated() {
            check(step.needs, "", equipment: true, step: i)
            check(step.makes, "make", equipment: false, step: i)
        }
        // A reference that names nothing may well be a misspelt local artefact: then "unused" would only echo it.
        for item in sop.artefacts where !unknown && !mentioned.contains(item.ref.id) {
            sink.emit(
                .unusedDefinition, "local artefact '\(item.ref.id)' is defined but nothing mentions it", at: item.ref.span,
                help: "remove it, or name it in a step's 'needs:' or 'makes:'")
        }
    }
}
