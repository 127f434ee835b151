import ArgumentParser
import SOPCompiler
import SOPImport

/// `sopc import`: existing SOP tables (Word, copied text, CSV) into definitions (docs/IMPORT.md).
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn existing SOP tables (.docx, .txt/.tsv, .csv) into definitions.",
        discussion: """
            Each SOP found becomes DIR/<id>.sop.yaml; roles and shared documents join DIR/sopc.yaml (created when \
            missing). What a table does not say is marked '?', and 'sopc check' reports each marker (import-todo). \
            Existing SOP files are not replaced without --force; all files are written, or none. \
            Exit status 0: imported; 1: a file could not be imported (nothing written); 2: usage or I/O problem.
            """
    )

    @Argument(help: "The files to import.")
    var files: [String]

    @Option(help: "The definitions folder to import into.")
    var into: String = "definitions"

    @Flag(help: "Replace SOP files that exist already.")
    var force = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to import") }
    }

    func run() throws {
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
            printError("sopc: error: \(error.description)")
            throw ExitCode(Exit.usage)
        }
        var outcome = Importer.run(inputs, into: target, force: force)
        outcome.problems = unreadable + outcome.problems
        if !unreadable.isEmpty { outcome.files = [] }
        for problem in outcome.problems { StandardStreams.out(problem.rendered()) }
        if outcome.hasErrors {
            printError("sopc: nothing was imported into '\(into)'")
            throw ExitCode(Exit.problems)
        }
        do {
            try ImportFolder.write(outcome.files, to: into)
        } catch {
            printError("sopc: error: \(error.description)")
            throw ExitCode(Exit.usage)
        }
        let n = outcome.sops.count
        let written = outcome.files.map(\.path).joined(separator: ", ")
        StandardStreams.out(
            "imported \(n) SOP\(n == 1 ? "" : "s") into '\(into)' (\(written)); "
                + "\(outcome.markers) marker\(outcome.markers == 1 ? "" : "s") '?' to fill in: run 'sopc check \(into)'\n")
    }
}
