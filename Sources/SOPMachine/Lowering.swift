import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// Lowers an SOP of a checked project into its ``StateMachine``, from the model and the SOP's step graph.
public enum Lowering {
    public static func lower(_ sop: SOP, in checked: CheckedProject) -> StateMachine {
        let model = checked.model
        let project = model.project
        let graph = checked.graph(of: sop)
        let calendar = model.calendar
        let actors = model.actorColumns(of: sop).map { MachineActor(id: $0.ref.id, name: $0.name, title: $0.title) }

        var artefacts: [MachineArtefact] = []
        var equipment: [MachineArtefact] = []
        var seen = Set<String>()
        func note(_ id: String) {
            guard seen.insert(id).inserted else { return }
            let name = model.displayName(id, in: sop)
            switch model.artefactKind(id, in: sop) {
            case .local: artefacts.append(MachineArtefact(id: id, name: name, scope: .local))
            case .project: artefacts.append(MachineArtefact(id: id, name: name, scope: .project))
            case .equipment: equipment.append(MachineArtefact(id: id, name: name, scope: .equipment))
            case .unknown: break
            }
        }
        for ref in sop.inputs { note(ref.id) }
        for step in sop.steps {
            for ref in step.needs { note(ref.id) }
            for ref in step.makes { note(ref.id) }
            if let call = step.call, let callee = model.sop(call.id) {
                for ref in callee.inputs + callee.outputs where project?.artefactIndex[ref.id] != nil { note(ref.id) }
            }
        }
        for ref in sop.outputs { note(ref.id) }

        // SPEC §2's one rule: a call state lasts its called SOP's main-path total.
        let planned = MainPath.stepMinutes(of: sop, in: model)
        var states: [MachineState] = []
        for (i, step) in sop.steps.enumerated() {
            let targets = graph.targets[i].map { $0 == graph.end ? StateMachine.endState : sop.steps[$0].ref.id }
            let kind: MachineState.Kind = step.isDecision ? .decision : (step.call != nil ? .call : .task)
            let transitions: [MachineTransition] =
                step.isDecision
                ? [MachineTransition(event: "yes", target: targets[0]), MachineTransition(event: "no", target: targets[1])]
                : [MachineTransition(event: "done", target: targets[0])]
            let minutes: MinuteRange? =
                step.call != nil || step.time?.duration != nil ? MinuteRange(low: planned[i].low, high: planned[i].high) : nil
            let needs = step.needs.map(\.id)
            states.append(
                MachineState(
                    id: step.ref.id, number: i + 1, kind: kind, activity: step.activity, question: step.decision?.value,
                    actors: step.actors.map(\.id).uniqued(),
                    needs: needs.filter { model.artefactKind($0, in: sop) != .equipment }.uniqued(),
                    equipment: needs.filter { model.artefactKind($0, in: sop) == .equipment }.uniqued(),
                    makes: step.makes.map(\.id).uniqued(), minutes: minutes, timeText: step.time?.text.value,
                    call: step.call?.id, transitions: transitions))
        }
        return StateMachine(
            id: sop.sopID, name: sop.name, initial: sop.steps.first?.ref.id ?? StateMachine.endState,
            inputs: sop.inputs.map(\.id).uniqued(), outputs: sop.outputs.map(\.id).uniqued(), actors: actors,
            artefacts: artefacts,
            equipment: equipment, states: states, calendar: calendar,
            deadline: sop.deadline.flatMap { d in
                d.duration.map {
                    let m = $0.minutes(on: calendar)
                    return MachineDeadline(text: d.text.value, minutes: MinuteRange(low: m.low, high: m.high))
                }
            })
    }
}
