import ArgumentParser
import SOPCompiler

extension Language: ExpressibleByArgument {}

/// `--lang en|id`: the language `simulate` and `run` print in (SPEC §4, the same rule as `check`).
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: ArgumentHelp("The language of the output: en or id.", valueName: "en|id"))
    var flag: Language?

    /// `--lang`, else `SOPC_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
    var language: Language {
        var environment: [String: String] = [:]
        for key in ["SOPC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] { environment[key] = StandardStreams.environment(key) }
        return resolveLanguage(flag: flag, environment: environment)
    }
}
