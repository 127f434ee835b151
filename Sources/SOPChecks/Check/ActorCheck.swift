import SOPSystem
import SOPDiagnostics
import SOPFrontEnd

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
                .unknownActor, "'\(ref.id)' is not a role of the project", at: ref.span, step: step,
                notes: [DiagnosticNote("the roles are defined in \(project.file)")],
                help: byName.map { "'\(ref.id)' is the name of role '\($0)'; write the id '\($0)'" }
                    ?? Names.didYouMean(ref.id, among: roleIDs)
                    ?? "use one of \(Names.quotedList(roleIDs)), or add the role to \(project.file)")
            return false
        }
        var columns: [String: Ref] = [:]
        if let actors = sop.actors {
            for ref in actors where known(ref, step: nil) {
                if let first = columns[ref.id] {
                    sink.emit(
                        .duplicateID, "actor '\(ref.id)' is listed twice in 'actors:'", at: ref.span,
                        notes: [sink.note("first listed here", at: first.span)])
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
                        .actorNotInColumns, "'\(ref.id)' acts in step \(sop.stepName(i)) but has no column in 'actors:'",
                        at: ref.span, step: i,
                        notes: sop.actorsSpan.map { [sink.note("the columns are listed here", at: $0)] } ?? [],
                        help: "add '\(ref.id)' to 'actors:'")
                }
            }
        }
        if let actors = sop.actors {
            for ref in actors where project.roleIndex[ref.id] != nil && !used.contains(ref.id) && columns[ref.id]?.span == ref.span {
                sink.emit(
                    .unusedActor, "column '\(ref.id)' is listed in 'actors:' but no step uses it", at: ref.span,
                    help: "remove it from 'actors:', or give it a step")
            }
            let count = columns.count
            if count > maxColumns {
                sink.emit(
                    .tooManyActors, "\(count) actor columns; the printed form fits at most \(maxColumns)",
                    at: sop.actorsSpan ?? sop.rootSpan,
                    help: "split the SOP, or merge roles that act together")
            }
        } else if usedInOrder.count > maxColumns {
            let eighth = usedInOrder.sorted { project.roleIndex[$0.id]! < project.roleIndex[$1.id]! }[maxColumns]
            sink.emit(
                .tooManyActors, "the steps use \(usedInOrder.count) roles; the printed form fits at most \(maxColumns) columns",
                at: eighth.ref.span, step: eighth.step,
                help: "split the SOP, or merge roles that act together")
        }
        if let role = sop.identity.approvedBy?.role { _ = known(role, step: nil) }
    }
}
