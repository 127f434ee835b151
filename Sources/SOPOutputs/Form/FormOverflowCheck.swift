import Dispatch
import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// `form-overflow`: the texts that the printed form cannot show in full, as the form's own layout measured
/// them (``FlowLayout/overflows``, ``IdentityLayout/overflows``): a row taller than a page, an actor's name
/// that does not fit its column's header, an identity text too long for the identity page. It runs on a
/// checked project (the layout needs one), after the checks of stage 4; `Pipeline.check` adds its warnings
/// to the report. `allow: [form-overflow]` on the SOP, or on the step of a row, silences it.
public enum FormOverflowCheck {
    public static func diagnostics(_ checked: CheckedProject) -> [Diagnostic] {
        diagnostics(checked, skipping: []).diagnostics
    }

    /// The check as a ``SideCheck``: run on each SOP beside the checks of stage 4, on their step graph
    /// (`Pipeline.check`); ``diagnostics(_:found:)`` then makes the report of what it found.
    public static let beside = SideCheck { sop, graph, model, callers in
        diagnostics(
            of: sop, table: FormTable(sop, graph: graph, model: model, callers: callers), model: model, callers: callers)
    }

    /// The warnings, without laying out the forms of the SOPs in `known`, known to have none (a build
    /// whose inputs did not change since the last: ``OutputFolder/formsFoundClean(in:inputs:)``); and every
    /// SOP whose form has none, those of `known` included.
    public static func diagnostics(_ checked: CheckedProject, skipping known: Set<String>) -> (
        diagnostics: [Diagnostic], clean: Set<String>
    ) {
        let sops = checked.sopsInIDOrder
        let slots = ResultSlots<[SideFinding]>(count: sops.count)
        Cores.perform(iterations: sops.count) { i in
            slots[i] = known.contains(sops[i].sopID) ? [] : diagnostics(of: sops[i], checked: checked)
        }
        var found: [String: [SideFinding]] = [:]
        for i in 0..<sops.count { found[sops[i].sopID] = slots[i] }
        return diagnostics(checked, found: found)
    }

    /// The warnings from what was found for each SOP by id (``beside``, or a pass of its own), in id order,
    /// a role's name once; and every SOP whose form has none.
    public static func diagnostics(_ checked: CheckedProject, found: [String: [SideFinding]]) -> (
        diagnostics: [Diagnostic], clean: Set<String>
    ) {
        let ids = checked.idsInOrder
        var clean: Set<String> = []
        for id in ids where found[id]?.isEmpty ?? true { clean.insert(id) }
        return (report(ids, findings: { found[$0] ?? [] }), clean)
    }

    /// The report of what was found for each SOP of `ids` (in id order): SOP by SOP, a role's name once, for
    /// the first SOP whose header it does not fit.
    public static func report<IDs: Sequence<String>>(_ ids: IDs, findings: (String) -> [SideFinding]) -> [Diagnostic] {
        var roles: Set<String> = []
        var out: [Diagnostic] = []
        for id in ids {
            for (d, role) in findings(id) {
                if let role, !roles.insert(role).inserted { continue }
                out.append(d)
            }
        }
        return out
    }

    /// The findings of one SOP's form in a checked project, as ``diagnostics(of:checked:)`` has them (a role's
    /// name carries the role's id, to be reported once across SOPs: ``diagnostics(_:found:)``); and whether
    /// the form was laid out to find them — not when `allow:` silences the check, nor when the lengths of
    /// its texts show that nothing can overflow (``FormOverflowBound``).
    public static func findings(of sop: SOP, in checked: CheckedProject) -> (found: [SideFinding], laidOut: Bool) {
        let callers = checked.callers[sop.sopID] ?? []
        if nothingToLayOut(sop, model: checked.model, callers: callers, bounded: true) { return ([], false) }
        return (layOut(sop, table: FormTable(sop, in: checked), model: checked.model), true)
    }

    /// Whether `sop`'s form has nothing to report without laying it out: `allow:` silences the check, or (when
    /// `bounded`) the lengths of its texts show that nothing can overflow (``FormOverflowBound``).
    static func nothingToLayOut(_ sop: SOP, model: ProjectModel, callers: [String], bounded: Bool) -> Bool {
        sop.allow.contains(where: { $0.id == CheckID.formOverflow.rawValue })
            || (bounded && FormOverflowBound.fits(sop, model: model, callers: callers))
    }

    static func diagnostics(of sop: SOP, checked: CheckedProject) -> [SideFinding] {
        diagnostics(
            of: sop, table: FormTable(sop, in: checked), model: checked.model, callers: checked.callers[sop.sopID] ?? [])
    }

    /// The warnings of one SOP's form, laid out from `table`; a role's name carries the role's id, to be
    /// reported once. The form is not laid out when its texts are short enough to show that nothing can
    /// overflow (``FormOverflowBound``), unless `bounded` is false.
    /// - Parameter callers: the ids of the SOPs that call `sop` (``CheckedProject/callers``).
    static func diagnostics(
        of sop: SOP, table makeTable: @autoclosure () -> FormTable, model: ProjectModel, callers: [String],
        bounded: Bool = true
    ) -> [SideFinding] {
        nothingToLayOut(sop, model: model, callers: callers, bounded: bounded)
            ? [] : layOut(sop, table: makeTable(), model: model)
    }

    /// The warnings of one SOP's form, laid out from `table` (whatever `allow:` on the SOP says; a step's
    /// `allow:` silences its rows).
    private static func layOut(_ sop: SOP, table: FormTable, model: ProjectModel) -> [SideFinding] {
        let id = CheckID.formOverflow
        let flow = FlowLayout(table, timing: FormTiming(table), routing: false)
        let identity = IdentityLayout(table, model: model)
        let sopSpan = sop.id?.span ?? SourceSpan(at: sop.rootSpan.start)
        var out: [SideFinding] = []
        for overflow in flow.overflows {
            switch overflow {
            case .row(let r, let column):
                let step = table.rows[r].step
                if step.allow.contains(where: { $0.id == id.rawValue }) { continue }
                let d = Diagnostic(
                    id, .rowTooTall(step: step.ref.id, column: column), file: sop.file, span: step.ref.span,
                    help: .shortenOrSplitStep)
                out.append((d, nil))
            case .header(let c):
                let role = table.columns[c]
                let d = Diagnostic(
                    id, .headerTooLong(role: role.ref.id, sop: sop.sopID), file: model.project?.file ?? sop.file,
                    span: role.ref.span,
                    help: .shortenRoleName)
                out.append((d, role.ref.id))
            case .question(let r):
                let step = table.rows[r].step
                if step.allow.contains(where: { $0.id == id.rawValue }) { continue }
                let d = Diagnostic(
                    id, .questionTooLong(step: step.ref.id), file: sop.file, span: step.decision?.span ?? step.ref.span,
                    help: .shortenQuestion)
                out.append((d, nil))
            case .title:
                let d = Diagnostic(
                    id, .identityTooLong(.subjectKey("name"), sop: sop.sopID), file: sop.file, span: sopSpan,
                    help: .shortenIdentityText)
                out.append((d, nil))
            }
        }
        let lists = ["legal_basis", "qualifications", "related", "equipment", "warnings", "records"].map { "identity." + $0 }
        for key in identity.overflows {
            let what: Message = lists.contains(key) ? .subjectEntry(of: .subjectKey(key)) : .subjectKey(key)
            let d = Diagnostic(
                id, .identityTooLong(what, sop: sop.sopID), file: sop.file, span: sopSpan,
                help: .shortenIdentityText)
            out.append((d, nil))
        }
        return out
    }
}
