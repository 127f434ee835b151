import SOPSystem

extension Language {
    /// The language a `--lang` value (or `SOPC_LANG`) names: `en` or `id`, in any case; nil for anything else.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "en": self = .english
        case "id": self = .indonesian
        default: return nil
        }
    }

    /// The language of messages (docs/CLI.md): `--lang`, else `SOPC_LANG`, else Indonesian when the first of
    /// `LC_ALL`, `LC_MESSAGES` and `LANG` that is set (and not empty) starts with `id`, else English.
    /// A `--lang` or `SOPC_LANG` that names no language is a usage error, never silently ignored.
    ///
    /// - Parameters:
    ///   - flag: the value of `--lang`, nil when it was not given.
    ///   - environment: looks up an environment variable.
    public static func chosen(flag: String?, environment: (String) -> String?) throws(UsageError) -> Language {
        if let flag {
            guard let language = Language(argument: flag) else { throw unknown("--lang '\(flag)'") }
            return language
        }
        if let value = environment("SOPC_LANG"), !value.isEmpty {
            guard let language = Language(argument: value) else { throw unknown("SOPC_LANG='\(value)'") }
            return language
        }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment(name), !value.isEmpty else { continue }
            return value.hasPrefix("id") ? .indonesian : .english
        }
        return .english
    }

    /// The usage error for a value that names no language, in both languages (the language is not known yet).
    static func unknown(_ what: String) -> UsageError {
        UsageError(
            "\(what) is not a language of sopc; use 'en' (English) or 'id' (Bahasa Indonesia)"
                + " / \(what) bukan bahasa yang tersedia; gunakan 'en' (English) atau 'id' (Bahasa Indonesia)")
    }
}

extension UsageError {
    /// The problem in `language` (English where no Indonesian was written).
    public func text(in language: Language) -> String {
        switch language {
        case .english: return description
        case .indonesian: return indonesian ?? description
        }
    }
}
