import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

// MARK: Routing

extension FlowLayout {
    enum Side: Int {
        case left = 0
        case right = 1
    }

    /// A row's symbol where the page plan put it.
    struct PlacedSymbol {
        var page: Int
        var box: RowBox
        var cx: Double
        var w: Double
        var h: Double
        var symbol: FormSymbol
        var top: Double { box.cy - h / 2 }
        var bottom: Double { box.cy + h / 2 }
    }

    /// A side route and what the router decided for it.
    struct SideRoute {
        var edge: Edge
        var from: Int
        var to: Int
        var lane: Double = 0
        var channel = 0
        var slot = 0
        var exitSide: Side = .right
        var entrySide: Side = .left
        var exitDY = 0.0
        var entryDY = 0.0
        /// The pentagons' letter, when the route crosses a page break.
        var letter: String?
    }

    /// A small "Selesai" capsule at the end of a branch to `end`: under the symbol (no side) or beside it.
    struct EndCapsule {
        var row: Int
        var cx: Double
        var cy: Double
        var w: Double
        var edge: Edge
        var side: Side?
    }

    /// A flow to the following row across a page break.
    struct DownBreak {
        var from: Int
        var to: Int
        var letter: String
    }

    /// A lane slot: a channel at a column edge (0 = left edge of the actor area … n = right edge).
    struct LaneSlot {
        var channel: Int
        var slot: Int
        var x: Double
    }

    /// An area no lane may run through (a small end capsule and the line to it).
    struct BlockedArea {
        var x0, x1, y0, y1: Double
    }

    /// The vertical extent of a side route on one page it touches.
    struct LaneSpan {
        var page: Int
        var a: Double
        var b: Double
    }

    struct PortKey: Hashable {
        var row: Int
        var side: Side
    }

    /// A connector strip: the one under the header (`top`) or the one at the bottom of a page.
    struct StripKey: Hashable {
        var page: Int
        var top: Bool
    }

    /// One pentagon in a strip: `item` is a side route's index, or 10 000 + a down break's index.
    struct PentagonKey: Hashable {
        var strip: StripKey
        var item: Int
    }

    struct StripItem {
        var desired: Double
        var key: Int
    }

    /// Where a pentagon stands, where its line meets it (`enter` on the source page, `leave` on the target
    /// page), and the height of the jog of a line whose pentagon had to move sideways.
    struct PentagonEnds {
        var x, enter, leave, jog: Double
    }

    /// Works out the shapes, lines and labels of every flowchart page, one phase at a time (``run()``).
    struct Router {
        let table: FormTable
        let columns: Columns
        let size: SymbolSize
        let edges: [[Edge]]
        let questions: [Int: (lines: [String], size: Double)]
        var pages: [Page]
        /// Every row's symbol, in row order.
        let placed: [PlacedSymbol]
        let slots: [LaneSlot]

        /// Lane reservations: page → channel → slot → y intervals, each with how many routes reserved it.
        var reserved: [Int: [Int: [Int: Tally<(a: Double, b: Double)>]]] = [:]
        /// Areas no lane may run through, per page.
        var blocked: [Int: [BlockedArea]] = [:]
        var lettersHandedOut = 0
        /// The sides of each row that its side exits (and end capsules beside it) already use.
        var exitSides: [Int: Set<Side>] = [:]
        var endCapsules: [EndCapsule] = []
        /// Lines already fixed, per page, so that a lane can avoid crossing them, each with how many times it
        /// was fixed.
        var fixedSegments: [Int: Tally<(Point, Point)>] = [:]

        /// Items each kept once, in the order first added, with how many times each was added: routes into
        /// one symbol from lanes already taken fix the same segments and reserve the same intervals again
        /// and again (thousands of times in an SOP whose every decision loops back to one step), and each
        /// would otherwise be counted against every later route.
        struct Tally<Item> {
            private(set) var items: [(item: Item, count: Int)] = []
            private var places: [Key: Int] = [:]

            /// Up to four numbers, exactly (bit for bit), as a dictionary key.
            struct Key: Hashable {
                let a, b, c, d: UInt64
                init(_ a: Double, _ b: Double, _ c: Double = 0, _ d: Double = 0) {
                    (self.a, self.b, self.c, self.d) = (a.bitPattern, b.bitPattern, c.bitPattern, d.bitPattern)
                }
            }

            mutating func add(_ item: Item, as key: Key) {
                if let k = places[key] {
                    items[k].count += 1
                } else {
                    places[key] = items.count
                    items.append((item, 1))
                }
            }
        }
        var routes: [SideRoute] = []
        var portDYs: [PortKey: [Double]] = [:]
        /// Side routes into a decision that join another route's line (the value) where it turns towards
        /// the diamond's vertex, instead of running beside it to the same point.
        var joins: [Int: Int] = [:]
        /// The port height of the line to each row's end capsule beside the symbol.
        var endCapsuleDY: [Int: Double] = [:]
        var downBreaks: [DownBreak] = []
        var pentagonX: [PentagonKey: Double] = [:]
        var pentagonWidth: [StripKey: Double] = [:]
        var jogLevel: [PentagonKey: Int] = [:]
        var jogStep: [StripKey: Double] = [:]

        static let pentagonHeight = 6.0
        /// Where the pentagon stands in a strip: the one under the header from 1 mm down, the one at the
        /// bottom of a page ending 1 mm above the strip's end; the rest of the strip holds the jogs.
        static let topPentagonBottom = 1 + pentagonHeight
        static let bottomPentagonTop = FlowLayout.stripHeight - 1 - pentagonHeight
        /// The height over which a strip's jogs spread, 0.6 mm clear of the rows and of the pentagons.
        static let jogRoom = FlowLayout.stripHeight - 1 - pentagonHeight - 2 * 0.6

        init(_ layout: FlowLayout) {
            table = layout.table
            columns = layout.columns
            size = layout.size
            edges = layout.edges
            questions = layout.questions
            pages = layout.pages
            var placed: [PlacedSymbol] = []
            for (p, page) in pages.enumerated() {
                for box in page.rows {
                    let row = table.rows[box.row]
                    let s = size.of(row.symbol)
                    placed.append(
                        PlacedSymbol(
                            page: p, box: box, cx: columns.actorCentre(min(row.symbolColumn, columns.actorCount - 1)), w: s.w,
                            h: s.h, symbol: row.symbol))
                }
            }
            placed.sort { $0.box.row < $1.box.row }
            self.placed = placed
            slots = Self.slots(columns: columns, size: size)
        }

        /// The phases, in an order that matters: end capsules and fixed lines before the lanes, so that lanes
        /// avoid them; lanes before ports and letters; the arrows drawn last.
        mutating func run() {
            drawSymbols()
            placeEndCapsules()
            recordFixedLines()
            routeSideEdges()
            assignPorts()
            findDownBreaks()
            reletterInRowOrder()
            spreadPentagons(collectStripItems())
            drawDownEdges()
            drawEndCapsules()
            drawSideRoutes()
        }

        // MARK: Lane slots

        static func slots(columns: Columns, size: SymbolSize) -> [LaneSlot] {
            let n = columns.actorCount
            let cw = columns.actorWidth
            let slack = (cw - size.widest) / 2 - 0.5
            var out: [LaneSlot] = []
            for b in 0...n {
                let x0 = columns.actorLeft + Double(b) * cw
                if b == 0 || b == n {
                    var k = 0
                    while 1.0 + Double(k) * FlowLayout.laneGap <= slack + 0.001 {
                        let d = 1.0 + Double(k) * FlowLayout.laneGap
                        out.append(LaneSlot(channel: b, slot: k, x: b == 0 ? x0 + d : x0 - d))
                        k += 1
                    }
                    if k == 0 { out.append(LaneSlot(channel: b, slot: 0, x: b == 0 ? x0 + 0.6 : x0 - 0.6)) }
                } else if slack < 1.0 {
                    out.append(LaneSlot(channel: b, slot: 0, x: x0 + 0.5))
                } else {
                    // Never on the grid line itself: pairs of slots either side of it.
                    var k = 0
                    while 1.0 + Double(k) * FlowLayout.laneGap <= slack + 0.001 {
                        let d = 1.0 + Double(k) * FlowLayout.laneGap
                        out.append(LaneSlot(channel: b, slot: 2 * k, x: x0 + d))
                        out.append(LaneSlot(channel: b, slot: 2 * k + 1, x: x0 - d))
                        k += 1
                    }
                }
            }
            return out
        }

        // MARK: Symbols and end capsules

        /// Each row's symbol, and a dashed mark in each co-actor's column joined to it by a dashed line.
        mutating func drawSymbols() {
            let n = columns.actorCount
            for pl in placed {
                let row = table.rows[pl.box.row]
                let kind: ShapeKind = row.symbol == .decision ? .diamond : (row.symbol == .process ? .box : .capsule)
                var symbol = Shape(kind: kind, cx: pl.cx, cy: pl.box.cy, w: pl.w, h: pl.h)
                if let question = questions[pl.box.row] {
                    symbol.lines = question.lines
                    symbol.textSize = question.size
                }
                pages[pl.page].shapes.append(symbol)
                let others = Set(row.actorColumns.filter { $0 != row.symbolColumn && $0 < n }).sorted()
                let mw = pl.w * 0.62
                let mh = pl.h * 0.62
                for side in [Side.left, .right] {
                    let cols =
                        side == .left
                        ? others.filter { $0 < row.symbolColumn }.reversed() : others.filter { $0 > row.symbolColumn }
                    var x = pl.cx + (side == .left ? -1 : 1) * pl.w / 2
                    for c in cols {
                        let mx = columns.actorCentre(c)
                        pages[pl.page].shapes.append(Shape(kind: kind, cx: mx, cy: pl.box.cy, w: mw, h: mh, dashed: true))
                        let near = mx + (side == .left ? 1 : -1) * mw / 2
                        pages[pl.page].lines.append(
                            Line(points: [Point(x: x, y: pl.box.cy), Point(x: near, y: pl.box.cy)], arrow: false, dashed: true))
                        x = mx + (side == .left ? -1 : 1) * mw / 2
                    }
                }
            }
        }

        /// The small end capsules, before any lane, since lanes must keep clear of them.
        mutating func placeEndCapsules() {
            for pl in placed {
                for edge in edges[pl.box.row] {
                    let capCy = pl.box.top + pl.box.height - FlowLayout.endStripHeight / 2
                    switch edge.kind {
                    case .endBelow:
                        endCapsules.append(
                            EndCapsule(row: pl.box.row, cx: pl.cx, cy: capCy, w: size.mini.w, edge: edge, side: nil))
                        blocked[pl.page, default: []].append(
                            BlockedArea(
                                x0: pl.cx - size.mini.w / 2, x1: pl.cx + size.mini.w / 2, y0: pl.bottom,
                                y1: capCy + size.mini.h / 2))
                    case .endSide:
                        let (x, w, side) = capsuleBeside(pl)
                        endCapsules.append(EndCapsule(row: pl.box.row, cx: x, cy: capCy, w: w, edge: edge, side: side))
                        blocked[pl.page, default: []].append(
                            BlockedArea(x0: x - w / 2, x1: x + w / 2, y0: pl.top, y1: capCy + size.mini.h / 2))
                        exitSides[pl.box.row, default: []].insert(side)
                    default:
                        break
                    }
                }
            }
        }

        /// Where an end capsule beside the symbol goes: on a column edge, away from a co-actor on one side
        /// only; inside the column when there is only one.
        func capsuleBeside(_ pl: PlacedSymbol) -> (x: Double, w: Double, side: Side) {
            let n = columns.actorCount
            let col = min(table.rows[pl.box.row].symbolColumn, n - 1)
            let coActors = Set(table.rows[pl.box.row].actorColumns)
            var side: Side = col < n - 1 ? .right : .left
            if col < n - 1, col > 0, coActors.contains(col + 1), !coActors.contains(col - 1) { side = .left }
            if n == 1 {
                return (pl.cx + columns.actorWidth * 0.28, min(size.mini.w, columns.actorWidth * 0.4), .right)
            }
            // In the middle of the next column, so that its "Selesai" stays off the grid line.
            let next = side == .right ? col + 1 : col - 1
            return (columns.actorLeft + (Double(next) + 0.5) * columns.actorWidth, size.mini.w, side)
        }

        // MARK: Fixed lines

        mutating func addFixed(_ page: Int, _ pts: [Point]) {
            for (a, b) in zip(pts, pts.dropFirst()) {
                fixedSegments[page, default: Tally()].add((a, b), as: .init(a.x, a.y, b.x, b.y))
            }
        }

        /// The flows to the following row and the lines to end capsules, which lanes should not cross.
        mutating func recordFixedLines() {
            for pl in placed {
                for edge in edges[pl.box.row] {
                    guard case .down = edge.kind else { continue }
                    let tg = placed[pl.box.row + 1]
                    if tg.page == pl.page {
                        addFixed(pl.page, Self.downPoints(pl, tg))
                    } else {
                        addFixed(
                            pl.page,
                            [
                                Point(x: pl.cx, y: pl.bottom),
                                Point(x: pl.cx, y: pages[pl.page].bottomStrip! + Self.bottomPentagonTop),
                            ])
                        addFixed(
                            tg.page,
                            [Point(x: tg.cx, y: pages[tg.page].topStrip! + Self.topPentagonBottom), Point(x: tg.cx, y: tg.top)])
                    }
                }
            }
            for mc in endCapsules {
                let pl = placed[mc.row]
                addFixed(pl.page, [Point(x: pl.cx, y: pl.box.cy), Point(x: mc.cx, y: pl.box.cy), Point(x: mc.cx, y: mc.cy)])
            }
        }

        func crossings(_ page: Int, _ pts: [Point]) -> Int {
            var count = 0
            for (a, b) in zip(pts, pts.dropFirst()) {
                for fixed in fixedSegments[page]?.items ?? [] where Self.cross((a, b), fixed.item) { count += fixed.count }
            }
            return count
        }

        // MARK: Lanes

        /// Side routes in row order, each in the cheapest lane slot left.
        mutating func routeSideEdges() {
            for pl in placed {
                for edge in edges[pl.box.row] {
                    guard case .side(let t) = edge.kind else { continue }
                    routeSideEdge(edge, from: pl, to: placed[t])
                }
            }
        }

        /// The vertical extent on each page a route touches.
        func laneSpans(from pl: PlacedSymbol, to tg: PlacedSymbol) -> [LaneSpan] {
            if pl.page == tg.page {
                return [LaneSpan(page: pl.page, a: min(pl.top, tg.top), b: max(pl.bottom, tg.bottom))]
            } else if tg.page < pl.page {
                return [
                    LaneSpan(page: pl.page, a: pages[pl.page].topStrip!, b: pl.bottom),
                    LaneSpan(page: tg.page, a: tg.top, b: pages[tg.page].bottomStrip! + FlowLayout.stripHeight),
                ]
            } else {
                return [
                    LaneSpan(page: pl.page, a: pl.top, b: pages[pl.page].bottomStrip! + FlowLayout.stripHeight),
                    LaneSpan(page: tg.page, a: pages[tg.page].topStrip!, b: tg.bottom),
                ]
            }
        }

        mutating func routeSideEdge(_ edge: Edge, from pl: PlacedSymbol, to tg: PlacedSymbol) {
            let spans = laneSpans(from: pl, to: tg)
            var best: (cost: Double, index: Int)?
            for (k, s) in slots.enumerated() {
                let cost = cost(of: s, for: edge, from: pl, to: tg, spans: spans)
                if best == nil || cost < best!.cost { best = (cost, k) }
            }
            guard let choice = best else { return }
            let s = slots[choice.index]
            fixLane(at: s.x, from: pl, to: tg, spans: spans)
            for seg in spans {
                reserved[seg.page, default: [:]][s.channel, default: [:]][s.slot, default: Tally()].add(
                    (seg.a, seg.b), as: .init(seg.a, seg.b))
            }
            var r = SideRoute(edge: edge, from: pl.box.row, to: tg.box.row)
            r.lane = s.x
            r.channel = s.channel
            r.slot = s.slot
            r.exitSide = s.x > pl.cx ? .right : .left
            r.entrySide = s.x > tg.cx ? .right : .left
            exitSides[pl.box.row, default: []].insert(r.exitSide)
            if pl.page != tg.page { r.letter = nextLetter() }
            routes.append(r)
        }

        /// What taking a lane slot would cost a route: length, then penalties for sharing a side, a cramped
        /// arrowhead or label, co-actors' dashed lines, crossings, and (by far the most) a lane already taken.
        func cost(of s: LaneSlot, for edge: Edge, from pl: PlacedSymbol, to tg: PlacedSymbol, spans: [LaneSpan]) -> Double {
            let n = columns.actorCount
            let used = exitSides[pl.box.row] ?? []
            let coS = table.rows[pl.box.row].actorColumns
            let coT = table.rows[tg.box.row].actorColumns
            let exit: Side = s.x > pl.cx ? .right : .left
            let entry: Side = s.x > tg.cx ? .right : .left
            let sx = pl.cx + (exit == .right ? 1 : -1) * pl.w / 2
            let tx = tg.cx + (entry == .right ? 1 : -1) * tg.w / 2
            var cost = abs(s.x - sx) + abs(s.x - tx) + Double(s.slot) * 0.3
            // A decision's two branches leave on different sides when they can.
            if used.contains(exit) { cost += 200 }
            // Room for the arrowhead at the target, and a visible stub at the source.
            if abs(s.x - tx) < 2.5 || abs(s.x - sx) < 1.2 { cost += 500 }
            if s.channel != 0 && s.channel != n { cost += 2 }
            // Avoid running along a co-actor's dashed line.
            if passesCoActor(coS, sx, s.x) { cost += 30 }
            // A branch label sits over the first run; keep it off the text columns and give it room.
            if let text = edge.label {
                let need = FlowLayout.labelWidth(text) + 0.8
                let run = abs(s.x - sx)
                if run < need + 0.4 { cost += (need + 0.4 - run) * 1.5 }
                // Never into the text columns.
                let far = exit == .right ? sx + need : sx - need
                if far < columns.actorLeft + 0.2 || far > columns.actorRight - 0.2 { cost += 1000 }
            }
            if passesCoActor(coT, tx, s.x) { cost += 30 }
            // A diamond is entered at the corner of its side, where a co-actor's dashed line may already leave.
            if tg.symbol == .decision && coT.dropFirst().contains(where: { entry == .left ? $0 < coT[0] : $0 > coT[0] }) {
                cost += 400
            }
            // Fewer crossings with lines already drawn.
            let from = Point(x: sx, y: pl.box.cy)
            let to = Point(x: tx, y: tg.box.cy)
            for (page, pts) in trialLines(at: s.x, from: from, to: to, pl, tg) { cost += Double(crossings(page, pts)) * 40 }
            // A lane already taken over part of this one's height: only when every lane is, and then the
            // least shared one.
            let shared = sharedHeight(of: s, over: spans)
            if shared > 0 { cost += 5000 + shared * 10 }
            return cost
        }

        /// Whether a horizontal run passes the mark of a co-actor (`cols` minus the first, the symbol's).
        func passesCoActor(_ cols: [Int], _ from: Double, _ to: Double) -> Bool {
            cols.dropFirst().contains { c in
                let x = columns.actorCentre(c)
                return x > min(from, to) && x < max(from, to)
            }
        }

        /// The lines of a route through a lane at `x`, roughly (to the strips on a page break), per page.
        func trialLines(at x: Double, from: Point, to: Point, _ pl: PlacedSymbol, _ tg: PlacedSymbol) -> [(Int, [Point])] {
            if pl.page == tg.page {
                return [(pl.page, [from, Point(x: x, y: from.y), Point(x: x, y: to.y), to])]
            }
            let up = tg.page < pl.page
            let ys = up ? pages[pl.page].topStrip! + Self.topPentagonBottom : pages[pl.page].bottomStrip! + Self.bottomPentagonTop
            let yt = up ? pages[tg.page].bottomStrip! + Self.bottomPentagonTop : pages[tg.page].topStrip! + Self.topPentagonBottom
            return [
                (pl.page, [from, Point(x: x, y: from.y), Point(x: x, y: ys)]),
                (tg.page, [Point(x: x, y: yt), Point(x: x, y: to.y), to]),
            ]
        }

        /// How much of the spans' height a slot shares with lanes already reserved and blocked areas.
        func sharedHeight(of s: LaneSlot, over spans: [LaneSpan]) -> Double {
            var shared = 0.0
            for seg in spans {
                for ((a, b), count) in reserved[seg.page]?[s.channel]?[s.slot]?.items ?? []
                where a < seg.b + 1.2 && seg.a < b + 1.2 {
                    shared += Double(count) * (min(b, seg.b) - max(a, seg.a) + 2.4)
                }
                for r in blocked[seg.page] ?? []
                where s.x > r.x0 - 0.6 && s.x < r.x1 + 0.6 && r.y0 < seg.b + 1.2 && seg.a < r.y1 + 1.2 {
                    shared += min(r.y1, seg.b) - max(r.y0, seg.a) + 2.4
                }
            }
            return shared
        }

        /// Records the chosen route's lines, so that later lanes avoid crossing them.
        mutating func fixLane(at x: Double, from pl: PlacedSymbol, to tg: PlacedSymbol, spans: [LaneSpan]) {
            let exit: Side = x > pl.cx ? .right : .left
            let entry: Side = x > tg.cx ? .right : .left
            let from = Point(x: pl.cx + (exit == .right ? 1 : -1) * pl.w / 2, y: pl.box.cy)
            let to = Point(x: tg.cx + (entry == .right ? 1 : -1) * tg.w / 2, y: tg.box.cy)
            if pl.page == tg.page {
                addFixed(pl.page, [from, Point(x: x, y: from.y), Point(x: x, y: to.y), to])
            } else {
                addFixed(pl.page, [from, Point(x: x, y: from.y), Point(x: x, y: spans[0].a)])
                addFixed(tg.page, [Point(x: x, y: spans[1].b), Point(x: x, y: to.y), to])
            }
        }

        // MARK: Ports

        /// Port heights: on each side of a symbol, the end capsule's line and the exits first, then the
        /// entries, ``FlowLayout/minLineGap`` apart where the side is tall enough. Every arrow into a decision
        /// enters its diamond at the side's vertex: the first (the one whose lane runs nearest) ends there,
        /// the others join its line where it turns (``joins``); the exits then leave from the side's edges.
        mutating func assignPorts() {
            enum Use {
                case capsule(Int)
                case exit(Int)
                case entry(Int)
            }
            var uses: [PortKey: [Use]] = [:]
            for mc in endCapsules where mc.side != nil {
                uses[PortKey(row: mc.row, side: mc.side!), default: []].append(.capsule(mc.row))
            }
            for i in routes.indices { uses[PortKey(row: routes[i].from, side: routes[i].exitSide), default: []].append(.exit(i)) }
            for i in routes.indices { uses[PortKey(row: routes[i].to, side: routes[i].entrySide), default: []].append(.entry(i)) }
            for (key, list) in uses {
                let r = table.rows[key.row]
                let hasCo = r.actorColumns.contains { key.side == .left ? $0 < r.symbolColumn : $0 > r.symbolColumn }
                let h = placed[key.row].h
                var offsets: [Double]
                var entryOffset: Double?
                let entries = list.compactMap { if case .entry(let i) = $0 { i } else { nil } }
                if r.symbol == .decision && !entries.isEmpty {
                    entryOffset = 0
                    offsets = [-0.3 * h, 0.3 * h, -0.4 * h, 0.4 * h]
                    // The nearest lane ends at the vertex; each of the others joins the next nearer one where
                    // it turns.
                    let cx = placed[key.row].cx
                    let order = entries.sorted { (abs(routes[$0].lane - cx), $0) < (abs(routes[$1].lane - cx), $1) }
                    for (inner, outer) in zip(order, order.dropFirst()) { joins[outer] = inner }
                } else {
                    offsets = Self.portOffsets(count: list.count, height: h, keepMiddle: hasCo)
                }
                var k = 0
                var dys: [Double] = []
                for use in list {
                    let dy: Double
                    if case .entry = use, let e = entryOffset {
                        dy = e
                    } else {
                        dy = offsets[k % offsets.count]
                        k += 1
                    }
                    switch use {
                    case .capsule(let row): endCapsuleDY[row] = dy
                    case .exit(let i): routes[i].exitDY = dy
                    case .entry(let i): routes[i].entryDY = dy
                    }
                    dys.append(dy)
                }
                portDYs[key] = dys
            }
        }

        /// The heights of `count` ports on the side of a box or capsule `height` tall, in the order they are
        /// handed out: the middle first (unless a co-actor's dashed line leaves there), then above and below,
        /// ``FlowLayout/minLineGap`` apart or more, spread evenly when more are needed than fit so.
        static func portOffsets(count: Int, height h: Double, keepMiddle: Bool) -> [Double] {
            let reach = h / 2 - 0.5
            let gap = 2.2
            if !keepMiddle && count <= 3 { return [0, -gap, gap] }
            if keepMiddle && count <= 2 { return [-gap, gap] }
            let n = keepMiddle && count % 2 == 1 ? count + 1 : count
            let step = 2 * reach / Double(max(1, n - 1))
            let all = (0..<n).map { -reach + Double($0) * step }.filter { !keepMiddle || abs($0) > 0.01 }
            return all.sorted { (abs($0), $0) < (abs($1), $1) }
        }

        // MARK: Page-break letters

        mutating func nextLetter() -> String {
            var k = lettersHandedOut
            lettersHandedOut += 1
            var s = ""
            repeat {
                s = String(UnicodeScalar(UInt8(65 + k % 26))) + s
                k = k / 26 - 1
            } while k >= 0
            return s
        }

        mutating func findDownBreaks() {
            for pl in placed {
                for edge in edges[pl.box.row] {
                    guard case .down = edge.kind else { continue }
                    let t = pl.box.row + 1
                    if placed[t].page != pl.page { downBreaks.append(DownBreak(from: pl.box.row, to: t, letter: nextLetter())) }
                }
            }
        }

        /// Letters so far were handed out in route order then down-break order; re-letters everything in
        /// row order so that A, B, C … follow the rows.
        mutating func reletterInRowOrder() {
            var crossings: [(row: Int, order: Int, isRoute: Bool, index: Int)] = []
            for (k, r) in routes.enumerated() where r.letter != nil {
                crossings.append(
                    (
                        r.from,
                        edges[r.from].firstIndex { e in
                            if case .side(let t) = e.kind { t == r.to && e.label == r.edge.label } else { false }
                        } ?? 0, true, k
                    ))
            }
            for (k, d) in downBreaks.enumerated() {
                crossings.append(
                    (d.from, edges[d.from].firstIndex { if case .down = $0.kind { true } else { false } } ?? 0, false, k))
            }
            crossings.sort { ($0.row, $0.order) < ($1.row, $1.order) }
            lettersHandedOut = 0
            for c in crossings {
                if c.isRoute { routes[c.index].letter = nextLetter() } else { downBreaks[c.index].letter = nextLetter() }
            }
        }

        // MARK: Pentagons

        func collectStripItems() -> [StripKey: [StripItem]] {
            var stripItems: [StripKey: [StripItem]] = [:]
            for (k, r) in routes.enumerated() where r.letter != nil {
                let up = placed[r.to].page < placed[r.from].page
                stripItems[StripKey(page: placed[r.from].page, top: up), default: []].append(StripItem(desired: r.lane, key: k))
                stripItems[StripKey(page: placed[r.to].page, top: !up), default: []].append(StripItem(desired: r.lane, key: k))
            }
            for (k, d) in downBreaks.enumerated() {
                stripItems[StripKey(page: placed[d.from].page, top: false), default: []].append(
                    StripItem(desired: placed[d.from].cx, key: 10_000 + k))
                stripItems[StripKey(page: placed[d.to].page, top: true), default: []].append(
                    StripItem(desired: placed[d.to].cx, key: 10_000 + k))
            }
            return stripItems
        }

        /// Pentagons in a strip keep the order of their lines and are spread to stay apart (narrower when
        /// the strip is crowded). A line whose pentagon had to move jogs sideways inside the strip, each at
        /// its own height, ordered so that jogs never cross: among the lines pushed right, the further right
        /// the nearer the rows; among those pushed left, the further left the nearer the rows.
        mutating func spreadPentagons(_ stripItems: [StripKey: [StripItem]]) {
            for (key, items) in stripItems {
                let sorted = items.sorted { ($0.desired, $0.key) < ($1.desired, $1.key) }
                var w = 6.0
                var spacing = w + 2
                let room = columns.actorRight - columns.actorLeft - 1.6
                if Double(sorted.count) * spacing > room {
                    spacing = room / Double(sorted.count)
                    w = max(3, spacing - 0.8)
                }
                pentagonWidth[key] = w
                let lo = columns.actorLeft + 0.8 + w / 2
                let hi = columns.actorRight - 0.8 - w / 2
                var xs = sorted.map(\.desired)
                for j in xs.indices { xs[j] = max(xs[j], lo, j > 0 ? xs[j - 1] + spacing : lo) }
                for j in xs.indices.reversed() { xs[j] = min(xs[j], hi, j + 1 < xs.count ? xs[j + 1] - spacing : hi) }
                // Each pentagon inside one column, its letter never across a grid line: one that would cross
                // an edge moves to the nearer side of it that keeps the order.
                let gridLines = (0...columns.actorCount).map { columns.actorLeft + Double($0) * columns.actorWidth }
                var previous = -Double.infinity
                for j in xs.indices {
                    var x = max(xs[j], previous + spacing)
                    if let e = gridLines.first(where: { x - w / 2 < $0 + 0.3 && x + w / 2 > $0 - 0.3 }) {
                        let left = e - w / 2 - 0.3
                        let right = e + w / 2 + 0.3
                        x = left >= previous + spacing && x - left <= right - x ? left : right
                    }
                    xs[j] = x
                    previous = x
                }
                let right = sorted.indices.filter { xs[$0] > sorted[$0].desired + 0.01 }
                let left = sorted.indices.filter { xs[$0] < sorted[$0].desired - 0.01 }
                // Levels: the outermost jog nearest the rows; a jog goes one level further than every jog
                // already placed that it runs beside (jogs side by side with no common stretch share a level,
                // and cannot cross, since neither reaches the other's vertical lines).
                var levels = 1
                for group in [right.reversed(), left] {
                    // The jogs placed, by level: the highest level with a jog beside this one is found looking
                    // down from the top (thousands of jogs in one strip, each compared with every other, took
                    // seconds).
                    var placedJogs: [[(lo: Double, hi: Double)]] = []
                    for j in group {
                        let lo = min(xs[j], sorted[j].desired)
                        let hi = max(xs[j], sorted[j].desired)
                        let beside = placedJogs.lastIndex { jogs in jogs.contains { $0.lo < hi + 0.1 && lo < $0.hi + 0.1 } }
                        let level = beside.map { $0 + 1 } ?? 0
                        if level == placedJogs.count { placedJogs.append([]) }
                        placedJogs[level].append((lo, hi))
                        jogLevel[PentagonKey(strip: key, item: sorted[j].key)] = level
                        levels = max(levels, level + 1)
                    }
                }
                // Closer together only when more lines jog here than the strip holds 2 mm apart.
                jogStep[key] = min(FlowLayout.minLineGap, Self.jogRoom / Double(max(1, levels - 1)))
                for (j, item) in sorted.enumerated() { pentagonX[PentagonKey(strip: key, item: item.key)] = xs[j] }
            }
        }

        /// Draws a pentagon in a strip and tells where its line meets it.
        mutating func pentagon(_ page: Int, top: Bool, item: Int, letter: String) -> PentagonEnds {
            let strip = StripKey(page: page, top: top)
            let key = PentagonKey(strip: strip, item: item)
            let penH = Self.pentagonHeight
            let x = pentagonX[key]!
            let w = pentagonWidth[strip] ?? 6
            let level = Double(jogLevel[key] ?? 0) * (jogStep[strip] ?? FlowLayout.minLineGap)
            if top {
                let s = pages[page].topStrip!
                pages[page].shapes.append(Shape(kind: .pentagon, cx: x, cy: s + 1 + penH / 2, w: w, h: penH, text: letter))
                let jog = s + Self.topPentagonBottom + 0.6 + Self.jogRoom - level
                return PentagonEnds(x: x, enter: s + 1 + penH, leave: s + 1 + penH, jog: jog)
            } else {
                let s = pages[page].bottomStrip!
                let top = s + Self.bottomPentagonTop
                pages[page].shapes.append(Shape(kind: .pentagon, cx: x, cy: top + penH / 2, w: w, h: penH, text: letter))
                return PentagonEnds(x: x, enter: top, leave: top, jog: s + 0.6 + level)
            }
        }

        // MARK: Labels

        /// A branch label beside a side exit: above or below the line, as preferred unless another line
        /// (or the symbol, or a co-actor's dashed line) is there.
        mutating func sideLabel(_ page: Int, _ text: String?, row: Int, side: Side, start: Point, dy: Double, preferBelow: Bool) {
            var others = (portDYs[PortKey(row: row, side: side)] ?? []).filter { abs($0 - dy) > 0.01 }
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
            label(
                page, text, x: start.x + (side == .right ? 0.8 : -0.8), y: below ? start.y + 2.6 : start.y - 0.8,
                anchor: side == .right ? "start" : "end", within: columnBounds(row))
        }

        /// The left and right edge of the column that holds a row's symbol.
        func columnBounds(_ row: Int) -> (Double, Double) {
            let c = 2 + table.rows[row].symbolColumn
            return (columns.left[c], columns.left[c] + columns.widths[c])
        }

        /// A branch label, inside the actor area, and never across a grid line: when it would cross the edge of
        /// the symbol's column (`within`), it moves back into the column if a little room is missing, and
        /// otherwise on past the grid line, along its line, into the next column.
        mutating func label(_ page: Int, _ text: String?, x: Double, y: Double, anchor: String, within: (Double, Double)? = nil) {
            guard let text else { return }
            let w = FlowLayout.labelWidth(text)
            let (lo, hi) = within ?? (columns.actorLeft, columns.actorRight)
            let gap = 0.3
            var x = x
            if anchor == "start" && x + w > hi - gap {
                let past = hi + 2 * gap
                x = x + w - (hi - gap) > 0.8 && past + w <= columns.actorRight - gap ? past : max(lo + gap, hi - gap - w)
            }
            if anchor == "end" && x - w < lo + gap {
                let past = lo - 2 * gap
                x = lo + gap - (x - w) > 0.8 && past - w >= columns.actorLeft + gap ? past : min(hi - gap, lo + gap + w)
            }
            pages[page].labels.append(Label(x: x, y: y, text: text, anchor: anchor))
        }

        // MARK: Arrows

        /// The flows to the following row, through a pair of pentagons across a page break.
        mutating func drawDownEdges() {
            for pl in placed {
                for edge in edges[pl.box.row] {
                    guard case .down = edge.kind else { continue }
                    let t = pl.box.row + 1
                    let tg = placed[t]
                    label(
                        pl.page, edge.label, x: pl.cx + 1.0, y: pl.bottom + 3.0, anchor: "start", within: columnBounds(pl.box.row)
                    )
                    if tg.page == pl.page {
                        pages[pl.page].lines.append(Line(points: Self.downPoints(pl, tg), arrow: true))
                    } else {
                        let k = downBreaks.firstIndex { $0.from == pl.box.row }!
                        let letter = downBreaks[k].letter
                        let a = pentagon(pl.page, top: false, item: 10_000 + k, letter: letter)
                        pages[pl.page].lines.append(
                            Line(
                                points: Self.vertical(from: Point(x: pl.cx, y: pl.bottom), toX: a.x, y: a.enter, jog: a.jog),
                                arrow: true))
                        let b = pentagon(tg.page, top: true, item: 10_000 + k, letter: letter)
                        pages[tg.page].lines.append(
                            Line(
                                points: Self.vertical(from: Point(x: b.x, y: b.leave), toX: tg.cx, y: tg.top, jog: b.jog),
                                arrow: true))
                    }
                }
            }
        }

        mutating func drawEndCapsules() {
            for mc in endCapsules {
                let pl = placed[mc.row]
                let p = pl.page
                let w = mc.w
                pages[p].shapes.append(Shape(kind: .capsule, cx: mc.cx, cy: mc.cy, w: w, h: size.mini.h, text: "Selesai"))
                let capTop = mc.cy - size.mini.h / 2
                if let side = mc.side {
                    let dy = endCapsuleDY[mc.row] ?? 0
                    let sx = Self.sideX(pl, side, dy: dy)
                    let y = pl.box.cy + dy
                    pages[p].lines.append(
                        Line(points: [Point(x: sx, y: y), Point(x: mc.cx, y: y), Point(x: mc.cx, y: capTop)], arrow: true))
                    sideLabel(p, mc.edge.label, row: mc.row, side: side, start: Point(x: sx, y: y), dy: dy, preferBelow: false)
                } else {
                    pages[p].lines.append(Line(points: [Point(x: pl.cx, y: pl.bottom), Point(x: pl.cx, y: capTop)], arrow: true))
                    label(p, mc.edge.label, x: pl.cx + 1.0, y: pl.bottom + 3.0, anchor: "start", within: columnBounds(mc.row))
                }
            }
        }

        mutating func drawSideRoutes() {
            shortenCoActorLinesAtEntries()
            for (k, r) in routes.enumerated() {
                let pl = placed[r.from]
                let tg = placed[r.to]
                let start = Point(x: Self.sideX(pl, r.exitSide, dy: r.exitDY), y: pl.box.cy + r.exitDY)
                var end = Point(x: Self.sideX(tg, r.entrySide, dy: r.entryDY), y: tg.box.cy + r.entryDY)
                if let leader = joins[k] { end.x = routes[leader].lane }
                // The label sits on the side of the run that the lane does not turn to, so that it never lies
                // across the lane.
                // (Not under an exit from the upper half of the side: the symbol is there.)
                let goesUp = pl.page == tg.page ? end.y < start.y : tg.page < pl.page
                sideLabel(pl.page, r.edge.label, row: r.from, side: r.exitSide, start: start, dy: r.exitDY, preferBelow: goesUp)
                if pl.page == tg.page {
                    pages[pl.page].lines.append(
                        Line(
                            points: Self.simplify([start, Point(x: r.lane, y: start.y), Point(x: r.lane, y: end.y), end]),
                            arrow: true))
                } else {
                    drawAcrossBreak(r, index: k, start: start, end: end)
                }
            }
        }

        /// Where arrows enter a diamond at the corner from which a co-actor's dashed line leaves, the dashed
        /// line starts at the outermost of their lanes instead, so that it never runs along an arrow.
        mutating func shortenCoActorLinesAtEntries() {
            var outermost: [PortKey: Double] = [:]
            for r in routes where placed[r.to].symbol == .decision && abs(r.entryDY) < 0.001 {
                let key = PortKey(row: r.to, side: r.entrySide)
                let cx = placed[r.to].cx
                if abs(r.lane - cx) > abs((outermost[key] ?? cx) - cx) { outermost[key] = r.lane }
            }
            for (key, lane) in outermost {
                let tg = placed[key.row]
                let corner = Point(x: Self.sideX(tg, key.side, dy: 0), y: tg.box.cy)
                for i in pages[tg.page].lines.indices where pages[tg.page].lines[i].dashed {
                    guard let first = pages[tg.page].lines[i].points.first, abs(first.x - corner.x) < 0.001,
                        abs(first.y - corner.y) < 0.001
                    else { continue }
                    pages[tg.page].lines[i].points[0].x = lane
                }
            }
        }

        /// A side route across a page break: to a pentagon on the source page, from its twin on the target's.
        mutating func drawAcrossBreak(_ r: SideRoute, index k: Int, start: Point, end: Point) {
            let pl = placed[r.from]
            let tg = placed[r.to]
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

        // MARK: Geometry

        /// The flow from a symbol to the one on the following row: straight down, or with an elbow just under
        /// the grid line.
        static func downPoints(_ pl: PlacedSymbol, _ tg: PlacedSymbol) -> [Point] {
            if abs(tg.cx - pl.cx) < 0.01 { return [Point(x: pl.cx, y: pl.bottom), Point(x: tg.cx, y: tg.top)] }
            let y = tg.box.top + min(3, (tg.top - tg.box.top) / 2)
            return [Point(x: pl.cx, y: pl.bottom), Point(x: pl.cx, y: y), Point(x: tg.cx, y: y), Point(x: tg.cx, y: tg.top)]
        }

        /// Whether a horizontal and a vertical segment cross (touching ends do not count).
        static func cross(_ s: (Point, Point), _ t: (Point, Point)) -> Bool {
            let sH = abs(s.0.y - s.1.y) < 0.001
            let tH = abs(t.0.y - t.1.y) < 0.001
            if sH == tH { return false }
            let (h, v) = sH ? (s, t) : (t, s)
            let x = v.0.x
            let y = h.0.y
            return x > min(h.0.x, h.1.x) + 0.01 && x < max(h.0.x, h.1.x) - 0.01 && y > min(v.0.y, v.1.y) + 0.01
                && y < max(v.0.y, v.1.y) - 0.01
        }

        /// Where a horizontal line at `dy` from the centre meets the side of a symbol.
        static func sideX(_ pl: PlacedSymbol, _ side: Side, dy: Double) -> Double {
            var half = pl.w / 2
            if pl.symbol == .decision { half *= max(0, 1 - abs(dy) / (pl.h / 2)) }
            if pl.symbol == .start || pl.symbol == .end {
                // The capsule's rounded end.
                let r = pl.h / 2
                half = pl.w / 2 - r + (max(0, r * r - dy * dy)).squareRoot()
            }
            return pl.cx + (side == .right ? half : -half)
        }

        /// A vertical line from `from` to (`toX`, `y`), with a horizontal jog at `jog` when the x differ.
        static func vertical(from: Point, toX: Double, y: Double, jog: Double) -> [Point] {
            if abs(from.x - toX) < 0.01 { return [from, Point(x: from.x, y: y)] }
            return [from, Point(x: from.x, y: jog), Point(x: toX, y: jog), Point(x: toX, y: y)]
        }

        /// Drops repeated points and points in the middle of a straight run.
        static func simplify(_ points: [Point]) -> [Point] {
            var out: [Point] = []
            for p in points {
                if let last = out.last, abs(last.x - p.x) < 0.001, abs(last.y - p.y) < 0.001 { continue }
                if out.count >= 2 {
                    let a = out[out.count - 2]
                    let b = out[out.count - 1]
                    let collinear =
                        (abs(a.x - b.x) < 0.001 && abs(b.x - p.x) < 0.001) || (abs(a.y - b.y) < 0.001 && abs(b.y - p.y) < 0.001)
                    if collinear {
                        let sameDirection = (b.x - a.x) * (p.x - b.x) + (b.y - a.y) * (p.y - b.y) > 0
                        if sameDirection {
                            out[out.count - 1] = p
                            continue
                        }
                    }
                }
                out.append(p)
            }
            return out
        }
    }
}
