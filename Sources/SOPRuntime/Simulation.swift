import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// One path through an SOP, sub-SOPs included (`sopc simulate`): the runtime is driven to `end`, each step
/// completed by its first actor, each decision answered from the choices (`yes` when none is left).
public struct Simulation: Sendable {
    /// Decisions that keep looping end the run after this many events, or twice the steps of the SOP and
    /// the SOPs it calls when that is more (``eventLimit(root:library:)``).
    public static let eventLimit = 10_000

    /// The events a run of `root` may take: ``eventLimit``, or twice the steps of `root` and every SOP it
    /// calls when that is more, so that an SOP of tens of thousands of steps is followed to its end.
    public static func eventLimit(root: String, library: MachineLibrary) -> Int {
        max(eventLimit, 2 * library.closure(of: root).reduce(0) { $0 + $1.states.count })
    }

    /// The answers for one decision, for its successive visits (in any instance of its SOP); once they are
    /// used up, the decision is answered `yes`, so a correction loop is taken as often as asked and then left.
    public struct Choice: Sendable, Hashable {
        public var sop: String
        public var step: String
        public var answers: [MachineEvent]
        /// As written on the command line, for messages.
        public var text: String
    }

    public private(set) var runtime: Runtime
    /// The choices that no visit used (the path never reached that decision, or fewer times than answered).
    public private(set) var unused: [Choice] = []

    /// Why a simulation did not run to the end.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        /// The path loops without end (rather than a mistake in the choices).
        public var endless = false
        /// The problem in Bahasa Indonesia; nil where only English exists.
        public var indonesian: String? = nil

        public func text(in language: Language) -> String {
            language == .indonesian ? indonesian ?? description : description
        }
    }

    public init(root: String, library: MachineLibrary, choices: [Choice]) throws(Failure) {
        do {
            runtime = try Runtime(root: root, library: library)
        } catch {
            throw Failure(description: error.description)
        }
        var visits: [String: Int] = [:]
        var byKey: [String: Choice] = [:]
        for c in choices {
            let key = "\(c.sop)/\(c.step)"
            guard byKey[key] == nil else {
                throw Failure(
                    description: "--choose names '\(key)' twice; give its answers as one list, such as \(key)=no,yes",
                    indonesian:
                        "--choose menyebut '\(key)' dua kali; tuliskan jawabannya dalam satu daftar, misalnya \(key)=tidak,ya")
            }
            byKey[key] = c
        }
        let limit = Simulation.eventLimit(root: root, library: library)
        while let (m, s) = runtime.current {
            guard runtime.eventCount < limit else {
                let most = visits.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
                guard let (looping, count) = most, count > 1 else {
                    // No decision came round twice: the path is long, not a loop (SOPs that each call the
                    // next ones more than once).
                    throw Failure(
                        description: "the path does not reach the end after \(limit) steps, and no decision on it came round "
                            + "twice: the SOP and the SOPs it calls, each call run whole, make a longer path than sopc follows",
                        endless: true,
                        indonesian: "alur tidak sampai ke akhir setelah \(limit) langkah, dan tidak ada keputusan yang dilalui "
                            + "dua kali: SOP ini beserta SOP yang dipanggilnya, setiap panggilan dijalankan utuh, membentuk alur "
                            + "yang lebih panjang daripada yang ditelusuri sopc")
                }
                throw Failure(
                    description: "the path does not reach the end after \(limit) steps: the decision "
                        + "'\(looping)' keeps looping; answer it with --choose \(looping)=… so that the loop is left",
                    endless: true,
                    indonesian: "alur tidak sampai ke akhir setelah \(limit) langkah: keputusan '\(looping)' "
                        + "terus berputar; jawab dengan --choose \(looping)=… agar putaran itu ditinggalkan")
            }
            var event = MachineEvent.done
            if s.kind == .decision {
                let key = "\(m.id)/\(s.id)"
                let n = visits[key, default: 0]
                visits[key] = n + 1
                let answers = byKey[key]?.answers ?? []
                event = n < answers.count ? answers[n] : .yes
            }
            do {
                try runtime.apply(event, by: s.actors[0])
            } catch {
                throw Failure(description: error.description)
            }
        }
        unused = choices.filter { visits["\($0.sop)/\($0.step)", default: 0] < $0.answers.count }
    }

    /// Reads `STEP=ANSWERS` or `SOP/STEP=ANSWERS`: STEP a decision of the simulated SOP (or, with SOP, of an
    /// SOP it calls), ANSWERS a comma-separated list of `yes`/`no` (`ya`/`tidak` too).
    public static func parseChoice(_ text: String, root: String, library: MachineLibrary) throws(UsageError) -> Choice {
        guard let eq = text.firstIndex(of: "=") else {
            throw UsageError(
                "--choose '\(text)' must be STEP=yes|no, SOP/STEP=yes|no, or a list such as STEP=no,yes",
                indonesian: "--choose '\(text)' harus berbentuk LANGKAH=ya|tidak, SOP/LANGKAH=ya|tidak, "
                    + "atau daftar seperti LANGKAH=tidak,ya")
        }
        let target = String(text[..<eq])
        var answers: [MachineEvent] = []
        for word in text[text.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false) {
            switch String(word.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()).lowercased() {
            case "yes", "ya", "y": answers.append(.yes)
            case "no", "tidak", "n": answers.append(.no)
            default:
                throw UsageError(
                    "--choose '\(text)': '\(word)' is not an answer; use yes or no (ya or tidak)",
                    indonesian: "--choose '\(text)': '\(word)' bukan jawaban; gunakan ya atau tidak (yes atau no)")
            }
        }
        let parts = target.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else {
            throw UsageError(
                "--choose '\(text)': name a decision as STEP or SOP/STEP",
                indonesian: "--choose '\(text)': sebut keputusan sebagai LANGKAH atau SOP/LANGKAH")
        }
        let reachable = library.closure(of: root)
        let sop = parts.count == 2 ? parts[0] : root
        let step = parts.last!
        guard let machine = reachable.first(where: { $0.id == sop }) else {
            let help = Names.didYouMeanHelp(sop, among: reachable.map(\.id))
            throw UsageError(
                "--choose '\(text)': '\(sop)' is not '\(root)' nor an SOP it calls"
                    + (help.map { "; " + $0.text(in: .english) } ?? ""),
                indonesian: "--choose '\(text)': '\(sop)' bukan '\(root)' dan bukan SOP yang dipanggilnya"
                    + (help.map { "; " + $0.text(in: .indonesian) } ?? ""))
        }
        guard let state = machine.state(step), state.kind == .decision else {
            var message = "--choose '\(text)': "
            var pesan = "--choose '\(text)': "
            if let state = machine.state(step) {
                message += "step '\(step)' of SOP '\(sop)' is a \(state.kind == .call ? "call" : "task"), not a decision"
                pesan +=
                    "langkah '\(step)' pada SOP '\(sop)' adalah \(state.kind == .call ? "pemanggilan SOP lain" : "kegiatan"), bukan keputusan"
            } else {
                message += "SOP '\(sop)' has no step '\(step)'"
                pesan += "SOP '\(sop)' tidak memiliki langkah '\(step)'"
            }
            let elsewhere = reachable.filter { $0.id != sop && $0.state(step)?.kind == .decision }.map { "\($0.id)/\(step)" }
            let decisions = machine.states.filter { $0.kind == .decision }.map(\.id)
            if parts.count == 1, !elsewhere.isEmpty {
                message +=
                    "; did you mean \(Runtime.orList(elsewhere.map { "'\($0)'" }))? (a called SOP's decision is named SOP/STEP)"
                pesan +=
                    "; maksud Anda \(elsewhere.map { "'\($0)'" }.joined(separator: " atau "))? (keputusan pada SOP yang dipanggil disebut SOP/LANGKAH)"
            } else if let hint = Names.didYouMeanHelp(step, among: decisions) {
                message += "; " + hint.text(in: .english)
                pesan += "; " + hint.text(in: .indonesian)
            } else if !decisions.isEmpty {
                message += "; its decisions are \(Names.quotedList(decisions))"
                pesan += "; keputusannya: \(decisions.map { "'\($0)'" }.joined(separator: ", "))"
            }
            throw UsageError(message, indonesian: pesan)
        }
        return Choice(sop: machine.id, step: state.id, answers: answers, text: text)
    }
}
