import Dispatch
import SOPChecks
import SOPDiagnostics
import SOPFont
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// The geometry of the printed flowchart (Bagian Flowchart), in millimetres on an A4-landscape page:
/// columns, row heights, the page plan, and every shape, line and label of the flowchart, worked out
/// before any text is written. `HTMLForm` turns it into HTML and SVG.
///
/// Layout rules (docs/OUTPUTS.md, "The printed form"):
/// - Each flowchart page is one table with fixed row heights, estimated from the texts (``TextMetrics``),
///   under one SVG that draws the grid lines, the symbols and the arrows from the same numbers.
/// - A row's symbol stands in its first actor's column, vertically centred in the row; co-actors get a
///   dashed copy of the symbol, joined to it by a dashed line.
/// - The flow to the following row leaves the symbol's bottom and enters the next symbol's top, with an
///   elbow just under the grid line when the columns differ. Every other jump (loops back, forward jumps
///   that skip rows, a decision's second branch) leaves the symbol's side and runs vertically in a lane:
///   a slot at a column edge, between the symbols, chosen so that lanes never overlap.
/// - An arrow that crosses a page break ends in a lettered pentagon in a connector strip (bottom of the
///   source page, top of the target page) and starts again from its twin on the other page.
/// - A branch to `end` from a row that is not a terminator ends in a small "Selesai" capsule.
package struct FlowLayout {
    // MARK: Output

    package struct Point: Equatable {
        package var x: Double
        package var y: Double
    }

    package enum ShapeKind {
        case capsule, box, diamond, pentagon
    }

    package struct Shape {
        package var kind: ShapeKind
        package var cx: Double
        package var cy: Double
        package var w: Double
        package var h: Double
        /// A co-actor's mark.
        package var dashed = false
        /// The pentagon's letter, or "Selesai" in a small end capsule.
        package var text: String? = nil
        /// A decision's question, in lines, written inside the diamond at ``textSize`` (mm).
        package var lines: [String] = []
        package var textSize = 0.0
    }

    package struct Line {
        package var points: [Point]
        package var arrow: Bool
        package var dashed = false
    }

    package struct Label {
        package var x: Double
        var y: Double
        package var text: String
        /// SVG text-anchor.
        package var anchor: String
    }

    package struct RowBox {
        package var row: Int
        var top: Double
        var height: Double
        var fontPt: Double
        /// Centre of the symbol.
        var cy: Double
    }

    package struct Page {
        package var rows: [RowBox] = []
        /// Top of the connector strip under the header (pages after the first), and of the one at the
        /// bottom (pages before the last).
        var topStrip: Double?
        var bottomStrip: Double?
        package var tableHeight: Double = 0
        package var isLast = false
        package var shapes: [Shape] = []
        package var lines: [Line] = []
        package var labels: [Label] = []
    }

    package let table: FormTable
    package let columns: Columns
    package let titleHeight: Double
    let headerTop: Double
    let headerBottom: Double
    /// The height of the actors' header row (under "Pelaksana").
    package var headerHeight: Double { headerBottom }
    /// The header height each actor's name needs, by column.
    package let headerNeeded: [Double]
    /// The height of the time totals under the last page's table; 0 when they go on sheets of their own.
    package let totalsHeight: Double
    /// The time totals, one entry per line as printed: the main path's, then one round of each correction
    /// loop (``totalsLines(_:calendar:)``).
    package let totals: [(label: String, value: String)]
    /// When the totals are taller than ``maxTotalsUnderTable`` (an SOP with many correction loops), they
    /// are printed on sheets of their own after the last table page, these entries of ``totals`` on each;
    /// else none, and the totals stand under the last table.
    package private(set) var totalsSheets: [Range<Int>] = []
    /// Type size of each actor's name in the header.
    let actorHeaderPt: [Double]
    package private(set) var pages: [Page] = []

    /// A text the form cannot show in full, as the layout measured it (`form-overflow`).
    package enum Overflow: Equatable {
        /// Row `row` is taller than a page even in the smallest type; `column` is the form's name of the
        /// column whose text is cut off.
        case row(Int, column: String)
        /// The name of actor column `column` (an index into ``FormTable/columns``) does not fit the header
        /// even at its tallest.
        case header(Int)
        /// The SOP's name in the title leaves no room for a row under it.
        case title
        /// The question of the decision on row `row` does not fit in its diamond.
        case question(Int)
    }

    /// Each decision row's question as set inside its diamond: lines and type size (mm).
    package private(set) var questions: [Int: (lines: [String], size: Double)] = [:]

    /// Type sizes (mm) tried for a question, largest first, and the tallest a diamond grows to hold one.
    static let questionSizes = [2.2, 2.0, 1.8, 1.6]
    static let maxDiamondHeight = 18.0

    /// A question set inside a diamond `w` × `h`: the largest type, then the fewest lines, whose block fits
    /// the rectangle inscribed in the diamond (a line as wide as `a`, the block as tall as `b`, with
    /// a/w + b/h ≤ 1); nil when it does not fit even in the smallest type. With `hyphenate`, a word too
    /// wide for a line of its own is divided between syllables with a hyphen
    /// (``TextMetrics/wrap(_:width:pt:hyphenate:)``).
    static func fitQuestion(_ text: String, w: Double, h: Double, hyphenate: Bool = false) -> (
        lines: [String], size: Double
    )? {
        fittedQuestions.value(for: QuestionKey(text: text, w: w, h: h, hyphenate: hyphenate)) {
            setQuestion(text, w: w, h: h, hyphenate: hyphenate)
        }
    }

    /// A question and the diamond it is set in.
    struct QuestionKey: Hashable, Sendable {
        let text: String
        let w: Double
        let h: Double
        let hyphenate: Bool
    }

    /// The questions set lately (``fitQuestion(_:w:h:hyphenate:)``) and the actors' headers (``header(_:columns:)``):
    /// an SOP's few questions are mostly the same few texts across a project ("Lengkap dan benar?"), and its
    /// actors the same few sets, set in the same few column widths, SOP after SOP. Each is forgotten whole
    /// past ``keptLayouts`` entries.
    private static let fittedQuestions = KeptResults<QuestionKey, (lines: [String], size: Double)?>(limit: keptLayouts)
    private static let setHeaders = KeptResults<HeaderKey, Header>(limit: keptLayouts)
    static let keptLayouts = 4096

    /// ``fitQuestion(_:w:h:hyphenate:)`` itself.
    static func setQuestion(_ text: String, w: Double, h: Double, hyphenate: Bool) -> (lines: [String], size: Double)? {
        // The words' own widths, in em (the wrapped lines hold every word, or its pieces and their hyphens,
        // and a space between any two words that stay on one line), and how many words there are.
        let split = TextMetrics.words(text)
        var wordsEm = 0.0
        for word in split { for s in word.unicodeScalars { wordsEm += TextMetrics.width(s, bold: false) } }
        let wordCount = split.count
        for size in questionSizes {
            let pt = size / 25.4 * 72
            // No n lines of width a hold a text wider than n·a once the n − 1 spaces at the breaks are gone:
            // most sizes are ruled out without wrapping.
            let whole = TextMetrics.measure(Substring(text), pt: pt)
            let space = TextMetrics.measure(" ", pt: pt)
            let wordsWidth = wordsEm * FlowLayout.mm(pt: pt) * TextMetrics.safety
            for n in 1...4 {
                let b = Double(n) * size * 1.15
                let a = w * (1 - b / h) - 0.6
                guard a > 0 else { break }
                if !hyphenate && whole - Double(n - 1) * space > Double(n) * a { continue }
                // Nor, dividing words or not, a text whose words and the spaces that n lines must keep between
                // them are wider (with a margin for the sums' rounding): no wrapping, hyphenated or not.
                let least = wordsWidth + Double(max(0, wordCount - n)) * space
                if least > Double(n) * a * (1 + 1e-9) + 1e-9 { continue }
                let lines = TextMetrics.wrap(text, width: a, pt: pt, hyphenate: hyphenate)
                if lines.count <= n && lines.allSatisfy({ TextMetrics.measure(Substring($0), pt: pt) <= a }) {
                    return (lines, size)
                }
            }
        }
        return nil
    }

    /// Whole words where they fit; with `hyphenating`, words divided between syllables where they do not.
    static func fitQuestion(_ text: String, w: Double, h: Double, hyphenating: Bool) -> (lines: [String], size: Double)? {
        fitQuestion(text, w: w, h: h) ?? (hyphenating ? fitQuestion(text, w: w, h: h, hyphenate: true) : nil)
    }

    package private(set) var overflows: [Overflow] = []

    // MARK: Constants

    /// The printable area of an A4-landscape page with 10 mm margins, less a little slack so that
    /// rounding never spills onto an extra sheet.
    static let pageWidth = 277.0
    static let pageHeight = 190.0
    package static let usableHeight = 188.0
    static let bodyPt = 8.5
    static let headerPt = 8.0
    static let lineHeight = 1.25
    static let padX = 1.4
    static let padY = 1.2
    /// A connector strip: a pentagon and room for the jogs of four lines side by side, 2 mm apart.
    static let stripHeight = 15.0
    /// The row of "No", "Kegiatan", "Pelaksana", … above the actors' names.
    static let headerTopHeight = 6.0
    /// Extra height under a symbol that holds a small "Selesai" capsule.
    static let endStripHeight = 9.0
    static let arrowRoom = 5.0
    static let laneGap = 2.0
    /// The least distance between two parallel lines of different arrows that run side by side.
    package static let minLineGap = 2.0
    static let labelSize = 2.4
    package static let fontSizes = [8.5, 7.5, 6.5, 5.5]
    /// The tallest the actors' header row grows to fit their names (under "Pelaksana").
    static let maxHeaderBottom = 30.0
    /// The tallest the time totals stand under the last table (about eleven lines); taller ones go on sheets
    /// of their own.
    static let maxTotalsUnderTable = 48.0
    /// The least room for rows that a page keeps under the title and header.
    static let minRowRoom = 20.0

    package static func mm(pt: Double) -> Double { pt * 25.4 / 72 }
    static func lineMM(_ pt: Double) -> Double { mm(pt: pt) * lineHeight }

    // MARK: Columns

    /// Column widths: No, Kegiatan, one per actor, Kelengkapan, Waktu, Output, Ket. The text columns share
    /// what the actors leave in the Permenpan form's proportions (23 : 19 : 11 : 18 : 28).
    package struct Columns {
        package let actorCount: Int
        let widths: [Double]
        let left: [Double]

        init(actorCount n: Int) {
            actorCount = n
            let number = 8.0
            let actor: Double = n == 1 ? 36 : n == 2 ? 32 : n <= 7 ? min(30, max(16, 110 / Double(n))) : max(12, 150 / Double(n))
            let rest = FlowLayout.pageWidth - number - actor * Double(n)
            let shares = [23.0, 19, 11, 18, 28]
            let total = shares.reduce(0, +)
            var w = [number, rest * shares[0] / total]
            w += Array(repeating: actor, count: n)
            w += shares.dropFirst().map { rest * $0 / total }
            widths = w
            var x = [0.0]
            for v in w { x.append(x.last! + v) }
            left = x
        }

        var count: Int { widths.count }
        package var actorWidth: Double { widths[2] }
        package var actorLeft: Double { left[2] }
        package var actorRight: Double { left[2 + actorCount] }
        func actorCentre(_ c: Int) -> Double { left[2 + c] + widths[2 + c] / 2 }
        /// Index of a text column.
        var kegiatan: Int { 1 }
        var kelengkapan: Int { 2 + actorCount }
        var waktu: Int { 3 + actorCount }
        var output: Int { 4 + actorCount }
        var ket: Int { 5 + actorCount }
        package var total: Double { left.last! }
    }

    // MARK: Symbols

    package struct SymbolSize {
        let box: (w: Double, h: Double)
        let capsule: (w: Double, h: Double)
        let diamond: (w: Double, h: Double)
        let mini: (w: Double, h: Double)

        init(columnWidth cw: Double, diamondHeight: Double = 10) {
            let w = min(15, max(8, cw - 9))
            box = (w, 7)
            capsule = (w, 6.5)
            diamond = (min(w + 2, cw - 5, 15), diamondHeight)
            mini = (min(12, cw * 0.72), 5)
        }

        func of(_ symbol: FormSymbol) -> (w: Double, h: Double) {
            switch symbol {
            case .start, .end: capsule
            case .process: box
            case .decision: diamond
            }
        }

        var widest: Double { max(box.w, capsule.w, diamond.w) }
    }

    // MARK: Edges

    /// One arrow leaving a row.
    package struct Edge {
        enum Kind {
            /// To the following row: bottom to top.
            case down
            /// To any other row: side, lane, side.
            case side(Int)
            /// To `end` from a row that is not a terminator: a small capsule under the symbol …
            case endBelow
            /// … or beside it, when the bottom already leads to the following row.
            case endSide
        }

        var from: Int
        var kind: Kind
        var label: String?
    }

    static func edges(of table: FormTable) -> [[Edge]] {
        var all: [[Edge]] = []
        all.reserveCapacity(table.rows.count)
        // By index, reading only the fields needed: a copy of each row would retain every text of it.
        for i in table.rows.indices {
            // (``FormTable/targets(of:)`` read in place: no array of the targets, nor of the labelled pairs.)
            let nodes = table.graph.targets[i]
            let first = table.target(nodes[0])
            let decision = table.rows[i].step.isDecision
            let second = decision ? table.target(nodes[1]) : first
            let one = !decision || first == second
            let hasDown = first == .row(i + 1) || (!one && second == .row(i + 1))
            let symbol = table.rows[i].symbol
            var edges: [Edge] = []
            edges.reserveCapacity(one ? 1 : 2)
            func add(_ target: FormTarget, _ label: String?) {
                switch target {
                case .row(let t) where t == i + 1:
                    edges.append(Edge(from: i, kind: .down, label: label))
                case .row(let t):
                    edges.append(Edge(from: i, kind: .side(t), label: label))
                case .end:
                    // A terminator row ends the flow by itself.
                    if symbol == .start || symbol == .end { return }
                    edges.append(Edge(from: i, kind: hasDown ? .endSide : .endBelow, label: label))
                }
            }
            if !decision {
                add(first, nil)
            } else if one {
                add(first, "Ya / Tidak")
            } else {
                add(first, "Ya")
                add(second, "Tidak")
            }
            all.append(edges)
        }
        return all
    }

    // MARK: Sizes

    package let size: SymbolSize
    package let edges: [[Edge]]
    package let rowHeights: [Double]
    let rowFonts: [Double]

    /// - Parameter routing: false to stop once the rows are measured and paged (``overflows`` and the page
    ///   plan are known then), without placing symbols and lines: what `form-overflow` needs.
    package init(_ table: FormTable, timing: FormTiming, routing: Bool = true) {
        self.table = table
        let n = max(1, table.columns.count)
        let columns = Columns(actorCount: n)
        self.columns = columns
        // Diamonds grow, all alike, to hold the longest question inside them.
        let plain = SymbolSize(columnWidth: columns.actorWidth)
        let asked = table.rows.indices.compactMap { i in table.rows[i].step.decision.map { (i, $0.value) } }
        // The lowest diamond that holds every question in whole words; when no diamond up to
        // ``maxDiamondHeight`` does, the lowest that holds them with long words divided between syllables.
        // With the height, how each question fits there when every one does (else nil): the same fit the
        // questions are then set in, not computed again.
        func lowest(hyphenating: Bool) -> (height: Double, fits: [(lines: [String], size: Double)]?) {
            var height = plain.diamond.h
            while height < Self.maxDiamondHeight {
                var fits: [(lines: [String], size: Double)] = []
                for (_, text) in asked {
                    guard let fit = Self.fitQuestion(text, w: plain.diamond.w, h: height, hyphenating: hyphenating) else {
                        break
                    }
                    fits.append(fit)
                }
                if fits.count == asked.count { return (height, fits) }
                height += 1
            }
            return (height, nil)
        }
        var (diamondHeight, fits) = lowest(hyphenating: false)
        let hyphenating =
            fits == nil && asked.contains(where: { Self.fitQuestion($0.1, w: plain.diamond.w, h: diamondHeight) == nil })
        if hyphenating { (diamondHeight, fits) = lowest(hyphenating: true) }
        let symbols = SymbolSize(columnWidth: columns.actorWidth, diamondHeight: diamondHeight)
        size = symbols
        var questions: [Int: (lines: [String], size: Double)] = [:]
        var unfit: [Int] = []
        for (k, (i, text)) in asked.enumerated() {
            // (The diamond's width does not depend on its height: `fits` were found at this size.)
            if let fit = fits?[k]
                ?? Self.fitQuestion(text, w: symbols.diamond.w, h: symbols.diamond.h, hyphenating: hyphenating)
            {
                questions[i] = fit
            } else {
                // Set in the smallest type over four lines, and reported (`form-overflow`).
                unfit.append(i)
                let type = Self.questionSizes.last!
                let a = max(1, symbols.diamond.w * (1 - 4 * type * 1.15 / symbols.diamond.h) - 0.6)
                questions[i] = (Array(TextMetrics.wrap(text, width: a, pt: type / 25.4 * 72).prefix(4)), type)
            }
        }
        self.questions = questions
        edges = Self.edges(of: table)

        titleHeight = Self.titleHeight(of: table.sop.name)
        headerTop = Self.headerTopHeight
        var overflows: [Overflow] = []
        let header = Self.header(table.columns.map(\.name), columns: columns)
        actorHeaderPt = header.fonts
        headerNeeded = header.needed
        headerBottom = header.bottom
        for (c, h) in header.needed.enumerated() where h > headerBottom + 0.01 { overflows.append(.header(c)) }
        overflows += unfit.map { .question($0) }
        let totals = Self.totalsLines(timing, calendar: table.calendar)
        self.totals = totals
        let totalsLineHeights = totals.map {
            Double(TextMetrics.lines($0.label + " " + $0.value, width: Self.pageWidth, pt: 9, bold: true)) * Self.lineMM(9)
        }
        let underTable = totalsLineHeights.reduce(0, +) + 3.5
        if underTable <= Self.maxTotalsUnderTable {
            totalsHeight = underTable
        } else {
            // Sheets of their own: as many lines as fit under the title, the rest on the next sheet.
            totalsHeight = 0
            let room = Self.usableHeight - titleHeight - 3.5
            var sheets: [Range<Int>] = []
            var start = 0
            var used = 0.0
            for (i, h) in totalsLineHeights.enumerated() {
                if used + h > room && i > start {
                    sheets.append(start..<i)
                    start = i
                    used = 0
                }
                used += h
            }
            sheets.append(start..<totals.count)
            totalsSheets = sheets
        }

        // The smallest space any page offers to rows: a middle page with both strips, or the last page
        // with the totals; a row never needs more.
        let capacity = Self.rowCapacity(fixed: titleHeight + headerTop + headerBottom, totalsHeight: totalsHeight)
        if capacity < Self.minRowRoom { overflows.append(.title) }
        let room = max(capacity, Self.minRowRoom)
        var heights: [Double] = []
        var fonts: [Double] = []
        let firstTry = Self.rowHeights(table.rows, edges: edges, pt: Self.fontSizes[0], columns: columns, size: size)
        for i in table.rows.indices {
            var chosen: (Double, Double)?
            for pt in Self.fontSizes {
                let (h, tallest) =
                    pt == Self.fontSizes[0]
                    ? firstTry[i] : Self.rowHeight(table.rows, i, edges: edges[i], pt: pt, columns: columns, size: size)
                if h <= capacity || pt == Self.fontSizes.last! {
                    if h > room { overflows.append(.row(i, column: Self.columnName(tallest, columns: columns))) }
                    chosen = (min(h, room), pt)
                    break
                }
            }
            heights.append(chosen!.0)
            fonts.append(chosen!.1)
        }
        rowHeights = heights
        rowFonts = fonts
        self.overflows = overflows
        pages = plan()
        if routing { route() }
    }

    /// The lines of the time totals: "Jumlah waktu (jalur utama):" and the main path's time, then for each
    /// correction loop "Tambahan satu putaran koreksi (langkah 10 → 8):" and one round's time.
    package static func totalsLines(_ timing: FormTiming, calendar: WorkCalendar) -> [(label: String, value: String)] {
        var lines = [("Jumlah waktu (jalur utama):", FormText.duration(low: timing.low, high: timing.high, on: calendar))]
        for loop in timing.loops {
            let rows = ([loop.decision] + loop.away + [loop.target]).map { "\($0 + 1)" }.joined(separator: " → ")
            lines.append(
                (
                    "Tambahan satu putaran koreksi (langkah \(rows)):",
                    FormText.duration(low: loop.low, high: loop.high, on: calendar)
                ))
        }
        return lines
    }

    /// The form's name of a column.
    static func columnName(_ column: Int, columns: Columns) -> String {
        switch column {
        case 0: "No"
        case columns.kegiatan: "Kegiatan"
        case columns.kelengkapan: "Kelengkapan"
        case columns.waktu: "Waktu"
        case columns.output: "Output"
        case columns.ket: "Ket"
        default: "Pelaksana"
        }
    }

    /// ``rowHeight(_:_:edges:pt:columns:size:)`` of every row in the same type size; a long table's rows are
    /// measured on all cores, in chunks of consecutive rows.
    package static func rowHeights(
        _ rows: [FormRow], edges: [[Edge]], pt: Double, columns: Columns, size: SymbolSize, chunk: Int = 256
    ) -> [(Double, Int)] {
        guard rows.count > 2 * chunk else {
            return rows.indices.map { rowHeight(rows, $0, edges: edges[$0], pt: pt, columns: columns, size: size) }
        }
        let chunks = (rows.count + chunk - 1) / chunk
        let slots = ResultSlots<[(Double, Int)]>(count: chunks)
        Cores.perform(iterations: chunks) { c in
            let range = c * chunk..<min(rows.count, (c + 1) * chunk)
            slots[c] = range.map { rowHeight(rows, $0, edges: edges[$0], pt: pt, columns: columns, size: size) }
        }
        return (0..<chunks).flatMap { slots[$0]! }
    }

    /// The title's height: "PROSEDUR (SOP) <name>" on the left, number and page on the right.
    static func titleHeight(of name: String) -> Double {
        let lines = TextMetrics.lines("PROSEDUR (SOP) " + name.uppercased(), width: pageWidth - 95, pt: 10, bold: true)
        return Double(lines) * lineMM(10) + 2.5
    }

    /// The actors' header row: it grows to fit the longest actor name, in smaller type where a word of the
    /// name would not fit the narrow column; up to ``maxHeaderBottom``, past which the name is cut off.
    /// Returns each name's type size and the height it needs, and the bottom of the header row.
    static func header(_ names: [String], columns: Columns) -> Header {
        setHeaders.value(for: HeaderKey(names: names, actorCount: columns.actorCount)) { setHeader(names, columns: columns) }
    }

    typealias Header = (fonts: [Double], needed: [Double], bottom: Double)

    /// The actors' names and the columns they are set in (each width follows from the number of actors).
    struct HeaderKey: Hashable, Sendable {
        let names: [String]
        let actorCount: Int
    }

    /// ``header(_:columns:)`` itself.
    static func setHeader(_ names: [String], columns: Columns) -> Header {
        var second = 1
        var fonts: [Double] = []
        var needed: [Double] = []
        for name in names {
            var pt = headerPt
            let longest = name.split(separator: " ").map { TextMetrics.measure($0, pt: 1, bold: true) }.max() ?? 0
            while pt > 5.5 && longest * pt > columns.actorWidth - 2 * 0.8 { pt -= 0.5 }
            fonts.append(pt)
            let lines = TextMetrics.lines(name, width: columns.actorWidth - 2 * 0.8, pt: pt, bold: true)
            needed.append(Double(lines) * lineMM(pt) + 2 * 1.0)
            second = max(second, Int((Double(lines) * lineMM(pt) / lineMM(headerPt)).rounded(.up)))
        }
        for (text, col) in [("Kelengkapan", columns.kelengkapan), ("Waktu", columns.waktu), ("Output", columns.output)] {
            second = max(second, TextMetrics.lines(text, width: columns.widths[col] - 2 * 0.8, pt: headerPt, bold: true))
        }
        return (fonts, needed, min(maxHeaderBottom, max(6.0, Double(second) * lineMM(headerPt) + 2 * 1.0)))
    }

    /// A row's height at a type size, and the column whose text is the tallest.
    /// (Row `i` of `rows`, read in place: a copy of the row would retain each of its texts.)
    static func rowHeight(
        _ rows: [FormRow], _ i: Int, edges: [Edge], pt: Double, columns: Columns, size: SymbolSize
    ) -> (Double, Int) {
        var lines = 1
        var tallest = columns.kegiatan
        // Column by column, in the form's order (no array of the row's texts: every row of every SOP is
        // measured on each `sopc check`).
        func measure(_ text: String, _ col: Int) {
            guard !text.isEmpty else { return }
            let n = TextMetrics.lines(text, width: columns.widths[col] - 2 * padX, pt: pt)
            if n > lines {
                lines = n
                tallest = col
            }
        }
        measure(String(rows[i].number), 0)
        measure(rows[i].activity, columns.kegiatan)
        measure(rows[i].requirements, columns.kelengkapan)
        measure(rows[i].time, columns.waktu)
        measure(rows[i].output, columns.output)
        measure(rows[i].remarks, columns.ket)
        let endCapsule = edges.contains(where: {
            if case .endBelow = $0.kind { true } else if case .endSide = $0.kind { true } else { false }
        })
        let symbol = symbolHeight(size.of(rows[i].symbol).h, endCapsule: endCapsule)
        return ((max(textHeight(lines: Double(lines), pt: pt), symbol, minRowHeight) * 2).rounded(.up) / 2, tallest)
    }

    /// The height of a row's texts: `lines` lines at `pt` points and the cell's padding.
    static func textHeight(lines: Double, pt: Double) -> Double { lines * lineMM(pt) + 2 * padY + 0.6 }

    /// The height of a row's symbol `h` high with the arrows' room above and below it, and the small "Selesai"
    /// capsule under it when the row ends the flow without being a terminator.
    static func symbolHeight(_ h: Double, endCapsule: Bool) -> Double {
        var height = h + 2 * arrowRoom
        if endCapsule { height += endStripHeight }
        return height
    }

    /// The least height of a row.
    static let minRowHeight = 14.0

    /// The smallest space any page offers to rows under a title and header `fixed` high: a middle page with
    /// both connector strips, or the last page with time totals `totalsHeight` high.
    static func rowCapacity(fixed: Double, totalsHeight: Double) -> Double {
        usableHeight - fixed - stripHeight - max(stripHeight, totalsHeight) - 1
    }

    // MARK: Page plan

    /// Rows per page: as many as fit under the header, with room kept for the connector strips and, on
    /// the last page, the time totals. Rows are never split.
    /// The height a page offers to rows: under the title and header, less the connector strip at the top
    /// (pages after the first) and the one at the bottom or, on the last page, the time totals.
    package func rowRoom(first: Bool, last: Bool) -> Double {
        let fixed = titleHeight + headerTop + headerBottom
        return Self.usableHeight - fixed - (first ? 0 : Self.stripHeight) - (last ? totalsHeight : Self.stripHeight) - 1
    }

    private func plan() -> [Page] {
        func room(first: Bool, last: Bool) -> Double { rowRoom(first: first, last: last) }
        // Greedy: fill a page; when the rest fits on it, it is the last page and must hold the totals too,
        // else its last row moves on to a new page.
        var groups: [[Int]] = []
        var start = 0
        let count = table.rows.count
        while start < count {
            let first = groups.isEmpty
            var end = start
            var used = 0.0
            while end < count && (end == start || used + rowHeights[end] <= room(first: first, last: false)) {
                used += rowHeights[end]
                end += 1
            }
            if end == count && used > room(first: first, last: true) && end - start > 1 {
                end -= 1
            }
            groups.append(Array(start..<end))
            start = end
        }
        // A last page with a single row takes rows from the page before it while they fit, so that it is not
        // three quarters blank: the two pages merge when both fit on one last page; else the row before moves
        // on, as long as the page it leaves keeps a row.
        if groups.count > 1, groups[groups.count - 1].count == 1 {
            let k = groups.count - 1
            let lastRow = groups[k][0]
            let previous = groups[k - 1]
            let height = { (rows: [Int]) in rows.reduce(0.0) { $0 + rowHeights[$1] } }
            if height(previous + [lastRow]) <= room(first: k == 1, last: true) {
                groups[k - 1].append(lastRow)
                groups.removeLast()
            } else if previous.count > 1, rowHeights[previous.last!] + rowHeights[lastRow] <= room(first: false, last: true) {
                groups[k].insert(groups[k - 1].removeLast(), at: 0)
            }
        }
        if groups.isEmpty { groups = [[]] }

        var pages: [Page] = []
        for (p, rows) in groups.enumerated() {
            var page = Page()
            page.isLast = p == groups.count - 1
            var y = headerTop + headerBottom
            if p > 0 {
                page.topStrip = y
                y += Self.stripHeight
            }
            for i in rows {
                let h = rowHeights[i]
                let hasEnd = edges[i].contains {
                    if case .endBelow = $0.kind { true } else if case .endSide = $0.kind { true } else { false }
                }
                let region = h - (hasEnd ? Self.endStripHeight : 0)
                page.rows.append(RowBox(row: i, top: y, height: h, fontPt: rowFonts[i], cy: y + region / 2))
                y += h
            }
            if !page.isLast {
                page.bottomStrip = y
                y += Self.stripHeight
            }
            page.tableHeight = y
            pages.append(page)
        }
        return pages
    }

    // MARK: Routing

    /// Places every shape, line and label on the pages (``Router``, in FormLayout+Routing.swift).
    private mutating func route() {
        var router = Router(self)
        router.run()
        pages = router.pages
    }

    /// The printed width of a branch label.
    package static func labelWidth(_ text: String) -> Double { TextMetrics.measure(Substring(text), pt: labelSize / 25.4 * 72) }
}

/// How many lines a text wraps to in a column, measured with the advance widths of the font the form
/// embeds and prints in (``FormFont``, Liberation Sans), breaking only at spaces (a browser may also break
/// after '-' or '/', which can only save lines) and inside words longer than the line (CSS
/// `overflow-wrap: anywhere`). Kerning, which the browser applies and which only narrows Liberation Sans'
/// pairs, is left out; a 2 % margin covers rounding.
package enum TextMetrics {
    package static let safety = 1.02

    /// A character's advance in em: the font's, or a full em for one it lacks (the browser then draws it
    /// in some other font; `unprintable-text` reports it).
    static func width(_ s: Unicode.Scalar, bold: Bool) -> Double {
        let v = Int(s.value)
        if v < latinCount { return bold ? latinBold[v] : latinRegular[v] }
        if let w = FormFont.advance(s, bold: bold) { return w }
        return FormFont.isInvisible(s) ? 0 : 1.0
    }

    /// The widths of U+0000…U+024F (Latin), looked up once: nearly every character of an Indonesian SOP.
    static let latinCount = 0x250
    static let latinRegular = (0..<latinCount).map { latinWidth($0, bold: false) }
    static let latinBold = (0..<latinCount).map { latinWidth($0, bold: true) }
    static func latinWidth(_ v: Int, bold: Bool) -> Double {
        let s = Unicode.Scalar(UInt32(v))!
        if let w = FormFont.advance(s, bold: bold) { return w }
        return FormFont.isInvisible(s) ? 0 : 1.0
    }

    /// The width of a text in millimetres.
    package static func measure(_ text: Substring, pt: Double, bold: Bool = false) -> Double {
        var em = 0.0
        for s in text.unicodeScalars { em += width(s, bold: bold) }
        return em * FlowLayout.mm(pt: pt) * safety
    }

    /// The words ``wrap(_:width:pt:hyphenate:)`` sets: the text split at spaces, tabs and line ends.
    static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
    }

    /// The lines a text wraps to, as ``lines(_:width:pt:bold:)`` counts them. A word longer than the line
    /// stays whole (it is the caller's to give room), unless `hyphenate`: then it is divided with a hyphen,
    /// as much of it as fits on the line it starts, the rest on the next. Words are divided between
    /// Indonesian syllables (before a consonant, or one of the pairs `ng`, `ny`, `kh`, `sy`, that a vowel
    /// follows, with two letters at least on each side: "dike-cualikan?"); only a word with no such break
    /// that fits is divided between any two characters.
    package static func wrap(_ text: String, width: Double, pt: Double, hyphenate: Bool = false) -> [String] {
        // Each width is summed scalar by scalar from the line's start, as ``measure(_:pt:bold:)`` sums it: the
        // line's sum is carried on to the candidate rather than summed again, which gives the same number.
        let scale = FlowLayout.mm(pt: pt)
        func mm(_ em: Double) -> Double { em * scale * safety }
        func em(_ text: Substring, from start: Double = 0) -> Double {
            var em = start
            for s in text.unicodeScalars { em += TextMetrics.width(s, bold: false) }
            return em
        }
        let spaceEm = TextMetrics.width(" ", bold: false)
        let words = TextMetrics.words(text)
        var lines: [String] = []
        var line = ""
        var lineEm = 0.0
        for word in words {
            if line.isEmpty && !hyphenate {
                line = String(word)
                lineEm = em(word)
                continue
            }
            let candidateEm = em(word, from: line.isEmpty ? 0 : lineEm + spaceEm)
            if mm(candidateEm) <= width {
                line = line.isEmpty ? String(word) : line + " " + word
                lineEm = candidateEm
                continue
            }
            let wordEm = em(word)
            if !hyphenate || mm(wordEm) <= width {
                lines.append(line)
                line = String(word)
                lineEm = wordEm
                continue
            }
            // Too wide for any line: fill this one, then go on with the rest.
            var rest = word
            var prefix = line.isEmpty ? "" : line + " "
            var prefixEm = line.isEmpty ? 0 : lineEm + spaceEm
            while mm(em(rest, from: prefixEm)) > width {
                let room = width - mm(prefixEm)
                if let cut = hyphenPoint(rest, width: room, pt: pt) {
                    lines.append(prefix + rest[..<cut] + "-")
                    rest = rest[cut...]
                } else if prefix.isEmpty {
                    break  // not one character fits: left whole, for the caller to reject
                } else {
                    lines.append(String(prefix.dropLast()))
                }
                prefix = ""
                prefixEm = 0
            }
            line = prefix + rest
            lineEm = em(rest, from: prefixEm)
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [""] : lines
    }

    /// Where to divide `word` so that its start and a hyphen fit in `width`: the last syllable break that
    /// fits, else the last character that fits; nil when not even the first character and a hyphen fit, or
    /// when the start would be a single letter beside a break at a syllable.
    static func hyphenPoint(_ word: Substring, width: Double, pt: Double) -> String.Index? {
        let hyphen = measure("-", pt: pt)
        let scale = FlowLayout.mm(pt: pt)
        var fits: [String.Index] = []
        // The start's width, a character at a time (the same sums as measuring each start whole).
        var em = 0.0
        var previous = word.startIndex
        var i = word.index(after: word.startIndex)
        while i < word.endIndex {
            for s in word[previous..<i].unicodeScalars { em += TextMetrics.width(s, bold: false) }
            if em * scale * safety + hyphen > width { break }
            fits.append(i)
            previous = i
            i = word.index(after: i)
        }
        return fits.last(where: { syllableBreak(word, before: $0) }) ?? (fits.count >= 2 ? fits.last : nil)
    }

    static let vowels: Set<Character> = ["a", "e", "i", "o", "u", "é", "A", "E", "I", "O", "U", "É"]

    /// Whether two letters are one of the pairs `ng`, `ny`, `kh`, `sy`, in any case.
    static func isPair(_ a: Character, _ b: Character) -> Bool {
        if let x = a.asciiValue, let y = b.asciiValue {
            switch (x | 0x20, y | 0x20) {
            case (0x6E, 0x67), (0x6E, 0x79), (0x6B, 0x68), (0x73, 0x79): return true
            default: return false
            }
        }
        return ["ng", "ny", "kh", "sy"].contains(String([a, b]).lowercased())
    }

    /// Whether an Indonesian word may be divided before `i`: two letters at least on each side, and before a
    /// consonant (or one of the pairs) that a vowel follows.
    package static func syllableBreak(_ word: Substring, before i: String.Index) -> Bool {
        guard i > word.startIndex, i < word.endIndex else { return false }
        let h1 = word.index(before: i)
        guard h1 > word.startIndex else { return false }
        let h0 = word.index(before: h1)
        let t1 = word.index(after: i)
        guard t1 < word.endIndex else { return false }
        let head0 = word[h0]
        let head1 = word[h1]
        let tail0 = word[i]
        let tail1 = word[t1]
        guard head0.isLetter, head1.isLetter, tail0.isLetter, tail1.isLetter else { return false }
        if isPair(tail0, tail1) {
            let t2 = word.index(after: t1)
            return t2 < word.endIndex && vowels.contains(word[t2])
        }
        if isPair(head1, tail0) { return false }
        return !vowels.contains(tail0) && vowels.contains(tail1)
    }

    /// How many lines `text` takes in a column `width` millimetres wide at `pt` points: words kept whole on
    /// a line where they fit, a word longer than the line broken anywhere.
    ///
    /// One pass over the text's characters, measuring each word as it ends, with nothing allocated: the
    /// form check lays out every row of every SOP on each `sopc check`.
    package static func lines(_ text: String, width: Double, pt: Double, bold: Bool = false) -> Int {
        let scale = FlowLayout.mm(pt: pt)
        let space = measure(" ", pt: pt, bold: bold)
        var lines = 1
        var used = 0.0
        var em = 0.0
        var inWord = false
        /// At a separator or the end: the word read so far, if any, goes on the line or the next one.
        func endWord() {
            guard inWord else { return }
            inWord = false
            var w = em * scale * safety
            em = 0
            if used > 0 && used + space + w <= width {
                used += space + w
                return
            }
            if used > 0 {
                lines += 1
                used = 0
            }
            // A word longer than the line breaks anywhere.
            while w > width, width > 0 {
                lines += 1
                w -= width
            }
            used = w
        }
        let table = bold ? latinBold : latinRegular
        // ASCII, byte by byte, in one pass over the stored bytes: each byte a character, except CR LF, which
        // is one character (and not a separator, as it is none of the four). At the first byte beyond ASCII
        // the text is measured again from its start, character by character.
        let ascii: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b >= 0x80 { return false }
                if b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A {
                    em += table[0x0D] + table[0x0A]
                    inWord = true
                    i += 2
                    continue
                }
                if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                    endWord()
                } else {
                    em += table[Int(b)]
                    inWord = true
                }
                i += 1
            }
            return true
        }
        if ascii != true {
            lines = 1
            used = 0
            em = 0
            inWord = false
            for c in text {
                if c == " " || c == "\n" || c == "\t" || c == "\r" {
                    endWord()
                } else {
                    for s in c.unicodeScalars { em += TextMetrics.width(s, bold: bold) }
                    inWord = true
                }
            }
        }
        endWord()
        return lines
    }
}
