import SOPChecks
import SOPDiagnostics

/// The command line of a plain `sopc check`, read without the argument parser.
///
/// `sopc check` runs on every push and after every save, and on a short SOP the argument parser's
/// start-up (it reflects over every command's properties, which makes the Swift runtime search its
/// protocol conformances) took about a tenth of the whole run. This reads the common forms only:
/// `check [DIR] [--format F] [--strict] [--generated OUT] [--lang L]`, each option also as `--opt=value`.
/// Anything else — help, a misspelt or repeated option, a second folder, `--`, a value that starts with
/// `-`, an unknown format or language — gives nil, and the argument parser reads the line as before, with
/// its messages and exit codes.
public struct CheckCommandLine: Equatable, Sendable {
    public var directory = "definitions"
    public var format = ReportFormat.text
    public var strict = false
    public var generated: String?
    public var lang: String?

    public init() {}

    /// `arguments` without the program's name: `["check", "definitions", "--format", "json"]`.
    public static func parse(_ arguments: [String]) -> CheckCommandLine? {
        guard arguments.first == "check" else { return nil }
        var line = CheckCommandLine()
        var seen = Set<String>()
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            guard argument.hasPrefix("-") else {
                guard !argument.isEmpty, seen.insert("directory").inserted else { return nil }
                line.directory = argument
                continue
            }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard seen.insert(name).inserted else { return nil }
            switch name {
            case "--strict":
                guard value == nil else { return nil }
                line.strict = true
                continue
            case "--format", "--generated", "--lang": break
            default: return nil
            }
            if value == nil {
                guard i < arguments.count else { return nil }
                value = arguments[i]
                i += 1
            }
            guard let value, !value.isEmpty, !value.hasPrefix("-") else { return nil }
            switch name {
            case "--format":
                guard let format = ReportFormat(rawValue: value) else { return nil }
                line.format = format
            case "--generated": line.generated = value
            default: line.lang = value
            }
        }
        return line
    }
}
