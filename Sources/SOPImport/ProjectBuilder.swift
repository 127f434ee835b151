import Foundation
import SOPDiagnostics
import SOPFrontEnd
import SOPSystem

/// Turns the names of the imported tables into ids of one project: roles from the actor headers, artefacts
/// and equipment from Kelengkapan and Output, SOPs from their names. The same name is the same id everywhere;
/// a name the project already has keeps the project's id. Writes the SOP files and the project file.
struct ProjectBuilder {
    let target: ImportTarget
    /// Every id in use per kind, so that a new id never takes one (`x`, then `x-2`, …).
    private var roleIDs: Set<String> = []
    private var artefactIDs: Set<String> = []
    private var sopIDs: Set<String> = []
    /// Name → id.
    private var roleByName: [String: String] = [:]
    private var artefactByName: [String: String] = [:]
    private var equipmentByName: [String: String] = [:]
    private var sopByName: [String: String] = [:]
    /// What this import adds to `sopc.yaml`, in order.
    private var newRoles: [(id: String, name: String)] = []
    private var newShared: [(id: String, name: String)] = []
    /// Artefact id → the SOPs (ids) that use it, and whether the project has it already.
    private var users: [String: Set<String>] = [:]
    private var projectArtefacts: Set<String> = []
    private var artefactName: [String: String] = [:]
    private var roleTitles: [String: String] = [:]
    private var equipmentIDs: Set<String> = []

    init(target: ImportTarget) {
        self.target = target
        if let model = target.model {
            if let p = model.project {
                for r in p.roles {
                    roleIDs.insert(r.ref.id)
                    if roleByName[r.name] == nil { roleByName[r.name] = r.ref.id }
                    if let t = r.title { roleTitles[t.lowercased()] = r.ref.id }
                    roleTitles[r.name.lowercased()] = roleTitles[r.name.lowercased()] ?? r.ref.id
                }
                for a in p.artefacts {
                    artefactIDs.insert(a.ref.id)
                    projectArtefacts.insert(a.ref.id)
                    if artefactByName[a.name] == nil { artefactByName[a.name] = a.ref.id }
                }
                for e in p.equipment {
                    artefactIDs.insert(e.ref.id)
                    if equipmentByName[e.name] == nil { equipmentByName[e.name] = e.ref.id }
                    equipmentIDs.insert(e.ref.id)
                }
            }
            for s in model.sops {
                sopIDs.insert(s.sopID)
                for a in s.artefacts { artefactIDs.insert(a.ref.id) }
                if !s.name.isEmpty, sopByName[s.name] == nil { sopByName[s.name] = s.sopID }
            }
        }
    }

    /// A project file that cannot be extended safely: one with errors in its shape.
    func projectProblem() -> ImportProblem? {
        guard let text = target.projectText else { return nil }
        let (root, diagnostics) = YAMLReader(file: "sopc.yaml").read(text)
        if root == nil || diagnostics.contains(where: { $0.severity == .error }) {
            return ImportProblem(.error, .importProjectHasErrors, file: "sopc.yaml", help: .importRunCheckFirst)
        }
        return nil
    }

    /// A new id for `name` among `used`: its slug (with `prefix-` when it would not start with a letter),
    /// cut to the id length at a dash, then `-2`, `-3`, … until free.
    static func newID(_ name: String, prefix: String, used: Set<String>) -> String {
        var base = Names.slug(foldDiacritics(name))
        if base.isEmpty || !(base.first!.isLetter) { base = base.isEmpty ? prefix : prefix + "-" + base }
        if base.count > 48 {
            base = String(base.prefix(48))
            while base.hasSuffix("-") { base.removeLast() }
            if let cut = base.lastIndex(of: "-"), base.distance(from: base.startIndex, to: cut) > 24 {
                base = String(base[..<cut])
            }
        }
        if !used.contains(base) { return base }
        var n = 2
        while used.contains("\(base)-\(n)") { n += 1 }
        return "\(base)-\(n)"
    }

    static func foldDiacritics(_ s: String) -> String {
        // Foundation's folding is slow; most names are plain ASCII and need none.
        s.utf8.allSatisfy { $0 < 0x80 } ? s : s.folding(options: .diacriticInsensitive, locale: nil)
    }

    mutating func role(_ name: String) -> String {
        if let id = roleByName[name] { return id }
        let id = Self.newID(name, prefix: "peran", used: roleIDs)
        roleIDs.insert(id)
        roleByName[name] = id
        newRoles.append((id, name))
        return id
    }

    mutating func artefact(_ name: String, sop: String) -> String {
        if let id = equipmentByName[name] { return id }
        let id: String
        if let known = artefactByName[name] {
            id = known
        } else {
            id = Self.newID(name, prefix: "dokumen", used: artefactIDs)
            artefactIDs.insert(id)
            artefactByName[name] = id
            artefactName[id] = name
        }
        users[id, default: []].insert(sop)
        return id
    }

    /// The id of a name ``add(_:problems:)`` has seen.
    func known(_ name: String) -> String { equipmentByName[name] ?? artefactByName[name] ?? name }

    func isEquipment(_ id: String) -> Bool { equipmentIDs.contains(id) }

    /// Gives every SOP its id, every name its id, and links "SOP <name>" in Ket to the SOP of that name.
    mutating func add(_ sops: inout [ImportedSOP], problems: inout [ImportProblem]) {
        for k in sops.indices {
            let base =
                sops[k].name.map { Self.newID($0, prefix: "sop", used: []) } ?? Self.newID(sops[k].stem, prefix: "sop", used: [])
            // An SOP file of the same name is replaced (with --force) rather than given a second id.
            var used = sopIDs
            if target.sopFiles.contains(base + ".sop.yaml") { used.remove(base) }
            let id = Self.newID(base, prefix: "sop", used: used)
            sops[k].id = id
            sopIDs.insert(id)
            if let name = sops[k].name, sopByName[name] == nil { sopByName[name] = id }
        }
        for k in sops.indices {
            for name in sops[k].actorColumns { _ = role(name) }
            for s in sops[k].steps {
                for n in s.needs + s.makes { _ = artefact(n, sop: sops[k].id) }
            }
        }
        for sop in sops {
            for step in sop.steps where step.callName != nil {
                let name = step.callName!
                if sopByName[name] == nil {
                    let near = sopByName.first { $0.key.lowercased() == name.lowercased() }
                    var problem = ImportProblem(
                        .warning, .importSOPNotFound(row: step.row, name: name), file: sop.file, line: step.line,
                        help: near.map { .importCallHelp(id: $0.value, name: $0.key) })
                    if step.line == nil { problem.sop = sop.id }
                    problems.append(problem)
                }
            }
        }
        _ = newShared
    }

    /// Whether an artefact goes to `sopc.yaml`: the project has it, or more than one SOP uses it.
    func isShared(_ id: String) -> Bool { projectArtefacts.contains(id) || (users[id]?.count ?? 0) > 1 }

    // MARK: writing

    /// The SOP file and how many markers it holds.
    mutating func yaml(_ sop: ImportedSOP, problems: inout [ImportProblem]) -> (String, Int) {
        var markers = 0
        var out = "# Imported by 'sopc import' (docs/IMPORT.md). A value \"?\" marks what the table does not say:\n"
        out += "# 'sopc check' reports each one (import-todo) until it is filled in.\n"
        out += "sop: \(sop.id)\n"
        if let name = sop.name {
            out += "name: \(YAMLText.scalar(name))\n"
        } else {
            out += "name: \"?\"\n"
            markers += 1
        }
        markers += identityYAML(sop, into: &out, problems: &problems)
        let columns = sop.actorColumns.map { role($0) }
        if !columns.isEmpty { out += "actors: \(YAMLText.idList(uniqued(columns)))\n" }
        // Inputs: what a step needs that no earlier row (nor the step itself) makes, as the table reads.
        var made: Set<String> = []
        var inputs: [String] = []
        var locals: [String] = []
        var seenLocal: Set<String> = []
        for step in sop.steps {
            let makes = Set(step.makes.map { known($0) })
            for name in step.needs {
                let id = known(name)
                if !isEquipment(id), !made.contains(id), !makes.contains(id), !inputs.contains(id) {
                    inputs.append(id)
                    problems.append(
                        ImportProblem(
                            .warning, .importInputFromOutside(row: step.row, name: name), file: sop.file, line: step.line))
                }
            }
            made.formUnion(makes)
            for id in (step.needs + step.makes).map({ known($0) })
            where !isEquipment(id) && !isShared(id) && seenLocal.insert(id).inserted {
                locals.append(id)
            }
        }
        if !inputs.isEmpty { out += "inputs: \(YAMLText.idList(inputs))\n" }
        if !locals.isEmpty {
            out += "artefacts:\n"
            for id in locals { out += "  \(id): \(YAMLText.scalar(artefactName[id] ?? id))\n" }
        }
        out += "steps:\n"
        for step in sop.steps {
            out += "  - id: \(step.id)\n"
            out += "    activity: \(YAMLText.scalar(step.activity))\n"
            let actors = uniqued(step.actors.map { role($0) })
            switch actors.count {
            case 0:
                out += "    actor: \"?\"\n"
                markers += 1
            case 1: out += "    actor: \(actors[0])\n"
            default: out += "    actors: \(YAMLText.idList(actors))\n"
            }
            let needs = uniqued(step.needs.map { known($0) })
            if !needs.isEmpty { out += "    needs: \(YAMLText.idList(needs))\n" }
            if let t = step.time { out += "    time: \(YAMLText.scalar(t))\n" }
            let makes = uniqued(step.makes.map { known($0) })
            if !makes.isEmpty { out += "    makes: \(YAMLText.idList(makes))\n" }
            if let name = step.callName, let callee = sopByName[name] {
                if let rest = step.remarksBeforeCall { out += "    notes: \(YAMLText.scalar(rest))\n" }
                out += "    call: \(callee)\n"
            } else if let remarks = step.remarks {
                out += "    notes: \(YAMLText.scalar(remarks))\n"
            }
            if step.isDecision {
                out += "    decision: \(step.question.map(YAMLText.scalar) ?? "\"?\"")\n"
                out += "    no: \"?\"\n"
                markers += step.question == nil ? 2 : 1
            }
        }
        return (out, markers)
    }

    func uniqued(_ ids: [String]) -> [String] {
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }
    }

    /// The identity page, when the document has one; the number of markers written.
    mutating func identityYAML(_ sop: ImportedSOP, into out: inout String, problems: inout [ImportProblem]) -> Int {
        guard let id = sop.identity else { return 0 }
        var markers = 0
        var lines = ""
        if let n = id.number { lines += "  number: \(YAMLText.scalar(n))\n" }
        for (key, value) in [("created", id.created), ("revised", id.revised), ("effective", id.effective)] {
            guard let value else { continue }
            if IndonesianDate.isoDate(value) == nil {
                problems.append(ImportProblem(.warning, .importDateKept(key: key, text: value), file: sop.file, line: sop.line))
            }
            lines += "  \(key): \(YAMLText.scalar(IndonesianDate.isoDate(value) ?? value))\n"
        }
        if id.approverTitle != nil || id.approverName != nil || id.approverNIP != nil {
            lines += "  approved_by:\n"
            if let t = id.approverTitle, let role = roleTitles[t.lowercased()] ?? roleByName[t] {
                lines += "    role: \(role)\n"
            } else {
                lines += "    role: \"?\"\n"
                markers += 1
            }
            if let n = id.approverName { lines += "    name: \(YAMLText.scalar(n))\n" }
            if let n = id.approverNIP { lines += "    nip: \(YAMLText.quoted(n))\n" }
        }
        func list(_ key: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            lines += "  \(key):\n"
            for item in items { lines += "    - \(YAMLText.scalar(item))\n" }
        }
        list("legal_basis", id.legalBasis)
        list("qualifications", id.qualifications)
        list("equipment", id.equipment.map { equipmentByName[$0] ?? $0 })
        list("warnings", id.warnings)
        list("records", id.records)
        let related = id.related.compactMap { text -> String? in
            let name = text.hasPrefix("SOP ") ? String(text.dropFirst(4)) : text
            return sopByName[name]
        }
        if !related.isEmpty { lines += "  related: \(YAMLText.idList(uniqued(related)))\n" }
        if !lines.isEmpty { out += "identity:\n" + lines }
        return markers
    }

    /// The project file: created when there is none, else extended with the new roles and shared artefacts
    /// after the entries it has (its text, comments included, otherwise unchanged). nil when nothing changes.
    func projectFile(organization: [String] = []) -> Result<(text: String, markers: Int)?, ImportProblem> {
        let shared = artefactByName.values.filter { isShared($0) && !projectArtefacts.contains($0) }.sorted()
            .map { ($0, artefactName[$0] ?? $0) }
        let roles = newRoles
        guard let existing = target.projectText else {
            var out = "# Made by 'sopc import' (docs/IMPORT.md). A value \"?\" marks what the tables do not say:\n"
            out += "# 'sopc check' reports each one (import-todo) until it is filled in.\n"
            out += "sopc: 1\norganization:\n"
            // The identity page's left cell names the unit last, the units above it before.
            if let name = organization.last {
                out += "  name: \(YAMLText.scalar(name))\n"
                if organization.count > 1 {
                    out += "  parents:\n" + organization.dropLast().map { "    - \(YAMLText.scalar($0))\n" }.joined()
                }
            } else {
                out += "  name: \"?\"\n"
            }
            out += "roles:\n"
            for r in roles { out += "  \(r.id):\n    name: \(YAMLText.scalar(r.name))\n" }
            if !shared.isEmpty {
                out += "artefacts:\n"
                for a in shared { out += "  \(a.0): \(YAMLText.scalar(a.1))\n" }
            }
            return .success((out, organization.isEmpty ? 1 : 0))
        }
        if roles.isEmpty && shared.isEmpty { return .success(nil) }
        var text = String(decoding: existing, as: UTF8.self)
        do {
            text = try ProjectText.add(
                roles.map { "\($0.id):\n  name: \(YAMLText.scalar($0.name))" }, under: "roles", to: text)
            text = try ProjectText.add(shared.map { "\($0.0): \(YAMLText.scalar($0.1))" }, under: "artefacts", to: text)
        } catch {
            return .failure(ImportProblem(.error, .importCannotExtend(key: error.key), file: "sopc.yaml", help: .importAddByHand))
        }
        return .success((text, 0))
    }
}

/// Adding entries to a block mapping of `sopc.yaml` without touching anything else in the file.
enum ProjectText {
    struct CannotExtend: Error {
        var key: String
    }

    /// Appends `entries` (each a `key: value` text, possibly of several lines, unindented) to the top-level
    /// block mapping `key`, after its last entry, indented like its entries; adds the key at the end of the
    /// file when it is missing.
    static func add(_ entries: [String], under key: String, to text: String) throws(CannotExtend) -> String {
        guard !entries.isEmpty else { return text }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        func isTopLevel(_ l: String) -> Bool {
            guard let c = l.first else { return false }
            return c != " " && c != "\t" && c != "#"
        }
        guard let start = lines.firstIndex(where: { $0.hasPrefix(key + ":") && isTopLevel($0) }) else {
            var out = lines.joined(separator: "\n")
            if !out.isEmpty { out += "\n" }
            out += key + ":\n"
            for e in entries {
                out += e.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
            }
            return out
        }
        // Only `key:` with nothing after it but a comment: a block mapping follows.
        let rest = lines[start].dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
        guard rest.isEmpty || rest.hasPrefix("#") else { throw CannotExtend(key: key) }
        var end = start + 1
        var indent: String?
        var lastEntry = start
        while end < lines.count, !isTopLevel(lines[end]) {
            let l = lines[end]
            let trimmed = l.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, !trimmed.hasPrefix("#") {
                if indent == nil { indent = String(l.prefix { $0 == " " }) }
                lastEntry = end
            }
            end += 1
        }
        let pad = indent.flatMap { $0.isEmpty ? nil : $0 } ?? "  "
        if pad.contains("\t") { throw CannotExtend(key: key) }
        let added = entries.flatMap { e in e.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 } }
        lines.insert(contentsOf: added, at: lastEntry + 1)
        return lines.joined(separator: "\n") + "\n"
    }
}
