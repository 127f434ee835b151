import ArgumentParser
import SOPCompiler

/// `--lang en|id`: the language of messages (docs/CLI.md). Without it, `SOPC_LANG`, else the locale
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English; see ``Language/chosen(flag:environment:)``.
package struct LanguageOption: ParsableArguments {
    @Option(
        name: .customLong("lang"),
        help: ArgumentHelp(
            "The language of messages: en (English) or id (Bahasa Indonesia). Default: SOPC_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG), else en.",
            valueName: "en|id"))
    package var lang: String?

    /// A value naming no language is a usage error (exit 2), reported in both languages.
    package init() {}

    package func validate() throws {
        do {
            _ = try chosen()
        } catch {
            throw ValidationError(error.description)
        }
    }

    package func chosen() throws(UsageError) -> Language {
        try Language.chosen(flag: lang, environment: StandardStreams.environment)
    }

    /// The language chosen (validated when the command line was parsed).
    package var language: Language { (try? chosen()) ?? .standard }
}

/// The lines `check` and `build` print besides diagnostics, in each language.
package enum CommandText {
    package static func usageError(_ error: UsageError, _ language: Language) -> String {
        "sopc: error: " + error.text(in: language)
    }

    package static func nothingWritten(out: String, _ language: Language) -> String {
        switch language {
        case .english: return "sopc: nothing was written to '\(out)' because the definitions have errors"
        case .indonesian: return "sopc: tidak ada berkas yang ditulis ke '\(out)' karena definisi masih mengandung kesalahan"
        }
    }

    package static func removedTemporaries(_ n: Int, out: String, _ language: Language) -> String {
        switch language {
        case .english: return "sopc: removed \(n) temporary file\(n == 1 ? "" : "s") that an interrupted build left in '\(out)'"
        case .indonesian: return "sopc: \(n) berkas sementara sisa build yang terputus di '\(out)' telah dihapus"
        }
    }

    package static func waitingForLock(out: String, _ language: Language) -> String {
        switch language {
        case .english: return "sopc: another 'sopc build' is writing into '\(out)'; waiting for it to finish"
        case .indonesian: return "sopc: 'sopc build' lain sedang menulis ke '\(out)'; menunggu sampai selesai"
        }
    }

    package static func waitingForBuild(out: String, _ language: Language) -> String {
        switch language {
        case .english: return "sopc: 'sopc build' is writing into '\(out)'; waiting for it to finish before comparing"
        case .indonesian: return "sopc: 'sopc build' sedang menulis ke '\(out)'; menunggu sampai selesai sebelum membandingkan"
        }
    }

    package static func keptInPlace(_ path: String, _ language: Language) -> String {
        switch language {
        case .english: return "sopc: warning: '\(path)' is no longer produced but was left in place: it is not a regular file"
        case .indonesian:
            return "sopc: warning: '\(path)' tidak lagi dihasilkan, tetapi dibiarkan di tempatnya karena bukan berkas biasa"
        }
    }

    package static func built(sops: Int, out: String, written: Int, removed: Int, unchanged: Int, _ language: Language) -> String
    {
        switch language {
        case .english:
            return "sopc: built \(sops) SOP\(sops == 1 ? "" : "s") into '\(out)': \(written) written, "
                + "\(removed) removed, \(unchanged) unchanged"
        case .indonesian:
            return "sopc: \(sops) SOP selesai dibuat di '\(out)': \(written) berkas ditulis, "
                + "\(removed) dihapus, \(unchanged) tidak berubah"
        }
    }
}
