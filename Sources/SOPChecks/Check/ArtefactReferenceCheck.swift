import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// `unknown-artefact`, `duplicate-id` between local and project artefacts, and `unused-definition`.
enum ArtefactReferenceCheck: SOPCheck {
    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        guard let project = model.project else { return }
        // By index: each artefact's id read in place, not a copy of its name and title.
        for k in sop.artefacts.indices {
            let ref = sop.artefacts[k].ref
            let clash =
                project.artefactIndex[ref.id].map { (false, project.artefacts[$0].ref) }
                ?? project.equipmentIndex[ref.id].map { (true, project.equipment[$0].ref) }
            if let (equipment, other) = clash {
                sink.emit(
                    .duplicateID, .localArtefactClash(ref.id, equipment: equipment), at: ref.span,
                    notes: [DiagnosticNote(.projectItemDefinedHere(ref.id), file: project.file, at: other.span.start)],
                    help: .useProjectItem(ref.id))
            }
        }
        // Which local artefacts a reference names, by their place in `artefactIndex` (a reference that names
        // a local artefact is one lookup; a set of every id named would cost an insertion for each).
        var mentioned = [Bool](repeating: false, count: sop.artefacts.count)
        var unknown = false
        // A list of definitions that could not be read may define what a reference names.
        let undefinedUnknown =
            sop.unreadable.contains(.artefacts) || project.unreadable.contains(.artefacts)
        // An artefact whose id is invalid (`Draf LAKIP:`) is named by the id it is to be written as: made for
        // the first reference that names nothing (most SOPs have none).
        var slugs: Set<String>?
        func isSlugOfInvalid(_ id: String) -> Bool {
            if slugs == nil { slugs = Names.slugsOfInvalid(sop.artefacts.map(\.ref.id)).union(model.projectItemSlugs) }
            return slugs!.contains(id)
        }
        var uses: [(ref: Ref, use: Message.ArtefactUse, equipment: Bool, step: Int?)] = []
        // What an id is: the place of a local artefact, or -1 (a project artefact), -2 (equipment), -3
        // (nothing known); worked out once for each copy of an id (``RepeatedIDs``).
        var repeated = RepeatedIDs(sop, ids: sop.artefacts.count + project.artefacts.count + project.equipment.count)
        func check(_ refs: [Ref], _ use: Message.ArtefactUse, equipment: Bool, step: Int?) {
            for ref in refs {
                let code = repeated.answer(ref.id) { id in
                    if let local = sop.artefactIndex[id] { return local }
                    // Not local: what it is in the project, without looking in the SOP again.
                    switch model.projectItemKind(id) {
                    case .project: return -1
                    case .equipment: return -2
                    default: return -3
                    }
                }
                if code >= 0 {
                    mentioned[code] = true
                    continue
                }
                let kind: ArtefactKind = code == -1 ? .project : code == -2 ? .equipment : .unknown
                if kind == .project || (equipment && kind == .equipment) { continue }
                unknown = true
                if kind != .equipment,
                    undefinedUnknown || isSlugOfInvalid(ref.id) || (equipment && project.unreadable.contains(.equipment))
                {
                    continue
                }
                uses.append((ref, use, equipment, step))
            }
        }
        check(sop.inputs, .input, equipment: false, step: nil)
        check(sop.outputs, .output, equipment: false, step: nil)
        for (i, step) in sop.steps.enumerated() {
            check(step.needs, .need, equipment: true, step: i)
            check(step.makes, .make, equipment: false, step: i)
        }
        // Equipment where an artefact is meant is reported at each place (each is its own mistake); a name
        // that names nothing once, at its first use.
        for use in uses where model.artefactKind(use.ref.id, in: sop) == .equipment {
            sink.emit(
                .unknownArtefact, .equipmentNotFor(use.ref.id, use: use.use), at: use.ref.span, step: use.step,
                help: .equipmentAtHand)
        }
        let names = uses.filter { model.artefactKind($0.ref.id, in: sop) != .equipment }
        for group in groupedByName(names, \.ref.id) {
            let (ref, _, equipment, step) = group[0]
            let candidates = model.artefactIDs(in: sop, includingEquipment: equipment)
            let byName = (sop.artefacts + project.artefacts + (equipment ? project.equipment : []))
                .first { $0.name.lowercased() == ref.id.lowercased() || Names.slug($0.name) == ref.id }
            sink.emit(
                .unknownArtefact, .notAnArtefact(ref.id, orEquipment: equipment), at: ref.span, step: step,
                notes: sink.otherUses(of: ref.id, at: group.dropFirst().map(\.ref.span)[...]),
                help: byName.map { .artefactName(ref.id, id: $0.ref.id, name: $0.name) }
                    ?? Names.didYouMeanHelp(ref.id, among: candidates)
                    ?? .defineArtefact(file: project.file))
        }
        // A reference that names nothing may well be a misspelt local artefact: then "unused" would only echo it.
        // (By index: each artefact's id read in place, not a copy of its name and title.)
        guard !unknown, !sop.unreadable.contains(.steps) else { return }
        for k in sop.artefacts.indices {
            let ref = sop.artefacts[k].ref
            if sop.artefactIndex[ref.id].map({ mentioned[$0] }) ?? false { continue }
            sink.emit(.unusedDefinition, .unusedLocal(ref.id), at: ref.span, help: .removeOrNameIt)
        }
    }
}
