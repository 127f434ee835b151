import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// The Permenpan flowchart symbol of a row, as the CSV names it.
public enum FormSymbol: String, Sendable {
    /// Capsule (terminator) on the first row.
    case start = "mulai"
    /// Box.
    case process = "proses"
    /// Diamond.
    case decision = "keputusan"
    /// Capsule (terminator) on the last row.
    case end = "selesai"
}

/// One row of the printed flowchart table (Bagian Flowchart).
public struct FormRow: Sendable {
    /// 1-based row number ("No").
    public var number: Int
    public var step: Step
    /// Index of the step in the SOP.
    public var index: Int
    /// Kegiatan.
    public var activity: String
    public var symbol: FormSymbol
    /// The column (index into ``FormTable/columns``) that holds the symbol: the step's first actor.
    public var symbolColumn: Int
    /// Every column the step's actors stand in (the symbol column first).
    public var actorColumns: [Int]
    /// Kelengkapan: the needs' display names joined with ", ".
    public var requirements: String
    /// Waktu, as written.
    public var time: String
    /// Output: the makes' display names joined with ", ".
    public var output: String
    /// Ket: the notes and, for a call, "SOP <called SOP's name>", joined with "; ".
    public var remarks: String
}

/// A row the flow goes to: another row, or `end`.
public enum FormTarget: Sendable, Equatable {
    case row(Int)
    case end
}

/// The flowchart table of one SOP, as every printable output (HTML, CSV, Markdown) shows it. Built from
/// a checked SOP (no errors), so every reference resolves.
public struct FormTable: Sendable {
    public var sop: SOP
    /// The actor columns, in order: the SOP's `actors:`, or the roles its steps use in project order.
    public var columns: [Role]
    public var rows: [FormRow]
    /// The SOPs this one relates to (Keterkaitan): the called ones in step order, then those that call it
    /// (in id order), then `related:`; each
    /// once, by id.
    public var related: [SOP]
    /// The project's working calendar, for sums of `time:`.
    public var calendar: WorkCalendar
    /// Each step's planned minutes by SPEC §2's one rule (a call step: its called SOP's main-path total).
    public var stepMinutes: [(low: Double, high: Double)]

    /// Where the flow goes after each row (``StepGraph/targets``, with node `count` as `end`).
    let graph: StepGraph

    /// - Parameter callers: the ids of the SOPs that call this one, in id order (``CheckedProject/callers``);
    ///   nil to find them in the model.
    public init(_ sop: SOP, graph: StepGraph, model: ProjectModel, callers: [String]? = nil) {
        self.sop = sop
        self.graph = graph
        calendar = model.calendar
        stepMinutes = MainPath.stepMinutes(of: sop, in: model)
        columns = model.actorColumns(of: sop)
        let columnOf = Dictionary(columns.enumerated().map { ($1.ref.id, $0) }, uniquingKeysWith: { a, _ in a })

        var rows: [FormRow] = []
        rows.reserveCapacity(sop.steps.count)
        // A long SOP names the same few artefacts again and again: their printed names are looked up once
        // (in the SOP's artefacts, then the project's), then kept by id. (A short one has no need of that.)
        let remember = sop.steps.count > 64
        var shown: [String: String] = [:]
        func names(_ refs: [Ref]) -> String {
            func name(_ id: String) -> String {
                guard remember else { return model.displayName(id, in: sop) }
                if let known = shown[id] { return known }
                let name = model.displayName(id, in: sop)
                shown[id] = name
                return name
            }
            switch refs.count {
            case 0: return ""
            case 1: return name(refs[0].id)
            default: return refs.map { name($0.id) }.joined(separator: ", ")
            }
        }
        for (i, step) in sop.steps.enumerated() {
            let symbol: FormSymbol
            if step.isDecision {
                symbol = .decision
            } else if i == 0 {
                symbol = .start
            } else if i == sop.steps.count - 1 {
                symbol = .end
            } else {
                symbol = .process
            }
            let actorColumns = step.actors.compactMap { columnOf[$0.id] }
            // A text of one part is that part itself (it shares its storage: the form check builds the table
            // of every SOP on each `sopc check`); of more, the parts joined.
            var remarks = step.notes ?? ""
            if let call = step.call {
                let called = "SOP " + (model.sopName(call.id) ?? call.id)
                remarks = remarks.isEmpty ? called : remarks + "; " + called
            }
            rows.append(
                FormRow(
                    number: i + 1, step: step, index: i, activity: step.activity, symbol: symbol,
                    symbolColumn: actorColumns.first ?? 0, actorColumns: actorColumns,
                    requirements: names(step.needs),
                    time: step.time?.text.value ?? "",
                    output: names(step.makes),
                    remarks: remarks))
        }
        self.rows = rows

        var seen = Set<String>()
        var related: [SOP] = []
        // The SOPs that call this one, in id order (the model's file order depends on the folder).
        let callers =
            callers
            ?? model.sops.filter { other in
                other.sopID != sop.sopID && other.steps.contains { $0.call?.id == sop.sopID }
            }.map(\.sopID).sorted { Bytewise.precedes($0, $1) }
        let ids = sop.steps.compactMap({ $0.call?.id }) + callers + sop.identity.related.map(\.id)
        for id in ids where id != sop.sopID && seen.insert(id).inserted {
            if let s = model.sop(id) { related.append(s) }
        }
        self.related = related
    }

    /// Where the flow goes after row `i`: one target for a process step, `yes` then `no` for a decision.
    public func targets(of i: Int) -> [FormTarget] {
        graph.targets[i].map(target)
    }

    /// The row, or the end, that node `node` of the step graph is.
    func target(_ node: Int) -> FormTarget {
        node == graph.end ? .end : .row(node)
    }
}

extension FormTable {
    /// The table of an SOP of a checked project, on its step graph (``CheckedProject/graph(of:)``).
    public init(_ sop: SOP, in checked: CheckedProject) {
        self.init(sop, graph: checked.graph(of: sop), model: checked.model, callers: checked.callers[sop.sopID] ?? [])
    }
}
