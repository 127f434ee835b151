import SOPSystem
import SOPDiagnostics
import SOPFrontEnd
import SOPChecks
import SOPMachine

/// The diagram of a ``BPMNDocument``: where each shape goes and how each flow is routed, so that the file
/// opens readably in a BPMN modeler (bpmn-js, Camunda Modeler) without any automatic layout.
///
/// The picture is a pool of horizontal lanes, one per actor, stacked in column order. Every flow node has
/// a column of its own, left to right in step order, and sits in its lane's node row; a step's data object
/// references sit under it in the lane's data row. A lane is, from top to bottom:
///
///     top channel    horizontal tracks of forward flows that skip columns, into this lane
///     node row       tasks, gateways and events, all centred on one line
///     data row       data object references with their labels
///     bottom channel horizontal tracks of flows that go back, into this lane
///
/// Between two columns is a gap for vertical tracks. A flow leaves its source on the right and enters its
/// target on the left: straight when the target is the next column of the same lane; through the gap when
/// it is the next column of another lane; otherwise up or down the gap after the source, along a channel
/// of the target's lane (the top one forwards, the bottom one backwards) and down or up the gap before the
/// target. A gateway's second branch leaves from its top or bottom corner instead and runs up or down its
/// own column, which holds nothing else. A gap track carries one flow, a channel track flows that do not
/// overlap, so lines never run on top of each other; and since columns hold one flow node each and gaps
/// and channels hold no shapes, no flow crosses a shape it does not start or end at.
struct BPMNLayout {
    struct Rect: Equatable {
        var x, y, width, height: Int
        var right: Int { x + width }
        var bottom: Int { y + height }
        var midX: Int { x + width / 2 }
        var midY: Int { y + height / 2 }
    }

    struct Point: Equatable {
        var x, y: Int
    }

    enum Shape {
        case task(height: Int)
        case gateway
        case event

        var width: Int {
            switch self {
            case .task: BPMNLayout.taskWidth
            case .gateway: 50
            case .event: 36
            }
        }
        var height: Int {
            switch self {
            case .task(let h): h
            case .gateway: 50
            case .event: 36
            }
        }
    }

    /// A data object reference drawn under a node.
    struct Reference {
        var label: String
        var input: Bool
        var output: Bool
    }

    struct Node {
        var shape: Shape
        var lane: Int
        /// An external label (events, gateways).
        var label: String?
        var references: [Reference]
    }

    struct Flow {
        var source: Int
        var target: Int
        /// Leaves from the top or bottom corner (a gateway's second branch) instead of the right side.
        var vertical: Bool
        var label: String?
    }

    /// An association between a node and one of its references: input (reference → node) or output.
    struct Association {
        var node: Int
        var reference: Int
        var input: Bool
        var waypoints: [Point]
    }

    static let taskWidth = 140
    static let labelWidth = 90
    static let lineHeight = 14
    static let referenceSlot = 100

    var pool: Rect
    var lanes: [Rect]
    var nodes: [Rect]
    var nodeLabels: [Rect?]
    var references: [[Rect]]
    var referenceLabels: [[Rect]]
    var flows: [[Point]]
    var flowLabels: [Rect?]
    var associations: [Association]

    /// How many lines a text takes when wrapped at `width` characters (greedy, by words).
    static func lineCount(_ text: String, width: Int) -> Int {
        var lines = 0, current = 0
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let n = word.count
            if current == 0 {
                lines += 1
                current = n
            } else if current + 1 + n <= width {
                current += 1 + n
            } else {
                lines += 1
                current = n
            }
            while current > width {
                lines += 1
                current -= width
            }
        }
        return max(lines, 1)
    }

    /// A task tall enough for its name at bpmn-js's 12 px font (about 20 characters a line in 140 px), with
    /// room above for the task-type icon and below for a call's marker.
    static func taskHeight(_ name: String) -> Int {
        let h = lineCount(name, width: 20) * 15 + 36
        return max(80, h + h % 2)
    }

    /// An external label at 11 px in 90 px (about 15 characters a line).
    static func labelHeight(_ text: String) -> Int { lineCount(text, width: 15) * lineHeight }

    private enum Channel: Hashable {
        case top(Int), bottom(Int)
    }

    private enum Route {
        case straight
        /// To the next column in another lane, through the gap between them.
        case acrossGap(gap: Int)
        /// Right side, gap after the source, a channel, gap before the target.
        case around(first: Int, channel: Channel, last: Int)
        /// Top or bottom corner, own column, a channel, gap before the target.
        case corner(channel: Channel, last: Int)
    }

    init(nodes input: [Node], flows flowInput: [Flow], laneCount: Int) {
        let columns = input.count

        // 1. Routes and the tracks they take, in flow order.
        var gapTracks = [[Int]](repeating: [], count: max(columns - 1, 0))
        var channelUsers: [Channel: [(flow: Int, from: Int, to: Int)]] = [:]
        var routes: [Route] = []
        // A channel segment's extent, counting column c as 2c and the gap after it as 2c + 1.
        func use(_ c: Channel, _ flow: Int, _ a: Int, _ b: Int) { channelUsers[c, default: []].append((flow, min(a, b), max(a, b))) }
        for (f, flow) in flowInput.enumerated() {
            let s = flow.source, t = flow.target
            let lane = input[t].lane
            let route: Route
            if flow.vertical {
                route = .corner(channel: t > s ? .top(lane) : .bottom(lane), last: t - 1)
            } else if t == s + 1 {
                route = input[s].lane == lane ? .straight : .acrossGap(gap: s)
            } else {
                route = .around(first: s, channel: t > s ? .top(lane) : .bottom(lane), last: t - 1)
            }
            switch route {
            case .straight: break
            case .acrossGap(let g): gapTracks[g].append(f)
            case .around(let g1, let c, let g2):
                gapTracks[g1].append(f)
                use(c, f, 2 * g1 + 1, 2 * g2 + 1)
                gapTracks[g2].append(f)
            case .corner(let c, let g):
                use(c, f, 2 * s, 2 * g + 1)
                gapTracks[g].append(f)
            }
            routes.append(route)
        }
        // Flows share a channel track when their segments are apart (interval colouring, leftmost first).
        var channelTrack: [Int: Int] = [:], channelCount: [Channel: Int] = [:]
        for (c, users) in channelUsers {
            var ends: [Int] = []
            for u in users.sorted(by: { ($0.from, $0.flow) < ($1.from, $1.flow) }) {
                if let t = ends.firstIndex(where: { $0 < u.from }) {
                    ends[t] = u.to
                    channelTrack[u.flow] = t
                } else {
                    channelTrack[u.flow] = ends.count
                    ends.append(u.to)
                }
            }
            channelCount[c] = ends.count
        }

        // 2. Columns, left to right.
        let poolX = 20, poolY = 20, header = 30
        var columnX: [Int] = [], columnWidth: [Int] = [], gapX: [Int] = [], gapWidth: [Int] = []
        var x = poolX + 2 * header + 30
        for (c, node) in input.enumerated() {
            var w = max(node.shape.width, node.references.count * Self.referenceSlot)
            if node.label != nil { w = max(w, Self.labelWidth) }
            columnX.append(x)
            columnWidth.append(w)
            x += w
            if c < columns - 1 {
                let g = max(50, 30 + 10 * gapTracks[c].count)
                gapX.append(x)
                gapWidth.append(g)
                x += g
            }
        }
        let contentRight = x + 30

        // Which way a gateway's second branch leaves, so that its question goes on the other side.
        var cornerDown = [Bool?](repeating: nil, count: columns)

        // 3. Lanes, top to bottom.
        var laneRects: [Rect] = []
        var rowMid: [Int] = [], dataTop: [Int] = []
        var topTrackY: [Channel: Int] = [:]
        var y = poolY
        for lane in 0..<laneCount {
            let members = input.indices.filter { input[$0].lane == lane }
            let topCount = channelCount[.top(lane)] ?? 0
            let bottomCount = channelCount[.bottom(lane)] ?? 0
            var row = 80
            var referenceLabel = 0
            for i in members {
                let node = input[i]
                let labelSpace = node.label.map { 2 * (Self.labelHeight($0) + 5) } ?? 0
                row = max(row, node.shape.height + labelSpace)
                for r in node.references { referenceLabel = max(referenceLabel, Self.labelHeight(r.label)) }
            }
            row += row % 2
            let hasReferences = members.contains { !input[$0].references.isEmpty }
            let topHeight = 20 + 10 * topCount
            let dataHeight = hasReferences ? 20 + 50 + 5 + referenceLabel + 10 : 0
            let bottomHeight = 20 + 10 * bottomCount
            let height = topHeight + row + dataHeight + bottomHeight
            laneRects.append(Rect(x: poolX + header, y: y, width: contentRight - poolX - header, height: height))
            rowMid.append(y + topHeight + row / 2)
            dataTop.append(y + topHeight + row + 20)
            topTrackY[.top(lane)] = y + 15
            topTrackY[.bottom(lane)] = y + topHeight + row + dataHeight + 10
            y += height
        }
        pool = Rect(x: poolX, y: poolY, width: contentRight - poolX, height: y - poolY)
        lanes = laneRects

        func gapTrackX(_ g: Int, _ flow: Int) -> Int {
            let tracks = gapTracks[g]
            let i = tracks.firstIndex(of: flow) ?? 0
            return gapX[g] + (gapWidth[g] - 10 * (tracks.count - 1)) / 2 + 10 * i
        }
        func channelY(_ c: Channel, _ flow: Int) -> Int { topTrackY[c]! + 10 * (channelTrack[flow] ?? 0) }

        // 4. Nodes and their references.
        var nodeRects: [Rect] = []
        for (c, node) in input.enumerated() {
            let mid = columnX[c] + columnWidth[c] / 2
            let w = node.shape.width, h = node.shape.height
            nodeRects.append(Rect(x: mid - w / 2, y: rowMid[node.lane] - h / 2, width: w, height: h))
        }
        nodes = nodeRects

        var refRects: [[Rect]] = [], refLabelRects: [[Rect]] = []
        var associationList: [Association] = []
        for (c, node) in input.enumerated() {
            let mid = columnX[c] + columnWidth[c] / 2
            let left = mid - node.references.count * Self.referenceSlot / 2
            var rects: [Rect] = [], labels: [Rect] = []
            for (j, r) in node.references.enumerated() {
                let cx = left + Self.referenceSlot / 2 + Self.referenceSlot * j
                let rect = Rect(x: cx - 18, y: dataTop[node.lane], width: 36, height: 50)
                rects.append(rect)
                labels.append(
                    Rect(x: cx - Self.labelWidth / 2, y: rect.bottom + 5, width: Self.labelWidth, height: Self.labelHeight(r.label)))
                let n = nodeRects[c]
                for input in [true, false] where input ? r.input : r.output {
                    let dx = r.input && r.output ? (input ? -5 : 5) : 0
                    let top = Point(x: cx + dx, y: rect.y)
                    let bottom = Point(x: min(max(cx + dx, n.x + 10), n.right - 10), y: n.bottom)
                    associationList.append(
                        Association(node: c, reference: j, input: input, waypoints: input ? [top, bottom] : [bottom, top]))
                }
            }
            refRects.append(rects)
            refLabelRects.append(labels)
        }
        references = refRects
        referenceLabels = refLabelRects
        associations = associationList

        // 5. Flows.
        var flowPoints: [[Point]] = [], flowLabelRects: [Rect?] = []
        for (f, flow) in flowInput.enumerated() {
            let s = nodeRects[flow.source], t = nodeRects[flow.target]
            let entry = Point(x: t.x, y: t.midY)
            var points: [Point]
            switch routes[f] {
            case .straight:
                points = [Point(x: s.right, y: s.midY), entry]
            case .acrossGap(let g):
                let gx = gapTrackX(g, f)
                points = [Point(x: s.right, y: s.midY), Point(x: gx, y: s.midY), Point(x: gx, y: t.midY), entry]
            case .around(let g1, let c, let g2):
                let x1 = gapTrackX(g1, f), x2 = gapTrackX(g2, f), cy = channelY(c, f)
                points = [
                    Point(x: s.right, y: s.midY), Point(x: x1, y: s.midY), Point(x: x1, y: cy), Point(x: x2, y: cy),
                    Point(x: x2, y: t.midY), entry,
                ]
            case .corner(let c, let g):
                let cy = channelY(c, f), x2 = gapTrackX(g, f)
                let down = cy > s.midY
                cornerDown[flow.source] = down
                points = [
                    Point(x: s.midX, y: down ? s.bottom : s.y), Point(x: s.midX, y: cy), Point(x: x2, y: cy),
                    Point(x: x2, y: t.midY), entry,
                ]
            }
            flowPoints.append(points)
            // A branch's Ya/Tidak beside its first segment, on the side the flow does not turn to.
            flowLabelRects.append(
                flow.label.map { _ in
                    let w = 34, h = Self.lineHeight
                    if flow.vertical {
                        let down = points[1].y > points[0].y
                        return Rect(x: s.midX + 5, y: down ? s.bottom + 5 : s.y - 5 - h, width: w, height: h)
                    }
                    let turnsUp = points.count > 2 && points[2].y < s.midY
                    return Rect(x: s.right + 5, y: turnsUp ? s.midY + 5 : s.midY - 5 - h, width: w, height: h)
                })
        }
        flows = flowPoints
        flowLabels = flowLabelRects

        // 6. Node labels: above events; above a gateway unless its second branch leaves upwards.
        nodeLabels = input.enumerated().map { c, node in
            node.label.map { text in
                let r = nodeRects[c], h = Self.labelHeight(text)
                let below = cornerDown[c] == false
                return Rect(x: r.midX - Self.labelWidth / 2, y: below ? r.bottom + 5 : r.y - 5 - h, width: Self.labelWidth, height: h)
            }
        }
    }
}
