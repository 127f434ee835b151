import ArgumentParser
import SOPCommandLine
import SOPCompiler
import SOPImport

/// `sopc import`: existing SOP tables (Word, copied text, CSV) into definitions (docs/IMPORT.md).
struct Import: ParsableCommand {
    static let configuration = ToolCommands.importCommand

    @OptionGroup var options: ImportOptions
    var files: [String] { options.files }
    var into: String { options.into }
    var force: Bool { options.force }
    var lang: LanguageOption { options.lang }

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to import") }
    }

    func run() throws {
        let language = lang.language
        var inputs: [ImportInput] = []
        var unreadable: [ImportProblem] = []
        for path in files {
            switch FileIO.readRegularFile(path, limit: Importer.maxFileBytes) {
            case .bytes(let b): inputs.append(ImportInput(path: path, bytes: b))
            case .tooLarge(let size):
                unreadable.append(ImportProblem.error(.importFileTooLarge(bytes: size, limit: Importer.maxFileBytes), file: path))
            case .failed(let why): unreadable.append(ImportProblem.error(.importCannotRead(why), file: path))
            }
        }
        let target: ImportTarget
        do {
            target = try ImportFolder.target(into)
        } catch {
            printError(CommandText.usageError(error, language))
            throw ExitCode(Exit.usage)
        }
        var outcome = Importer.run(inputs, into: target, force: force)
        outcome.problems = unreadable + outcome.problems
        if !unreadable.isEmpty { outcome.files = [] }
        for problem in outcome.problems { StandardStreams.out(problem.rendered(in: language)) }
        if outcome.blocksWriting {
            printError(ImportText.nothingImported(into: into, language))
            throw ExitCode(Exit.problems)
        }
        do {
            try ImportFolder.write(outcome.files, to: into)
        } catch {
            printError(CommandText.usageError(error, language))
            throw ExitCode(Exit.usage)
        }
        StandardStreams.out(
            ImportText.imported(
                sops: outcome.sops.count, into: into, files: outcome.files.map(\.path), markers: outcome.markers, language)
                + "\n")
        if outcome.hasErrors {
            printError(ImportText.hostileWritten(outcome.hostileErrors, into: into, language))
            throw ExitCode(Exit.problems)
        }
    }
}

/// The lines `import` prints besides its diagnostics, in each language.
enum ImportText {
    static func nothingImported(into: String, _ language: Language) -> String {
        switch language {
        case .english: return "sopc: nothing was imported into '\(into)'"
        case .indonesian: return "sopc: tidak ada SOP yang diimpor ke '\(into)'"
        }
    }

    static func imported(sops n: Int, into: String, files: [String], markers m: Int, _ language: Language) -> String {
        let written = files.joined(separator: ", ")
        switch language {
        case .english:
            return "imported \(n) SOP\(n == 1 ? "" : "s") into '\(into)' (\(written)); "
                + "\(m) marker\(m == 1 ? "" : "s") '?' to fill in: run 'sopc check \(into)'"
        case .indonesian:
            return "\(n) SOP berhasil diimpor ke '\(into)' (\(written)); "
                + "\(m) tanda '?' perlu dilengkapi: jalankan 'sopc check \(into)'"
        }
    }

    static func hostileWritten(_ n: Int, into: String, _ language: Language) -> String {
        switch language {
        case .english:
            return "sopc: \(n) error\(n == 1 ? "" : "s") of hostile text above: the files were written to '\(into)' "
                + "with that text kept exactly, as inert text; correct it before the table is shared"
        case .indonesian:
            return "sopc: terdapat \(n) kesalahan teks berbahaya di atas: berkas telah ditulis ke '\(into)' "
                + "dengan teks tersebut dipertahankan apa adanya sebagai teks biasa; perbaikilah sebelum tabel dibagikan"
        }
    }
}
