import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// `unknown-actor`, `actor-not-in-columns`, `unused-actor`, `too-many-actors`.
enum ActorCheck: SOPCheck {
    static let maxColumns = 7

    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        // Without roles the project file has an error already; every actor would echo it.
        guard let project = model.project, !project.roles.isEmpty else { return }
        func known(_ ref: Ref, step: Int?) -> Bool {
            if project.roleIndex[ref.id] != nil { return true }
            let roleIDs = project.roles.map(\.ref.id)
            let byName = project.roles.first {
                $0.name.lowercased() == ref.id.lowercased() || Names.slug($0.name) == ref.id
            }?.ref.id
            sink.emit(
                .unknownActor, .notARole(ref.id), at: ref.span, step: step,
                notes: [DiagnosticNote(.rolesDefinedIn(project.file))],
                help: byName.map { .roleName(ref.id, role: $0) }
                    ?? Names.didYouMeanHelp(ref.id, among: roleIDs)
                    ?? .useRoleOrAdd(roleIDs, file: project.file))
            return false
        }
        var columns: [String: Ref] = [:]
        if let actors = sop.actors {
            for ref in actors where known(ref, step: nil) {
                if let first = columns[ref.id] {
                    sink.emit(
                        .duplicateID, .actorListedTwice(ref.id), at: ref.span,
                        notes: [sink.note(.firstListedHere, at: first.span)])
                } else {
                    columns[ref.id] = ref
                }
            }
        }
        var used: Set<String> = []
        var usedInOrder: [(id: String, ref: Ref, step: Int)] = []
        for (i, step) in sop.steps.enumerated() {
            for ref in step.actors where known(ref, step: i) {
                if used.insert(ref.id).inserted { usedInOrder.append((ref.id, ref, i)) }
                if sop.actors != nil, columns[ref.id] == nil {
                    sink.emit(
                        .actorNotInColumns, .noColumn(ref.id, step: sop.stepName(i)),
                        at: ref.span, step: i,
                        notes: sop.actorsSpan.map { [sink.note(.columnsListedHere, at: $0)] } ?? [],
                        help: .addToActors(ref.id))
                }
            }
        }
        // A step without an actor has an error already (a missing key, or an import's '?'): the column nobody
        // uses may well be its.
        let unassigned = sop.steps.contains { $0.actors.isEmpty }
        if let actors = sop.actors {
            for ref in actors
            where !unassigned && project.roleIndex[ref.id] != nil && !used.contains(ref.id) && columns[ref.id]?.span == ref.span {
                sink.emit(
                    .unusedActor, .unusedColumn(ref.id), at: ref.span, help: .removeColumnOrGiveStep)
            }
            let count = columns.count
            if count > maxColumns {
                sink.emit(
                    .tooManyActors, .tooManyColumns(count, max: maxColumns), at: sop.actorsSpan ?? sop.rootSpan,
                    help: .splitOrMergeRoles)
            }
        } else if usedInOrder.count > maxColumns {
            let eighth = usedInOrder.sorted { project.roleIndex[$0.id]! < project.roleIndex[$1.id]! }[maxColumns]
            sink.emit(
                .tooManyActors, .tooManyRoles(usedInOrder.count, max: maxColumns), at: eighth.ref.span, step: eighth.step,
                help: .splitOrMergeRoles)
        }
        if let role = sop.identity.approvedBy?.role { _ = known(role, step: nil) }
    }
}
