import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// Checks across SOP files: `duplicate-id` between SOPs and `call-cycle`.
enum ProjectChecks {
    static func run(_ model: ProjectModel, calls: CallGraph) -> [Diagnostic] {
        duplicateIDs(model, at: duplicateIndices(model)) + callCycles(model, cycles: calls.cycles())
    }

    /// The indices of the SOPs with an `sop:` id that an earlier SOP already has.
    static func duplicateIndices(_ model: ProjectModel) -> [Int] {
        let sops = model.sops
        return sops.indices.filter { i in
            guard let id = sops[i].id?.id, let first = model.sopIndex[id] else { return false }
            return sops[first].file != sops[i].file
        }
    }

    /// `duplicate-id` at each of these SOPs (``duplicateIndices(_:)``).
    static func duplicateIDs(_ model: ProjectModel, at indices: [Int]) -> [Diagnostic] {
        indices.compactMap { i in
            let sop = model.sops[i]
            guard let ref = sop.id, let first = model.sopIndex[sop.sopID] else { return nil }
            let other = model.sops[first]
            return Diagnostic(
                .duplicateID, .sopIDTwice(ref.id), file: sop.file, span: ref.span,
                notes: [DiagnosticNote(.alsoUsedHere, file: other.file, at: (other.id?.span ?? .fileStart).start)],
                help: .sopIDsUnique)
        }
    }

    /// The project's call graph: one node per SOP file, calls only from the first file of each id.
    static func callGraph(_ model: ProjectModel) -> CallGraph {
        let sops = model.sops
        // By index, each SOP's steps read in place: no copy of each SOP.
        return callGraph(
            ids: model.sopIDs, calls: sops.indices.map { calls(ofSteps: sops[$0].steps) }, sopIndex: model.sopIndex)
    }

    /// The call graph from each SOP's id and calls (``calls(of:)``), which an incremental check keeps
    /// between edits; only the first SOP of an id (`sopIndex`) calls.
    static func callGraph(ids: [String], calls: [[Call]], sopIndex: IDIndex) -> CallGraph {
        CallGraph(
            ids: ids,
            callsByID: ids.indices.map { i in
                sopIndex[ids[i]] == i ? calls[i].map { ($0.callee, $0.step) } : []
            })
    }

    /// One `call:` of an SOP: the id it names and the index of its step.
    struct Call: Equatable {
        var callee: String
        var step: Int
    }

    /// An SOP's calls, in step order.
    static func calls(of sop: SOP) -> [Call] { calls(ofSteps: sop.steps) }

    /// ``calls(of:)`` from the SOP's steps.
    static func calls(ofSteps steps: [Step]) -> [Call] {
        steps.indices.compactMap { s in steps[s].call.map { Call(callee: $0.id, step: s) } }
    }

    /// One diagnostic per strongly connected group of SOPs that call each other, at the call that opens the
    /// cycle from the group's first SOP.
    static func callCycles(_ model: ProjectModel, graph: CallGraph) -> [Diagnostic] {
        callCycles(model, cycles: graph.cycles())
    }

    /// The diagnostics of cycles found before (``CallGraph/cycles()``), at the current positions of `model`.
    static func callCycles(_ model: ProjectModel, cycles: [CallGraph.Cycle]) -> [Diagnostic] {
        let sops = model.sops
        var out: [Diagnostic] = []
        for round in cycles {
            let chain = round.nodes
            let start = chain[0]
            let firstStep = round.steps[0]
            let sop = sops[start]
            let call = sop.steps[firstStep].call!
            var notes: [DiagnosticNote] = []
            for k in 1..<(chain.count - 1) {
                let caller = sops[chain[k]]
                let callee = sops[chain[k + 1]].sopID
                if let step = caller.steps.first(where: { $0.call?.id == callee }) {
                    notes.append(
                        DiagnosticNote(
                            .callsHere(caller: caller.sopID, callee: callee), file: caller.file, at: step.call!.span.start))
                }
            }
            out.append(
                Diagnostic(
                    .callCycle,
                    chain.count == 2 ? .callsItself(sop.sopID) : .callCycle(chain.map { sops[$0].sopID }),
                    file: sop.file, span: call.span,
                    notes: notes, help: chain.count == 2 ? .removeSelfCall : .breakCycle))
        }
        return out
    }
}
