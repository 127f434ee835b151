import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// The text `sopc simulate` prints: the steps of one path in order (a called SOP's steps nested under the
/// call, indented), who did each, from when to when on the working calendar, with which documents; then
/// the total and the time each actor carries.
///
/// Times follow the low end of every range (`3-7 hari` counts 3 days); a step whose time is a range says
/// when it is done at the latest, and the total gives both ends. Without a start date, working days are
/// counted (`hari ke-2, 10.05`).
public enum SimulationReport {
    public static func render(_ simulation: Simulation, start: CalendarDate?, language: Language = .english) -> String {
        var writer = Writer(simulation.runtime, start: start, words: RuntimeWords(language))
        writer.writeTimeline()
        writer.writeTotals()
        writer.writeActorShares()
        return writer.out
    }

    /// The report written phase by phase: the header, the timeline, the total, the actors' shares.
    struct Writer {
        let runtime: Runtime
        let library: MachineLibrary
        let root: StateMachine
        let times: Times
        let w: RuntimeWords
        var out: String

        /// A call whose nested steps are being written: their indentation, and what closes the call.
        struct Open {
            var entry: TimelineEntry
            var indent: String
        }
        var open: [Open] = []
        var indentOfDepth = [""]

        init(_ runtime: Runtime, start: CalendarDate?, words: RuntimeWords) {
            self.runtime = runtime
            library = runtime.library
            root = library.machine(runtime.root)!
            w = words
            times = Times(clock: WorkingClock(root.calendar), start: start, words: words)
            out = "\(w("Simulation of SOP", "Simulasi SOP")) '\(root.id)': \(root.name.terminalSafe)\n"
            out += "\(times.header)\n"
            out += times.holidays(to: runtime.clock) + "\n"
        }

        mutating func writeTimeline() {
            for entry in runtime.timeline {
                while let last = open.last, last.entry.depth >= entry.depth { close(open.removeLast()) }
                write(entry)
            }
            while let last = open.popLast() { close(last) }
        }

        mutating func close(_ call: Open) {
            let state = library.state(call.entry.state, of: call.entry.sop)!
            let callee = library.machine(state.call!)!
            let end = call.entry.end ?? runtime.clock
            let length = end - call.entry.start
            var line = "\(call.indent)SOP \(callee.name.terminalSafe) \(w("ends", "selesai")) "
            line += times.at(end, asEnd: end.low > call.entry.start.low).full
            line += " · \(FormText.duration(low: length.low, high: length.high, on: root.calendar))"
            if let written = state.timeText {
                line += " (\(w("the form's Waktu says", "Waktu pada formulir:")) \(written.terminalSafe))"
            }
            out += line + "\n"
            if !call.entry.received.isEmpty {
                out +=
                    "\(call.indent)\(w("receives", "menerima")): \(names(call.entry.received, in: library.machine(call.entry.sop)!))\n"
            }
        }

        /// One step: its number and activity, then who did it when (or the call it opens), the answer of a
        /// decision and the documents.
        mutating func write(_ entry: TimelineEntry) {
            let m = library.machine(entry.sop)!
            let s = library.state(entry.state, of: entry.sop)!
            let width = String(m.states.count).count
            let base = indentOfDepth[entry.depth]
            let number = String(s.number)
            let head = base + String(repeating: " ", count: width - number.count) + number + ". "
            let inner = base + String(repeating: " ", count: width + 2)
            out += head + s.activity.terminalSafe + "\n"
            let actors = s.actors.map { m.actorName($0).terminalSafe }.joined(separator: ", ")
            if s.kind == .call {
                let callee = library.machine(s.call!)!
                out +=
                    "\(inner)\(actors) · SOP \(callee.name.terminalSafe) [\(callee.id)] · \(w("from", "mulai")) "
                    + "\(times.at(entry.start, asEnd: false).full)\n"
                if !entry.passed.isEmpty { out += "\(inner)\(w("hands over", "menyerahkan")): \(names(entry.passed, in: m))\n" }
                if indentOfDepth.count <= entry.depth + 1 { indentOfDepth.append("") }
                indentOfDepth[entry.depth + 1] = inner
                open.append(Open(entry: entry, indent: inner))
                return
            }
            let end = entry.end!
            var line = "\(inner)\(actors) · \(times.span(entry.start, end))"
            line += " · \(s.timeText?.terminalSafe ?? w("no time planned", "tanpa rencana waktu"))"
            if let minutes = s.minutes, minutes.high > minutes.low {
                // A range: the low end is scheduled; say when the step is done at the latest.
                let latest = PlannedTime(low: entry.start.low + minutes.high, high: 0)
                let day = times.at(end, asEnd: true).day
                let at = times.at(latest, asEnd: true)
                let by = at.day == day ? at.time : at.full
                line += w(", done by \(by) at the latest", ", selesai paling lambat \(by)")
            }
            out += line + "\n"
            if s.kind == .decision { writeAnswer(entry, of: s, in: m, indent: inner) }
            var documents: [String] = []
            if !(s.needs + s.equipment).isEmpty {
                documents.append("\(w("needs", "kelengkapan")): \(names(s.needs + s.equipment, in: m))")
            }
            if !s.makes.isEmpty { documents.append("\(w("makes", "output")): \(names(s.makes, in: m))") }
            if !documents.isEmpty { out += inner + documents.joined(separator: " → ") + "\n" }
        }

        /// A decision's answer, and where it leads when that is not the next step.
        mutating func writeAnswer(_ entry: TimelineEntry, of s: MachineState, in m: StateMachine, indent inner: String) {
            let target = s.target(of: entry.event!.rawValue)!
            var answer = "\(inner)\((s.question ?? "").terminalSafe) \(w.answer(entry.event!))"
            if target == StateMachine.endState {
                answer += " → \(w("end", "selesai"))"
            } else if let t = library.state(target, of: m.id), t.number != s.number + 1 {
                answer += " → \(t.number < s.number ? w("back to", "kembali ke") : w("on to", "lanjut ke")) \(t.number)"
            }
            out += answer + "\n"
        }

        /// The steps taken: those with an event (a call's own entry has none).
        var steps: [TimelineEntry] { runtime.timeline.filter { $0.event != nil } }

        mutating func writeTotals() {
            let total = runtime.clock
            let steps = self.steps
            let nested = steps.count { $0.depth > 0 }
            let sum = FormText.duration(low: total.low, high: total.high, on: root.calendar)
            out += "\n" + w("Total: \(sum) of working time, ", "Total: \(sum) waktu kerja, ")
            out += w.count(steps.count, "step", "langkah")
            out += nested > 0 ? " (\(nested) \(w("in called SOPs", "dalam SOP yang dipanggil")))\n" : "\n"
            let finish = times.at(total, asEnd: total.low > 0)
            out += "\(w("From", "Dari")) \(times.at(.zero, asEnd: false).full) \(w("to", "sampai")) \(finish.full)"
            if total.high > total.low {
                let latest = times.at(PlannedTime(low: total.high, high: total.high), asEnd: true).full
                out += w(", at the latest \(latest)", ", paling lambat \(latest)")
            }
            out += "\n"
            if !root.outputs.isEmpty { out += "\(w("Delivers", "Menghasilkan")): \(names(root.outputs, in: root))\n" }
            if let deadline = root.deadline {
                let limit = deadline.text.terminalSafe
                out +=
                    total.high > deadline.minutes.high + 0.5
                    ? w("Warning: longer than the deadline of \(limit)", "Peringatan: melebihi batas waktu \(limit)") + "\n"
                    : w("Within the deadline of \(limit)", "Dalam batas waktu \(limit)") + "\n"
            }
        }

        mutating func writeActorShares() {
            let total = runtime.clock
            var order: [String] = root.actors.map(\.id)
            var load: [String: (steps: Int, time: PlannedTime, name: String)] = [:]
            for entry in steps {
                let m = library.machine(entry.sop)!
                let s = library.state(entry.state, of: entry.sop)!
                for a in s.actors {
                    if !order.contains(a) { order.append(a) }
                    let length = entry.end! - entry.start
                    let old = load[a] ?? (0, .zero, m.actorName(a))
                    load[a] = (old.steps + 1, old.time + length, old.name)
                }
            }
            var rows: [[String]] = [
                [w("Actor", "Pelaksana"), w("Steps", "Langkah"), w("Time", "Waktu"), w("Share", "Bagian")]
            ]
            for a in order {
                guard let l = load[a] else { continue }
                func percent(_ part: Double, _ whole: Double) -> Double { whole > 0 ? part / whole * 100 : 0 }
                func text(_ p: Double) -> String { p > 0 && p < 0.5 ? "<1" : String(Int(p.rounded())) }
                let a = percent(l.time.low, total.low)
                let b = percent(l.time.high, total.high)
                let low = text(min(a, b))
                let high = text(max(a, b))
                rows.append([
                    l.name.terminalSafe, String(l.steps),
                    FormText.duration(low: l.time.low, high: l.time.high, on: root.calendar),
                    low == high ? "\(low)%" : "\(low)–\(high)%",
                ])
            }
            out += "\n"
            out +=
                w(
                    "Time per actor (a step with several actors counts in full for each of them):",
                    "Waktu per pelaksana (langkah dengan beberapa pelaksana dihitung penuh untuk masing-masing):") + "\n"
            out += table(rows, rightAligned: [1, 3])
        }
    }

    static func names(_ ids: [String], in m: StateMachine) -> String {
        ids.map { m.artefactName($0).terminalSafe }.joined(separator: ", ")
    }

    /// Columns padded to their widest cell, two spaces apart, indented by two.
    static func table(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        var widths = [Int](repeating: 0, count: rows.first?.count ?? 0)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in rows {
            var line = " "
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                line += " " + (i > 0 ? " " : "") + (rightAligned.contains(i) ? pad + cell : cell + pad)
            }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// Planned positions as texts: dates when the start is known, working days counted from 1 otherwise.
    struct Times {
        let clock: WorkingClock
        let start: CalendarDate?
        let base: Double
        let w: RuntimeWords

        init(clock: WorkingClock, start: CalendarDate?, words: RuntimeWords) {
            self.clock = clock
            self.start = start
            w = words
            base = start.map { clock.position(of: WallTime(date: $0, minute: Int(clock.dayStart))) } ?? 0
        }

        var header: String {
            let days =
                clock.workdays == 1
                ? WorkingClock.weekdayNames[0]
                : "\(WorkingClock.weekdayNames[0])–\(WorkingClock.weekdayNames[clock.workdays - 1])"
            let hours = "\(WorkingClock.clock(Int(clock.dayStart)))–\(WorkingClock.clock(Int(clock.dayStart + clock.dayLength)))"
            if start != nil {
                let first = at(.zero, asEnd: false).full
                return w("Starts \(first); working days \(days), \(hours)", "Mulai \(first); hari kerja \(days), \(hours)")
            }
            return w(
                "Times count working days (\(days), \(hours)) from the start, hari ke-1; --start YYYY-MM-DD gives dates",
                "Waktu dihitung dalam hari kerja (\(days), \(hours)) sejak awal, hari ke-1; --start YYYY-MM-DD memberi tanggal")
        }

        /// The holidays of the calendar that fall between the start and `end` on working days of the week
        /// (skipped by the timeline), one line; empty without a start date or when there are none.
        func holidays(to end: PlannedTime) -> String {
            guard start != nil, !clock.calendar.holidays.isEmpty else { return "" }
            let first = CivilDays.number(of: clock.wallTime(at: base).date)
            let last = CivilDays.number(of: clock.wallTime(at: base + end.high, asEnd: true).date)
            guard last >= first, last - first <= 3660 else { return "" }
            var found: [String] = []
            for day in first...last where CivilDays.weekday(of: day) < clock.workdays {
                let date = CivilDays.date(of: day)
                if let h = clock.holiday(on: date) { found.append("\(FormText.date(date)) (\(h.name.terminalSafe))") }
            }
            guard !found.isEmpty else { return "" }
            return w("Holidays skipped", "Hari libur yang dilewati") + ": " + found.joined(separator: ", ") + "\n"
        }

        /// The day and the clock time at a planned position (its low end).
        func at(_ t: PlannedTime, asEnd: Bool) -> (day: String, time: String, full: String) {
            if start != nil {
                let w = clock.wallTime(at: base + t.low, asEnd: asEnd)
                let weekday = WorkingClock.weekdayNames[CivilDays.weekday(of: CivilDays.number(of: w.date))]
                let day = "\(weekday), \(FormText.date(w.date))"
                let time = WorkingClock.clock(w.minute)
                return (day, time, "\(day), \(time)")
            }
            let (ordinal, minute) = clock.split(t.low, asEnd: asEnd)
            let day = "hari ke-\(ordinal + 1)"
            let time = WorkingClock.clock(minute)
            return (day, time, "\(day), \(time)")
        }

        /// "Selasa, 2 Januari 2024, 08.00 – 08.05", the day written once when it is the same.
        func span(_ from: PlannedTime, _ to: PlannedTime) -> String {
            let a = at(from, asEnd: false)
            let b = at(to, asEnd: to.low > from.low)
            return a.day == b.day ? "\(a.full) – \(b.time)" : "\(a.full) – \(b.full)"
        }
    }
}
