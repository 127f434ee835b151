import Dispatch
import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// `OUT/index.html`: the contents page. One row per SOP, ordered by Nomor SOP (numbers within it compared
/// as numbers, so 555/012 before 555/013 and 9 before 10; SOPs without a number last), then by name, then
/// by id: its number (Nomor SOP), its name
/// linking to the printable form `<id>/<id>.html`, and links to the SOP's other files. Self-contained
/// (inline CSS, nothing fetched), every text HTML-escaped.
public enum IndexPage {
    public static func render(_ sops: [SOPOutputSummary], model: ProjectModel) -> String {
        let units = (model.project?.parents ?? []) + (model.project.map { [$0.organizationName] } ?? [])
        let organisation = model.project?.organizationName ?? ""
        var out = """
            <!DOCTYPE html>
            <html lang="id">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Daftar SOP\(organisation.isEmpty ? "" : " " + HTMLWriter.escape(organisation))</title>
            <style>
            body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #111; }
            .units { margin: 0; font-weight: bold; text-transform: uppercase; }
            h1 { font-size: 1.4em; margin: 0.6em 0 1em; }
            table { border-collapse: collapse; width: 100%; }
            th, td { border: 1px solid #888; padding: 0.35em 0.6em; text-align: left; vertical-align: top; }
            th { background: #eee; }
            td.no { text-align: right; width: 2.5em; }
            .files a { margin-right: 0.8em; white-space: nowrap; }
            </style>
            </head>
            <body>

            """
        if !units.isEmpty {
            out += "<p class=\"units\">" + units.map { HTMLWriter.escape($0) }.joined(separator: "<br>") + "</p>\n"
        }
        out += "<h1>Daftar Standar Operasional Prosedur</h1>\n"
        out += "<table>\n<thead><tr><th>No</th><th>Nomor SOP</th><th>Nama SOP</th><th>Berkas</th></tr></thead>\n<tbody>\n"
        // Rows are written a block at a time on every core (a project of thousands of SOPs), then joined in order.
        let rows = ordered(sops)
        let block = 256
        let blocks = (rows.count + block - 1) / block
        let written = ResultSlots<String>(count: blocks)
        Cores.perform(iterations: blocks) { b in
            var text = ""
            for i in (b * block)..<min(rows.count, (b + 1) * block) { text += row(i + 1, rows[i]) }
            written[b] = text
        }
        let tail = "</tbody>\n</table>\n</body>\n</html>\n"
        // One buffer of the page's size, not one doubled as the blocks are added (megabytes, at the end of a
        // build while the whole project is still held).
        out.reserveCapacity(out.utf8.count + (0..<blocks).reduce(0) { $0 + written[$1]!.utf8.count } + tail.utf8.count)
        for b in 0..<blocks { out += written[b]! }
        out += tail
        return out
    }

    /// The row of the `number`th SOP.
    static func row(_ number: Int, _ summary: SOPOutputSummary) -> String {
        let sop = summary.context.sop
        let form = summary.files.first ?? ""
        var out = "<tr><td class=\"no\">\(number)</td>"
        out += "<td>\(HTMLWriter.escape(sop.identity.number ?? ""))</td>"
        out += "<td><a href=\"\(HTMLWriter.escape(form))\">\(HTMLWriter.escape(sop.name))</a></td>"
        out += "<td class=\"files\">"
        out += summary.files.map { path in
            "<a href=\"\(HTMLWriter.escape(path))\">\(HTMLWriter.escape(path.split(separator: "/").last.map(String.init) ?? path))</a>"
        }.joined(separator: " ")
        out += "</td></tr>\n"
        return out
    }

    /// The SOPs in the index's order: by Nomor SOP (``numberOrder(_:_:)``), those without one last, then
    /// by name, then by id.
    static func ordered(_ sops: [SOPOutputSummary]) -> [SOPOutputSummary] {
        // Each number cut into its runs once, not at every comparison; the indices sorted by the same rule.
        let numbers = sops.map { $0.context.sop.identity.number ?? "" }
        let runs = numbers.map(Self.runs)
        let order = sops.indices.sorted { i, j in
            let x = sops[i].context.sop
            let y = sops[j].context.sop
            let nx = numbers[i]
            let ny = numbers[j]
            if nx.isEmpty != ny.isEmpty { return !nx.isEmpty }
            if let order = numberOrder(nx, ny, runs[i], runs[j]) { return order }
            if x.name != y.name { return Bytewise.precedes(x.name, y.name) }
            return Bytewise.precedes(x.sopID, y.sopID)
        }
        return order.map { sops[$0] }
    }

    /// A text cut into runs of ASCII digits and runs of anything else.
    static func runs(_ s: String) -> [(digits: Bool, text: Substring)] {
        var out: [(Bool, Substring)] = []
        var start = s.startIndex
        while start < s.endIndex {
            let digits = s[start].isASCII && s[start].isNumber
            let end = s[start...].firstIndex { ($0.isASCII && $0.isNumber) != digits } ?? s.endIndex
            out.append((digits, s[start..<end]))
            start = end
        }
        return out
    }

    /// Whether `a` comes before `b` when runs of digits are compared as numbers and the rest character by
    /// character; nil when they are equal that way.
    package static func numberOrder(_ a: String, _ b: String) -> Bool? {
        numberOrder(a, b, runs(a), runs(b))
    }

    static func numberOrder(
        _ a: String, _ b: String, _ ra: [(digits: Bool, text: Substring)], _ rb: [(digits: Bool, text: Substring)]
    ) -> Bool? {
        for (x, y) in zip(ra, rb) {
            if x.digits && y.digits {
                let dx = x.text.drop { $0 == "0" }
                let dy = y.text.drop { $0 == "0" }
                if dx.count != dy.count { return dx.count < dy.count }
                if dx != dy { return dx.utf8.lexicographicallyPrecedes(dy.utf8) }
            } else if x.text != y.text {
                return x.text.utf8.lexicographicallyPrecedes(y.text.utf8)
            }
        }
        if ra.count != rb.count { return ra.count < rb.count }
        return a == b ? nil : Bytewise.precedes(a, b)
    }
}
