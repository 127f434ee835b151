import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem
import Synchronization

/// What every emitter of one SOP reads: the checked SOP, the project, and the printed table and its
/// timing, computed once per SOP and shared by all the SOP's outputs.
public struct SOPOutputContext: Sendable {
    public let sop: SOP
    /// The whole lowered project: the checked model, each SOP's step graph and every machine.
    public let project: LoweredProject
    /// The table and its timing, computed on first use (an SOP whose outputs are up to date is listed in
    /// the index without them).
    private let derived: Derived

    public var table: FormTable { derived.value.table }
    public var timing: FormTiming { derived.value.timing }
    /// The SOP's step graph, computed once for its outputs (the check lets it go: ``CheckedProject/graph(of:)``).
    public var graph: StepGraph { derived.value.graph }
    /// Which artefacts the SOP has where, computed once for its outputs, on first use.
    public var availability: ArtefactAvailability { derived.availability }
    /// The SOP's machine, lowered once for the whole project; the machine outputs read only this and the
    /// machines of the SOPs it calls (``LoweredProject/callees(of:)``).
    public var machine: StateMachine { project.machine(sop.sopID)! }

    public init(_ sop: SOP, project: LoweredProject) {
        self.sop = sop
        self.project = project
        derived = Derived(sop, project: project)
    }

    private final class Derived: Sendable {
        let sop: SOP
        let checked: CheckedProject
        /// Boxed: every SOP's summary keeps a context until the index is written, most without a table.
        let cache = Mutex<Made?>(nil)
        let availabilityCache = Mutex<ArtefactAvailability?>(nil)

        final class Made: Sendable {
            let graph: StepGraph
            let table: FormTable
            let timing: FormTiming

            init(_ sop: SOP, checked: CheckedProject) {
                graph = checked.graph(of: sop)
                table = FormTable(sop, graph: graph, model: checked.model, callers: checked.callers[sop.sopID] ?? [])
                timing = FormTiming(table)
            }
        }

        var availability: ArtefactAvailability {
            let graph = value.graph
            return availabilityCache.withLock { cached in
                if let cached { return cached }
                let made = checked.availability(of: sop, graph: graph)
                cached = made
                return made
            }
        }

        init(_ sop: SOP, project: LoweredProject) {
            self.sop = sop
            checked = project.checked
        }

        var value: Made {
            cache.withLock { cached in
                if let cached { return cached }
                let made = Made(sop, checked: checked)
                cached = made
                return made
            }
        }
    }

    public var model: ProjectModel { project.model }

    /// The SOP's id, which names its folder and files in the output (`<id>/<id>.<suffix>`).
    public var id: String { sop.sopID }
}

/// One output file of each SOP: `OUT/<id>/<id>.<suffix>`. To add an output, write an emitter and list it
/// in ``OutputPlan/sopEmitters``.
public protocol SOPEmitter: Sendable {
    /// What follows `<id>.` in the file name: `html`, `csv`, `machine.json` …
    var suffix: String { get }
    /// The whole file. Deterministic: the same SOP gives the same text on every run and machine.
    func render(_ context: SOPOutputContext) -> String
    /// The whole file as a build writes it: ``render(_:)``'s text, or the same text as the UTF-8 bytes its
    /// writer made (a large XML or JSON file is then not copied once more into a `String`).
    func renderText(_ context: SOPOutputContext) -> RenderedText
    /// Files written beside it, `OUT/<id>/<id>.<suffix>` (the Camunda 8 forms); none by default.
    func extraFiles(_ context: SOPOutputContext) -> [(suffix: String, text: String)]
}

extension SOPEmitter {
    public func renderText(_ context: SOPOutputContext) -> RenderedText { .string(render(context)) }
    public func extraFiles(_ context: SOPOutputContext) -> [(suffix: String, text: String)] { [] }
}

/// A rendered file's text: a `String`, or its UTF-8 bytes as a writer made them.
public enum RenderedText: Sendable {
    case string(String)
    case utf8([UInt8])

    /// The bytes, read in place.
    public mutating func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        switch self {
        case .utf8(let bytes):
            return try bytes.withUnsafeBytes { raw in Result { () throws(E) in try body(raw) } }.get()
        case .string(var text):
            self = .utf8([])  // `text` is the only reference while it is read
            defer { self = .string(text) }
            return try text.withUTF8 { utf8 in Result { () throws(E) in try body(UnsafeRawBufferPointer(utf8)) } }.get()
        }
    }

    /// Hands the bytes' memory back for the next file a build writes (``ByteBuffers``); empty afterwards.
    public mutating func recycle() {
        guard case .utf8 = self else { return }
        // Taken out first, so that the array is the only reference to its memory when it is handed back.
        let taken = self
        self = .utf8([])
        if case .utf8(let bytes) = consume taken { ByteBuffers.recycle(bytes) }
    }

    /// The bytes, as an array.
    public var bytes: [UInt8] {
        switch self {
        case .utf8(let bytes): bytes
        case .string(let text): Array(text.utf8)
        }
    }
}

/// What a project-wide output knows of one SOP: its context and the files the SOP emitters made for it.
public struct SOPOutputSummary: Sendable {
    public let context: SOPOutputContext
    /// Paths relative to OUT, in emitter order (the printable form first).
    public let files: [String]
}

/// An output of the whole project (`OUT/index.html`).
public protocol ProjectEmitter: Sendable {
    /// The path relative to OUT.
    var path: String { get }
    /// The whole file, from every SOP in id order.
    func render(_ sops: [SOPOutputSummary], model: ProjectModel) -> String
}

/// `<id>.html`: the printable form (``HTMLForm``).
public struct HTMLFormEmitter: SOPEmitter {
    public init() {}
    public var suffix: String { "html" }
    public func render(_ c: SOPOutputContext) -> String { HTMLForm.render(c.table, timing: c.timing, model: c.model) }
    public func renderText(_ c: SOPOutputContext) -> RenderedText {
        .utf8(HTMLForm.renderBytes(c.table, timing: c.timing, model: c.model))
    }
}

/// `<id>.csv`: the flowchart table (``CSVTable``).
public struct CSVEmitter: SOPEmitter {
    public init() {}
    public var suffix: String { "csv" }
    public func render(_ c: SOPOutputContext) -> String { CSVTable.render(c.table) }
    public func renderText(_ c: SOPOutputContext) -> RenderedText { .utf8(CSVTable.renderBytes(c.table)) }
}

/// `<id>.md`: identity, table and Mermaid flowchart (``MarkdownForm``).
public struct MarkdownEmitter: SOPEmitter {
    public init() {}
    public var suffix: String { "md" }
    public func render(_ c: SOPOutputContext) -> String { MarkdownForm.render(c.table, timing: c.timing, model: c.model) }
    public func renderText(_ c: SOPOutputContext) -> RenderedText {
        .utf8(MarkdownForm.renderBytes(c.table, timing: c.timing, model: c.model))
    }
}

/// `index.html`: the contents page (``IndexPage``).
public struct IndexPageEmitter: ProjectEmitter {
    public init() {}
    public var path: String { "index.html" }
    public func render(_ sops: [SOPOutputSummary], model: ProjectModel) -> String { IndexPage.render(sops, model: model) }
}

/// `<id>.machine.json` in `sopc build` (``MachineJSON``).
public struct MachineJSONEmitter: SOPEmitter {
    public init() {}
    public var suffix: String { "machine.json" }
    public func render(_ c: SOPOutputContext) -> String { MachineJSON.render(c.machine) }
    public func renderText(_ c: SOPOutputContext) -> RenderedText { .utf8(MachineJSON.renderBytes(c.machine)) }
}
