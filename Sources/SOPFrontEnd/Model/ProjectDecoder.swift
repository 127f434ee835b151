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
            let org = d.mapping(v, .subjectKey("organization"), allowed: ["name", "logo", "parents"], required: ["name"])
        {
            if let n = org["name"]?.value, !d.isMarker(n, .todoValue(key: "organization.name")),
                let t = d.printedText(n, .subjectKey("organization.name"))
            {
                project.organizationName = t.value
            }
            if let p = org["parents"]?.value { project.parents = d.printedTextList(p, .subjectKey("organization.parents")) }
            if let l = org["logo"]?.value { project.logoPath = d.text(l, .subjectKey("organization.logo")) }
        }
        if let (k, v) = top["roles"] {
            if v.isNull || (v.kind == .mapping && v.children.isEmpty) {
                d.sink.emit(
                    .missingKey, .noRoles, at: v.isNull ? k.span : v.span)
            }
            if !v.isNull, v.kind != .mapping { project.unreadable.insert(.roles) }
            for (key, value) in items(v, .subjectKey("roles"), &d) {
                guard let ref = d.id(key, .subjectRole) else {
                    project.unreadable.insert(.roles)
                    continue
                }
                var role = Role(ref: ref, name: ref.id, title: nil)
                if value.kind == .scalar, !value.isNull {
                    role.name = d.printedText(value, .subjectNameOfRole(ref.id))?.value ?? value.text
                } else if let m = d.mapping(value, .subjectRoleNamed(ref.id), allowed: ["name", "title"], required: ["name"]) {
                    if let n = m.value("name"), let t = d.printedText(n, .subjectNameOfRole(ref.id)) { role.name = t.value }
                    if let n = m.value("title"), let t = d.printedText(n, .subjectTitleOfRole(ref.id)) { role.title = t.value }
                }
                project.roleIndex[ref.id] = project.roles.count
                project.roles.append(role)
            }
        }
        if let v = top["artefacts"]?.value {
            if !v.isNull, v.kind != .mapping { project.unreadable.insert(.artefacts) }
            for (key, value) in items(v, .subjectKey("artefacts"), &d) {
                guard let ref = d.id(key, .subjectArtefact) else {
                    project.unreadable.insert(.artefacts)
                    continue
                }
                // Defined even when its name cannot be read, so that its uses are not unknown on top.
                let name = d.printedText(value, .subjectNameOfArtefact(ref.id))?.value ?? ref.id
                project.artefactIndex[ref.id] = project.artefacts.count
                project.artefacts.append(NamedItem(ref: ref, name: name))
            }
        }
        if let v = top["equipment"]?.value {
            if !v.isNull, v.kind != .mapping { project.unreadable.insert(.equipment) }
            for (key, value) in items(v, .subjectKey("equipment"), &d) {
                guard let ref = d.id(key, .subjectEquipment) else {
                    project.unreadable.insert(.equipment)
                    continue
                }
                let name = d.printedText(value, .subjectNameOfEquipment(ref.id)) ?? Text(value: ref.id, span: ref.span)
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
            let cal = d.mapping(
                v, .subjectKey("calendar"),
                allowed: ["hours_per_day", "days_per_week", "days_per_month", "day_starts", "holidays"])
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
            if let n = cal["day_starts"]?.value, let t = d.text(n, .subjectKey("day_starts")) {
                if let minute = clockMinute(t.value) {
                    project.calendar.dayStarts = minute
                } else {
                    d.sink.emit(.wrongType, .mustBeClockTime(.subjectKey("day_starts"), found: t.value), at: t.span)
                }
            }
            if let n = cal["holidays"]?.value {
                project.calendar.holidays = d.list(n, .subjectKey("holidays")) { d, item in holiday(item, &d) }
            }
        }
        return (project, d.sink.diagnostics)
    }

    /// `HH:MM` (00:00–23:59) as minutes since midnight; one-digit hours (`7:30`) are accepted too.
    package static func clockMinute(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0 >= "0" && $0 <= "9" } }),
            let h = Int(parts[0]), let m = Int(parts[1]), h < 24, m < 60
        else { return nil }
        return h * 60 + m
    }

    /// One entry of `holidays`: `{date, name}` or `{from, to, name}`; nil (after a report) when unusable.
    static func holiday(_ node: YAMLNode, _ d: inout NodeDecoder) -> Holiday? {
        let what = Message.subjectEntry(of: .subjectKey("holidays"))
        guard let m = d.mapping(node, what, allowed: ["date", "from", "to", "name"], required: ["name"]) else { return nil }
        let name = m["name"].flatMap { d.text($0.value, .subjectKey("name")) }?.value
        if let value = m.value("date") {
            if let extra = m["from"] ?? m["to"] {
                d.sink.emit(
                    .unknownKey, .holidayDateOrRange, at: extra.key.span, notes: [DiagnosticNote(.allowedKeys(["date", "name"]))])
            }
            guard let day = d.date(value, .subjectKey("date"))?.date, let name else { return nil }
            return Holiday(from: day, to: day, name: name)
        }
        guard let from = m["from"], let to = m["to"] else {
            let present = m["from"] ?? m["to"]
            d.sink.emit(.missingKey, .holidayDateOrRange, at: present?.key.span ?? SourceSpan(at: node.span.start))
            return nil
        }
        let start = d.date(from.value, .subjectKey("from"))
        let end = d.date(to.value, .subjectKey("to"))
        guard let a = start?.date, let b = end?.date, let name else { return nil }
        if b < a, let endText = end?.text {
            d.sink.emit(
                .dateOrder, .holidayEndsBeforeStart(to: endText.value, from: start!.text.value), at: endText.span,
                notes: [DiagnosticNote(.holidayStartsHere, file: d.sink.file, at: start!.text.span.start)])
            return nil
        }
        return Holiday(from: a, to: b, name: name)
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
