import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// `unknown-actor`, `actor-not-in-columns`, `unused-actor`, `too-many-actors`.
///
/// One mistake, one report: an unknown actor is reported once per SOP, at its first use, and fails no
/// column check — a step whose actor is unknown (or unreadable, or missing) may be the one that uses an
/// "unused" column, and an unknown entry of `actors:` may be the column a step's actor "is not in".
enum ActorCheck: SOPCheck {
    static let maxColumns = 7

    static func run(_ sop: SOP, graph: StepGraph, model: ProjectModel, sink: inout SOPSink) {
        // Without roles the project file has an error already; every actor would echo it.
        guard let project = model.project, !project.roles.isEmpty, !project.unreadable.contains(.roles) else { return }
        var unknown: [(ref: Ref, step: Int?)] = []
        // A role whose id is invalid (`Ka Biro:`) is named by the id it is to be written as (`ka-biro`):
        // such an actor is not reported, but like an unknown one fails no column check.
        let slugs = model.roleSlugs
        // Each copy of an id looked up once (``RepeatedIDs``); -1: no role.
        var repeated = RepeatedIDs(sop, ids: project.roles.count)
        /// The place of `ref`'s role among the project's roles, or nil (reported, unless its id is a slug).
        func role(_ ref: Ref, step: Int?) -> Int? {
            let r = repeated.answer(ref.id) { project.roleIndex[$0] ?? -1 }
            if r >= 0 { return r }
            if !slugs.contains(ref.id) { unknown.append((ref, step)) }
            return nil
        }
        var columns: [String: Ref] = [:]
        var unknownColumn = false
        if let actors = sop.actors {
            for ref in actors {
                guard role(ref, step: nil) != nil else {
                    unknownColumn = true
                    continue
                }
                if let first = columns[ref.id] {
                    sink.emit(
                        .duplicateID, .actorListedTwice(ref.id), at: ref.span,
                        notes: [sink.note(.firstListedHere, at: first.span)])
                } else {
                    columns[ref.id] = ref
                }
            }
        }
        // By the role's place among the project's roles.
        var used = [Bool](repeating: false, count: project.roles.count)
        var usedInOrder: [(id: String, ref: Ref, step: Int)] = []
        var unknownStepActor = sop.unreadable.contains(.steps)
        for (i, step) in sop.steps.enumerated() {
            if step.actors.isEmpty { unknownStepActor = true }
            for ref in step.actors {
                guard let r = role(ref, step: i) else {
                    unknownStepActor = true
                    continue
                }
                if !used[r] {
                    used[r] = true
                    usedInOrder.append((ref.id, ref, i))
                }
                if sop.actors != nil, columns[ref.id] == nil, !unknownColumn {
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
            where !unassigned && project.roleIndex[ref.id].map({ !used[$0] }) == true && columns[ref.id]?.span == ref.span
                && !unknownStepActor
            {
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
        if let approver = sop.identity.approvedBy?.role { _ = role(approver, step: nil) }
        let roleIDs = project.roles.map(\.ref.id)
        unknown.sort { $0.ref.span.start < $1.ref.span.start }
        for uses in groupedByName(unknown, \.ref.id) {
            let (ref, step) = uses[0]
            let byName = project.roles.first {
                $0.name.lowercased() == ref.id.lowercased() || Names.slug($0.name) == ref.id
            }?.ref.id
            sink.emit(
                .unknownActor, .notARole(ref.id), at: ref.span, step: step,
                notes: [DiagnosticNote(.rolesDefinedIn(project.file))]
                    + sink.otherUses(of: ref.id, at: uses.dropFirst().map(\.ref.span)[...]),
                help: byName.map { .roleName(ref.id, role: $0) }
                    ?? Names.didYouMeanHelp(ref.id, among: roleIDs)
                    ?? .useRoleOrAdd(roleIDs, file: project.file))
        }
    }
}
