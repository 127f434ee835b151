import Foundation
import SOPCompiler
import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// A file to import: its name as shown in reports, and its bytes.
public struct ImportInput: Sendable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// The project the SOPs are imported into, as it is before the import.
public struct ImportTarget: Sendable {
    /// The text of `sopc.yaml`, when there is one.
    public var projectText: [UInt8]?
    /// The project file and SOPs as decoded (roles, artefacts, equipment, SOP names), when there is one.
    public var model: ProjectModel?
    /// The SOP files already there, relative to the folder (`lakip.sop.yaml`).
    public var sopFiles: Set<String>

    public init(projectText: [UInt8]? = nil, model: ProjectModel? = nil, sopFiles: Set<String> = []) {
        self.projectText = projectText
        self.model = model
        self.sopFiles = sopFiles
    }
}

/// What an import makes: the files to write (all or none), and its report.
public struct ImportOutcome: Sendable {
    /// Path relative to the definitions folder → content; `sopc.yaml` when it is created or extended.
    public var files: [(path: String, bytes: [UInt8])] = []
    public var problems: [ImportProblem] = []
    /// The ids of the SOPs imported, in order.
    public var sops: [String] = []
    /// How many `?` markers the files hold (what the user must fill in).
    public var markers = 0
    /// Per SOP id: the file it came from and its steps' ids, in row order (for tests and reports).
    public var steps: [String: [String]] = [:]

    /// Any error: the import exits 1.
    public var hasErrors: Bool { problems.contains { $0.severity == .error } }
    /// An error that leaves nothing written (all but hostile text, which is written as inert text).
    public var blocksWriting: Bool { problems.contains { $0.severity == .error && !$0.keepsFiles } }
    /// How many errors of hostile text there are (one per kind per cell) (written as inert text; the import exits 1).
    public var hostileErrors: Int { problems.filter(\.keepsFiles).count }
}

/// `sopc import` (docs/IMPORT.md): reads the tables, names what they name, and writes definitions.
public enum Importer {
    /// The largest file read: a Word file of a Buku SOP with pictures is a few MiB; anything far larger is not
    /// an SOP table.
    public static let maxFileBytes = 16 * 1024 * 1024

    /// The reserved value of a marker: what the table does not say (docs/CHOICES.md).
    public static let marker = "?"

    public static func run(_ inputs: [ImportInput], into target: ImportTarget, force: Bool = false) -> ImportOutcome {
        var outcome = ImportOutcome()
        var found: [(input: ImportInput, tables: [FoundTable])] = []
        for input in inputs {
            var problems: [ImportProblem] = []
            let tables = read(input, &problems)
            outcome.problems += problems
            if let tables { found.append((input, tables)) }
        }
        guard !outcome.blocksWriting else { return outcome }
        var builder = ProjectBuilder(target: target)
        if let problem = builder.projectProblem() {
            outcome.problems.append(problem)
            return outcome
        }
        var sops: [ImportedSOP] = []
        for (input, tables) in found {
            let stem = fileStem(input.path)
            for (k, table) in tables.enumerated() {
                var problems: [ImportProblem] = []
                if let sop = ImportedSOP(table, file: input.path, stem: tables.count > 1 ? "\(stem)-\(k + 1)" : stem, &problems) {
                    sops.append(sop)
                }
                if tables.count > 1 {
                    for p in problems.indices { problems[p].sop = table.identity?.name ?? table.name ?? "\(k + 1)" }
                }
                outcome.problems += problems
            }
        }
        guard !outcome.blocksWriting else { return outcome }
        builder.add(&sops, problems: &outcome.problems)
        for sop in sops {
            let path = sop.id + ".sop.yaml"
            if target.sopFiles.contains(path), !force {
                outcome.problems.append(
                    ImportProblem(.error, .importFileExists(path), file: sop.file, help: .importUseForce))
                continue
            }
            // An SOP that `sopc check` would refuse as too-large is not written (YAMLLimits).
            func tooLarge(_ message: Message) {
                var problem = ImportProblem(.error, message, file: sop.file, help: .splitIntoCallingSOPs)
                problem.sop = sop.id
                outcome.problems.append(problem)
            }
            if sop.steps.count > YAMLLimits.maxSteps {
                tooLarge(.importTooManyRows(rows: sop.steps.count, limit: YAMLLimits.maxSteps))
                continue
            }
            let first = outcome.problems.count
            let (text, markers) = builder.yaml(sop, problems: &outcome.problems)
            for p in first..<outcome.problems.count where outcome.problems[p].line == nil { outcome.problems[p].sop = sop.id }
            if text.utf8.count > YAMLLimits.maxFileBytes {
                tooLarge(.importSOPFileTooLarge(bytes: text.utf8.count, limit: YAMLLimits.maxFileBytes))
                continue
            }
            outcome.files.append((path, Array(text.utf8)))
            outcome.markers += markers
            outcome.sops.append(sop.id)
            outcome.steps[sop.id] = sop.steps.map(\.id)
        }
        guard !outcome.blocksWriting else {
            outcome.files = []
            return outcome
        }
        // The report in the order of the files given, then of the lines.
        let order = Dictionary(inputs.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { a, _ in a })
        outcome.problems = outcome.problems.enumerated().sorted { x, y in
            let (a, b) = (x.element, y.element)
            let fa = order[a.file] ?? Int.max
            let fb = order[b.file] ?? Int.max
            if fa != fb { return fa < fb }
            if (a.line ?? 0) != (b.line ?? 0) { return (a.line ?? 0) < (b.line ?? 0) }
            return x.offset < y.offset
        }.map(\.element)
        switch builder.projectFile(organization: sops.lazy.compactMap { $0.identity?.organization }.first { !$0.isEmpty } ?? []) {
        case .success(let project?):
            outcome.files.insert(("sopc.yaml", Array(project.text.utf8)), at: 0)
            outcome.markers += project.markers
        case .success(nil): break
        case .failure(let problem):
            outcome.problems.append(problem)
            outcome.files = []
        }
        return outcome
    }

    /// The tables of one file, by its kind; nil (and an error) when it cannot be read as one.
    static func read(_ input: ImportInput, _ problems: inout [ImportProblem]) -> [FoundTable]? {
        func fail(_ m: Message, help: Message? = nil) -> [FoundTable]? {
            problems.append(ImportProblem(.error, m, file: input.path, help: help))
            return nil
        }
        if input.bytes.count > maxFileBytes {
            return fail(.importFileTooLarge(bytes: input.bytes.count, limit: maxFileBytes))
        }
        let ext = (input.path as NSString).pathExtension.lowercased()
        var tables: [FoundTable]
        switch ext {
        case "docx":
            switch WordDocument.tables(input.bytes) {
            case .success(let t): tables = t
            case .failure(let problem): return fail(problem.message, help: problem.help)
            }
        case "txt", "tsv", "csv":
            guard let text = DelimitedText.decode(input.bytes) else { return fail(.importNotUTF8, help: .importSaveAsUTF8) }
            if ext == "csv" {
                let separator = csvSeparator(text)
                tables = TextTables.tables(DelimitedText.records(text, separator: separator, quoted: true), dropApostrophe: true)
            } else {
                tables = TextTables.tables(
                    DelimitedText.records(text, separator: "\t", quoted: ext == "tsv"), dropApostrophe: false)
            }
            if tables.isEmpty { return fail(.importNoKegiatan) }
        case "doc":
            return fail(.importOldWord, help: .importConvertDoc)
        default:
            return fail(.importUnknownFormat(ext), help: .importFormats)
        }
        if tables.isEmpty { return fail(.importNoKegiatan) }
        return tables
    }

    /// `,` or `;` (Excel in an Indonesian locale): whichever makes a cell of a line read "Kegiatan".
    static func csvSeparator(_ text: String) -> Unicode.Scalar {
        for line in text.split(whereSeparator: \.isNewline).prefix(50) {
            for separator: Unicode.Scalar in [",", ";"] {
                let cells = DelimitedText.records(String(line), separator: separator, quoted: true).first ?? []
                if cells.contains(where: { TableHeader.label($0.text) == .activity }) { return separator }
            }
        }
        return ","
    }

    static func fileStem(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        return (name as NSString).deletingPathExtension
    }
}
