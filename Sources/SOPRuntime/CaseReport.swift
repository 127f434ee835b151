import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// The texts `sopc run` prints: what an event did, and where a case stands.
public enum CaseReport {
    /// One line per thing that happened: steps completed, sub-SOPs started and ended.
    public static func effects(_ effects: [RuntimeEffect], of c: RunCase) -> String {
        let library = c.runtime.library
        var out = ""
        for effect in effects {
            switch effect {
            case .completed(_, let sop, let state, let event, let actor):
                let m = library.machine(sop)!
                let s = m.state(state)!
                if let actor {
                    let what =
                        s.kind == .decision ? "\(s.question ?? "") \(event.rawValue) (\(event == .yes ? "Ya" : "Tidak"))" : "done"
                    out += "\(sop)/\(state): \(what) by \(m.actorName(actor)) (\(actor))\n"
                } else {
                    out += "\(sop)/\(state): done (its SOP has ended)\n"
                }
            case .started(let depth, let sop, let inputs):
                let m = library.machine(sop)!
                let with = inputs.isEmpty ? "with no documents" : "with \(names(inputs, in: m))"
                out += depth == 0 ? "Started SOP '\(sop)' (\(m.name)) \(with)\n" : "SOP '\(sop)' (\(m.name)) starts \(with)\n"
            case .ended(let depth, let sop, let outputs):
                let m = library.machine(sop)!
                let with = outputs.isEmpty ? "" : (depth == 0 ? ", delivering " : ", handing back ") + names(outputs, in: m)
                out += depth == 0 ? "The case has ended\(with)\n" : "SOP '\(sop)' ends\(with)\n"
            case .entered: break
            }
        }
        return out
    }

    /// Where the case stands at `now`: the current step (innermost, and the call stack), who may act, the
    /// documents at hand, when it was planned to be done and whether that is past.
    public static func status(_ c: RunCase, now: WallTime) -> String {
        let runtime = c.runtime
        let root = c.root
        let clock = WorkingClock(root.calendar)
        var out = "Case of SOP '\(root.id)': \(root.name)\n"
        out += "Started \(WorkingClock.text(c.started)) · \(c.history.count) event\(c.history.count == 1 ? "" : "s")"
        out += " · machines from '\(c.source)'\n"
        guard let (m, s) = runtime.current, let frame = runtime.stack.last else {
            out += "Ended \(WorkingClock.text(c.lastTime))\n"
            let delivered = runtime.finalArtefacts.filter { root.outputs.contains($0) }
            out += "Delivered: \(delivered.isEmpty ? "nothing" : names(delivered, in: root))\n"
            return out
        }
        out += "Current step: \(m.id)/\(s.id) — \(s.number). \(s.activity)\n"
        if runtime.stack.count > 1 {
            out += "Call stack (outermost first):\n"
            for (pm, ps) in runtime.path {
                let call = ps.call.flatMap { runtime.library.machine($0) }.map { " → SOP \($0.name)" } ?? ""
                out += "  \(pm.id)/\(ps.id) — \(ps.number). \(Runtime.shortened(ps.activity))\(call)\n"
            }
        }
        let actors = Runtime.orList(s.actors.map { "\(m.actorName($0)) (\($0))" })
        if s.kind == .decision {
            out += "Waiting for: \(actors) to answer '\(s.question ?? "")' with yes or no\n"
        } else {
            out += "Waiting for: \(actors) to complete it with done\n"
        }
        let documents = frame.artefacts
        out += "Documents at hand: \(documents.isEmpty ? "none" : names(documents, in: m))\n"
        let since = c.entered(frame)
        var line = "Since \(WorkingClock.text(since))"
        if let minutes = s.minutes {
            let start = clock.position(of: since)
            let due = start + minutes.high
            line += " · planned \(s.timeText ?? FormText.duration(low: minutes.low, high: minutes.high, on: root.calendar))"
            line += " · due \(WorkingClock.text(clock.wallTime(at: due, asEnd: minutes.high > 0)))\n"
            let position = clock.position(of: now)
            if position > due {
                line += "Overdue by \(FormText.duration(minutes: position - due, on: root.calendar)) of working time"
            } else {
                line += "On time: \(FormText.duration(minutes: due - position, on: root.calendar)) of working time left"
            }
            line += " (now \(WorkingClock.text(now)))"
        } else {
            line += " · no planned time"
        }
        out += line + "\n"
        return out
    }

    static func names(_ ids: [String], in m: StateMachine) -> String { ids.map { m.artefactName($0) }.joined(separator: ", ") }
}
