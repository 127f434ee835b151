import SOPSystem
import SOPDiagnostics
import SOPFrontEnd
import SOPChecks
import SOPMachine

/// The geometry of the printed flowchart (Bagian Flowchart), in millimetres on an A4-landscape page:
/// columns, row heights, the page plan, and every shape, line and label of the flowchart, worked out
/// before any text is written. `HTMLForm` turns it into HTML and SVG.
///
/// Layout rules (README "The printed form"):
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
        var text: String? = nil
    }

    package struct Line {
        package var points: [Point]
        var arrow: Bool
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
    package let totalsHeight: Double
    /// Type size of each actor's name in the header.
    let actorHeaderPt: [Double]
    package private(set) var pages: [Page] = []

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
    static let stripHeight = 11.0
    /// Extra height under a symbol that holds a small "Selesai" capsule.
    static let endStripHeight = 9.0
    static let arrowRoom = 5.0
    static let laneGap = 1.1
    static let labelSize = 2.4
    static let fontSizes = [8.5, 7.5, 6.5, 5.5]

    static func mm(pt: Double) -> Double { pt * 25.4 / 72 }
    static func lineMM(_ pt: Double) -> Double { mm(pt: pt) * lineHeight }

    // MARK: Columns

    /// Column widths: No, Kegiatan, one per actor, Kelengkapan, Waktu, Output, Ket. The text columns share
    /// what the actors leave in DOMAIN.md's proportions (23 : 19 : 11 : 18 : 28).
    package struct Columns {
        let actorCount: Int
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
        var actorWidth: Double { widths[2] }
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

    struct SymbolSize {
        let box: (w: Double, h: Double)
        let capsule: (w: Double, h: Double)
        let diamond: (w: Double, h: Double)
        let mini: (w: Double, h: Double)

        init(columnWidth cw: Double) {
            let w = min(15, max(8, cw - 9))
            box = (w, 7)
            capsule = (w, 6.5)
            diamond = (min(w + 2, cw - 5, 15), 10)
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
    struct Edge {
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
        for (i, row) in table.rows.enumerated() {
            let targets = table.targets(of: i)
            var pairs: [(FormTarget, String?)]
            if row.step.isDecision {
                pairs = targets[0] == targets[1] ? [(targets[0], "Ya / Tidak")] : [(targets[0], "Ya"), (targets[1], "Tidak")]
            } else {
                pairs = [(targets[0], nil)]
            }
            var edges: [Edge] = []
            let hasDown = pairs.contains { $0.0 == .row(i + 1) }
            for (target, label) in pairs {
                switch target {
                case .row(let t) where t == i + 1:
                    edges.append(Edge(from: i, kind: .down, label: label))
                case .row(let t):
                    edges.append(Edge(from: i, kind: .side(t), label: label))
                case .end:
                    // A terminator row ends the flow by itself.
                    if row.symbol == .start || row.symbol == .end { continue }
                    edges.append(Edge(from: i, kind: hasDown ? .endSide : .endBelow, label: label))
                }
            }
            all.append(edges)
        }
        return all
    }

    // MARK: Sizes

    let size: SymbolSize
    let edges: [[Edge]]
    let rowHeights: [Double]
    let rowFonts: [Double]

    package init(_ table: FormTable, timing: FormTiming) {
        self.table = table
        let n = max(1, table.columns.count)
        let columns = Columns(actorCount: n)
        self.columns = columns
        size = SymbolSize(columnWidth: columns.actorWidth)
        edges = Self.edges(of: table)

        // Title: "PROSEDUR (SOP) <name>" on the left, number and page on the right.
        let titleLines = TextMetrics.lines("PROSEDUR (SOP) " + table.sop.name.uppercased(), width: Self.pageWidth - 95, pt: 10, bold: true)
        titleHeight = Double(titleLines) * Self.lineMM(10) + 2.5
        headerTop = 6.0
        var second = 1
        var headerFonts: [Double] = []
        for c in 0..<table.columns.count {
            // Smaller type where a word of the name would not fit the narrow column.
            let name = table.columns[c].name
            var pt = Self.headerPt
            let longest = name.split(separator: " ").map { TextMetrics.measure($0, pt: 1, bold: true) }.max() ?? 0
            while pt > 5.5 && longest * pt > columns.actorWidth - 2 * 0.8 { pt -= 0.5 }
            headerFonts.append(pt)
            let lines = TextMetrics.lines(name, width: columns.actorWidth - 2 * 0.8, pt: pt, bold: true)
            second = max(second, Int((Double(lines) * Self.lineMM(pt) / Self.lineMM(Self.headerPt)).rounded(.up)))
        }
        actorHeaderPt = headerFonts
        for (text, col) in [("Kelengkapan", columns.kelengkapan), ("Waktu", columns.waktu), ("Output", columns.output)] {
            second = max(second, TextMetrics.lines(text, width: columns.widths[col] - 2 * 0.8, pt: Self.headerPt, bold: true))
        }
        headerBottom = max(6.0, Double(second) * Self.lineMM(Self.headerPt) + 2 * 1.0)
        totalsHeight = Double(1 + timing.loops.count) * Self.lineMM(9) + 3.5

        // The smallest space any page offers to rows: a middle page with both strips, or the last page
        // with the totals; a row never needs more.
        let fixed = titleHeight + headerTop + headerBottom
        let capacity = Self.usableHeight - fixed - Self.stripHeight - max(Self.stripHeight, totalsHeight) - 1
        var heights: [Double] = []
        var fonts: [Double] = []
        for (i, row) in table.rows.enumerated() {
            var chosen: (Double, Double)?
            for pt in Self.fontSizes {
                let h = Self.rowHeight(row, edges: edges[i], pt: pt, columns: columns, size: size)
                if h <= capacity || pt == Self.fontSizes.last! {
                    chosen = (min(h, max(capacity, 20)), pt)
                    break
                }
            }
            heights.append(chosen!.0)
            fonts.append(chosen!.1)
        }
        rowHeights = heights
        rowFonts = fonts
        pages = plan()
        route()
    }

    static func rowHeight(_ row: FormRow, edges: [Edge], pt: Double, columns: Columns, size: SymbolSize) -> Double {
        let texts: [(String, Int)] = [
            ("\(row.number)", 0), (row.activity, columns.kegiatan), (row.requirements, columns.kelengkapan),
            (row.time, columns.waktu), (row.output, columns.output), (row.remarks, columns.ket),
        ]
        var lines = 1
        for (text, col) in texts where !text.isEmpty {
            lines = max(lines, TextMetrics.lines(text, width: columns.widths[col] - 2 * padX, pt: pt))
        }
        let textHeight = Double(lines) * lineMM(pt) + 2 * padY + 0.6
        var symbolHeight = size.of(row.symbol).h + 2 * arrowRoom
        if edges.contains(where: { if case .endBelow = $0.kind { true } else if case .endSide = $0.kind { true } else { false } }) {
            symbolHeight += endStripHeight
        }
        return (max(textHeight, symbolHeight, 14) * 2).rounded(.up) / 2
    }

    // MARK: Page plan

    /// Rows per page: as many as fit under the header, with room kept for the connector strips and, on
    /// the last page, the time totals. Rows are never split.
    private func plan() -> [Page] {
        let fixed = titleHeight + headerTop + headerBottom
        func room(first: Bool, last: Bool) -> Double {
            Self.usableHeight - fixed - (first ? 0 : Self.stripHeight) - (last ? totalsHeight : Self.stripHeight) - 1
        }
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
                let hasEnd = edges[i].contains { if case .endBelow = $0.kind { true } else if case .endSide = $0.kind { true } else { false } }
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

    enum Side: Int {
        case left = 0, right = 1
    }

    private struct Placed {
        var page: Int
        var box: RowBox
        var cx: Double
        var w: Double
        var h: Double
        var symbol: FormSymbol
        var top: Double { box.cy - h / 2 }
        var bottom: Double { box.cy + h / 2 }
    }

    /// A side route (or the side branch to a small end capsule) and what the router decided for it.
    private struct Route {
        var edge: Edge
        var from: Int
        var to: Int?
        var lane: Double = 0
        var channel = 0
        var slot = 0
        var exitSide: Side = .right
        var entrySide: Side = .left
        var exitDY = 0.0
        var entryDY = 0.0
        var letter: String?
    }

    /// A lane slot: a channel at a column edge (0 = left edge of the actor area … n = right edge).
    private func slots() -> [(channel: Int, slot: Int, x: Double)] {
        let n = columns.actorCount
        let cw = columns.actorWidth
        let slack = (cw - size.widest) / 2 - 0.5
        var out: [(Int, Int, Double)] = []
        for b in 0...n {
            let x0 = columns.actorLeft + Double(b) * cw
            if b == 0 || b == n {
                var k = 0
                while 1.0 + Double(k) * Self.laneGap <= slack + 0.001 {
                    let d = 1.0 + Double(k) * Self.laneGap
                    out.append((b, k, b == 0 ? x0 + d : x0 - d))
                    k += 1
                }
                if k == 0 { out.append((b, 0, b == 0 ? x0 + 0.6 : x0 - 0.6)) }
            } else if slack < 0.9 {
                out.append((b, 0, x0 + 0.5))
            } else {
                // Never on the grid line itself: pairs of slots either side of it.
                var k = 0
                while 0.9 + Double(k) * Self.laneGap <= slack + 0.001 {
                    let d = 0.9 + Double(k) * Self.laneGap
                    out.append((b, 2 * k, x0 + d))
                    out.append((b, 2 * k + 1, x0 - d))
                    k += 1
                }
            }
        }
        return out
    }

    private mutating func route() {
        let n = columns.actorCount
        var placed: [Placed] = []
        var pageOf: [Int] = Array(repeating: 0, count: table.rows.count)
        for (p, page) in pages.enumerated() {
            for box in page.rows {
                pageOf[box.row] = p
                let row = table.rows[box.row]
                let s = size.of(row.symbol)
                placed.append(Placed(page: p, box: box, cx: columns.actorCentre(min(row.symbolColumn, n - 1)), w: s.w, h: s.h, symbol: row.symbol))
            }
        }
        placed.sort { $0.box.row < $1.box.row }

        // Symbols and co-actor marks.
        for pl in placed {
            let row = table.rows[pl.box.row]
            let kind: ShapeKind = row.symbol == .decision ? .diamond : (row.symbol == .process ? .box : .capsule)
            pages[pl.page].shapes.append(Shape(kind: kind, cx: pl.cx, cy: pl.box.cy, w: pl.w, h: pl.h))
            let others = Set(row.actorColumns.filter { $0 != row.symbolColumn && $0 < n }).sorted()
            let mw = pl.w * 0.62, mh = pl.h * 0.62
            for side in [Side.left, .right] {
                let cols = side == .left ? others.filter { $0 < row.symbolColumn }.reversed() : others.filter { $0 > row.symbolColumn }
                var x = pl.cx + (side == .left ? -1 : 1) * pl.w / 2
                for c in cols {
                    let mx = columns.actorCentre(c)
                    pages[pl.page].shapes.append(Shape(kind: kind, cx: mx, cy: pl.box.cy, w: mw, h: mh, dashed: true))
                    let near = mx + (side == .left ? 1 : -1) * mw / 2
                    pages[pl.page].lines.append(Line(points: [Point(x: x, y: pl.box.cy), Point(x: near, y: pl.box.cy)], arrow: false, dashed: true))
                    x = mx + (side == .left ? -1 : 1) * mw / 2
                }
            }
        }

        // Lane reservations: page → channel → slot → y intervals; whole channels blocked by end capsules.
        var reserved: [Int: [Int: [Int: [(Double, Double)]]]] = [:]
        // Areas no lane may run through (the small end capsules and the lines to them): page → rectangles.
        var blocked: [Int: [(x0: Double, x1: Double, y0: Double, y1: Double)]] = [:]
        var letters = 0
        func nextLetter() -> String {
            var k = letters
            letters += 1
            var s = ""
            repeat {
                s = String(UnicodeScalar(UInt8(65 + k % 26))) + s
                k = k / 26 - 1
            } while k >= 0
            return s
        }

        // Ports used on each side of each row: (row, side) → uses, in order.
        var routes: [Route] = []
        var exitSides: [Int: Set<Int>] = [:]
        let allSlots = slots()

        // End capsules first (they block lanes), then side routes in row order.
        var miniCapsules: [(row: Int, cx: Double, cy: Double, w: Double, edge: Edge, side: Side?)] = []
        for pl in placed {
            for edge in edges[pl.box.row] {
                let capCy = pl.box.top + pl.box.height - Self.endStripHeight / 2
                switch edge.kind {
                case .endBelow:
                    miniCapsules.append((pl.box.row, pl.cx, capCy, size.mini.w, edge, nil))
                    blocked[pl.page, default: []].append((pl.cx - size.mini.w / 2, pl.cx + size.mini.w / 2, pl.bottom, capCy + size.mini.h / 2))
                case .endSide:
                    let col = min(table.rows[pl.box.row].symbolColumn, n - 1)
                    let coActors = Set(table.rows[pl.box.row].actorColumns)
                    var side: Side = col < n - 1 ? .right : .left
                    if col < n - 1, col > 0, coActors.contains(col + 1), !coActors.contains(col - 1) { side = .left }
                    var x: Double
                    var w = size.mini.w
                    if n == 1 {
                        x = pl.cx + columns.actorWidth * 0.28
                        w = min(w, columns.actorWidth * 0.4)
                        side = .right
                    } else {
                        x = columns.actorLeft + Double(side == .right ? col + 1 : col) * columns.actorWidth
                    }
                    miniCapsules.append((pl.box.row, x, capCy, w, edge, side))
                    blocked[pl.page, default: []].append((x - w / 2, x + w / 2, pl.top, capCy + size.mini.h / 2))
                    exitSides[pl.box.row, default: []].insert(side.rawValue)
                default:
                    break
                }
            }
        }

        // Lines already fixed, per page, so that a lane can avoid crossing them.
        var fixedSegments: [Int: [(Point, Point)]] = [:]
        func add(_ page: Int, _ pts: [Point]) {
            for (a, b) in zip(pts, pts.dropFirst()) { fixedSegments[page, default: []].append((a, b)) }
        }
        for pl in placed {
            for edge in edges[pl.box.row] {
                guard case .down = edge.kind else { continue }
                let tg = placed[pl.box.row + 1]
                if tg.page == pl.page {
                    add(pl.page, Self.downPoints(pl, tg))
                } else {
                    add(pl.page, [Point(x: pl.cx, y: pl.bottom), Point(x: pl.cx, y: pages[pl.page].bottomStrip! + 4)])
                    add(tg.page, [Point(x: tg.cx, y: pages[tg.page].topStrip! + 7), Point(x: tg.cx, y: tg.top)])
                }
            }
        }
        for mc in miniCapsules {
            let pl = placed[mc.row]
            add(pl.page, [Point(x: pl.cx, y: pl.box.cy), Point(x: mc.cx, y: pl.box.cy), Point(x: mc.cx, y: mc.cy)])
        }
        func crossings(_ page: Int, _ pts: [Point]) -> Int {
            var count = 0
            for (a, b) in zip(pts, pts.dropFirst()) {
                for (c, d) in fixedSegments[page] ?? [] where Self.cross((a, b), (c, d)) { count += 1 }
            }
            return count
        }

        for pl in placed {
            for edge in edges[pl.box.row] {
                guard case .side(let t) = edge.kind else { continue }
                let tg = placed[t]
                // The vertical extent on each page this route touches.
                var segments: [(page: Int, a: Double, b: Double)] = []
                if pl.page == tg.page {
                    segments = [(pl.page, min(pl.top, tg.top), max(pl.bottom, tg.bottom))]
                } else if tg.page < pl.page {
                    segments = [(pl.page, pages[pl.page].topStrip!, pl.bottom), (tg.page, tg.top, pages[tg.page].bottomStrip! + Self.stripHeight)]
                } else {
                    segments = [(pl.page, pl.top, pages[pl.page].bottomStrip! + Self.stripHeight), (tg.page, pages[tg.page].topStrip!, tg.bottom)]
                }
                let used = exitSides[pl.box.row] ?? []
                let coS = table.rows[pl.box.row].actorColumns, coT = table.rows[t].actorColumns
                var best: (cost: Double, index: Int)?
                for (k, s) in allSlots.enumerated() {
                    let exit: Side = s.x > pl.cx ? .right : .left
                    let entry: Side = s.x > tg.cx ? .right : .left
                    let sx = pl.cx + (exit == .right ? 1 : -1) * pl.w / 2
                    let tx = tg.cx + (entry == .right ? 1 : -1) * tg.w / 2
                    var cost = abs(s.x - sx) + abs(s.x - tx) + Double(s.slot) * 0.3
                    // A decision's two branches leave on different sides when they can.
                    if used.contains(exit.rawValue) { cost += 200 }
                    // Room for the arrowhead at the target, and a visible stub at the source.
                    if abs(s.x - tx) < 2.5 || abs(s.x - sx) < 1.2 { cost += 500 }
                    if s.channel != 0 && s.channel != n { cost += 2 }
                    // Avoid running along a co-actor's dashed line.
                    func crosses(_ cols: [Int], _ from: Double, _ to: Double) -> Bool {
                        cols.dropFirst().contains { c in
                            let x = columns.actorCentre(c)
                            return x > min(from, to) && x < max(from, to)
                        }
                    }
                    if crosses(coS, sx, s.x) { cost += 30 }
                    // A branch label sits over the first run; keep it off the text columns and give it room.
                    if let text = edge.label {
                        let need = Self.labelWidth(text) + 0.8
                        let run = abs(s.x - sx)
                        if run < need + 0.4 { cost += (need + 0.4 - run) * 1.5 }
                        // Never into the text columns.
                        let far = exit == .right ? sx + need : sx - need
                        if far < columns.actorLeft + 0.2 || far > columns.actorRight - 0.2 { cost += 1000 }
                    }
                    if crosses(coT, tx, s.x) { cost += 30 }
                    // Fewer crossings with lines already drawn.
                    let from = Point(x: sx, y: pl.box.cy), to = Point(x: tx, y: tg.box.cy)
                    var polylines: [(Int, [Point])]
                    if pl.page == tg.page {
                        polylines = [(pl.page, [from, Point(x: s.x, y: from.y), Point(x: s.x, y: to.y), to])]
                    } else {
                        let up = tg.page < pl.page
                        let ys = up ? pages[pl.page].topStrip! + 7 : pages[pl.page].bottomStrip! + 4
                        let yt = up ? pages[tg.page].bottomStrip! + 4 : pages[tg.page].topStrip! + 7
                        polylines = [(pl.page, [from, Point(x: s.x, y: from.y), Point(x: s.x, y: ys)]), (tg.page, [Point(x: s.x, y: yt), Point(x: s.x, y: to.y), to])]
                    }
                    for (page, pts) in polylines { cost += Double(crossings(page, pts)) * 40 }
                    // A lane already taken over part of this one's height: only when every lane is, and then the
                    // least shared one.
                    var shared = 0.0
                    for seg in segments {
                        for (a, b) in reserved[seg.page]?[s.channel]?[s.slot] ?? [] where a < seg.b + 1.2 && seg.a < b + 1.2 {
                            shared += min(b, seg.b) - max(a, seg.a) + 2.4
                        }
                        for r in blocked[seg.page] ?? [] where s.x > r.x0 - 0.6 && s.x < r.x1 + 0.6 && r.y0 < seg.b + 1.2 && seg.a < r.y1 + 1.2 {
                            shared += min(r.y1, seg.b) - max(r.y0, seg.a) + 2.4
                        }
                    }
                    if shared > 0 { cost += 5000 + shared * 10 }
                    if best == nil || cost < best!.cost { best = (cost, k) }
                }
                guard let choice = best else { continue }
                let s = allSlots[choice.index]
                do {
                    let exit: Side = s.x > pl.cx ? .right : .left, entry: Side = s.x > tg.cx ? .right : .left
                    let from = Point(x: pl.cx + (exit == .right ? 1 : -1) * pl.w / 2, y: pl.box.cy)
                    let to = Point(x: tg.cx + (entry == .right ? 1 : -1) * tg.w / 2, y: tg.box.cy)
                    if pl.page == tg.page {
                        add(pl.page, [from, Point(x: s.x, y: from.y), Point(x: s.x, y: to.y), to])
                    } else {
                        add(pl.page, [from, Point(x: s.x, y: from.y), Point(x: s.x, y: segments[0].a)])
                        add(tg.page, [Point(x: s.x, y: segments[1].b), Point(x: s.x, y: to.y), to])
                    }
                }
                for seg in segments { reserved[seg.page, default: [:]][s.channel, default: [:]][s.slot, default: []].append((seg.a, seg.b)) }
                var r = Route(edge: edge, from: pl.box.row, to: t)
                r.lane = s.x
                r.channel = s.channel
                r.slot = s.slot
                r.exitSide = s.x > pl.cx ? .right : .left
                r.entrySide = s.x > tg.cx ? .right : .left
                exitSides[pl.box.row, default: []].insert(r.exitSide.rawValue)
                if pl.page != tg.page { r.letter = nextLetter() }
                routes.append(r)
            }
        }

        // Port heights: on each side of a symbol, the exits first, then the entries; the middle is kept
        // free where a co-actor's dashed line leaves that side.
        var uses: [String: Int] = [:]
        var portDYs: [String: [Double]] = [:]
        func port(_ row: Int, _ side: Side) -> Double {
            let dy = portOffset(row, side)
            portDYs["\(row).\(side.rawValue)", default: []].append(dy)
            return dy
        }
        func portOffset(_ row: Int, _ side: Side) -> Double {
            let key = "\(row).\(side.rawValue)"
            let k = uses[key, default: 0]
            uses[key] = k + 1
            let r = table.rows[row]
            let col = r.symbolColumn
            let hasCo = r.actorColumns.contains { side == .left ? $0 < col : $0 > col }
            let h = placed[row].h
            var offsets = r.symbol == .decision ? [0, -0.22 * h, 0.22 * h, -0.33 * h, 0.33 * h] : [0, -0.28 * h, 0.28 * h, -0.14 * h, 0.14 * h]
            if hasCo { offsets.removeFirst() }
            return offsets[k % offsets.count]
        }
        var miniDY: [Int: Double] = [:]
        for mc in miniCapsules where mc.side != nil {
            miniDY[mc.row] = port(mc.row, mc.side!)
        }
        for i in routes.indices { routes[i].exitDY = port(routes[i].from, routes[i].exitSide) }
        for i in routes.indices { routes[i].entryDY = port(routes[i].to!, routes[i].entrySide) }

        // Pentagons: collect per strip, place, then draw.
        struct StripItem {
            var desired: Double
            var key: Int
        }
        var stripItems: [String: [StripItem]] = [:]
        func stripKey(_ page: Int, _ top: Bool) -> String { "\(page).\(top ? "t" : "b")" }
        // Down edges across a break.
        var downBreaks: [(from: Int, to: Int, letter: String)] = []
        for pl in placed {
            for edge in edges[pl.box.row] {
                guard case .down = edge.kind else { continue }
                let t = pl.box.row + 1
                if placed[t].page != pl.page { downBreaks.append((pl.box.row, t, nextLetter())) }
            }
        }
        // Letters so far were handed out in route order then down-break order; re-letter everything in
        // row order so that A, B, C … follow the rows.
        var crossings: [(row: Int, order: Int, isRoute: Bool, index: Int)] = []
        for (k, r) in routes.enumerated() where r.letter != nil {
            crossings.append((r.from, edges[r.from].firstIndex { e in if case .side(let t) = e.kind { t == r.to! && e.label == r.edge.label } else { false } } ?? 0, true, k))
        }
        for (k, d) in downBreaks.enumerated() {
            crossings.append((d.from, edges[d.from].firstIndex { if case .down = $0.kind { true } else { false } } ?? 0, false, k))
        }
        crossings.sort { ($0.row, $0.order) < ($1.row, $1.order) }
        letters = 0
        for c in crossings {
            if c.isRoute { routes[c.index].letter = nextLetter() } else { downBreaks[c.index].letter = nextLetter() }
        }

        for (k, r) in routes.enumerated() where r.letter != nil {
            let up = placed[r.to!].page < placed[r.from].page
            stripItems[stripKey(placed[r.from].page, up), default: []].append(StripItem(desired: r.lane, key: k))
            stripItems[stripKey(placed[r.to!].page, !up), default: []].append(StripItem(desired: r.lane, key: k))
        }
        for (k, d) in downBreaks.enumerated() {
            stripItems[stripKey(placed[d.from].page, false), default: []].append(StripItem(desired: placed[d.from].cx, key: 10_000 + k))
            stripItems[stripKey(placed[d.to].page, true), default: []].append(StripItem(desired: placed[d.to].cx, key: 10_000 + k))
        }
        // Pentagons in a strip keep the order of their lines and are spread to stay apart (narrower when
        // the strip is crowded). A line whose pentagon had to move jogs sideways inside the strip, each at
        // its own height, ordered so that jogs never cross: among the lines pushed right, the further right
        // the nearer the rows; among those pushed left, the further left the nearer the rows.
        let penH = 6.0
        var penX: [String: Double] = [:]
        var penWidth: [String: Double] = [:]
        var jogLevel: [String: Int] = [:]
        var jogStep: [String: Double] = [:]
        for (key, items) in stripItems {
            let sorted = items.sorted { ($0.desired, $0.key) < ($1.desired, $1.key) }
            var w = 6.0
            var spacing = w + 2
            let room = columns.actorRight - columns.actorLeft - 1.6
            if Double(sorted.count) * spacing > room {
                spacing = room / Double(sorted.count)
                w = max(3, spacing - 0.8)
            }
            penWidth[key] = w
            let lo = columns.actorLeft + 0.8 + w / 2, hi = columns.actorRight - 0.8 - w / 2
            var xs = sorted.map(\.desired)
            for j in xs.indices { xs[j] = max(xs[j], lo, j > 0 ? xs[j - 1] + spacing : lo) }
            for j in xs.indices.reversed() { xs[j] = min(xs[j], hi, j + 1 < xs.count ? xs[j + 1] - spacing : hi) }
            let right = sorted.indices.filter { xs[$0] > sorted[$0].desired + 0.01 }
            let left = sorted.indices.filter { xs[$0] < sorted[$0].desired - 0.01 }
            for (r, j) in right.enumerated() { jogLevel["\(key).\(sorted[j].key)"] = right.count - 1 - r }
            for (r, j) in left.enumerated() { jogLevel["\(key).\(sorted[j].key)"] = r }
            // Closer together when many lines jog here: every jog keeps its own height.
            jogStep[key] = min(0.55, 3.0 / Double(max(1, right.count - 1, left.count - 1)))
            for (j, item) in sorted.enumerated() { penX["\(key).\(item.key)"] = xs[j] }
        }
        func pentagon(_ page: Int, top: Bool, item: Int, letter: String) -> (x: Double, enter: Double, leave: Double, jog: Double) {
            let key = stripKey(page, top)
            let x = penX["\(key).\(item)"]!
            let w = penWidth[key] ?? 6
            let level = Double(jogLevel["\(key).\(item)"] ?? 0) * (jogStep[key] ?? 0.55) / 0.55
            if top {
                let s = pages[page].topStrip!
                pages[page].shapes.append(Shape(kind: .pentagon, cx: x, cy: s + 1 + penH / 2, w: w, h: penH, text: letter))
                return (x, s + 1 + penH, s + 1 + penH, s + 10.4 - level * 0.55)
            } else {
                let s = pages[page].bottomStrip!
                pages[page].shapes.append(Shape(kind: .pentagon, cx: x, cy: s + 4 + penH / 2, w: w, h: penH, text: letter))
                return (x, s + 4, s + 4, s + 0.6 + level * 0.55)
            }
        }

        // Draw: down edges.
        /// A branch label beside a side exit: above or below the line, as preferred unless another line
        /// (or the symbol, or a co-actor's dashed line) is there.
        func sideLabel(_ page: Int, _ text: String?, row: Int, side: Side, start: Point, dy: Double, preferBelow: Bool) {
            var others = (portDYs["\(row).\(side.rawValue)"] ?? []).filter { abs($0 - dy) > 0.01 }
            let r = table.rows[row]
            if r.actorColumns.contains(where: { side == .left ? $0 < r.symbolColumn : $0 > r.symbolColumn }) { others.append(0) }
            var aboveBlocked = others.contains { $0 < dy && $0 > dy - 3.0 }
            var belowBlocked = others.contains { $0 > dy && $0 < dy + 3.2 }
            if r.symbol == .decision {
                if dy < -0.01 { belowBlocked = true }
                if dy > 0.01 { aboveBlocked = true }
            }
            var below = preferBelow
            if below && belowBlocked && !aboveBlocked { below = false }
            if !below && aboveBlocked && !belowBlocked { below = true }
            label(page, text, x: start.x + (side == .right ? 0.8 : -0.8), y: below ? start.y + 2.6 : start.y - 0.8, anchor: side == .right ? "start" : "end")
        }
        func label(_ page: Int, _ text: String?, x: Double, y: Double, anchor: String) {
            guard let text else { return }
            // Kept inside the actor area, whatever the room beside the symbol.
            let w = Self.labelWidth(text)
            var x = x
            if anchor == "start" { x = min(x, columns.actorRight - 0.3 - w) }
            if anchor == "end" { x = max(x, columns.actorLeft + 0.3 + w) }
            pages[page].labels.append(Label(x: x, y: y, text: text, anchor: anchor))
        }
        for pl in placed {
            for edge in edges[pl.box.row] {
                guard case .down = edge.kind else { continue }
                let t = pl.box.row + 1
                let tg = placed[t]
                label(pl.page, edge.label, x: pl.cx + 1.0, y: pl.bottom + 3.0, anchor: "start")
                if tg.page == pl.page {
                    pages[pl.page].lines.append(Line(points: Self.downPoints(pl, tg), arrow: true))
                } else {
                    let k = downBreaks.firstIndex { $0.from == pl.box.row }!
                    let letter = downBreaks[k].letter
                    let a = pentagon(pl.page, top: false, item: 10_000 + k, letter: letter)
                    pages[pl.page].lines.append(Line(points: Self.vertical(from: Point(x: pl.cx, y: pl.bottom), toX: a.x, y: a.enter, jog: a.jog), arrow: true))
                    let b = pentagon(tg.page, top: true, item: 10_000 + k, letter: letter)
                    pages[tg.page].lines.append(Line(points: Self.vertical(from: Point(x: b.x, y: b.leave), toX: tg.cx, y: tg.top, jog: b.jog), arrow: true))
                }
            }
        }

        // Small end capsules.
        for mc in miniCapsules {
            let pl = placed[mc.row]
            let p = pl.page
            let w = mc.w
            pages[p].shapes.append(Shape(kind: .capsule, cx: mc.cx, cy: mc.cy, w: w, h: size.mini.h, text: "Selesai"))
            let capTop = mc.cy - size.mini.h / 2
            if let side = mc.side {
                let dy = miniDY[mc.row] ?? 0
                let sx = Self.sideX(pl, side, dy: dy)
                let y = pl.box.cy + dy
                pages[p].lines.append(Line(points: [Point(x: sx, y: y), Point(x: mc.cx, y: y), Point(x: mc.cx, y: capTop)], arrow: true))
                sideLabel(p, mc.edge.label, row: mc.row, side: side, start: Point(x: sx, y: y), dy: dy, preferBelow: false)
            } else {
                pages[p].lines.append(Line(points: [Point(x: pl.cx, y: pl.bottom), Point(x: pl.cx, y: capTop)], arrow: true))
                label(p, mc.edge.label, x: pl.cx + 1.0, y: pl.bottom + 3.0, anchor: "start")
            }
        }

        // Side routes.
        for (k, r) in routes.enumerated() {
            let pl = placed[r.from], tg = placed[r.to!]
            let start = Point(x: Self.sideX(pl, r.exitSide, dy: r.exitDY), y: pl.box.cy + r.exitDY)
            let end = Point(x: Self.sideX(tg, r.entrySide, dy: r.entryDY), y: tg.box.cy + r.entryDY)
            // The label sits on the side of the run that the lane does not turn to, so that it never lies
            // across the lane.
            // (Not under an exit from the upper half of the side: the symbol is there.)
            let goesUp = pl.page == tg.page ? end.y < start.y : tg.page < pl.page
            sideLabel(pl.page, r.edge.label, row: r.from, side: r.exitSide, start: start, dy: r.exitDY, preferBelow: goesUp)
            if pl.page == tg.page {
                pages[pl.page].lines.append(
                    Line(points: Self.simplify([start, Point(x: r.lane, y: start.y), Point(x: r.lane, y: end.y), end]), arrow: true))
            } else {
                let up = tg.page < pl.page
                let a = pentagon(pl.page, top: up, item: k, letter: r.letter!)
                let b = pentagon(tg.page, top: !up, item: k, letter: r.letter!)
                var first = [start, Point(x: r.lane, y: start.y)]
                if abs(a.x - r.lane) < 0.01 {
                    first.append(Point(x: r.lane, y: a.enter))
                } else {
                    first += [Point(x: r.lane, y: a.jog), Point(x: a.x, y: a.jog), Point(x: a.x, y: a.enter)]
                }
                pages[pl.page].lines.append(Line(points: Self.simplify(first), arrow: true))
                var second = [Point(x: b.x, y: b.leave)]
                if abs(b.x - r.lane) > 0.01 { second += [Point(x: b.x, y: b.jog), Point(x: r.lane, y: b.jog)] }
                second += [Point(x: r.lane, y: end.y), end]
                pages[tg.page].lines.append(Line(points: Self.simplify(second), arrow: true))
            }
        }
    }

    /// The printed width of a branch label.
    package static func labelWidth(_ text: String) -> Double { TextMetrics.measure(Substring(text), pt: labelSize / 25.4 * 72) }

    /// The flow from a symbol to the one on the following row: straight down, or with an elbow just under
    /// the grid line.
    private static func downPoints(_ pl: Placed, _ tg: Placed) -> [Point] {
        if abs(tg.cx - pl.cx) < 0.01 { return [Point(x: pl.cx, y: pl.bottom), Point(x: tg.cx, y: tg.top)] }
        let y = tg.box.top + min(3, (tg.top - tg.box.top) / 2)
        return [Point(x: pl.cx, y: pl.bottom), Point(x: pl.cx, y: y), Point(x: tg.cx, y: y), Point(x: tg.cx, y: tg.top)]
    }

    /// Whether a horizontal and a vertical segment cross (touching ends do not count).
    private static func cross(_ s: (Point, Point), _ t: (Point, Point)) -> Bool {
        let sH = abs(s.0.y - s.1.y) < 0.001, tH = abs(t.0.y - t.1.y) < 0.001
        if sH == tH { return false }
        let (h, v) = sH ? (s, t) : (t, s)
        let x = v.0.x, y = h.0.y
        return x > min(h.0.x, h.1.x) + 0.01 && x < max(h.0.x, h.1.x) - 0.01 && y > min(v.0.y, v.1.y) + 0.01 && y < max(v.0.y, v.1.y) - 0.01
    }

    /// Where a horizontal line at `dy` from the centre meets the side of a symbol.
    private static func sideX(_ pl: Placed, _ side: Side, dy: Double) -> Double {
        var half = pl.w / 2
        if pl.symbol == .decision { half *= max(0, 1 - abs(dy) / (pl.h / 2)) }
        return pl.cx + (side == .right ? half : -half)
    }

    /// A vertical line from `from` to (`toX`, `y`), with a horizontal jog at `jog` when the x differ.
    private static func vertical(from: Point, toX: Double, y: Double, jog: Double) -> [Point] {
        if abs(from.x - toX) < 0.01 { return [from, Point(x: from.x, y: y)] }
        return [from, Point(x: from.x, y: jog), Point(x: toX, y: jog), Point(x: toX, y: y)]
    }

    /// Drops repeated points and points in the middle of a straight run.
    private static func simplify(_ points: [Point]) -> [Point] {
        var out: [Point] = []
        for p in points {
            if let last = out.last, abs(last.x - p.x) < 0.001, abs(last.y - p.y) < 0.001 { continue }
            if out.count >= 2 {
                let a = out[out.count - 2], b = out[out.count - 1]
                let collinear = (abs(a.x - b.x) < 0.001 && abs(b.x - p.x) < 0.001) || (abs(a.y - b.y) < 0.001 && abs(b.y - p.y) < 0.001)
                if collinear {
                    let sameDirection = (b.x - a.x) * (p.x - b.x) + (b.y - a.y) * (p.y - b.y) > 0
                    if sameDirection { out[out.count - 1] = p; continue }
                }
            }
            out.append(p)
        }
        return out
    }
}

/// Estimates how many lines a text wraps to in a column, from Arial/Liberation Sans advance widths,
/// breaking only at spaces (a browser may also break after '-' or '/', which can only save lines) and
/// inside words longer than the line (CSS `overflow-wrap: anywhere`). Errs on the long side.
enum TextMetrics {
    /// Advance widths in 1/1000 em for ASCII 32…126 (Arial metrics, which Liberation Sans shares).
    static let ascii: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // space … /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 0 … ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // @ … O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // P … _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // ` … o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  // p … ~
    ]
    static let safety = 1.06

    static func width(_ s: Unicode.Scalar) -> Double {
        let v = s.value
        if v >= 32 && v <= 126 { return Double(ascii[Int(v) - 32]) / 1000 }
        if v >= 0x2E80 { return 1.0 }
        return 0.72
    }

    /// The width of a text in millimetres.
    static func measure(_ text: Substring, pt: Double, bold: Bool = false) -> Double {
        var em = 0.0
        for s in text.unicodeScalars { em += width(s) }
        return em * FlowLayout.mm(pt: pt) * (bold ? 1.1 : 1.0) * safety
    }

    static func lines(_ text: String, width: Double, pt: Double, bold: Bool = false) -> Int {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        if words.isEmpty { return 1 }
        let space = measure(" ", pt: pt, bold: bold)
        var lines = 1
        var used = 0.0
        for word in words {
            var w = measure(word, pt: pt, bold: bold)
            if used > 0 && used + space + w <= width {
                used += space + w
                continue
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
        return lines
    }
}
