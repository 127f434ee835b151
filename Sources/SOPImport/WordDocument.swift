import Foundation
import SOPDiagnostics
import ZIPFoundation

/// A Word document (`.docx`, Office Open XML): a ZIP archive whose `word/document.xml` holds the text. Read
/// within bounds — at most ``maxEntries`` parts and ``maxUnpackedBytes`` unpacked, counted while unpacking
/// (the sizes a ZIP declares are not trusted) — so that a ZIP bomb is a diagnostic, not a full disk or memory.
enum WordDocument {
    static let maxEntries = 10_000
    static let maxUnpackedBytes = 64 * 1024 * 1024

    struct Problem: Error {
        var message: Message
        var help: Message?
    }

    private struct TooLarge: Error {}

    static func tables(_ bytes: [UInt8]) -> Result<[FoundTable], Problem> {
        // Read through a temporary file, not ZIPFoundation's in-memory archive: on a damaged zip the memory
        // variant can be asked to read past its end and traps (a Range with lowerBound > upperBound), while
        // the file variant's reads simply come back short.
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("sopc-import-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let archive: Archive
        do {
            try Data(bytes).write(to: temporary)
            archive = try Archive(url: temporary, accessMode: .read)
        } catch {
            return .failure(Problem(message: .importNotAZip, help: .importSaveAsDocx))
        }
        var count = 0
        var document: Entry?
        for entry in archive {
            count += 1
            if count > maxEntries {
                return .failure(Problem(message: .importZipTooLarge(parts: maxEntries, megabytes: maxUnpackedBytes >> 20)))
            }
            if entry.path == "word/document.xml" { document = entry }
        }
        guard let document else { return .failure(Problem(message: .importNoDocumentPart, help: .importSaveAsDocx)) }
        var xml = Data()
        do {
            _ = try archive.extract(document, skipCRC32: false) { chunk in
                if xml.count + chunk.count > maxUnpackedBytes { throw TooLarge() }
                xml.append(chunk)
            }
        } catch is TooLarge {
            return .failure(Problem(message: .importZipTooLarge(parts: maxEntries, megabytes: maxUnpackedBytes >> 20)))
        } catch {
            return .failure(Problem(message: .importNotAZip, help: .importSaveAsDocx))
        }
        // Word writes no document type declaration; one would only bring entities (and their expansion).
        if xml.range(of: Data("<!DOCTYPE".utf8)) != nil || xml.range(of: Data("<!ENTITY".utf8)) != nil {
            return .failure(Problem(message: .importBadXML(line: 1)))
        }
        let reader = DocumentXML()
        if let line = XMLScanner.read([UInt8](xml), into: reader) {
            return .failure(Problem(message: .importBadXML(line: line)))
        }
        return assemble(reader.items)
    }

    /// The SOPs of a document, in order: a title paragraph and an identity table belong to the flowchart
    /// table that follows them; a flowchart table whose header repeats the previous one's with nothing in
    /// between continues it (a table broken across pages).
    static func assemble(_ items: [DocumentXML.Item]) -> Result<[FoundTable], Problem> {
        var found: [FoundTable] = []
        var title: String?
        var identity: FoundIdentity?
        var sawTable = false
        var lastHeader: [String]?
        for item in items {
            switch item {
            case .paragraph(let text):
                if let t = TableHeader.title(text) {
                    title = t
                    lastHeader = nil
                }
            case .table(let rows):
                sawTable = true
                if let h = rows.firstIndex(where: TableHeader.isHeaderRow) {
                    let own = h > 0 ? IdentityTable.read(Array(rows[..<h])) : nil
                    let body = Array(rows[h...])
                    let header = body.prefix(2).flatMap { $0.map(\.text) }
                    if title == nil, identity == nil, own == nil, let lastHeader, header == lastHeader, var last = found.popLast()
                    {
                        let skip = TableHeader(body)?.rows ?? 1
                        last.rows += body.dropFirst(skip)
                        found.append(last)
                        continue
                    }
                    let id = own.map { identity?.merged(with: $0) ?? $0 } ?? identity
                    found.append(FoundTable(name: title, identity: id, rows: body, line: nil))
                    title = nil
                    identity = nil
                    lastHeader = header
                } else if let id = IdentityTable.read(rows) {
                    // An identity page may be laid out as several tables (the header, then the lists).
                    identity = identity.map { $0.merged(with: id) } ?? id
                    lastHeader = nil
                    if title == nil, let n = id.name { title = n }
                }
            }
        }
        if found.isEmpty {
            return .failure(Problem(message: sawTable ? .importNoKegiatan : .importNoTable, help: nil))
        }
        return .success(found)
    }
}

/// The identity table (Bagian Identitas): label cells ("Nomor SOP", "Disahkan oleh", "DASAR HUKUM:", …) and
/// their values, beside them (after a ":" cell or in the same cell after ":") or, for the lists, below them.
enum IdentityTable {
    enum Field {
        case name, number, created, revised, effective, approver, legal, qualifications, related, equipment, warnings, records
    }

    static func field(_ label: String) -> Field? {
        switch TableHeader.normalised(label) {
        case "nama sop": return .name
        case "nomor sop", "no. sop", "no sop", "nomor": return .number
        case "tanggal pembuatan", "tgl. pembuatan", "tgl pembuatan": return .created
        case "tanggal revisi", "tgl. revisi", "tgl revisi": return .revised
        case "tanggal efektif", "tgl. efektif", "tgl efektif": return .effective
        case "disahkan oleh": return .approver
        case "dasar hukum": return .legal
        case "kualifikasi pelaksana": return .qualifications
        case "keterkaitan": return .related
        case "peralatan/perlengkapan", "peralatan / perlengkapan", "peralatan dan perlengkapan", "peralatan": return .equipment
        case "peringatan": return .warnings
        case "pencatatan dan pendataan", "pencatatan & pendataan", "pencatatan dan pendataan data", "pencatatan": return .records
        default: return nil
        }
    }

    /// The label of a cell and what follows it in the same cell: "Nomor SOP : 800/1" → (.number, "800/1");
    /// "DASAR HUKUM:\n1. …" → (.legal, "1. …").
    static func split(_ text: String) -> (Field, String)? {
        let lines = text.components(separatedBy: "\n")
        guard let first = lines.first else { return nil }
        var label = first
        var rest = lines.dropFirst().joined(separator: "\n")
        if let colon = first.firstIndex(of: ":") {
            label = String(first[..<colon])
            let after = first[first.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            rest = after.isEmpty ? rest : ([after] + lines.dropFirst()).joined(separator: "\n")
        }
        guard let f = field(label) else { return nil }
        return (f, rest)
    }

    static func read(_ rows: [[Cell]]) -> FoundIdentity? {
        var identity = FoundIdentity()
        var any = false
        for (r, row) in rows.enumerated() {
            for (c, cell) in row.enumerated() {
                if identity.organization.isEmpty, cell.text.uppercased().hasPrefix("PEMERINTAH ") {
                    identity.organization = cell.text.components(separatedBy: "\n")
                        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    continue
                }
                guard let (field, inCell) = split(cell.text) else { continue }
                any = true
                var value = inCell.trimmingCharacters(in: .whitespacesAndNewlines)
                if value.isEmpty {
                    // Beside it, after a ":" cell; for the lists and the signature, else the cell below.
                    value =
                        row.dropFirst(c + 1).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
                        .first { !$0.isEmpty && $0 != ":" && split($0) == nil } ?? ""
                    if value.hasPrefix(":") { value = value.dropFirst().trimmingCharacters(in: .whitespaces) }
                    if value.isEmpty, r + 1 < rows.count, c < rows[r + 1].count, split(rows[r + 1][c].text) == nil {
                        value = rows[r + 1][c].text.trimmingCharacters(in: .whitespacesAndNewlines)
                    }
                }
                let single = value == "-" || value.isEmpty ? nil : value
                switch field {
                case .name: identity.name = single
                case .number: identity.number = single
                case .created: identity.created = single
                case .revised: identity.revised = single
                case .effective: identity.effective = single
                case .approver: approver(value, into: &identity)
                case .legal: identity.legalBasis = items(value)
                case .qualifications: identity.qualifications = items(value)
                case .related: identity.related = items(value)
                case .equipment: identity.equipment = items(value)
                case .warnings: identity.warnings = items(value)
                case .records: identity.records = items(value)
                }
            }
        }
        return any ? identity : nil
    }

    /// "Kepala Biro …\n\n\nDrs. Ahmad Fauzi, M.Si.\nNIP. 19700512 199503 1 002": the office, the name, the NIP.
    static func approver(_ text: String, into identity: inout FoundIdentity) {
        let lines = text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var rest: [String] = []
        for line in lines {
            if line.uppercased().hasPrefix("NIP") {
                let nip = line.dropFirst(3).drop { $0 == "." || $0 == ":" || $0 == " " }
                if !nip.isEmpty { identity.approverNIP = String(nip) }
            } else {
                rest.append(line)
            }
        }
        if let first = rest.first { identity.approverTitle = first }
        if rest.count >= 2 { identity.approverName = rest.last }
    }

    /// The items of a list cell, each line one item, without its numbering ("1.", "2)", "a.", "-", "•").
    static func items(_ text: String) -> [String] {
        text.components(separatedBy: "\n").compactMap { line in
            var s = Substring(line.trimmingCharacters(in: .whitespaces))
            let digits = s.prefix { $0.isNumber }
            if !digits.isEmpty, let next = s.dropFirst(digits.count).first, next == "." || next == ")" {
                s = s.dropFirst(digits.count + 1)
            } else if s.count > 2, let f = s.first, f.isLetter, f.isLowercase,
                s.dropFirst().first == "." || s.dropFirst().first == ")",
                s.dropFirst(2).first == " "
            {
                s = s.dropFirst(2)
            } else if let f = s.first, "-•·*".contains(f) {
                s = s.dropFirst()
            }
            let item = s.trimmingCharacters(in: .whitespaces)
            return item.isEmpty || item == "-" ? nil : item
        }
    }
}

/// What is read of `word/document.xml`: paragraphs outside tables, and tables as rows of cells (a cell
/// spanning columns, `gridSpan`, is followed by empty cells so that every row has the grid's columns; a cell
/// continuing a vertical merge, `vMerge`, knows the text it continues), with the shapes anchored in each cell.
/// What Word writes for older readers (`mc:Fallback`) is skipped, so that a shape is not counted twice.
final class DocumentXML: XMLEventHandler {
    enum Item {
        case paragraph(String)
        case table([[Cell]])
    }

    private final class TableState {
        var rows: [[Cell]] = []
        var row: [Cell]?
        var cell: Cell?
        var paragraphs: [String] = []
        var span = 1
        var vMerge: String?
        var index: Int
        init(index: Int) { self.index = index }
    }

    private(set) var items: [Item] = []
    private var tables: [TableState] = []
    private var paragraph = ""
    private var fallback = 0
    private var textBox = 0
    private var shapes: [FoundShape] = []
    private var shapeText = ""
    private var elementDepth = 0
    private var pendingTables: [(Int, [[Cell]])] = []
    private var tableCounter = 0

    static func isWord(_ ns: String?) -> Bool {
        guard let ns else { return false }
        return ns.hasSuffix("wordprocessingml/2006/main") || ns.hasSuffix("wordprocessingml/main")
    }

    static func attribute(_ attributes: [String: String], _ local: String) -> String? {
        for (k, v) in attributes where k == local || k.hasSuffix(":" + local) { return v }
        return nil
    }

    static func presetKind(_ preset: String) -> FoundShape.Kind {
        switch preset {
        case "flowChartDecision", "diamond": return .decision
        case "flowChartTerminator", "roundRect", "flowChartAlternateProcess": return .terminator
        case "flowChartProcess", "rect", "flowChartPredefinedProcess", "flowChartDocument": return .process
        default: return .other
        }
    }

    static func vmlKind(_ element: String, _ attributes: [String: String]) -> FoundShape.Kind? {
        switch element {
        case "roundrect": return .terminator
        case "rect": return .process
        case "shape":
            let type = attribute(attributes, "type") ?? ""
            let spt = attribute(attributes, "spt") ?? ""
            if type.hasSuffix("t110") || spt == "110" || type.hasSuffix("t4") || spt == "4" { return .decision }
            if type.hasSuffix("t116") || spt == "116" || type.hasSuffix("t176") || spt == "176" { return .terminator }
            if type.hasSuffix("t109") || spt == "109" || type.hasSuffix("t1") || spt == "1" { return .process }
            return .other
        default: return nil
        }
    }

    func start(_ element: String, namespace ns: String?, attributes: [String: String]) -> Bool {
        elementDepth += 1
        // Deeper than any Word document: read no further (the document is reported as not well-formed).
        if elementDepth > 256 { return false }
        if element == "Fallback" { fallback += 1 }
        guard fallback == 0 else { return true }
        let word = Self.isWord(ns)
        switch element {
        case "tbl" where word:
            tables.append(TableState(index: tableCounter))
            tableCounter += 1
        case "tr" where word:
            tables.last?.row = []
        case "tc" where word:
            if let t = tables.last {
                t.cell = Cell("")
                t.paragraphs = []
                t.span = 1
                t.vMerge = nil
            }
        case "gridSpan" where word:
            if let t = tables.last, let v = Self.attribute(attributes, "val"), let n = Int(v) { t.span = max(1, min(n, 64)) }
        case "vMerge" where word:
            tables.last?.vMerge = Self.attribute(attributes, "val") ?? "continue"
        case "txbxContent":
            textBox += 1
        case "t" where word, "delText" where word:
            break
        case "tab" where word:
            if textBox == 0 { paragraph += "\t" }
        case "br" where word, "cr" where word:
            if textBox > 0 { shapeText += "\n" } else { paragraph += "\n" }
        case "wsp":
            shapes.append(FoundShape(kind: .other, text: ""))
            shapeText = ""
        case "prstGeom":
            if !shapes.isEmpty, let p = Self.attribute(attributes, "prst") { shapes[shapes.count - 1].kind = Self.presetKind(p) }
        default:
            if ns?.contains("vml") == true, let kind = Self.vmlKind(element, attributes) {
                shapes.append(FoundShape(kind: kind, text: ""))
                shapeText = ""
            }
        }
        currentIsText = word && element == "t"
        return true
    }

    private var currentIsText = false

    func characters(_ string: String) {
        guard fallback == 0, currentIsText else { return }
        if textBox > 0 { shapeText += string } else { paragraph += string }
    }

    func end(_ element: String, namespace ns: String?) {
        elementDepth -= 1
        currentIsText = false
        if element == "Fallback" {
            fallback -= 1
            return
        }
        guard fallback == 0 else { return }
        let word = Self.isWord(ns)
        switch element {
        case "p" where word:
            if textBox > 0 {
                shapeText += "\n"
            } else if let t = tables.last, t.cell != nil {
                t.paragraphs.append(paragraph)
            } else if tables.isEmpty {
                items.append(.paragraph(paragraph))
            }
            if textBox == 0 { paragraph = "" }
        case "txbxContent":
            textBox -= 1
            if !shapes.isEmpty {
                let text = shapeText.trimmingCharacters(in: .whitespacesAndNewlines)
                shapes[shapes.count - 1].text = text
            }
        case "wsp", "roundrect", "rect", "shape":
            if element != "wsp", ns?.contains("vml") != true { break }
            if let shape = shapes.popLast(), let t = tables.last, t.cell != nil { t.cell!.shapes.append(shape) }
        case "tc" where word:
            guard let t = tables.last, var cell = t.cell else { break }
            var paragraphs = t.paragraphs
            while paragraphs.last?.isEmpty == true { paragraphs.removeLast() }
            while paragraphs.first?.isEmpty == true { paragraphs.removeFirst() }
            cell.text = paragraphs.joined(separator: "\n")
            cell.line = nil
            if let v = t.vMerge, v != "restart" {
                let column = t.row?.count ?? 0
                if let above = t.rows.last, column < above.count {
                    cell.continues = above[column].continues ?? above[column].text
                }
            }
            t.row?.append(cell)
            for _ in 1..<t.span { t.row?.append(Cell("")) }
            t.cell = nil
        case "tr" where word:
            if let t = tables.last, let row = t.row {
                t.rows.append(row)
                t.row = nil
            }
        case "tbl" where word:
            guard let t = tables.popLast() else { break }
            if let parent = tables.last, parent.cell != nil {
                // A table inside a cell: its text joins the cell's, and it is also read on its own.
                parent.paragraphs.append(t.rows.map { $0.map(\.text).joined(separator: "\t") }.joined(separator: "\n"))
            }
            pendingTables.append((t.index, t.rows))
            if tables.isEmpty {
                // Tables in document order: an outer table before the tables inside it.
                for (_, rows) in pendingTables.sorted(by: { $0.0 < $1.0 }) { items.append(.table(rows)) }
                pendingTables = []
            }
        default:
            break
        }
    }
}
