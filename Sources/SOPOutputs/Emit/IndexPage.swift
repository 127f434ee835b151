import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// `OUT/index.html`: the contents page. One row per SOP, in id order: its number (Nomor SOP), its name
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
        for (i, summary) in sops.enumerated() {
            let sop = summary.context.sop
            let form = summary.files.first ?? ""
            out += "<tr><td class=\"no\">\(i + 1)</td>"
            out += "<td>\(HTMLWriter.escape(sop.identity.number ?? ""))</td>"
            out += "<td><a href=\"\(HTMLWriter.escape(form))\">\(HTMLWriter.escape(sop.name))</a></td>"
            out += "<td class=\"files\">"
            out += summary.files.map { path in
                "<a href=\"\(HTMLWriter.escape(path))\">\(HTMLWriter.escape(path.split(separator: "/").last.map(String.init) ?? path))</a>"
            }.joined(separator: " ")
            out += "</td></tr>\n"
        }
        out += "</tbody>\n</table>\n</body>\n</html>\n"
        return out
    }
}
