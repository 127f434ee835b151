import SOPSystem

/// A further place a diagnostic points at ("first defined here", "the path on which it is missing").
public struct DiagnosticNote: Sendable, Hashable {
    /// The note's entry in the catalogue.
    public var text: Message
    /// The file as displayed; nil when the note points at no place.
    public var file: String?
    public var position: SourcePosition?

    /// The note in the standard language, as the renderers show it.
    public var message: String { text.text() }

    public init(_ text: Message, file: String? = nil, at position: SourcePosition? = nil) {
        self.text = text
        self.file = file
        self.position = position
    }
}

/// One problem found in the definitions, with its place.
public struct Diagnostic: Sendable, Hashable {
    public var id: CheckID
    public var severity: Severity
    /// The message's entry in the catalogue.
    public var text: Message
    /// The file, as displayed (relative to the working directory where possible).
    public var file: String
    public var span: SourceSpan
    public var notes: [DiagnosticNote]
    /// The help's entry in the catalogue.
    public var helpText: Message?

    /// The message in the standard language, as the renderers show it.
    public var message: String { text.text() }
    /// The help in the standard language.
    public var help: String? { helpText?.text() }

    public init(
        _ id: CheckID, _ text: Message, file: String, span: SourceSpan,
        notes: [DiagnosticNote] = [], help: Message? = nil
    ) {
        self.id = id
        self.severity = id.severity
        self.text = text
        self.file = file
        self.span = span
        self.notes = notes
        self.helpText = help
    }

    /// The order of the report: path, line, column, then id and message so that equal places stay stable.
    public static func reportOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.file != b.file { return Bytewise.precedes(a.file, b.file) }
        if a.span.start != b.span.start { return a.span.start < b.span.start }
        if a.id != b.id { return a.id < b.id }
        return Bytewise.precedes(a.message, b.message)
    }

    /// Sorts `diagnostics` in ``reportOrder(_:_:)``, as `sort(by:)` would (stably): the positions are sorted
    /// and the diagnostics then moved once each, rather than moved at every step of the sort.
    public static func sortInReportOrder(_ diagnostics: inout [Diagnostic]) {
        guard diagnostics.count > 1 else { return }
        let order = diagnostics.withUnsafeBufferPointer { all in
            all.indices.sorted { reportOrder(all[$0], all[$1]) }
        }
        if order.elementsEqual(diagnostics.indices) { return }
        diagnostics = order.map { diagnostics[$0] }
    }
}

/// Collects diagnostics for one file, at most ``DiagnosticLimit/perFile`` of them: past that they are only
/// counted, and ``diagnostics`` ends with one that says how many (``DiagnosticLimit/notShown(_:file:)``).
public struct DiagnosticSink: Sendable {
    public let file: String
    private var kept = DiagnosticLimit.Kept<Diagnostic>()

    /// What was kept, and the count of what was not as one more diagnostic.
    public var diagnostics: [Diagnostic] { kept.withCount(file: file) { $0 } }

    public init(file: String) { self.file = file }

    public mutating func emit(
        _ id: CheckID, _ text: Message, at span: SourceSpan,
        notes: [DiagnosticNote] = [], help: Message? = nil
    ) {
        let file = self.file
        kept.add(id.severity) { Diagnostic(id, text, file: file, span: span, notes: notes, help: help) }
    }

    public mutating func append(_ d: Diagnostic) { kept.add(d, for: d) }

    public mutating func append(contentsOf ds: [Diagnostic]) { for d in ds { append(d) } }
}

/// How many diagnostics of one file are reported. A hostile file can make millions (a list of four million
/// items that are not steps), each costing memory and lines of the report; a person reads the first few.
/// Past the limit a file's diagnostics are counted, not kept, and the report shows the first ``perFile`` in
/// report order and one `too-large` at the start of the file that says how many more were found: an error
/// when they hold an error, else a warning (a long SOP's warnings do not fail its check).
public enum DiagnosticLimit {
    public static let perFile = 1_000

    /// Diagnostics counted and not kept: how many, and whether one of them is an error.
    public struct LeftOut: Sendable {
        public private(set) var count = 0
        public private(set) var error = false

        public init() {}

        public mutating func add(_ n: Int, _ severity: Severity) {
            count += n
            if severity == .error { error = true }
        }

        /// One diagnostic not kept; a count of others (``notShown(_:file:)``) adds what it counts.
        public mutating func add(_ d: Diagnostic) { add(hiddenCount(d) ?? 1, d.severity) }

        /// What another sink left out.
        public mutating func add(_ other: LeftOut) {
            count += other.count
            error = error || other.error
        }
    }

    /// At most ``perFile`` items of one file, each standing for a diagnostic (the diagnostic itself, or a
    /// check's finding holding one), and the count of those past it. The one place the limit is applied:
    /// the sinks collect with it, and ``apply(_:)`` cuts a sorted list with it.
    public struct Kept<Element: Sendable>: Sendable {
        public private(set) var items: [Element] = []
        public private(set) var leftOut = LeftOut()

        public init() {}

        /// Keeps what `make` makes for a diagnostic of `severity` while fewer than ``perFile`` are kept; past
        /// that only counts it, without making it.
        public mutating func add(_ severity: Severity, _ make: () -> Element) {
            if items.count < perFile { items.append(make()) } else { leftOut.add(1, severity) }
        }

        /// Keeps `item`, which stands for `d`, while fewer than ``perFile`` are kept; past that, or when `d`
        /// is itself a count of others (``notShown(_:file:)``), counts what it stands for.
        public mutating func add(_ item: Element, for d: Diagnostic) {
            if items.count < perFile && hiddenCount(d) == nil { items.append(item) } else { leftOut.add(d) }
        }

        /// What `other` kept and counted, after what this holds; `diagnostic` gives an item's diagnostic.
        public mutating func add(_ other: Kept, diagnostic: (Element) -> Diagnostic) {
            for item in other.items { add(item, for: diagnostic(item)) }
            leftOut.add(other.leftOut)
        }

        /// The items, and when something was left out one more: its count, ``notShown(_:file:)``, as
        /// `wrap` makes it an item.
        public func withCount(file: String, _ wrap: (Diagnostic) -> Element) -> [Element] {
            leftOut.count == 0 ? items : items + [wrap(notShown(leftOut, file: file))]
        }
    }

    /// The `too-large` diagnostic standing for the diagnostics of `file` not shown.
    public static func notShown(_ leftOut: LeftOut, file: String) -> Diagnostic {
        var d = Diagnostic(
            .tooLarge, .problemsNotShown(shown: perFile, more: leftOut.count), file: file, span: .fileStart,
            help: .correctShownProblems)
        if !leftOut.error { d.severity = .warning }
        return d
    }

    /// The number of diagnostics `d` stands for, when it is a ``notShown(_:file:)``.
    public static func hiddenCount(_ d: Diagnostic) -> Int? {
        if case .problemsNotShown(_, let more) = d.text { return more }
        return nil
    }

    /// Diagnostics in report order with the limit applied: for each file, the first ``perFile`` that are not
    /// a count of others, then one ``notShown(_:file:)`` with every count and every diagnostic cut added up;
    /// still in report order. Applied again to its own result, it changes nothing.
    public static func apply(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        // Nearly always nothing to do: no count of others, and no file (a run of the sorted list) over the limit.
        var run = 0
        var over = false
        for (k, d) in diagnostics.enumerated() where !over {
            run = k > 0 && diagnostics[k - 1].file == d.file ? run + 1 : 1
            over = run > perFile || hiddenCount(d) != nil
        }
        if !over { return diagnostics }
        var out: [Diagnostic] = []
        out.reserveCapacity(diagnostics.count)
        var i = 0
        while i < diagnostics.count {
            let file = diagnostics[i].file
            var j = i
            var kept = Kept<Diagnostic>()
            while j < diagnostics.count, diagnostics[j].file == file {
                kept.add(diagnostics[j], for: diagnostics[j])
                j += 1
            }
            var shown = kept.withCount(file: file) { $0 }
            if kept.leftOut.count > 0 { shown.sort(by: Diagnostic.reportOrder) }
            out += shown
            i = j
        }
        return out
    }
}
