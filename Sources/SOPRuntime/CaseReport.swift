import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// The texts `sopc run` prints: what an event did, and where a case stands, in English or Bahasa
/// Indonesia. Texts from the definitions are printed terminal-safe (no control characters).
public enum CaseReport {
    /// One line per thing that happened: steps completed, sub-SOPs started and ended.
    public static func effects(_ effects: [RuntimeEffect], of c: RunCase, language: Language = .english) -> String {
        let w = RuntimeWords(language)
        let library = c.runtime.library
        var out = ""
        for effect in effects {
            switch effect {
            case .completed(_, let sop, let state, let event, let actor):
                let m = library.machine(sop)!
                let s = library.state(state, of: sop)!
                if let actor {
                    let what =
                        s.kind == .decision
                        ? "\((s.question ?? "").terminalSafe) "
                            + w("\(event.rawValue) (\(w.answer(event)))", w.answer(event)) : w("done", "selesai")
                    out += "\(sop)/\(state): \(what) \(w("by", "oleh")) \(m.actorName(actor).terminalSafe) (\(actor))\n"
                } else {
                    out += "\(sop)/\(state): \(w("done (its SOP has ended)", "selesai (SOP-nya telah selesai)"))\n"
                }
            case .started(let depth, let sop, let inputs):
                let m = library.machine(sop)!
                let with =
                    inputs.isEmpty
                    ? w("with no documents", "tanpa dokumen") : "\(w("with", "dengan")) \(names(inputs, in: m))"
                let name = m.name.terminalSafe
                out +=
                    depth == 0
                    ? "\(w("Started SOP", "Kasus dimulai: SOP")) '\(sop)' (\(name)) \(with)\n"
                    : "\(w("SOP", "SOP")) '\(sop)' (\(name)) \(w("starts", "dimulai")) \(with)\n"
            case .ended(let depth, let sop, let outputs):
                let m = library.machine(sop)!
                let with =
                    outputs.isEmpty
                    ? ""
                    : (depth == 0 ? w(", delivering ", ", menghasilkan ") : w(", handing back ", ", menyerahkan "))
                        + names(outputs, in: m)
                out +=
                    depth == 0
                    ? "\(w("The case has ended", "Kasus telah selesai"))\(with)\n"
                    : "SOP '\(sop)' \(w("ends", "selesai"))\(with)\n"
            case .entered: break
            }
        }
        return out
    }

    /// Where the case stands at `now`: the current step (innermost, and the call stack), who may act, the
    /// documents at hand, when it was planned to be done and whether that is past; and the SOP's deadline,
    /// with a warning when the case is past it or can no longer meet it given the planned time left.
    public static func status(_ c: RunCase, now: WallTime, language: Language = .english) -> String {
        let w = RuntimeWords(language)
        let runtime = c.runtime
        let root = c.root
        let clock = WorkingClock(root.calendar)
        let duration = { (minutes: Double) in FormText.duration(minutes: minutes, on: root.calendar) }
        var out = "\(w("Case of SOP", "Kasus SOP")) '\(root.id)': \(root.name.terminalSafe)\n"
        out += "\(w("Started", "Dimulai")) \(WorkingClock.text(c.started)) · \(w.count(c.history.count, "event", "kejadian"))"
        out += " · \(w("machines from", "mesin dari")) '\(c.source.terminalSafe)'\n"
        guard let (m, s) = runtime.current, let frame = runtime.stack.last else {
            out += "\(w("Ended", "Selesai")) \(WorkingClock.text(c.lastTime))\n"
            let delivered = runtime.finalArtefacts.filter { root.outputs.contains($0) }
            out +=
                "\(w("Delivered", "Dihasilkan")): \(delivered.isEmpty ? w("nothing", "tidak ada") : names(delivered, in: root))\n"
            if let deadline = root.deadline {
                let due = clock.position(of: c.started) + deadline.minutes.high
                let ended = clock.position(of: c.lastTime)
                out +=
                    ended > due + 0.5
                    ? "\(w("Warning: ended after the deadline", "Peringatan: selesai melewati batas waktu")) "
                        + "(\(deadline.text.terminalSafe)) \(w("by", "selama")) \(duration(ended - due))\n"
                    : "\(w("Ended within the deadline", "Selesai dalam batas waktu")) (\(deadline.text.terminalSafe))\n"
            }
            return out
        }
        out += "\(w("Current step", "Langkah saat ini")): \(m.id)/\(s.id) — \(s.number). \(s.activity.terminalSafe)\n"
        if runtime.stack.count > 1 {
            out += "\(w("Call stack (outermost first)", "Tumpukan pemanggilan (dari yang terluar)")):\n"
            for (pm, ps) in runtime.path {
                let call = ps.call.flatMap { runtime.library.machine($0) }.map { " → SOP \($0.name.terminalSafe)" } ?? ""
                out += "  \(pm.id)/\(ps.id) — \(ps.number). \(Runtime.shortened(ps.activity).terminalSafe)\(call)\n"
            }
        }
        let actors = w.orList(s.actors.map { "\(m.actorName($0).terminalSafe) (\($0))" })
        if s.kind == .decision {
            out +=
                "\(w("Waiting for", "Menunggu")): \(actors) \(w("to answer", "menjawab")) '\((s.question ?? "").terminalSafe)' "
                + "\(w("with yes or no", "dengan ya atau tidak"))\n"
        } else {
            out += "\(w("Waiting for", "Menunggu")): \(actors) \(w("to complete it with done", "menyelesaikannya dengan done"))\n"
        }
        let documents = frame.artefacts
        out +=
            "\(w("Documents at hand", "Dokumen yang tersedia")): \(documents.isEmpty ? w("none", "tidak ada") : names(documents, in: m))\n"
        let since = c.entered(frame)
        let position = clock.position(of: now)
        var stepLeft = 0.0
        var line = "\(w("Since", "Sejak")) \(WorkingClock.text(since))"
        if let minutes = s.minutes {
            let start = clock.position(of: since)
            let due = start + minutes.high
            stepLeft = max(0, due - position)
            let planned = s.timeText?.terminalSafe ?? FormText.duration(low: minutes.low, high: minutes.high, on: root.calendar)
            line += " · \(w("planned", "rencana")) \(planned)"
            line += " · \(w("due", "jatuh tempo")) \(WorkingClock.text(clock.wallTime(at: due, asEnd: minutes.high > 0)))\n"
            if position > due {
                line += "\(w("Overdue by", "Terlambat")) \(duration(position - due)) \(w("of working time", "waktu kerja"))"
            } else {
                let d = duration(due - position)
                line += w("On time: \(d) of working time left", "Tepat waktu: sisa \(d) waktu kerja")
            }
            line += " (\(w("now", "sekarang")) \(WorkingClock.text(now)))"
        } else {
            line += " · \(w("no planned time", "tanpa rencana waktu"))"
        }
        out += line + "\n"
        if let deadline = root.deadline {
            // What is still planned: the rest of this step, the rest of its SOP's main path, and the rest of
            // each caller's main path after its call step.
            var left = stepLeft + m.plannedRest(from: m.mainSuccessor(of: s))
            for (pm, ps) in runtime.path.dropLast() { left += pm.plannedRest(from: pm.mainSuccessor(of: ps)) }
            let due = clock.position(of: c.started) + deadline.minutes.high
            let dueText = WorkingClock.text(clock.wallTime(at: due, asEnd: true))
            out += "\(w("Deadline", "Batas waktu")) \(deadline.text.terminalSafe): \(w("due", "jatuh tempo")) \(dueText)\n"
            if position > due {
                out += "\(w("Warning: the case is past its deadline by", "Peringatan: kasus ini melewati batas waktu selama")) "
                out += "\(duration(position - due)) \(w("of working time", "waktu kerja"))\n"
            } else if position + left > due + 0.5 {
                out +=
                    "\(w("Warning: the case can no longer meet its deadline", "Peringatan: kasus ini tidak dapat lagi selesai dalam batas waktu")): "
                out += "\(w("the steps still planned take", "langkah yang masih direncanakan memerlukan")) \(duration(left)), "
                let d = duration(due - position)
                out += w("only \(d) are left", "padahal hanya tersisa \(d)") + "\n"
            } else {
                out += "\(w("Planned time left", "Sisa waktu yang direncanakan")): \(duration(left)) "
                out += "\(w("of", "dari")) \(duration(due - position)) \(w("to the deadline", "hingga batas waktu"))\n"
            }
        }
        return out
    }

    static func names(_ ids: [String], in m: StateMachine) -> String {
        ids.map { m.artefactName($0).terminalSafe }.joined(separator: ", ")
    }
}
