import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// The diagram of a ``BPMNDocument``: where each shape goes and how each flow is routed, so that the file
/// opens readably in a BPMN modeler (bpmn-js, Camunda Modeler) without any automatic layout.
///
/// The picture is a pool of horizontal lanes, one per actor, stacked in column order. Every flow node has
/// a column of its own, left to right in step order, and sits in its lane's node row; the process's data
/// inputs sit under the start event, its data outputs under the end event, in the lane's data row. A lane is,
/// from top to bottom:
///
///     top channel    horizontal tracks of forward flows that skip columns, into this lane
///     node row       tasks, gateways and events, all centred on one line
///     data row       data inputs and outputs with their labels (only in a lane that has any)
///     bottom channel horizontal tracks of flows that go back, into this lane
///
/// Between two columns is a gap for vertical tracks. A flow leaves its source on the right and enters its
/// target on the left: straight when the target is the next column of the same lane; through the gap when
/// it is the next column of another lane (from an event or a gateway; see below for a task); otherwise up or down the gap after the source, along a channel
/// of the target's lane (the top one forwards, the bottom one backwards) and down or up the gap before the
/// target. A gateway's second branch leaves from its top or bottom corner instead and runs up or down its
/// own column, which holds nothing else; so does a task's flow to the next column in another lane, which then
/// turns into the target's left side. A gap track carries one flow, a channel track flows that do not
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

    /// A data input or output drawn under a node.
    struct Reference {
        var label: String
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

    /// How many lines a text takes when wrapped at `width` characters (greedy, by words).
    static func lineCount(_ text: String, width: Int) -> Int {
        // ASCII without a carriage return: every byte is one character (CR LF would be one).
        var text = text
        if let count = text.withUTF8({ asciiLineCount($0, width: width) }) { return count }
        return characterLineCount(text, width: width)
    }

    /// Greedy wrapping, word by word: the lines so far and the characters on the last one.
    struct Wrapping {
        let width: Int
        var lines = 0
        var current = 0

        /// A word of `n` characters (more than none) goes on the line, or starts the next; one longer than
        /// a line takes as many lines as it fills.
        mutating func add(_ n: Int) {
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

        var count: Int { max(lines, 1) }
    }

    /// ``lineCount(_:width:)`` over bytes; nil when a byte is not ASCII or is a carriage return.
    static func asciiLineCount(_ bytes: UnsafeBufferPointer<UInt8>, width: Int) -> Int? {
        var wrapping = Wrapping(width: width)
        var word = 0
        for b in bytes {
            if b >= 0x80 || b == UInt8(ascii: "\r") { return nil }
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") {
                if word > 0 { wrapping.add(word) }
                word = 0
            } else {
                word += 1
            }
        }
        if word > 0 { wrapping.add(word) }
        return wrapping.count
    }

    /// ``lineCount(_:width:)`` by characters.
    static func characterLineCount(_ text: String, width: Int) -> Int {
        var wrapping = Wrapping(width: width)
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) { wrapping.add(word.count) }
        return wrapping.count
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
        case top(Int)
        case bottom(Int)
    }

    private enum Route {
        case straight
        /// From a task to the next column in another lane: out of its bottom or top side, down or up its own
        /// column (which holds nothing else) to the target's line, and right into the target.
        case elbow
        /// To the next column in another lane, through the gap between them.
        case acrossGap(gap: Int)
        /// Right side, gap after the source, a channel, gap before the target.
        case around(first: Int, channel: Channel, last: Int)
        /// Top or bottom corner, own column, a channel, gap before the target.
        case corner(channel: Channel, last: Int)
    }

    init(nodes input: [Node], flows flowInput: [Flow], laneCount: Int) {
        let tracks = Tracks(nodes: input, flows: flowInput)
        let columns = Columns(nodes: input, gapTracks: tracks.gapTracks)
        let stack = LaneStack(
            nodes: input, laneCount: laneCount, contentRight: columns.contentRight, channelCount: tracks.channelCount)
        pool = stack.pool
        lanes = stack.rects

        let nodeRects = input.enumerated().map { c, node in
            let mid = columns.mid(c)
            let w = node.shape.width
            let h = node.shape.height
            return Rect(x: mid - w / 2, y: stack.rowMid[node.lane] - h / 2, width: w, height: h)
        }
        nodes = nodeRects
        let data = DataPlacement(nodes: input, columns: columns, dataTop: stack.dataTop)
        references = data.references
        referenceLabels = data.labels

        let geometry = TrackGeometry(tracks: tracks, columns: columns, trackY: stack.trackY)
        // Which way a gateway's second branch leaves, so that its question goes on the other side.
        var cornerDown = [Bool?](repeating: nil, count: input.count)
        var flowPoints: [[Point]] = []
        for (f, flow) in flowInput.enumerated() {
            let s = nodeRects[flow.source]
            let t = nodeRects[flow.target]
            if case .corner(let c, _) = tracks.routes[f] { cornerDown[flow.source] = geometry.channelY(c, f) > s.midY }
            flowPoints.append(geometry.waypoints(of: f, route: tracks.routes[f], from: s, to: t))
        }
        flows = flowPoints
        flowLabels = zip(flowInput, flowPoints).map { flow, points in
            Self.flowLabel(flow, points: points, source: nodeRects[flow.source])
        }

        // Node labels: above events; above a gateway unless its second branch leaves upwards.
        nodeLabels = input.enumerated().map { c, node in
            node.label.map { text in
                let r = nodeRects[c]
                let h = Self.labelHeight(text)
                let below = cornerDown[c] == false
                return Rect(
                    x: r.midX - Self.labelWidth / 2, y: below ? r.bottom + 5 : r.y - 5 - h, width: Self.labelWidth, height: h)
            }
        }
    }

    /// A branch's Ya/Tidak beside its first segment, on the side the flow does not turn to.
    private static func flowLabel(_ flow: Flow, points: [Point], source s: Rect) -> Rect? {
        flow.label.map { _ in
            let w = 34
            let h = Self.lineHeight
            if flow.vertical {
                let down = points[1].y > points[0].y
                return Rect(x: s.midX + 5, y: down ? s.bottom + 5 : s.y - 5 - h, width: w, height: h)
            }
            let turnsUp = points.count > 2 && points[2].y < s.midY
            return Rect(x: s.right + 5, y: turnsUp ? s.midY + 5 : s.midY - 5 - h, width: w, height: h)
        }
    }

    /// Each flow's route and the tracks it takes, in flow order: a gap track per flow through a gap, and
    /// channel tracks shared by flows whose segments are apart.
    private struct Tracks {
        var routes: [Route] = []
        /// The flows through each gap, in flow order.
        var gapTracks: [[Int]]
        var channelTrack: [Int: Int] = [:]
        var channelCount: [Channel: Int] = [:]

        /// A flow's segment along a channel, counting column c as 2c and the gap after it as 2c + 1.
        typealias ChannelUse = (flow: Int, from: Int, to: Int)

        init(nodes: [Node], flows: [Flow]) {
            gapTracks = [[Int]](repeating: [], count: max(nodes.count - 1, 0))
            var channelUsers: [Channel: [ChannelUse]] = [:]
            func use(_ c: Channel, _ flow: Int, _ a: Int, _ b: Int) {
                channelUsers[c, default: []].append((flow, min(a, b), max(a, b)))
            }
            for (f, flow) in flows.enumerated() {
                let s = flow.source
                let route = Self.route(of: flow, nodes: nodes)
                switch route {
                case .straight, .elbow: break
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
            for (c, users) in channelUsers { assignTracks(in: c, to: users) }
        }

        static func route(of flow: Flow, nodes: [Node]) -> Route {
            let s = flow.source
            let t = flow.target
            let lane = nodes[t].lane
            if flow.vertical {
                return .corner(channel: t > s ? .top(lane) : .bottom(lane), last: t - 1)
            } else if t == s + 1 {
                // An event's or gateway's label sits above or below it, so only a task turns out of its side.
                return nodes[s].lane == lane ? .straight : nodes[s].shape.isTask ? .elbow : .acrossGap(gap: s)
            } else {
                return .around(first: s, channel: t > s ? .top(lane) : .bottom(lane), last: t - 1)
            }
        }

        /// Flows share a channel track when their segments are apart (interval colouring, leftmost first).
        mutating func assignTracks(in c: Channel, to users: [ChannelUse]) {
            // The first track whose last segment ends before this one starts, found in a tree of the tracks'
            // least ends (thousands of flows round one channel, each looking at every track, took seconds).
            var ends = FirstBelow(capacity: users.count)
            for u in users.sorted(by: { ($0.from, $0.flow) < ($1.from, $1.flow) }) {
                if let t = ends.first(below: u.from) {
                    ends.set(t, u.to)
                    channelTrack[u.flow] = t
                } else {
                    channelTrack[u.flow] = ends.count
                    ends.append(u.to)
                }
            }
            channelCount[c] = ends.count
        }
    }

    /// A list of values that finds its first value below a bound in logarithmic time: a tree whose leaves
    /// are the values (an unused leaf holds `Int.max`) and each inner node the least of its two children.
    struct FirstBelow {
        private var tree: [Int]
        private let leaves: Int
        private(set) var count = 0

        init(capacity: Int) {
            var leaves = 1
            while leaves < max(capacity, 1) { leaves *= 2 }
            self.leaves = leaves
            tree = [Int](repeating: .max, count: 2 * leaves)
        }

        /// The index of the first value below `bound`, nil when there is none.
        func first(below bound: Int) -> Int? {
            guard tree[1] < bound else { return nil }
            var node = 1
            while node < leaves { node = tree[2 * node] < bound ? 2 * node : 2 * node + 1 }
            return node - leaves
        }

        mutating func set(_ index: Int, _ value: Int) {
            var node = index + leaves
            tree[node] = value
            while node > 1 {
                node /= 2
                tree[node] = min(tree[2 * node], tree[2 * node + 1])
            }
        }

        /// Adds a value after the last (the capacity is never passed: one value per user at most).
        mutating func append(_ value: Int) {
            count += 1
            set(count - 1, value)
        }
    }

    private static let poolX = 20, poolY = 20, poolHeader = 30

    /// The columns, left to right, each wide enough for its node, its label and its references, with a gap
    /// after each but the last, wide enough for its tracks.
    private struct Columns {
        var x: [Int] = [], width: [Int] = [], gapX: [Int] = [], gapWidth: [Int] = []
        var contentRight = 0

        init(nodes: [Node], gapTracks: [[Int]]) {
            var x = BPMNLayout.poolX + 2 * BPMNLayout.poolHeader + 30
            for (c, node) in nodes.enumerated() {
                var w = max(node.shape.width, node.references.count * BPMNLayout.referenceSlot)
                if node.label != nil { w = max(w, BPMNLayout.labelWidth) }
                self.x.append(x)
                width.append(w)
                x += w
                if c < nodes.count - 1 {
                    let g = max(50, 30 + 10 * gapTracks[c].count)
                    gapX.append(x)
                    gapWidth.append(g)
                    x += g
                }
            }
            contentRight = x + 30
        }

        func mid(_ c: Int) -> Int { x[c] + width[c] / 2 }
    }

    /// The lanes, top to bottom: where each lane's node row and data row are, and its channels' first tracks.
    private struct LaneStack {
        var rects: [Rect] = []
        var rowMid: [Int] = [], dataTop: [Int] = []
        var trackY: [Channel: Int] = [:]
        var pool: Rect

        init(nodes: [Node], laneCount: Int, contentRight: Int, channelCount: [Channel: Int]) {
            let poolX = BPMNLayout.poolX
            let poolY = BPMNLayout.poolY
            let header = BPMNLayout.poolHeader
            var y = poolY
            for lane in 0..<laneCount {
                let members = nodes.filter { $0.lane == lane }
                let (row, dataHeight) = Self.rowHeights(members)
                let topHeight = 20 + 10 * (channelCount[.top(lane)] ?? 0)
                let bottomHeight = 20 + 10 * (channelCount[.bottom(lane)] ?? 0)
                let height = topHeight + row + dataHeight + bottomHeight
                rects.append(Rect(x: poolX + header, y: y, width: contentRight - poolX - header, height: height))
                rowMid.append(y + topHeight + row / 2)
                dataTop.append(y + topHeight + row + 20)
                trackY[.top(lane)] = y + 15
                trackY[.bottom(lane)] = y + topHeight + row + dataHeight + 10
                y += height
            }
            pool = Rect(x: poolX, y: poolY, width: contentRight - poolX, height: y - poolY)
        }

        /// The heights of a lane's node row (room for the tallest node and its labels) and its data row.
        static func rowHeights(_ members: [Node]) -> (row: Int, data: Int) {
            var row = 80
            var referenceLabel = 0
            for node in members {
                let labelSpace = node.label.map { 2 * (BPMNLayout.labelHeight($0) + 5) } ?? 0
                row = max(row, node.shape.height + labelSpace)
                for r in node.references { referenceLabel = max(referenceLabel, BPMNLayout.labelHeight(r.label)) }
            }
            row += row % 2
            let hasReferences = members.contains { !$0.references.isEmpty }
            return (row, hasReferences ? 20 + 50 + 5 + referenceLabel + 10 : 0)
        }
    }

    /// Each node's data inputs or outputs in a row under it, with their labels.
    private struct DataPlacement {
        var references: [[Rect]] = [], labels: [[Rect]] = []

        init(nodes: [Node], columns: Columns, dataTop: [Int]) {
            let slot = BPMNLayout.referenceSlot
            let labelWidth = BPMNLayout.labelWidth
            for (c, node) in nodes.enumerated() {
                let left = columns.mid(c) - node.references.count * slot / 2
                var rects: [Rect] = []
                var labelRects: [Rect] = []
                for (j, r) in node.references.enumerated() {
                    let cx = left + slot / 2 + slot * j
                    let rect = Rect(x: cx - 18, y: dataTop[node.lane], width: 36, height: 50)
                    rects.append(rect)
                    labelRects.append(
                        Rect(
                            x: cx - labelWidth / 2, y: rect.bottom + 5, width: labelWidth, height: BPMNLayout.labelHeight(r.label)
                        ))
                }
                references.append(rects)
                labels.append(labelRects)
            }
        }
    }

    /// Where the tracks lie, and the waypoints of a flow along its route.
    private struct TrackGeometry {
        let tracks: Tracks
        let columns: Columns
        let trackY: [Channel: Int]

        /// Each flow's first place among the flows through each gap through which many pass (nil for a gap of
        /// a few, which are looked along: nearly every gap of nearly every SOP).
        let gapPlace: [[Int: Int]?]

        /// How many flows a gap has before their places are looked up rather than looked along.
        static let fewFlows = 8

        init(tracks: Tracks, columns: Columns, trackY: [Channel: Int]) {
            self.tracks = tracks
            self.columns = columns
            self.trackY = trackY
            gapPlace = tracks.gapTracks.map { $0.count > Self.fewFlows ? $0.firstPlaces() : nil }
        }

        func gapTrackX(_ g: Int, _ flow: Int) -> Int {
            let flows = tracks.gapTracks[g]
            let i: Int
            if let place = gapPlace[g] { i = place[flow] ?? 0 } else { i = flows.firstIndex(of: flow) ?? 0 }
            return columns.gapX[g] + (columns.gapWidth[g] - 10 * (flows.count - 1)) / 2 + 10 * i
        }

        func channelY(_ c: Channel, _ flow: Int) -> Int { trackY[c]! + 10 * (tracks.channelTrack[flow] ?? 0) }

        func waypoints(of f: Int, route: Route, from s: Rect, to t: Rect) -> [Point] {
            let entry = Point(x: t.x, y: t.midY)
            switch route {
            case .straight:
                return [Point(x: s.right, y: s.midY), entry]
            case .elbow:
                return [Point(x: s.midX, y: t.midY > s.midY ? s.bottom : s.y), Point(x: s.midX, y: t.midY), entry]
            case .acrossGap(let g):
                let gx = gapTrackX(g, f)
                return [Point(x: s.right, y: s.midY), Point(x: gx, y: s.midY), Point(x: gx, y: t.midY), entry]
            case .around(let g1, let c, let g2):
                let x1 = gapTrackX(g1, f)
                let x2 = gapTrackX(g2, f)
                let cy = channelY(c, f)
                return [
                    Point(x: s.right, y: s.midY), Point(x: x1, y: s.midY), Point(x: x1, y: cy), Point(x: x2, y: cy),
                    Point(x: x2, y: t.midY), entry,
                ]
            case .corner(let c, let g):
                let cy = channelY(c, f)
                let x2 = gapTrackX(g, f)
                let down = cy > s.midY
                return [
                    Point(x: s.midX, y: down ? s.bottom : s.y), Point(x: s.midX, y: cy), Point(x: x2, y: cy),
                    Point(x: x2, y: t.midY), entry,
                ]
            }
        }
    }
}
