import Foundation
import SOPCompiler

/// The server's own texts (not diagnostics), in both languages.
enum LSPText {
    case nothingToRename
    case invalidNewID(String)
    case renameFile(from: String, to: String)
    case role, projectArtefact
    case localArtefact(String)
    case equipment
    case step(String)
    case sop
    case declared, made, needed, referenced
    case mainPath(String)
    case deadlineOver(String)
    case duration

    func text(_ language: Language) -> String {
        let id = language == .indonesian
        switch self {
        case .nothingToRename: return id ? "tidak ada id di sini untuk diganti namanya" : "there is no id here to rename"
        case .invalidNewID(let s):
            return id
                ? "'\(s)' bukan id yang sah: huruf kecil dan angka, kata dihubungkan dengan '-', diawali huruf, bukan 'end'"
                : "'\(s)' is not a valid id: lowercase letters and digits, words joined by '-', starting with a letter, not 'end'"
        case .renameFile(let from, let to):
            return id
                ? "ganti juga nama berkas '\(from)' menjadi '\(to)': nama berkas SOP harus sama dengan id-nya"
                : "rename the file '\(from)' to '\(to)' as well: an SOP's file name must equal its id"
        case .role: return id ? "peran" : "role"
        case .projectArtefact: return id ? "dokumen proyek" : "project artefact"
        case .localArtefact(let s): return id ? "dokumen SOP '\(s)'" : "artefact of SOP '\(s)'"
        case .equipment: return id ? "perlengkapan" : "equipment"
        case .step(let s): return id ? "langkah SOP '\(s)'" : "step of SOP '\(s)'"
        case .sop: return "SOP"
        case .declared: return id ? "Didefinisikan" : "Declared"
        case .made: return id ? "Dihasilkan" : "Made"
        case .needed: return id ? "Dibutuhkan" : "Needed"
        case .referenced: return id ? "Dipakai" : "Used"
        case .mainPath(let s): return id ? "jalur utama SOP ini: \(s)" : "this SOP's main path: \(s)"
        case .deadlineOver(let s):
            return id ? "jalur utama melebihi batas waktu: \(s)" : "the main path is longer than the deadline: \(s)"
        case .duration: return id ? "lama waktu" : "duration"
        }
    }

    static func kind(_ k: SymbolKind) -> LSPText {
        switch k {
        case .role: return .role
        case .artefact(scope: nil): return .projectArtefact
        case .artefact(scope: let s?): return .localArtefact(s)
        case .equipment: return .equipment
        case .step(sop: let s): return .step(s)
        case .sop: return .sop
        }
    }
}

extension LanguageServer {
    /// The language of `--lang`, else `SOPC_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
    public static func resolveLanguage(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Language
    {
        for candidate in [
            option, environment["SOPC_LANG"], environment["LC_ALL"], environment["LC_MESSAGES"], environment["LANG"],
        ] {
            guard let c = candidate?.lowercased(), !c.isEmpty else { continue }
            if c.hasPrefix("id") || c.hasPrefix("in_") { return .indonesian }
            if c.hasPrefix("en") || c == "c" || c.hasPrefix("c.") || c == "posix" { return .english }
            if option != nil && candidate == option { return .english }
        }
        return .english
    }
}
