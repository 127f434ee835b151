import SOPChecks
import SOPDiagnostics
import SOPFont
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// The printable SOP form (`<id>.html`, docs/OUTPUTS.md): the identity page (Bagian Identitas) and the flowchart
/// table (Bagian Flowchart) on A4-landscape pages, self-contained (inline CSS and SVG, no script, no
/// network), deterministic. The geometry comes from ``FlowLayout``; this file only writes it out.
public enum HTMLForm {
    /// The rows (0-based) on each printed flowchart page, in order. The identity page(s) come before them.
    public static func pagePlan(_ table: FormTable) -> [[Int]] {
        FlowLayout(table, timing: FormTiming(table)).pages.map { $0.rows.map(\.row) }
    }

    public static func render(_ table: FormTable, timing: FormTiming, model: ProjectModel) -> String {
        String(decoding: renderBytes(table, timing: timing, model: model), as: UTF8.self)
    }

    /// ``render(_:timing:model:)`` as UTF-8 bytes, as they are written.
    public static func renderBytes(_ table: FormTable, timing: FormTiming, model: ProjectModel) -> [UInt8] {
        let flow = FlowLayout(table, timing: timing)
        let identity = IdentityLayout(table, model: model)
        let total = identity.pages.count + flow.pages.count + flow.totalsSheets.count
        // About 930 bytes a step on `bench/`'s long SOPs: room for more, so that the text is not copied as
        // it grows (pages not written to cost nothing).
        var out = HTMLWriter(capacity: 1 << 16 + 1_280 * table.rows.count)
        out.raw("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n")
        out.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        out.raw("<meta name=\"generator\" content=\"sopc\">\n")
        out.raw("<meta name=\"sopc-pages\" content=\"\(total)\">\n")
        out.raw("<title>")
        out.text("SOP " + table.sop.name)
        out.raw("</title>\n<style>\n\(fontFaces)\(css)")
        // The flowchart's column widths, the same on every page: said once here, not on every page's table.
        for (k, w) in flow.columns.widths.enumerated() { out.raw(".ft col:nth-child(\(k + 1)) { width: \(f(w))mm; }\n") }
        out.raw("</style>\n</head>\n<body>\n")
        out.raw(arrowhead)
        let logo = model.project?.logo
        for (k, page) in identity.pages.enumerated() {
            writeIdentity(
                page, number: k + 1, of: total, layout: identity, logo: logoHTML(logo, small: !page.isFirst), into: &out)
        }
        for (k, page) in flow.pages.enumerated() {
            writeFlow(page, number: identity.pages.count + k + 1, of: total, layout: flow, into: &out)
            out.mayHandOver()
        }
        for (k, lines) in flow.totalsSheets.enumerated() {
            let number = identity.pages.count + flow.pages.count + k + 1
            out.raw("<section class=\"sheet flow\" id=\"halaman-\(number)\">\n")
            writeFlowTitle(number: number, of: total, layout: flow, into: &out)
            writeTotals(flow.totals[lines], into: &out)
            out.raw("</section>\n")
        }
        out.raw("</body>\n</html>\n")
        return out.bytes
    }

    // MARK: Identity page

    static func writeIdentity(
        _ page: IdentityLayout.Page, number: Int, of total: Int, layout: IdentityLayout, logo: String,
        into out: inout HTMLWriter
    ) {
        out.raw("<section class=\"sheet ident\" id=\"halaman-\(number)\">\n")
        if page.isFirst {
            let id = layout
            out.raw(
                "<table class=\"idhead\">\n<colgroup><col style=\"width:\(f(IdentityLayout.leftWidth))mm\"><col style=\"width:\(f(IdentityLayout.keyWidth))mm\"><col style=\"width:4mm\"><col></colgroup>\n"
            )
            out.raw("<tr><td class=\"org\" rowspan=\"6\">\(logo)")
            for line in id.organisation {
                out.raw("<div class=\"orgl\">")
                out.text(line)
                out.raw("</div>")
            }
            out.raw("</td>")
            func row(_ key: String, _ value: String, first: Bool = false) {
                if !first { out.raw("<tr>") }
                out.raw("<td class=\"k\">\(key)</td><td class=\"colon\">:</td><td class=\"v\">")
                out.text(value)
                out.raw("</td></tr>\n")
            }
            row("Nomor SOP", id.number, first: true)
            row("Tanggal Pembuatan", id.created)
            row("Tanggal Revisi", id.revised)
            row("Tanggal Efektif", id.effective)
            out.raw("<tr><td class=\"k\">Disahkan oleh</td><td class=\"colon\">:</td><td class=\"v sign\"><div class=\"jab\">")
            out.text(id.approverTitle)
            out.raw("</div><div class=\"ttd\"></div><div class=\"nama\">")
            out.text(id.approverName.isEmpty ? "\u{00A0}" : id.approverName)
            out.raw("</div><div class=\"nip\">NIP. ")
            out.text(id.approverNIP)
            out.raw("</div></td></tr>\n")
            out.raw("<tr><td class=\"k\">Nama SOP</td><td class=\"colon\">:</td><td class=\"v sopname\">")
            out.text(id.name)
            out.raw("</td></tr>\n</table>\n")
        } else {
            // A continuation sheet carries the logo too, small, beside its heading.
            out.raw("<div class=\"idcont\">\(logo)<span>")
            out.text("Bagian Identitas (lanjutan) — SOP " + layout.name)
            out.raw("</span></div>\n")
        }
        out.raw("<table class=\"boxes\">\n")
        for pair in page.pairs {
            out.raw("<tr>")
            for cell in [pair.left, pair.right] {
                if cell.continued && cell.items.isEmpty {
                    out.raw("<td></td>")
                    continue
                }
                out.raw("<td><div class=\"bt\">")
                out.text(cell.title + (cell.continued ? " (lanjutan)" : "") + ":")
                out.raw("</div>")
                if cell.items.isEmpty {
                    out.raw("<div class=\"none\">-</div>")
                } else {
                    out.raw(cell.start > 1 ? "<ol start=\"\(cell.start)\">" : "<ol>")
                    for item in cell.items {
                        out.raw("<li>")
                        out.text(item)
                        out.raw("</li>")
                    }
                    out.raw("</ol>")
                }
                out.raw("</td>")
            }
            out.raw("</tr>\n")
        }
        out.raw("</table>\n<div class=\"pageno\">Halaman \(number) dari \(total)</div>\n</section>\n")
    }

    /// The organisation's logo (`organization.logo`) embedded in the page as a `data:` URL, in the
    /// placeholder's box and keeping its proportions; the placeholder when the project gives none. `small`:
    /// the size beside a continuation sheet's heading.
    static func logoHTML(_ logo: Logo?, small: Bool = false) -> String {
        let (cls, w, h) = small ? ("logo-s", "5.2mm", "6mm") : ("logo", "16mm", "18.4mm")
        guard let logo else { return placeholderLogo(cls: cls, width: w, height: h) }
        return
            "<img class=\"\(cls)\" src=\"data:\(logo.kind.mediaType);base64,\(Base64.encode(logo.bytes))\" alt=\"Logo\" style=\"width:\(w);height:\(h);object-fit:contain\">"
    }

    /// A neutral placeholder emblem: a shield with a five-pointed star.
    static func placeholderLogo(cls: String, width: String, height: String) -> String {
        """
        <svg class="\(cls)" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 46" width="\(width)" height="\(height)" role="img" aria-label="Logo">\
        <path d="M20 1.5 L37.5 7 L37.5 22 C37.5 33 29.5 40.5 20 44.5 C10.5 40.5 2.5 33 2.5 22 L2.5 7 Z" fill="none" stroke="#000" stroke-width="1.4"/>\
        <path d="M20 5.5 L33.5 9.7 L33.5 22 C33.5 30.8 27.3 36.8 20 40.2 C12.7 36.8 6.5 30.8 6.5 22 L6.5 9.7 Z" fill="none" stroke="#000" stroke-width="0.6"/>\
        <path d="M20 11 L22.6 18.4 L30.5 18.6 L24.2 23.4 L26.5 31 L20 26.5 L13.5 31 L15.8 23.4 L9.5 18.6 L17.4 18.4 Z" fill="#000"/>\
        </svg>
        """
    }

    // MARK: Flowchart pages

    static func writeFlow(
        _ page: FlowLayout.Page, number: Int, of total: Int, layout: FlowLayout, into out: inout HTMLWriter
    ) {
        let table = layout.table
        let cols = layout.columns
        let n = cols.actorCount
        out.raw("<section class=\"sheet flow\" id=\"halaman-\(number)\">\n")
        writeFlowTitle(number: number, of: total, layout: layout, into: &out)
        // The header rows' heights once per table (the cells read them: .t, .b, .tb).
        let heights =
            "--t:\(f(layout.headerTop))mm;--b:\(f(layout.headerBottom))mm;--tb:\(f(layout.headerTop + layout.headerBottom))mm"
        out.raw(
            "<div class=\"grid\" style=\"height:\(f(page.tableHeight))mm\">\n<table class=\"ft\" style=\"\(heights)\">\n<colgroup>"
        )
        for _ in cols.widths { out.raw("<col>") }
        out.raw("</colgroup>\n<thead>\n")
        writeHeader(layout: layout, into: &out)
        let strip =
            "<tr class=\"strip\"><td colspan=\"\(cols.count)\"><div style=\"height:\(f(FlowLayout.stripHeight))mm\"></div></td></tr>\n"
        if page.topStrip != nil { out.raw(strip) }
        // Each row's height once, on the row (`--h`), which its cells read; the actor columns are one empty
        // cell, as the overlay draws their symbols and grid lines.
        let actorCells = n > 1 ? "<td colspan=\"\(n)\"></td>" : "<td></td>"
        for box in page.rows {
            let row = table.rows[box.row]
            out.raw(literal: "<tr style=\"--h:")
            out.number(box.height)
            out.raw(literal: "mm")
            if box.fontPt != FlowLayout.bodyPt {
                out.raw(literal: ";font-size:")
                out.number(box.fontPt)
                out.raw(literal: "pt")
            }
            out.raw(literal: "\"><td><div class=\"c no\">")
            out.integer(row.number)
            out.raw(literal: "</div></td><td><div class=\"c\">")
            out.text(row.activity)
            out.raw(literal: "</div></td>")
            out.raw(actorCells)
            out.raw(literal: "<td><div class=\"c\">")
            out.text(row.requirements)
            out.raw(literal: "</div></td><td><div class=\"c wk\">")
            out.text(row.time)
            out.raw(literal: "</div></td><td><div class=\"c\">")
            out.text(row.output)
            out.raw(literal: "</div></td><td><div class=\"c\">")
            out.text(row.remarks)
            out.raw(literal: "</div></td></tr>\n")
        }
        if page.bottomStrip != nil { out.raw(strip) }
        out.raw("</tbody>\n</table>\n")
        writeOverlay(page, layout: layout, into: &out)
        out.raw("</div>\n")
        if page.isLast && layout.totalsSheets.isEmpty { writeTotals(layout.totals[...], into: &out) }
        out.raw("</section>\n")
    }

    /// "PROSEDUR (SOP) <NAME>" on the left; Nomor SOP and "Halaman k dari N" on the right.
    static func writeFlowTitle(number: Int, of total: Int, layout: FlowLayout, into out: inout HTMLWriter) {
        let table = layout.table
        out.raw("<div class=\"ftitle\" style=\"height:\(f(layout.titleHeight))mm\"><div class=\"tl\">")
        out.text("PROSEDUR (SOP) " + table.sop.name.uppercased())
        out.raw("</div><div class=\"tr\">")
        if let number = table.sop.identity.number, !number.isEmpty {
            out.text("Nomor SOP: " + number)
            out.raw("<br>")
        }
        out.raw("Halaman \(number) dari \(total)</div></div>\n")
    }

    /// The two header rows: No, Kegiatan, Pelaksana over the actors, Mutu Baku over its three columns, Ket.
    static func writeHeader(layout: FlowLayout, into out: inout HTMLWriter) {
        let table = layout.table
        let n = layout.columns.actorCount
        /// `row`: the height the cell takes, as the table's `--t` (top row), `--b` (bottom row) or `--tb` (both).
        func th(_ text: String, row: String, rowspan: Int = 1, colspan: Int = 1, pt: Double? = nil) {
            out.raw("<th")
            if rowspan > 1 { out.raw(" rowspan=\"\(rowspan)\"") }
            if colspan > 1 { out.raw(" colspan=\"\(colspan)\"") }
            out.raw("><div class=\"h \(row)\"")
            if let pt { out.raw(" style=\"font-size:\(f(pt))pt\"") }
            out.raw(">")
            out.text(text)
            out.raw("</div></th>")
        }
        out.raw("<tr>")
        th("No", row: "tb", rowspan: 2)
        th("Kegiatan", row: "tb", rowspan: 2)
        th("Pelaksana", row: "t", colspan: n)
        th("Mutu Baku", row: "t", colspan: 3)
        th("Ket", row: "tb", rowspan: 2)
        out.raw("</tr>\n<tr>")
        for c in 0..<n {
            let pt = c < layout.actorHeaderPt.count ? layout.actorHeaderPt[c] : FlowLayout.headerPt
            th(c < table.columns.count ? table.columns[c].name : "", row: "b", pt: pt == FlowLayout.headerPt ? nil : pt)
        }
        th("Kelengkapan", row: "b")
        th("Waktu", row: "b")
        th("Output", row: "b")
        out.raw("</tr>\n</thead>\n<tbody>\n")
    }

    /// The main path's planned time and one round of each correction loop: under the last page's table, or
    /// on sheets of their own when there are many (``FlowLayout/totalsSheets``).
    static func writeTotals(_ lines: ArraySlice<(label: String, value: String)>, into out: inout HTMLWriter) {
        out.raw("<div class=\"totals\">")
        for line in lines {
            out.raw("<div>")
            out.text(line.label + " ")
            out.raw("<b>")
            out.text(line.value)
            out.raw("</b></div>")
        }
        out.raw("</div>\n")
    }

    /// The SVG over the table: grid lines, symbols, arrows, labels, connectors.
    static func writeOverlay(_ page: FlowLayout.Page, layout: FlowLayout, into out: inout HTMLWriter) {
        let overlayWidth = layout.columns.total
        let overlayHeight = page.tableHeight
        out.raw(
            "<svg class=\"ov\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(overlayWidth)) \(f(overlayHeight))\" width=\"\(f(overlayWidth))mm\" height=\"\(f(overlayHeight))mm\" aria-hidden=\"true\">\n"
        )
        writeGrid(page, layout: layout, into: &out)
        writeLines(page, into: &out)
        writeShapes(page, into: &out)
        for l in page.labels {
            out.raw(literal: "<text class=\"l\" x=\"")
            out.number(l.x)
            out.raw(literal: "\" y=\"")
            out.number(l.y)
            out.raw(literal: "\" text-anchor=\"")
            out.raw(l.anchor)
            out.raw(literal: "\">")
            out.text(l.text)
            out.raw(literal: "</text>\n")
        }
        out.raw("</svg>\n")
    }

    /// The table's grid lines over the page, and its outer frame.
    static func writeGrid(_ page: FlowLayout.Page, layout: FlowLayout, into out: inout HTMLWriter) {
        let cols = layout.columns
        let n = cols.actorCount
        let overlayWidth = cols.total
        let overlayHeight = page.tableHeight
        let h1 = layout.headerTop
        let hh = layout.headerTop + layout.headerBottom
        out.raw(literal: "<path class=\"g\" d=\"")
        func seg(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) {
            out.point("M", x1, y1)
            out.point("L", x2, y2)
        }
        let spanned = Set((1..<n).map { 2 + $0 } + [cols.kelengkapan + 1, cols.kelengkapan + 2])
        for k in 1..<cols.count {
            seg(cols.left[k], spanned.contains(k) ? h1 : 0, cols.left[k], overlayHeight)
        }
        seg(cols.left[2], h1, cols.left[cols.ket], h1)
        var ys = [hh]
        if let t = page.topStrip { ys.append(t + FlowLayout.stripHeight) }
        for box in page.rows { ys.append(box.top + box.height) }
        for y in ys where y < overlayHeight - 0.01 { seg(0, y, overlayWidth, y) }
        out.raw(literal: "\"/>\n")
        out.raw("<rect class=\"o\" x=\"0\" y=\"0\" width=\"\(f(overlayWidth))\" height=\"\(f(overlayHeight))\"/>\n")
    }

    /// The flow's lines, each with its arrowhead.
    static func writeLines(_ page: FlowLayout.Page, into out: inout HTMLWriter) {
        for line in page.lines {
            var p = line.points
            guard p.count >= 2 else { continue }
            var head: (b: FlowLayout.Point, left: FlowLayout.Point, right: FlowLayout.Point)?
            var marked = false
            if line.arrow {
                let a = p[p.count - 2]
                let b = p[p.count - 1]
                let len = max(0.001, abs(b.x - a.x) + abs(b.y - a.y))
                let ux = (b.x - a.x) / len
                let uy = (b.y - a.y) / len
                if len > 1.2 {
                    // The line stops 1.2 mm short of its target; the document's one arrowhead marker
                    // (``arrowhead``) puts the head's tip there.
                    p[p.count - 1] = FlowLayout.Point(x: b.x - ux * 1.2, y: b.y - uy * 1.2)
                    marked = true
                } else {
                    let arrowLength = 1.9
                    let wd = 0.8
                    let bx = b.x - ux * arrowLength
                    let by = b.y - uy * arrowLength
                    head = (
                        b, FlowLayout.Point(x: bx - uy * wd, y: by + ux * wd), FlowLayout.Point(x: bx + uy * wd, y: by - ux * wd)
                    )
                }
            }
            out.raw(literal: "<path class=\"")
            out.raw(line.dashed ? "d" : "a")
            if marked { out.raw(literal: " m") }
            out.raw(literal: "\" d=\"")
            for (k, point) in p.enumerated() { out.point(k == 0 ? "M" : "L", point.x, point.y) }
            out.raw(literal: "\"/>")
            if let head {
                out.raw(literal: "<path class=\"ah\" d=\"")
                out.point("M", head.b.x, head.b.y)
                out.point("L", head.left.x, head.left.y)
                out.point("L", head.right.x, head.right.y)
                out.raw(literal: "Z\"/>")
            }
            out.raw(literal: "\n")
        }
    }

    /// The arrowhead at the end of every flow line (class `m`), defined once for the whole document: a
    /// triangle 1.9 mm long and 1.6 mm wide whose tip lies 1.2 mm past the line's end, along its last
    /// segment.
    static let arrowhead = """
        <svg class="defs" width="0" height="0" aria-hidden="true"><defs><marker id="sopc-ah" viewBox="0 0 1.9 1.6" \
        refX="0.7" refY="0.8" markerWidth="1.9" markerHeight="1.6" markerUnits="userSpaceOnUse" orient="auto">\
        <path d="M0 0L1.9 0.8L0 1.6Z" fill="#000"/></marker></defs></svg>

        """

    /// The flowchart symbols and their texts.
    static func writeShapes(_ page: FlowLayout.Page, into out: inout HTMLWriter) {
        for s in page.shapes {
            let cls = s.dashed ? "sd" : "s"
            let x = s.cx - s.w / 2
            let y = s.cy - s.h / 2
            func rect() {
                out.raw(literal: "<rect class=\"")
                out.raw(cls)
                out.raw(literal: "\" x=\"")
                out.number(x)
                out.raw(literal: "\" y=\"")
                out.number(y)
                out.raw(literal: "\" width=\"")
                out.number(s.w)
                out.raw(literal: "\" height=\"")
                out.number(s.h)
                out.raw(literal: "\"")
            }
            switch s.kind {
            case .box:
                rect()
                out.raw(literal: "/>")
            case .capsule:
                rect()
                out.raw(literal: " rx=\"")
                out.number(s.h / 2)
                out.raw(literal: "\"/>")
            case .diamond:
                out.raw(literal: "<path class=\"")
                out.raw(cls)
                out.raw(literal: "\" d=\"")
                out.point("M", s.cx, y)
                out.point("L", x + s.w, s.cy)
                out.point("L", s.cx, y + s.h)
                out.point("L", x, s.cy)
                out.raw(literal: "Z\"/>")
            case .pentagon:
                let shoulder = y + s.h * 0.6
                out.raw(literal: "<path class=\"s\" d=\"")
                out.point("M", x, y)
                out.point("L", x + s.w, y)
                out.point("L", x + s.w, shoulder)
                out.point("L", s.cx, y + s.h)
                out.point("L", x, shoulder)
                out.raw(literal: "Z\"/>")
            }
            if !s.lines.isEmpty {
                // The decision's question, centred in the diamond.
                let lineHeight = s.textSize * 1.15
                let first = s.cy - lineHeight * Double(s.lines.count) / 2 + s.textSize * 0.82
                out.raw(literal: "<text class=\"q\" style=\"font-size:")
                out.number(s.textSize)
                out.raw(literal: "px\">")
                for (k, line) in s.lines.enumerated() {
                    out.raw(literal: "<tspan x=\"")
                    out.number(s.cx)
                    out.raw(literal: "\" y=\"")
                    out.number(first + Double(k) * lineHeight)
                    out.raw(literal: "\">")
                    out.text(line)
                    out.raw(literal: "</tspan>")
                }
                out.raw(literal: "</text>")
            }
            if let text = s.text {
                let pentagon = s.kind == .pentagon
                let ty = pentagon ? y + s.h * 0.5 : s.cy + 0.7
                out.raw(literal: "<text class=\"")
                out.raw(pentagon ? "pl" : "el")
                out.raw(literal: "\" x=\"")
                out.number(s.cx)
                out.raw(literal: "\" y=\"")
                out.number(ty)
                out.raw(literal: "\">")
                out.text(text)
                out.raw(literal: "</text>")
            }
            out.raw(literal: "\n")
        }
    }

    // MARK: Style

    /// The form's font (``FormFont``), stored once in `OUT/fonts/` and loaded by a relative URL from
    /// `OUT/<id>/<id>.html`. Arial and Liberation Sans, which share its metrics, stand in where a browser
    /// refuses to load it (a file opened from disk in a browser that confines such pages to their folder).
    static let fontFaces = """
        @font-face { font-family: "\(FormFont.family)"; src: url("../\(FormFont.folder)/\(FormFont.regularFile)") format("truetype"); font-weight: normal; font-style: normal; }
        @font-face { font-family: "\(FormFont.family)"; src: url("../\(FormFont.folder)/\(FormFont.boldFile)") format("truetype"); font-weight: bold; font-style: normal; }

        """
    static let fontStack = "\"\(FormFont.family)\", Arial, \"Liberation Sans\", Arimo, sans-serif"

    static let css = """
        @page { size: A4 landscape; margin: 10mm; }
        * { box-sizing: border-box; }
        html { background: #d9d9d9; }
        body { margin: 0; padding: 8mm 0; color: #000; font-family: \(fontStack); font-size: 9pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        .sheet { position: relative; width: 297mm; height: 210mm; margin: 0 auto 8mm; padding: 10mm; background: #fff; box-shadow: 0 0.6mm 3mm rgba(0, 0, 0, 0.35); overflow: hidden; }
        @media print {
          html, body { background: none; margin: 0; padding: 0; }
          .sheet { width: 277mm; height: 188mm; margin: 0; padding: 0; box-shadow: none; break-after: page; break-inside: avoid; }
          .sheet:last-child { break-after: auto; }
        }
        .pageno { position: absolute; right: 10mm; bottom: 5mm; font-size: 7.5pt; }
        @media print { .pageno { right: 0; bottom: -1mm; } }
        .idhead, .boxes { width: 277mm; border-collapse: collapse; table-layout: fixed; }
        .idhead td, .boxes td { border: 0.3mm solid #000; vertical-align: top; padding: 0.9mm 2mm; font-size: 9pt; line-height: 1.25; overflow-wrap: anywhere; }
        .boxes td { font-size: 8.5pt; }
        .idhead td.k, .idhead td.colon, .idhead td.v { border-left: none; border-right: none; }
        .idhead td.k { border-left: 0.3mm solid #000; }
        .idhead td.v { border-right: 0.3mm solid #000; }
        .idhead td.colon { text-align: center; padding: 0.9mm 0; }
        .idhead td.org { text-align: center; vertical-align: middle; padding: 3mm; }
        .logo { display: block; margin: 0 auto 2.5mm; }
        .orgl { font-weight: bold; font-size: 10.5pt; line-height: 1.3; }
        .sign .ttd { height: 12mm; }
        .sign .nama { font-weight: bold; text-decoration: underline; }
        .sopname { font-weight: bold; }
        .boxes { margin-top: 2mm; }
        .boxes td { width: 50%; }
        .boxes .bt { font-weight: bold; margin-bottom: 0.6mm; }
        .boxes ol { margin: 0; padding-left: 6mm; }
        .boxes li { margin: 0; }
        .idcont { font-weight: bold; font-size: 10pt; height: 7mm; display: flex; align-items: flex-start; gap: 2mm; }
        .idcont .logo-s { flex: none; }
        .ftitle { display: flex; justify-content: space-between; align-items: flex-start; font-size: 10pt; line-height: 1.25; }
        .ftitle .tl { font-weight: bold; width: 182mm; overflow-wrap: anywhere; }
        .ftitle .tr { font-size: 8pt; text-align: right; width: 90mm; }
        .grid { position: relative; width: 277mm; }
        .ft { border-collapse: separate; border-spacing: 0; table-layout: fixed; width: 277mm; font-size: 8.5pt; line-height: 1.25; }
        .ft td, .ft th { padding: 0; border: 0; vertical-align: top; }
        .ft tr { break-inside: avoid; }
        .ft th { background: #efefef; font-weight: bold; font-size: 8pt; }
        .ft .h { display: flex; align-items: center; justify-content: center; text-align: center; padding: 1mm 0.8mm; overflow: hidden; overflow-wrap: anywhere; }
        .ft .c { height: var(--h); padding: 1.2mm 1.4mm; overflow: hidden; overflow-wrap: anywhere; }
        .ft .t { height: var(--t); }
        .ft .b { height: var(--b); }
        .ft .tb { height: var(--tb); }
        .ft .no, .ft .wk { text-align: center; }
        .ov { position: absolute; left: 0; top: 0; pointer-events: none; overflow: visible; }
        .ov .g { fill: none; stroke: #555; stroke-width: 0.18; }
        .ov .o { fill: none; stroke: #000; stroke-width: 0.35; }
        .ov .a { fill: none; stroke: #000; stroke-width: 0.3; stroke-linejoin: miter; }
        .ov .d { fill: none; stroke: #000; stroke-width: 0.22; stroke-dasharray: 0.9 0.7; }
        .ov .ah { fill: #000; stroke: none; }
        .ov .m { marker-end: url(#sopc-ah); }
        .defs { position: absolute; width: 0; height: 0; overflow: hidden; }
        .ov .s { fill: #fff; stroke: #000; stroke-width: 0.35; }
        .ov .sd { fill: #fff; stroke: #000; stroke-width: 0.25; stroke-dasharray: 0.9 0.6; }
        .ov text { font-family: \(fontStack); }
        .ov .l { font-size: 2.4px; font-style: italic; paint-order: stroke; stroke: #fff; stroke-width: 0.6; }
        .ov .pl { font-size: 3px; font-weight: bold; text-anchor: middle; dominant-baseline: middle; }
        .ov .el { font-size: 1.9px; text-anchor: middle; }
        .ov .q { text-anchor: middle; }
        .totals { margin-top: 2mm; font-size: 9pt; line-height: 1.25; }

        """

    /// A number with two decimals, the same on every machine.
    static func f(_ x: Double) -> String {
        // Written into the string's own storage (the form writes tens of numbers a row).
        String(unsafeUninitializedCapacity: twoDecimalsCapacity) { twoDecimals(x, into: $0) }
    }

    /// The most bytes ``twoDecimals(_:into:)`` writes: a sign, 19 digits, a point and two decimals.
    static let twoDecimalsCapacity = 23

    /// ``f(_:)``'s bytes written into `out` from its start; returns how many.
    static func twoDecimals(_ x: Double, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let v = Int((x * 100).rounded())
        let whole = v.magnitude / 100
        let cents = UInt8(v.magnitude % 100)
        var at = 0
        if v < 0 {
            out[0] = UInt8(ascii: "-")
            at = 1
        }
        at = DecimalDigits.write(UInt64(whole), into: out, at: at)
        out[at] = UInt8(ascii: ".")
        out[at + 1] = UInt8(ascii: "0") + cents / 10
        out[at + 2] = UInt8(ascii: "0") + cents % 10
        return at + 3
    }
}

/// Builds the document text, escaping every text that comes from the definitions.
struct HTMLWriter {
    /// What is written so far, as UTF-8 (appending a piece to bytes copies it; appending it to a `String`
    /// cost some 360 instructions a piece on top).
    private(set) var bytes: [UInt8]
    /// When the bytes held go to the file being written (``ByteBuffers/spill(_:)``), at the end of a page.
    private let spillAt: Int

    /// A writer whose text has room for `capacity` bytes before it grows.
    init(capacity: Int = 1 << 16) {
        bytes = ByteBuffers.take(reserving: capacity)
        spillAt = ByteBuffers.spillPoint()
    }

    /// Hands the bytes so far to the file being written, if there is one and they are many; called where
    /// they are final (between pages).
    mutating func mayHandOver() { if bytes.count >= spillAt { ByteBuffers.spill(&bytes) } }

    mutating func raw(_ s: String) { bytes.append(s) }

    mutating func raw(literal: StaticString) { bytes.append(literal: literal) }

    /// ``HTMLForm/f(_:)``'s text, written without making it: two decimals, the same on every machine.
    mutating func number(_ x: Double) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: HTMLForm.twoDecimalsCapacity) { buffer in
            let count = HTMLForm.twoDecimals(x, into: buffer)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    mutating func integer(_ n: Int) { bytes.appendDecimal(n) }

    /// A point of an SVG path: `M` or `L`, then `x y` (``number(_:)`` each).
    mutating func point(_ command: Unicode.Scalar, _ x: Double, _ y: Double) {
        bytes.append(UInt8(ascii: command))
        number(x)
        bytes.append(UInt8(ascii: " "))
        number(y)
    }

    /// `&`, `<`, `>`, `"` and `'` escaped: safe in text and in attribute values.
    mutating func text(_ s: String) { Self.escape.escape(s, into: &bytes) }

    /// HTML's escaping, for HTMLForm and IndexPage: safe in text and in attribute values (either quote).
    static let escape = Escaper(
        // A browser reads a raw CR as LF; the reference keeps it.
        ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;", "\r": "&#13;"])
}

/// The identity page's content, and how it is spread over pages when the lists are long.
struct IdentityLayout {
    struct Cell {
        var title: String
        /// The identity key the items come from (`legal_basis`, …), for `form-overflow`.
        var key: String
        var items: [String]
        /// Number of the first item.
        var start = 1
        var continued = false
    }

    struct Pair {
        var left: Cell
        var right: Cell
    }

    struct Page {
        var isFirst: Bool
        var pairs: [Pair] = []
    }

    static let leftWidth = 95.0
    static let keyWidth = 36.0
    static let pt = 9.0
    static let boxPt = 8.5

    var organisation: [String] = []
    var number = "-", created = "-", revised = "-", effective = "-"
    var approverTitle = "", approverName = "", approverNIP = ""
    var name: String
    var pages: [Page] = []

    /// From the identity every printable output shows (``FormIdentity``).
    init(_ table: FormTable, model: ProjectModel) { self.init(FormIdentity(table, model: model)) }

    /// - Parameter paginating: false to stop once the header table's texts are set (``headHeight()``),
    ///   without laying out the boxes under it.
    init(_ id: FormIdentity, paginating: Bool = true) {
        organisation = id.units.filter { !$0.isEmpty }.map { $0.uppercased() }
        func dash(_ s: String) -> String { s.isEmpty ? "-" : s }
        number = dash(id.number)
        created = dash(id.created)
        revised = dash(id.revised)
        effective = dash(id.effective)
        approverTitle = id.approverTitle
        approverName = id.approverName
        approverNIP = id.approverNIP
        name = id.name
        guard paginating else { return }
        let pairs = [
            Pair(
                left: Cell(title: "DASAR HUKUM", key: "legal_basis", items: id.legalBasis),
                right: Cell(title: "KUALIFIKASI PELAKSANA", key: "qualifications", items: id.qualifications)),
            Pair(
                left: Cell(title: "KETERKAITAN", key: "related", items: id.related),
                right: Cell(title: "PERALATAN/PERLENGKAPAN", key: "equipment", items: id.equipment)),
            Pair(
                left: Cell(title: "PERINGATAN", key: "warnings", items: id.warnings),
                right: Cell(title: "PENCATATAN DAN PENDATAAN", key: "records", items: id.records)),
        ]
        let head = headHeight()
        if Self.budget - head - 2 < Self.cellFixed + Self.lineMM(Self.boxPt) { overflows.append(tallestHeadText()) }
        (pages, overflows) = Self.paginate(pairs, headHeight: head, overflows: overflows)
    }

    /// The identity key of a text the identity page cannot show in full (`form-overflow`): `name`,
    /// `identity.number`, `identity.approved_by`, `organization.name`, or an entry of a list
    /// (`identity.legal_basis`, …).
    var overflows: [String] = []

    /// The text of the header table that takes the most lines, when the header is taller than the page.
    func tallestHeadText() -> String {
        let valueWidth = Self.valueWidth
        var best = ("name", TextMetrics.lines(name, width: valueWidth, pt: Self.pt, bold: true))
        for (key, text) in [("identity.number", number), ("identity.approved_by", approverTitle)] {
            let n = TextMetrics.lines(text, width: valueWidth, pt: Self.pt)
            if n > best.1 { best = (key, n) }
        }
        let org = organisation.map { TextMetrics.lines($0, width: Self.organisationWidth, pt: Self.organisationPt, bold: true) }
            .reduce(0, +)
        if org > best.1 { best = ("organization.name", org) }
        return best.0
    }

    static let budget = 186.0
    static var cellFixed: Double { 1.8 + lineMM(boxPt) + 0.6 + 0.8 }
    static var valueWidth: Double { FlowLayout.pageWidth - leftWidth - keyWidth - 4 - 4 }

    static func lineMM(_ pt: Double) -> Double { FlowLayout.lineMM(pt) }

    /// Height of the header table (logo and organisation | number, dates, approval, name).
    func headHeight() -> Double {
        func lines(_ text: String, bold: Bool = false) -> Double {
            Double(TextMetrics.lines(text, width: Self.valueWidth, pt: Self.pt, bold: bold))
        }
        return Self.headHeight(
            rows: [
                lines(number), lines(created), lines(revised), lines(effective), lines(name, bold: true), lines(approverTitle),
            ],
            organisation: organisation.map {
                Double(TextMetrics.lines($0, width: Self.organisationWidth, pt: Self.organisationPt, bold: true))
            })
    }

    /// The header table's height from the lines of its six texts on the right (number, the three dates,
    /// name, approver, each ``valueWidth`` wide at ``pt``) and of each organisation name on the left
    /// (``organisationWidth`` wide at ``organisationPt``, bold).
    static func headHeight(rows: [Double], organisation: [Double]) -> Double {
        let line = lineMM(pt)
        func rowH(_ lines: Double) -> Double { lines * line + 1.8 + 0.4 }
        var right = rowH(rows[0]) + rowH(rows[1]) + rowH(rows[2]) + rowH(rows[3]) + rowH(rows[4])
        right += rowH(rows[5]) + 12 + 2 * line + 0.5
        var left = 6 + 18.4 + 2.5
        for lines in organisation { left += lines * FlowLayout.mm(pt: organisationPt) * 1.3 }
        return max(left, right)
    }

    static let organisationWidth = leftWidth - 6
    static let organisationPt = 10.5

    /// The width of an entry of the boxes under the header table.
    static let itemWidth = FlowLayout.pageWidth / 2 - 4 - 6 - 1

    /// Heights of a cell's items.
    static func itemHeights(_ items: [String]) -> [Double] {
        items.map { Double(TextMetrics.lines($0, width: itemWidth, pt: boxPt)) * lineMM(boxPt) }
    }

    static func paginate(_ pairs: [Pair], headHeight: Double, overflows: [String]) -> ([Page], [String]) {
        var overflows = overflows
        var pages = [Page(isFirst: true)]
        var room = budget - headHeight - 2
        var queue = pairs
        while !queue.isEmpty {
            var pair = queue.removeFirst()
            let lh = itemHeights(pair.left.items)
            let rh = itemHeights(pair.right.items)
            func fit(_ hs: [Double]) -> Int {
                var used = cellFixed
                var k = 0
                while k < hs.count && used + hs[k] <= room {
                    used += hs[k]
                    k += 1
                }
                return k
            }
            let needL = cellFixed + lh.reduce(0, +)
            let needR = cellFixed + rh.reduce(0, +)
            if max(needL, needR) <= room {
                pages[pages.count - 1].pairs.append(pair)
                room -= max(needL, needR)
                continue
            }
            var kl = fit(lh)
            var kr = fit(rh)
            let fresh = pages[pages.count - 1].pairs.isEmpty
            if fresh && kl == 0 && kr == 0 {
                // An item taller than a whole page: printed from its top, and cut off.
                kl = min(1, lh.count)
                kr = min(1, rh.count)
                if kl == 1 && cellFixed + lh[0] > room { overflows.append("identity." + pair.left.key) }
                if kr == 1 && cellFixed + rh[0] > room { overflows.append("identity." + pair.right.key) }
            }
            if kl + kr == 0 || room < cellFixed + 4 {
                // Nothing fits here: start a new page with this pair.
                pages.append(Page(isFirst: false))
                room = budget - 7
                queue.insert(pair, at: 0)
                continue
            }
            var rest = pair
            pair.left.items = Array(pair.left.items.prefix(kl))
            pair.right.items = Array(pair.right.items.prefix(kr))
            rest.left.items = Array(rest.left.items.dropFirst(kl))
            rest.right.items = Array(rest.right.items.dropFirst(kr))
            rest.left.start += kl
            rest.right.start += kr
            rest.left.continued = true
            rest.right.continued = true
            pages[pages.count - 1].pairs.append(pair)
            pages.append(Page(isFirst: false))
            room = budget - 7
            queue.insert(rest, at: 0)
        }
        return (pages, overflows)
    }
}

/// RFC 4648 base64, for images embedded as `data:` URLs.
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var v = UInt32(bytes[i]) << 16
            if n > 1 { v |= UInt32(bytes[i + 1]) << 8 }
            if n > 2 { v |= UInt32(bytes[i + 2]) }
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(n > 1 ? alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(n > 2 ? alphabet[Int(v & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
