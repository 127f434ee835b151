import Foundation
import Testing

@testable import SOPCompiler

/// The flowchart geometry (``FlowLayout``) holds its promises for any SOP the checker accepts, not only for
/// the fixtures: a few hundred random SOPs (fixed seed, so every run sees the same ones) with 1 to 8 actor
/// columns, several actors on a step, decisions, jumps back and forward and early ends. No browser needed.
@Suite struct FormLayoutTests {
    /// A small deterministic generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
    }

    static let words = [
        "Menyusun", "memeriksa", "laporan", "kegiatan", "surat", "dokumen", "Biro", "Humas", "data", "dan", "kinerja", "rapat",
        "Kepala", "Bagian", "berkas",
    ]

    static func randomSOP(_ r: inout Random, roles: Int) -> String {
        let n = r.int(1...26)
        let columns = r.int(1...min(roles, 8))
        var text =
            "sop: acak\nname: SOP Acak\nactors: [\((0..<columns).map { "r\($0)" }.joined(separator: ", "))]\nallow: [unused-actor, decision-same-target]\nsteps:\n"
        func target(_ i: Int) -> String {
            if r.chance(0.12) { return "end" }
            return "s\(r.int(0...(n - 1)))"
        }
        for i in 0..<n {
            let words = (0..<r.int(2...(r.chance(0.15) ? 60 : 12))).map { _ in Self.words[r.int(0...(Self.words.count - 1))] }
            text += "  - id: s\(i)\n    activity: \(words.joined(separator: " "))\n"
            let k = r.chance(0.2) ? r.int(2...3) : 1
            let actors = Array(Set((0..<k).map { _ in r.int(0...(columns - 1)) })).sorted()
            let first = r.int(0...(actors.count - 1))
            let ordered = [actors[first]] + actors.enumerated().filter { $0.offset != first }.map(\.element)
            text += "    actors: [\(ordered.map { "r\($0)" }.joined(separator: ", "))]\n    time: \(r.int(1...90)) menit\n"
            if r.chance(0.3) {
                text += "    decision: Lanjut?\n"
                if r.chance(0.35) { text += "    yes: \(target(i))\n" }
                text += "    no: \(target(i))\n"
            } else if r.chance(0.15) {
                text += "    next: \(target(i))\n"
            }
        }
        return text
    }

    static func project(roles: Int) -> String {
        "sopc: 1\norganization:\n  name: Biro Uji\nroles:\n"
            + (0..<roles).map { "  r\($0): { name: Peran Nomor \($0) }\n" }.joined()
    }

    /// Every checker-valid SOP among the first attempts of the fixed seed, with its model.
    static let cases: [(FormTable, FormTiming, ProjectModel)] = {
        var r = Random(state: 20_240_115)
        var out: [(FormTable, FormTiming, ProjectModel)] = []
        let roles = 8
        var attempts = 0
        while out.count < 250 && attempts < 3000 {
            attempts += 1
            guard
                let dir = try? temporaryProject([
                    "sopc.yaml": project(roles: roles), "acak.sop.yaml": randomSOP(&r, roles: roles),
                ])
            else { continue }
            defer { try? FileManager.default.removeItem(at: dir) }
            guard let result = try? Checker.check(directory: dir.path), result.errorCount == 0, let sop = result.model.sop("acak")
            else { continue }
            let table = FormTable(sop, in: checked(result.model))
            out.append((table, FormTiming(table), result.model))
        }
        return out
    }()

    @Test func enoughRandomSOPs() {
        #expect(Self.cases.count >= 150)
    }

    @Test func layoutInvariants() throws {
        try #require(Self.cases.count >= 150, "only \(Self.cases.count) random SOPs to lay out")
        var failing: [String] = []
        var kinds: [String: Int] = [:]
        var seen: [String: Int] = [:]
        for (k, (table, timing, model)) in Self.cases.enumerated() {
            let layout = FlowLayout(table, timing: timing)
            let problems = Self.problems(layout)
            if let show = ProcessInfo.processInfo.environment["SOPC_LAYOUT_SHOW"], show == "\(k)" {
                print(table.rows.indices.map { "\($0): \(table.targets(of: $0)) \(table.rows[$0].actorColumns)" })
                for (p, page) in layout.pages.enumerated() {
                    for (li, l) in page.lines.enumerated() { print("p\(p) line \(li): \(l.points.map { "(\($0.x), \($0.y))" })") }
                    for s in page.shapes { print("p\(p) shape \(s.kind) \(s.cx) \(s.cy) \(s.w) \(s.h)") }
                }
            }
            // What the promises were tested on.
            for page in layout.pages {
                seen["connectors", default: 0] += page.shapes.count { $0.kind == .pentagon }
                for line in page.lines where line.arrow && !line.dashed {
                    guard let end = line.points.last, let before = line.points.dropLast().last, abs(before.y - end.y) < 0.001
                    else { continue }
                    if page.shapes.contains(where: {
                        $0.kind == .diamond && !$0.dashed && abs($0.cy - end.y) < 0.001
                            && abs(abs($0.cx - end.x) - $0.w / 2) < 0.001
                    }) {
                        seen["arrows into a diamond's side corner", default: 0] += 1
                    }
                }
            }
            if layout.pages.count > 1 { seen["forms of several pages", default: 0] += 1 }
            if layout.pages.count > 1 && layout.pages.last?.rows.count == 1 {
                seen["single-row last pages (unavoidable)", default: 0] += 1
            }
            guard !problems.isEmpty else { continue }
            // SOPC_LAYOUT_DUMP=DIR writes the form of a failing case there, to look at.
            if let dir = ProcessInfo.processInfo.environment["SOPC_LAYOUT_DUMP"] {
                try? HTMLForm.render(table, timing: timing, model: model).write(
                    toFile: dir + "/case-\(k).html", atomically: true, encoding: .utf8)
            }
            failing.append("random SOP \(k) (\(table.rows.count) rows, \(table.columns.count) columns): \(problems.prefix(3))")
            for kind in Set(problems.map(Self.kind)) { kinds[kind, default: 0] += 1 }
        }
        // How many of the SOPs break each promise, then the first few of them.
        #expect(failing.isEmpty, "\(kinds.sorted { $0.key < $1.key })\n\(failing.prefix(5).joined(separator: "\n"))")
        #expect(
            seen["connectors", default: 0] >= 300 && seen["arrows into a diamond's side corner", default: 0] >= 80
                && seen["forms of several pages", default: 0] >= 40, "\(seen.sorted { $0.key < $1.key })")
    }

    /// No form of `definitions/` or of the fixtures ends on a sheet holding a single row (LAKIP, the long loops
    /// and the seven-actor complaint SOP did: rows moved from the page before), as printed (`pagePlan`); and
    /// every promise holds for straight SOPs of 2 to 60 equal rows, whose greedy plans end on each number of
    /// rows in turn.
    @Test func noSingleRowLastPage() throws {
        var folders = [Paths.definitions]
        for kind in ["form", "build"] {
            let root = Paths.fixtures.appendingPathComponent(kind)
            for name in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
                folders.append(root.appendingPathComponent(name).appendingPathComponent("definitions"))
            }
        }
        var several = 0
        for folder in folders {
            let result = try Pipeline.check(directory: folder.path)
            for sop in result.model.sops {
                let plan = HTMLForm.pagePlan(FormTable(sop, in: checked(result.model)))
                guard plan.count > 1 else { continue }
                several += 1
                #expect(plan.last!.count >= 2, "\(folder.path) \(sop.sopID): \(plan)")
            }
        }
        #expect(several >= 6)
        var lastRows = Set<Int>()
        for n in 2...60 {
            let steps = (0..<n).map {
                "  - id: s\($0)\n    activity: Memeriksa berkas permohonan nomor \($0)\n    actor: r\($0 % 2)\n    time: 5 menit\n"
            }
            let dir = try temporaryProject([
                "sopc.yaml": Self.project(roles: 2), "lurus.sop.yaml": "sop: lurus\nname: SOP Lurus\nsteps:\n" + steps.joined(),
            ])
            defer { try? FileManager.default.removeItem(at: dir) }
            let result = try Checker.check(directory: dir.path)
            let table = FormTable(try #require(result.model.sop("lurus")), in: checked(result.model))
            let layout = FlowLayout(table, timing: FormTiming(table))
            #expect(Self.problems(layout).isEmpty, "\(n) rows: \(Self.problems(layout).prefix(3))")
            if layout.pages.count > 1 { lastRows.insert(layout.pages.last!.rows.count) }
        }
        #expect(!lastRows.contains(1) && lastRows.count >= 3, "rows on the last page: \(lastRows.sorted())")
    }

    /// Time totals too tall to stand under the last table (the `many-loops` fixture: eighteen correction loops,
    /// nineteen lines; the 100,000-step bench SOP has about 2,000) go on sheets of their own after it, each
    /// line once and in order, instead of taking the room of the rows (which reported every row as taller than
    /// a page); a form with few loops keeps them under its table.
    @Test func manyLoopTotalsGoOnSheetsOfTheirOwn() throws {
        let folder = Paths.fixtures.appendingPathComponent("form/many-loops/definitions")
        let result = try Pipeline.check(directory: folder.path)
        #expect(result.diagnostics.map(\.id.rawValue) == [])
        let sop = try #require(result.model.sop("koreksi"))
        let table = FormTable(sop, in: checked(result.model))
        let timing = FormTiming(table)
        let layout = FlowLayout(table, timing: timing)
        #expect(timing.loops.count == 18)
        #expect(layout.totals.count == 19)
        #expect(layout.totalsHeight == 0)
        #expect(!layout.totalsSheets.isEmpty)
        #expect(layout.totalsSheets.flatMap { Array($0) } == Array(0..<19))
        #expect(Self.problems(layout).isEmpty, "\(Self.problems(layout).prefix(3))")
        let plan = try #require(Pipeline.outputs(of: result))
        let html = String(decoding: try #require(plan.files.first { $0.path == "koreksi/koreksi.html" }).bytes, as: UTF8.self)
        let pages = html.components(separatedBy: "<section class=\"sheet ").count - 1
        #expect(html.contains("<meta name=\"sopc-pages\" content=\"\(pages)\">"))
        #expect(html.components(separatedBy: "<div class=\"totals\">").count - 1 == layout.totalsSheets.count)
        // The totals sheets come after the last table; each line once.
        let lastTable = try #require(html.range(of: "<table class=\"ft\"", options: .backwards))
        let firstTotals = try #require(html.range(of: "<div class=\"totals\">"))
        #expect(lastTable.lowerBound < firstTotals.lowerBound)
        #expect(html.components(separatedBy: "Tambahan satu putaran koreksi").count - 1 == 18)
        // The LAKIP form, with one loop, keeps its totals under its table.
        let lakip = try Pipeline.check(directory: Paths.definitions.path)
        let lakipTable = FormTable(try #require(lakip.model.sop("lakip")), in: checked(lakip.model))
        let lakipLayout = FlowLayout(lakipTable, timing: FormTiming(lakipTable))
        #expect(lakipLayout.totalsSheets.isEmpty && lakipLayout.totalsHeight > 0)
    }

    /// A problem's kind: its words without the numbers.
    static func kind(_ problem: String) -> String {
        String(problem.map { $0.isNumber || $0 == "." ? "#" : $0 }).replacingOccurrences(of: "#", with: "")
    }

    /// What is wrong with a layout, in words.
    static func problems(_ layout: FlowLayout) -> [String] {
        var out: [String] = []
        let cols = layout.columns
        let rows = layout.pages.flatMap { $0.rows.map(\.row) }
        if rows != Array(layout.table.rows.indices) { out.append("page plan \(rows)") }
        for (p, page) in layout.pages.enumerated() {
            let height = layout.titleHeight + page.tableHeight + (page.isLast ? layout.totalsHeight : 0)
            if height > FlowLayout.usableHeight + 0.01 { out.append("page \(p) is \(height) mm high") }
            let solid = page.shapes.filter { !$0.dashed && $0.kind != .pentagon }
            func inside(_ x: Double, _ y: Double, _ s: FlowLayout.Shape) -> Bool {
                let dx = abs(x - s.cx)
                let dy = abs(y - s.cy)
                let m = 0.3
                switch s.kind {
                case .diamond: return dx / (s.w / 2 - m) + dy / (s.h / 2 - m) < 1
                case .capsule:
                    // A rectangle with round ends.
                    let r = s.h / 2
                    let ex = dx - (s.w / 2 - r)
                    return dy < r - m && (ex <= 0 || ex * ex + dy * dy < (r - m) * (r - m))
                default: return dx < s.w / 2 - m && dy < s.h / 2 - m
                }
            }
            var segments: [(Int, FlowLayout.Point, FlowLayout.Point)] = []
            for (li, line) in page.lines.enumerated() where !line.dashed {
                for (a, b) in zip(line.points, line.points.dropFirst()) {
                    if abs(a.x - b.x) > 0.001 && abs(a.y - b.y) > 0.001 { out.append("page \(p): a slanted segment") }
                    for q in [a, b] where q.x < -0.01 || q.x > cols.total + 0.01 || q.y < 0 || q.y > page.tableHeight + 0.01 {
                        out.append("page \(p): a point outside the table (\(q.x), \(q.y))")
                    }
                    let steps = max(1, Int((abs(a.x - b.x) + abs(a.y - b.y)) / 0.25))
                    for t in 0...steps {
                        let x = a.x + (b.x - a.x) * Double(t) / Double(steps)
                        let y = a.y + (b.y - a.y) * Double(t) / Double(steps)
                        if let s = solid.first(where: { inside(x, y, $0) }) {
                            out.append("page \(p): line \(li) runs through the symbol at (\(s.cx), \(s.cy))")
                            break
                        }
                    }
                    segments.append((li, a, b))
                }
            }
            // No two arrows share a stretch of line (a common end point is fine).
            for i in segments.indices {
                for j in segments.indices where j > i && segments[i].0 != segments[j].0 {
                    let (_, a, b) = segments[i]
                    let (_, c, d) = segments[j]
                    let vertical1 = abs(a.x - b.x) < 0.001
                    let vertical2 = abs(c.x - d.x) < 0.001
                    guard vertical1 == vertical2 else { continue }
                    if vertical1 {
                        guard abs(a.x - c.x) < 0.05 else { continue }
                        let lo = max(min(a.y, b.y), min(c.y, d.y))
                        let hi = min(max(a.y, b.y), max(c.y, d.y))
                        if hi - lo > 0.3 {
                            out.append("page \(p): lines \(segments[i].0) and \(segments[j].0) overlap at x \(a.x)")
                        }
                    } else {
                        guard abs(a.y - c.y) < 0.05 else { continue }
                        let lo = max(min(a.x, b.x), min(c.x, d.x))
                        let hi = min(max(a.x, b.x), max(c.x, d.x))
                        if hi - lo > 0.3 {
                            out.append("page \(p): lines \(segments[i].0) and \(segments[j].0) overlap at y \(a.y)")
                        }
                    }
                }
            }
            for l in page.labels {
                let w = FlowLayout.labelWidth(l.text)
                let x0 = l.anchor == "start" ? l.x : l.anchor == "end" ? l.x - w : l.x - w / 2
                if x0 < cols.actorLeft - 0.01 || x0 + w > cols.actorRight + 0.01 {
                    out.append("page \(p): label '\(l.text)' leaves the actor area")
                }
            }
            for s in page.shapes where s.cx - s.w / 2 < cols.actorLeft - 0.01 || s.cx + s.w / 2 > cols.actorRight + 0.01 {
                out.append("page \(p): a shape leaves the actor area")
            }
            // Off-page connectors stand inside one actor column, clear of its grid lines.
            let grid = (0...cols.actorCount).map { cols.actorLeft + Double($0) * cols.actorWidth }
            for s in page.shapes where s.kind == .pentagon {
                let x0 = s.cx - s.w / 2
                let x1 = s.cx + s.w / 2
                if let g = grid.first(where: { x0 < $0 + 0.2 && x1 > $0 - 0.2 }) {
                    out.append("page \(p): connector '\(s.text ?? "")' at \(s.cx) lies on the grid line at \(g)")
                }
            }
            // Parallel lines of different arrows keep 2 mm apart where they run side by side.
            for i in segments.indices {
                for j in segments.indices where j > i && segments[i].0 != segments[j].0 {
                    let (_, a, b) = segments[i]
                    let (_, c, d) = segments[j]
                    let vertical1 = abs(a.x - b.x) < 0.001
                    let vertical2 = abs(c.x - d.x) < 0.001
                    guard vertical1 == vertical2 else { continue }
                    let gap = vertical1 ? abs(a.x - c.x) : abs(a.y - c.y)
                    guard gap > 0.05, gap < FlowLayout.minLineGap - 0.01 else { continue }
                    let (lo, hi) =
                        vertical1
                        ? (max(min(a.y, b.y), min(c.y, d.y)), min(max(a.y, b.y), max(c.y, d.y)))
                        : (max(min(a.x, b.x), min(c.x, d.x)), min(max(a.x, b.x), max(c.x, d.x)))
                    if hi - lo > 0.05 {
                        out.append(
                            "page \(p): lines \(segments[i].0) and \(segments[j].0) run \((gap * 100).rounded() / 100) mm apart")
                    }
                }
            }
            // Nor does an arrow run along (or within 2 mm beside) a co-actor's dashed line.
            for line in page.lines where line.dashed {
                for (c, d) in zip(line.points, line.points.dropFirst()) {
                    for (li, a, b) in segments {
                        let vertical1 = abs(a.x - b.x) < 0.001
                        guard vertical1 == (abs(c.x - d.x) < 0.001) else { continue }
                        let gap = vertical1 ? abs(a.x - c.x) : abs(a.y - c.y)
                        guard gap < FlowLayout.minLineGap - 0.01 else { continue }
                        let (lo, hi) =
                            vertical1
                            ? (max(min(a.y, b.y), min(c.y, d.y)), min(max(a.y, b.y), max(c.y, d.y)))
                            : (max(min(a.x, b.x), min(c.x, d.x)), min(max(a.x, b.x), max(c.x, d.x)))
                        if hi - lo > 0.3 { out.append("page \(p): line \(li) runs along a co-actor's dashed line") }
                    }
                }
            }
            // An arrow into a decision enters its diamond at a vertex.
            for (li, line) in page.lines.enumerated() where line.arrow && !line.dashed {
                guard let end = line.points.last else { continue }
                for s in page.shapes where s.kind == .diamond && !s.dashed {
                    let dx = abs(end.x - s.cx)
                    let dy = abs(end.y - s.cy)
                    guard abs(dx / (s.w / 2) + dy / (s.h / 2) - 1) < 0.02 else { continue }
                    let atVertex = (dy < 0.05 && abs(dx - s.w / 2) < 0.05) || (dx < 0.05 && abs(dy - s.h / 2) < 0.05)
                    if !atVertex { out.append("page \(p): line \(li) enters the diamond at (\(s.cx), \(s.cy)) on an edge") }
                }
            }
        }
        // The header row is as tall as the longest actor name needs (or the name is reported).
        for c in layout.table.columns.indices where layout.headerNeeded[c] > layout.headerHeight + 0.01 {
            if !layout.overflows.contains(.header(c)) { out.append("actor name \(c) does not fit the header") }
        }
        // No last page with a single row when the last two rows would fit on a last page together.
        if layout.pages.count > 1, let last = layout.pages.last, last.rows.count == 1 {
            let n = layout.table.rows.count
            let both = layout.rowHeights[n - 2] + layout.rowHeights[n - 1]
            if both <= layout.rowRoom(first: layout.pages.count == 2 && layout.pages[0].rows.count == 1, last: true) {
                out.append("the last page holds a single row")
            }
        }
        return out
    }
}

extension FormLayoutTests {
    /// A long table's rows are measured in chunks on all cores (``FlowLayout/rowHeights``): the same heights,
    /// in the same order, as measured one by one — here 1,200 rows of random length in chunks of 100.
    @Test func rowsMeasuredInChunksAsOneByOne() throws {
        var r = Random(state: 14)
        let steps = (0..<1_200).map { i in
            let words = (0..<r.int(1...70)).map { _ in Self.words[r.int(0...(Self.words.count - 1))] }
            return "  - id: s\(i)\n    activity: \(words.joined(separator: " "))\n    actor: r\(i % 3)\n    time: 5 menit\n"
        }
        let dir = try temporaryProject([
            "sopc.yaml": Self.project(roles: 3), "panjang.sop.yaml": "sop: panjang\nname: SOP Panjang\nsteps:\n" + steps.joined(),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Checker.check(directory: dir.path)
        let table = FormTable(try #require(result.model.sop("panjang")), in: checked(result.model))
        let layout = FlowLayout(table, timing: FormTiming(table), routing: false)
        let size = FlowLayout.fontSizes[0]
        let chunked = FlowLayout.rowHeights(
            table.rows, edges: layout.edges, pt: size, columns: layout.columns, size: layout.size, chunk: 100)
        let single = FlowLayout.rowHeights(
            table.rows, edges: layout.edges, pt: size, columns: layout.columns, size: layout.size, chunk: .max / 4)
        #expect(chunked.count == 1_200)
        #expect(chunked.map(\.0) == single.map(\.0))
        #expect(chunked.map(\.1) == single.map(\.1))
        // Heights differ from row to row, so an order mixed up would show.
        #expect(Set(single.map(\.0)).count > 3)
    }
}
