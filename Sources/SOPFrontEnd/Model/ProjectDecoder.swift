import SOPDiagnostics
import SOPSystem

/// Turns the YAML tree of `sopc.yaml` into a ``Project``, reporting every shape problem.
package enum ProjectDecoder {
    static let topKeys = ["sopc", "organization", "roles", "artefacts", "equipment", "calendar"]

    package static func decode(_ root: YAMLNode?, file: String) -> (Project, [Diagnostic]) {
        var d = NodeDecoder(file: file)
        var project = Project(file: file)
        guard let root else { return (project, d.sink.diagnostics) }
        guard let top = d.mapping(root, .subjectProjectFile, allowed: topKeys, required: ["sopc", "organization", "roles"])
        else { return (project, d.sink.diagnostics) }

        if let v = top["sopc"]?.value, let t = d.text(v, .subjectKey("sopc")) {
            if t.value != "1" || v.style != .plain {
                d.sink.emit(
                    .wrongType, .unsupportedVersion(t.value), at: t.span, help: .writeVersion1)
            }
        }
        if let v = top["organization"]?.value,
            let org = d.mapping(v, .subjectKey("organization"), allowed: ["name", "parents"], required: ["name"])
        {
            if let n = org["name"]?.value, !d.isMarker(n, .todoValue(key: "organization.name")),
                let t = d.text(n, .subjectKey("organization.name"))
            {
                project.organizationName = t.value
            }
            if let p = org["parents"]?.value { project.parents = d.textList(p, .subjectKey("organization.parents")) }
        }
        if let (k, v) = top["roles"] {
            if v.isNull || (v.kind == .mapping && v.children.isEmpty) {
                d.sink.emit(
                    .missingKey, .noRoles, at: v.isNull ? k.span : v.span)
            }
            for (key, value) in items(v, .subjectKey("roles"), &d) {
                guard let ref = d.id(key, .subjectRole) else { continue }
                var role = Role(ref: ref, name: ref.id, title: nil)
                if value.kind == .scalar, !value.isNull {
                    role.name = value.text
                } else if let m = d.mapping(value, .subjectRoleNamed(ref.id), allowed: ["name", "title"], required: ["name"]) {
                    if let n = m["name"]?.value, let t = d.text(n, .subjectNameOfRole(ref.id)) { role.name = t.value }
                    if let n = m["title"]?.value, let t = d.text(n, .subjectTitleOfRole(ref.id)) { role.title = t.value }
                }
                project.roleIndex[ref.id] = project.roles.count
                project.roles.append(role)
            }
        }
        if let v = top["artefacts"]?.value {
            for (key, value) in items(v, .subjectKey("artefacts"), &d) {
                guard let ref = d.id(key, .subjectArtefact), let name = d.text(value, .subjectNameOfArtefact(ref.id)) else {
                    continue
                }
                project.artefactIndex[ref.id] = project.artefacts.count
                project.artefacts.append(NamedItem(ref: ref, name: name.value))
            }
        }
        if let v = top["equipment"]?.value {
            for (key, value) in items(v, .subjectKey("equipment"), &d) {
                guard let ref = d.id(key, .subjectEquipment), let name = d.text(value, .subjectNameOfEquipment(ref.id)) else {
                    continue
                }
                if let a = project.artefactIndex[ref.id] {
                    d.sink.emit(
                        .duplicateID, .artefactAndEquipment(ref.id), at: ref.span,
                        notes: [DiagnosticNote(.artefactDefinedHere, file: file, at: project.artefacts[a].ref.span.start)])
                    continue
                }
                project.equipmentIndex[ref.id] = project.equipment.count
                project.equipment.append(NamedItem(ref: ref, name: name.value))
            }
        }
        if let v = top["calendar"]?.value,
            let cal = d.mapping(v, .subjectKey("calendar"), allowed: ["hours_per_day", "days_per_week", "days_per_month"])
        {
            if let n = cal["hours_per_day"]?.value, let x = d.positiveNumber(n, .subjectKey("hours_per_day"), max: 24) {
                project.calendar.hoursPerDay = x
            }
            if let n = cal["days_per_week"]?.value, let x = d.positiveNumber(n, .subjectKey("days_per_week"), max: 7) {
                project.calendar.daysPerWeek = x
            }
            if let n = cal["days_per_month"]?.value, let x = d.positiveNumber(n, .subjectKey("days_per_month"), max: 31) {
                project.calendar.daysPerMonth = x
            }
        }
        return (project, d.sink.diagnostics)
    }

    /// The pairs of an id → value mapping (roles, artefacts, equipment), non-scalar keys reported.
    static func items(_ node: YAMLNode, _ what: Message, _ d: inout NodeDecoder) -> [(YAMLNode, YAMLNode)] {
        if node.isNull { return [] }
        guard node.kind == .mapping else {
            d.sink.emit(.wrongType, .mustBeIDMapping(what, found: node.shape), at: node.span)
            return []
        }
        var out: [(YAMLNode, YAMLNode)] = []
        for (k, v) in node.pairs {
            if k.kind != .scalar {
                d.sink.emit(.wrongType, .idMustBePlain(what, found: k.shape), at: k.span)
            } else if k.text == "<<" {
                d.sink.emit(.unknownKey, .mergeKeyUnsupported, at: k.span)
            } else {
                out.append((k, v))
            }
        }
        return out
    }
}
