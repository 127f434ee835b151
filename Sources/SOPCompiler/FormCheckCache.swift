import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPOutputs
import SOPSystem

/// The printed form's check (`form-overflow`) for an editor's session (``CheckSession``): what
/// ``Pipeline/check(files:displayPrefix:)`` adds to a check, found again after each edit only for the SOPs
/// whose form can have changed.
///
/// What an SOP's form check finds depends on its own file, the project file, the names of the SOPs it
/// calls, that call it or that it relates to (Ket and Keterkaitan print them), and — for a form that had to
/// be laid out (``FormOverflowCheck`` lays out only the forms whose texts' lengths do not show that nothing
/// can overflow) — the main-path totals of the SOPs it calls (the time totals under its table). Each SOP's
/// findings are kept with those inputs and found again when one of them differs. A file's bytes are
/// compared by their storage first: the session keeps an unchanged file's bytes as they are.
public final class FormCheckCache: @unchecked Sendable {
    private struct Inputs: Equatable {
        var file: String
        var bytes: [UInt8]?
        var project: [UInt8]?
        /// The ids and names of the SOPs it calls, that call it, and that it relates to, in that order.
        var names: [String]
        /// The main-path totals of the SOPs it calls, step by step; only for a form that was laid out.
        var totals: [Double]?
    }

    private struct Entry {
        var inputs: Inputs
        var found: [SideFinding]
        /// The ``apply(to:)`` that last found the SOP in the project.
        var seen: Int
    }

    /// By SOP id; updated in place (a project of thousands of SOPs is not copied on each edit).
    private var entries: [String: Entry] = [:]
    /// The SOPs whose entries hold findings.
    private var withFindings: Set<String> = []
    private var generation = 0
    /// How many SOPs' forms the last ``apply(to:)`` checked again (the others' findings were kept).
    public private(set) var lastChecked = 0

    public init() {}

    /// Adds `form-overflow`'s findings to a session's result, as a whole check has them; nothing while the
    /// project has errors (then no form is checked).
    public func apply(to result: inout CheckResult) {
        lastChecked = 0
        guard let checked = result.checked else { return }
        generation += 1
        let model = checked.model
        let project = model.project.flatMap { result.sources[$0.file] }
        let calls = checked.calls
        // SOPs read in place (a copy of each would retain every part of it), and their inputs compared with
        // those kept without making them again: an edit in a project of thousands of SOPs changes a few.
        for i in checked.indicesInIDOrder {
            let id = model.sops[i].sopID
            let file = model.sops[i].file
            let bytes = result.sources[file]
            let callers = checked.callers[id] ?? []
            let callees = i < calls.calls.count ? calls.calls[i] : []
            func names(_ each: (String) -> Void) {
                func name(_ other: String) {
                    each(other)
                    if let j = model.sopIndex[other] { each(model.sops[j].name) } else { each("|") }
                }
                for call in callees { name(calls.ids[call.callee]) }
                each("|")
                for caller in callers { name(caller) }
                each("|")
                for ref in model.sops[i].identity.related { name(ref.id) }
            }
            let same: Bool =
                entries[id].map { kept in
                    guard kept.inputs.file == file, kept.inputs.bytes == bytes, kept.inputs.project == project else {
                        return false
                    }
                    var k = 0
                    var same = true
                    names { text in
                        if same, k < kept.inputs.names.count, kept.inputs.names[k] == text { k += 1 } else { same = false }
                    }
                    // A form that was laid out also shows the totals of the SOPs it calls.
                    return same && k == kept.inputs.names.count
                        && (kept.inputs.totals == nil || kept.inputs.totals == Self.totals(callees, calls, model))
                } ?? false
            if same {
                entries[id]!.seen = generation
                continue
            }
            lastChecked += 1
            var list: [String] = []
            names { list.append($0) }
            var inputs = Inputs(file: file, bytes: bytes, project: project, names: list)
            let (findings, laidOut) = FormOverflowCheck.findings(of: model.sops[i], in: checked)
            if laidOut { inputs.totals = Self.totals(callees, calls, model) }
            entries[id] = Entry(inputs: inputs, found: findings, seen: generation)
            if findings.isEmpty { withFindings.remove(id) } else { withFindings.insert(id) }
        }
        if entries.count > checked.indicesInIDOrder.count {
            entries = entries.filter { $0.value.seen == generation }
            withFindings = withFindings.filter { entries[$0] != nil }
        }
        // In id order (the ids of the SOPs without findings add nothing to the report).
        let ids = withFindings.sorted { Bytewise.precedes($0, $1) }
        let reported = FormOverflowCheck.report(ids, findings: { entries[$0]!.found })
        if !reported.isEmpty { result.add(reported) }
    }

    /// The main-path totals of the SOPs called (``CallGraph/calls`` of the SOP), in step order (−1 for none).
    private static func totals(_ callees: [CallGraph.Call], _ calls: CallGraph, _ model: ProjectModel) -> [Double] {
        var totals: [Double] = []
        for call in callees {
            let total = model.mainPathTotal(of: calls.ids[call.callee])
            totals += [total?.low ?? -1, total?.high ?? -1]
        }
        return totals
    }
}
