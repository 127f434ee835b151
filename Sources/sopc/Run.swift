import ArgumentParser
import SOPCommandLine
import SOPCompiler

#if canImport(Glibc)
    import Glibc
#endif

extension MachineEvent: ExpressibleByArgument {
    /// `done`, `yes`/`ya` or `no`/`tidak`, in any case.
    public init?(argument: String) { self.init(answer: argument) }
}

/// `sopc run`: one live case of an SOP in a case file, one command per event.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Drive one live case of an SOP, kept in a case file, one command per event.",
        discussion: """
            'start' begins a case, 'act' takes one event (done, yes or no) by an actor, 'status' tells where the \
            case stands. The case file holds the machines it runs, the instance stack and every event with its \
            time; it is replaced atomically, under a lock on <case>.lock, so a crash or a concurrent command \
            never corrupts it or loses an event. A refused event exits 1 and leaves the file as it was. \
            Times are YYYY-MM-DDTHH:MM on the local wall clock (--at, --now), the current time by default.
            """,
        subcommands: [RunStart.self, RunAct.self, RunStatus.self]
    )
}

struct CaseFileOption: ParsableArguments {
    @Option(name: .customLong("case"), help: ArgumentHelp("The case file (JSON).", valueName: "file"))
    var path: String

    /// Reads and checks the case file; exits 2 when it is missing or unusable.
    func load() throws -> RunCase {
        let bytes: [UInt8]?
        do {
            bytes = try CaseStore.read(path)
        } catch {
            printError("sopc: error: \(error.description)")
            throw ExitCode(Exit.usage)
        }
        guard let bytes else {
            printError("sopc: error: there is no case file '\(path)'; begin one with 'sopc run start SOP --case \(path)'")
            throw ExitCode(Exit.usage)
        }
        do {
            return try RunCase.decode(bytes)
        } catch {
            printError("sopc: error: '\(path)' is not a usable case file: \(error.description)")
            throw ExitCode(Exit.usage)
        }
    }

    func save(_ c: RunCase) throws {
        do {
            try CaseStore.write(path, Array(c.serialized().utf8))
        } catch {
            printError("sopc: error: \(error.description)")
            throw ExitCode(Exit.usage)
        }
    }

    /// Holds the case's lock around `body`; exits 2 when the lock cannot be taken.
    func locked(_ body: () throws -> Void) throws {
        do {
            try CaseStore.withLock(path, body)
        } catch let failure as CaseStore.Failure {
            printError("sopc: error: \(failure.description)")
            throw ExitCode(Exit.usage)
        }
    }
}

/// A time option, or the wall clock.
func wallTime(_ text: String?, option: String) throws -> WallTime {
    guard let text else { return currentWallTime() }
    guard let t = WallTime(text) else {
        printError("sopc: error: \(option) '\(text)' is not a time YYYY-MM-DDTHH:MM")
        throw ExitCode(Exit.usage)
    }
    return t
}

/// The local wall clock, to the minute.
func currentWallTime() -> WallTime {
    var now = time(nil)
    var parts = tm()
    localtime_r(&now, &parts)
    return WallTime(
        date: CalendarDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday)),
        minute: Int(parts.tm_hour) * 60 + Int(parts.tm_min))
}

struct RunStart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Begin a case of an SOP in a new case file.",
        discussion:
            "Exit status 0: started; 1: the definitions have errors; 2: usage problem (the case file exists already, say).")

    @Argument(help: "The id of the SOP.")
    var sop: String

    @OptionGroup var file: CaseFileOption
    @OptionGroup var source: MachineSource

    @Option(help: ArgumentHelp("When the case starts, YYYY-MM-DDTHH:MM (default: now).", valueName: "time"))
    var at: String?

    func run() throws {
        let started = try wallTime(at, option: "--at")
        let library = try source.library(root: sop)
        try file.locked {
            let existing: [UInt8]?
            do {
                existing = try CaseStore.read(file.path)
            } catch let failure as CaseStore.Failure {
                printError("sopc: error: \(failure.description)")
                throw ExitCode(Exit.usage)
            }
            guard existing == nil else {
                printError(
                    "sopc: error: the case file '\(file.path)' exists already; choose another name, or go on with 'sopc run act'")
                throw ExitCode(Exit.usage)
            }
            let c: RunCase
            do {
                c = try RunCase(root: sop, library: library, source: source.name, started: started)
            } catch let failure as MachineFileError {
                printError("sopc: error: \(failure.description)")
                throw ExitCode(Exit.usage)
            }
            try file.save(c)
            StandardStreams.out(
                CaseReport.effects(c.runtime.startEffects, of: c, language: source.lang.language) + "\n"
                    + CaseReport.status(c, now: started, language: source.lang.language))
        }
    }
}

struct RunAct: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "act",
        abstract: "Take one event of the case: the current step done, or a decision answered yes or no.",
        discussion: """
            The event goes to the innermost running SOP. It is refused, with the reason, when ACTOR is not an actor \
            of the current step, or the event does not fit the step (yes/no on a task, done on a decision). \
            Exit status 0: taken; 1: refused (the case file is left untouched); 2: usage problem.
            """)

    @OptionGroup var file: CaseFileOption
    @OptionGroup var lang: LanguageOption

    @Option(name: .customLong("as"), help: ArgumentHelp("The role id of who acts.", valueName: "actor"))
    var actor: String

    @Argument(help: "done, yes or no (ya or tidak; any case).")
    var event: MachineEvent = .done

    @Option(
        help: ArgumentHelp(
            "When it happens, YYYY-MM-DDTHH:MM (default: now); not before the case's last event.", valueName: "time"))
    var at: String?

    func run() throws {
        let time = try wallTime(at, option: "--at")
        try file.locked {
            var c = try file.load()
            let effects: [RuntimeEffect]
            do {
                effects = try c.act(event, by: actor, at: time)
            } catch let refusal as Refusal {
                printError("sopc: \(lang.language == .indonesian ? "ditolak" : "refused"): \(refusal.text(lang.language))")
                throw ExitCode(Exit.problems)
            }
            try file.save(c)
            StandardStreams.out(
                CaseReport.effects(effects, of: c, language: lang.language) + "\n"
                    + CaseReport.status(c, now: time, language: lang.language))
        }
    }
}

struct RunStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Tell where a case stands: its current step, who may act, the documents at hand, and whether it is overdue.")

    @OptionGroup var file: CaseFileOption
    @OptionGroup var lang: LanguageOption

    @Option(help: ArgumentHelp("The time to measure against, YYYY-MM-DDTHH:MM (default: now).", valueName: "time"))
    var now: String?

    func run() throws {
        let time = try wallTime(now, option: "--now")
        // No lock: the case file is only ever replaced whole, by a rename.
        let c = try file.load()
        StandardStreams.out(CaseReport.status(c, now: time, language: lang.language))
    }
}
