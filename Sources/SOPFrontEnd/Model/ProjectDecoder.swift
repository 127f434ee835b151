import SOPSystem
import SOPDiagnostics

/// Turns the YAML tree of `sopc.yaml` into a ``Project``, reporting every shape problem.
package enum ProjectDecoder {
    static let topKeys = ["sopc", "organization", "roles", "artefacts", "equipment", "calendar"]

    package static func decode(_ root: YAMLNode?, file: String) -> (Project, [Diagnostic]) {
        var d = NodeDecoder(file: file)
        var project = Project(file: file)
        guard let root else { return (project, d.sink.diagnostics) }
        guard let top = d.mapping(root, "the project file", allowed: topKeys, required: ["sopc", "organization", "roles"])
        else { return (project, d.sink.diagnostics) }

        if let v = top["sopc"]?.value, let t = d.text(v, "'sopc'") {
            if t.value != "1" || v.style != .plain {
                d.sink.emit(
                    .wrongType, "format version '\(t.value)' is not supported; only 1 exists", at: t.span,
                    help: "write 'sopc: 1'")
            }
        }
        if let v = top["organization"]?.value,
            let org = d.mapping(v, "'organization'", allowed: ["name", "parents"], required: ["name"])
        {
            if let n = org["name"]?.value, let t = d.text(n, "'organization.name'") { project.organizationName = t.value }
            if let p = org["parents"]?.value { project.parents = d.textList(p, "'organization.parents'") }
        }
        if let (k, v) = top["roles"] {
            if v.isNull || (v.kind == .mapping && v.children.isEmpty) {
                d.sink.emit(
                    .missingKey, "'roles' lists no role; an SOP needs at least one actor", at: v.isNull ? k.span : v.span)
            }
            for (key, value) in items(v, "'roles'", &d) {
                guard let ref = d.id(key, "role") else { continue }
                var role = Role(ref: ref, name: ref.id, title: nil)
                if value.kind == .scalar, !value.isNull {
                    role.name = value.text
                } else if let m = d.mapping(value, "role '\(ref.id)'", allowed: ["name", "title"], required: ["name"]) {
                    if let n = m["name"]?.value, let t = d.text(n, "the name of role '\(ref.id)'") { role.name = t.value }
                    if let n = m["title"]?.value, let t = d.text(n, "the title of role '\(ref.id)'") { role.title = t.value }
                }
                project.roleIndex[ref.id] = project.roles.count
                project.roles.append(role)
            }
        }
        if let v = top["artefacts"]?.value {
            for (key, value) in items(v, "'artefacts'", &d) {
                guard let ref = d.id(key, "artefact"), let name = d.text(value, "the name of artefact '\(ref.id)'") else { continue }
                project.artefactIndex[ref.id] = project.artefacts.count
                project.artefacts.append(NamedItem(ref: ref, name: name.value))
            }
        }
        if let v = top["equipment"]?.value {
            for (key, value) in items(v, "'equipment'", &d) {
                guard let ref = d.id(key, "equipment"), let name = d.text(value, "the name of equipment '\(ref.id)'") else { continue }
                if let a = project.artefactIndex[ref.id] {
                    d.sink.emit(
                        .duplicateID, "'\(ref.id)' is both an artefact and equipment", at: ref.span,
                        notes: [DiagnosticNote("the artefact is defined here", file: file, at: project.artefacts[a].ref.span.start)])
                    continue
                }
                project.equipmentIndex[ref.id] = project.equipment.count
                project.equipment.append(NamedItem(ref: ref, name: name.value))
            }
        }
        if let v = top["calendar"]?.value,
            let cal = d.mapping(v, "'calendar'", allowed: ["hours_per_day", "days_per_week", "days_per_month"])
        {
            if let n = cal["hours_per_day"]?.value, let x = d.positiveNumber(n, "'hours_per_day'", max: 24) {
                project.calendar.hoursPerDay = x
            }
            if let n = cal["days_per_week"]?.value, let x = d.positiveNumber(n, "'days_per_week'", max: 7) {
                project.calendar.daysPerWeek = x
            }
            if let n = cal["days_per_month"]?.value, let x = d.positiveNumber(n, "'days_per_month'", max: 31) {
                project.calendar.daysPerMonth = x
            }
        }
        return (project, d.sink.diagnostics)
    }

    /// The pairs of an id → value mapping (roles, artefacts, equipment), non-scalar keys reported.
    static func items(_ node: YAMLNode, _ what: String, _ d: inout NodeDecoder) -> [(YAMLNode, YAMLNode)] {
        if node.isNull { return [] }
        guard node.kind == .mapping else {
            d.sink.emit(.wrongType, "\(what) must be a mapping of id to name, found \(node.shapeName)", at: node.span)
            return []
        }
        var out: [(YAMLNode, YAMLNode)] = []
        for (k, v) in node.pairs {
            if k.kind != .scalar {
                d.sink.emit(.wrongType, "an id in \(what) must be a plain name, found \(k.shapeName)", at: k.span)
            } else if k.text == "<<" {
                d.sink.emit(.unknownKey, "merge keys ('<<') are not supported", at: k.span)
            } else {
                out.append((k, v))
            }
        }
        return out
    }
}
