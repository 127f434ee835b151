import ArgumentParser
import SOPCommandLine
import SOPCompiler

/// `sopc simulate`: one path through an SOP on the working calendar.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run one path through an SOP, sub-SOPs included, and print its timeline on the working calendar.",
        discussion: """
            Each step is done by its first actor; each decision is answered from --choose, and 'yes' when no \
            answer is left. A --choose with a list (STEP=no,no,yes) answers the decision's successive visits; \
            after the list, 'yes', so a correction loop is taken as often as asked and then left. Times follow \
            the working calendar of sopc.yaml: working days from Monday (days_per_week of them), each from \
            day_starts (08.00 when not given) for hours_per_day hours, skipping the calendar's holidays. A call \
            step lasts as long as its sub-SOP's steps. \
            Exit status 0: simulated; 1: the definitions have errors (printed on standard error), or the path \
            never ends; 2: usage problem.
            """
    )

    @Argument(help: "The id of the SOP to simulate.")
    var sop: String

    @Option(
        name: .customLong("choose"),
        help: ArgumentHelp(
            "Answer a decision: STEP=yes|no, or SOP/STEP=… for a decision of a called SOP, or a list for its successive visits (STEP=no,yes). Repeatable.",
            valueName: "step=answers"))
    var choices: [String] = []

    @Option(
        help: ArgumentHelp(
            "The first working day, YYYY-MM-DD. Without it, times count working days (hari ke-1, …).", valueName: "date"))
    var start: String?

    @OptionGroup var source: MachineSource

    func run() throws {
        let w = RuntimeWords(source.lang.language)
        var startDate: CalendarDate?
        if let start {
            guard let date = CalendarDate(start) else {
                printError(
                    w(
                        "sopc: error: --start '\(start)' is not a date YYYY-MM-DD",
                        "sopc: galat: --start '\(start)' bukan tanggal YYYY-MM-DD"))
                throw ExitCode(Exit.usage)
            }
            startDate = date
        }
        let library = try source.library(root: sop)
        var parsed: [Simulation.Choice] = []
        do {
            for text in choices { parsed.append(try Simulation.parseChoice(text, root: sop, library: library)) }
        } catch {
            printError(CommandText.usageError(error, source.lang.language))
            throw ExitCode(Exit.usage)
        }
        let simulation: Simulation
        do {
            simulation = try Simulation(root: sop, library: library, choices: parsed)
        } catch {
            printError("sopc: error: \(error.text(in: source.lang.language))")
            throw ExitCode(error.endless ? Exit.problems : Exit.usage)
        }
        StandardStreams.out(SimulationReport.render(simulation, start: startDate, language: source.lang.language))
        for choice in simulation.unused {
            printError(
                w(
                    "sopc: warning: --choose \(choice.text) was not used up: the path visited that decision fewer times",
                    "sopc: peringatan: --choose \(choice.text) tidak terpakai seluruhnya: alur melewati keputusan itu lebih sedikit"
                ))
        }
    }
}

/// Where the machines come from: the definitions (checked first, rendered to machine JSON) or the
/// machine files of a build.
struct MachineSource: ParsableArguments {
    @Option(help: "The definitions folder; it is checked first.")
    var definitions: String = "definitions"

    @Option(
        help: ArgumentHelp(
            "Run machine files instead of the definitions: a build's output folder (<id>/<id>.machine.json) or a folder of <id>.machine.json.",
            valueName: "folder"))
    var machines: String?

    /// `--lang`: the language of the definitions' diagnostics and of `simulate`'s and `run`'s own texts.
    @OptionGroup var lang: LanguageOption

    /// What a case records as its source.
    var name: String { machines ?? definitions }

    /// The machines of `root` and the SOPs it calls. Prints the diagnostics (standard error) and exits 1 when
    /// the definitions have errors; exits 2 for a usage problem.
    func library(root: String) throws -> MachineLibrary {
        if let machines {
            do {
                return try MachineLibrary.load(root: root, folder: machines)
            } catch {
                printError("sopc: error: \(error.description)")
                throw ExitCode(Exit.usage)
            }
        }
        let result = try checkReportingOnStandardError(definitions, language: lang.language)
        if result.errorCount > 0 { throw ExitCode(Exit.problems) }
        guard result.model.sop(root) != nil else {
            let ids = result.model.sops.map(\.sopID)
            let help = Names.didYouMeanHelp(root, among: ids).map { "; " + $0.text(in: lang.language) } ?? ""
            printError(
                lang.language == .indonesian
                    ? "sopc: error: '\(definitions)' tidak memuat SOP '\(root)'\(help)"
                    : "sopc: error: '\(definitions)' has no SOP '\(root)'\(help)")
            throw ExitCode(Exit.usage)
        }
        do {
            return try MachineLibrary(checked: result.lowered!, root: root)
        } catch {
            printError("sopc: error: \(error.description)")
            throw ExitCode(Exit.usage)
        }
    }
}
