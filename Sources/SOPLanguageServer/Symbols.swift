import SOPCompiler

/// What an id names.
enum SymbolKind: Hashable {
    case role
    /// A project artefact (`scope` nil) or an SOP's own (`scope` its id).
    case artefact(scope: String?)
    case equipment
    /// A step of the SOP with that id.
    case step(sop: String)
    case sop
}

struct Symbol: Hashable {
    var kind: SymbolKind
    var id: String
}

/// One place an id is written.
struct Occurrence {
    enum Use {
        case declaration, made, needed, reference
    }

    var symbol: Symbol
    var file: String
    var span: SourceSpan
    var use: Use

    func contains(_ p: SourcePosition) -> Bool {
        span.start <= p && (p < span.end || p == span.end)
    }
}

/// Finds the ids written in the project file and the SOPs.
enum SymbolIndex {
    static func occurrences(inProject project: Project) -> [Occurrence] {
        var out: [Occurrence] = []
        for r in project.roles {
            out.append(
                Occurrence(symbol: Symbol(kind: .role, id: r.ref.id), file: project.file, span: r.ref.span, use: .declaration))
        }
        for a in project.artefacts {
            out.append(
                Occurrence(
                    symbol: Symbol(kind: .artefact(scope: nil), id: a.ref.id), file: project.file, span: a.ref.span,
                    use: .declaration))
        }
        for e in project.equipment {
            out.append(
                Occurrence(
                    symbol: Symbol(kind: .equipment, id: e.ref.id), file: project.file, span: e.ref.span, use: .declaration))
        }
        return out
    }

    /// What an artefact-like id in an SOP refers to.
    static func artefactSymbol(_ id: String, in sop: SOP, model: ProjectModel) -> Symbol {
        switch model.artefactKind(id, in: sop) {
        case .local: return Symbol(kind: .artefact(scope: sop.sopID), id: id)
        case .equipment: return Symbol(kind: .equipment, id: id)
        case .project, .unknown: return Symbol(kind: .artefact(scope: nil), id: id)
        }
    }

    static func occurrences(in sop: SOP, model: ProjectModel) -> [Occurrence] {
        var out: [Occurrence] = []
        let file = sop.file
        func add(_ kind: SymbolKind, _ ref: Ref, _ use: Occurrence.Use) {
            guard !ref.id.isEmpty else { return }
            out.append(Occurrence(symbol: Symbol(kind: kind, id: ref.id), file: file, span: ref.span, use: use))
        }
        func artefact(_ ref: Ref, _ use: Occurrence.Use) {
            guard !ref.id.isEmpty else { return }
            out.append(Occurrence(symbol: artefactSymbol(ref.id, in: sop, model: model), file: file, span: ref.span, use: use))
        }
        if let id = sop.id { add(.sop, id, .declaration) }
        if let role = sop.identity.approvedBy?.role { add(.role, role, .reference) }
        for t in sop.identity.equipment where model.project?.equipmentIndex[t.value] != nil {
            add(.equipment, Ref(t.value, t.span), .reference)
        }
        for r in sop.identity.related { add(.sop, r, .reference) }
        for r in sop.actors ?? [] { add(.role, r, .reference) }
        for r in sop.inputs { artefact(r, .made) }
        for r in sop.outputs { artefact(r, .needed) }
        for a in sop.artefacts { add(.artefact(scope: sop.sopID), a.ref, .declaration) }
        let stepKind = SymbolKind.step(sop: sop.sopID)
        for step in sop.steps {
            add(stepKind, step.ref, .declaration)
            for r in step.actors { add(.role, r, .reference) }
            for r in step.needs { artefact(r, .needed) }
            for r in step.makes { artefact(r, .made) }
            if let c = step.call { add(.sop, c, .reference) }
            for target in [step.next, step.yes, step.no].compactMap({ $0 }) where target.id != "end" {
                add(stepKind, target, .reference)
            }
        }
        return out
    }

    /// Every occurrence in one file.
    static func occurrences(inFile path: String, model: ProjectModel) -> [Occurrence] {
        if let project = model.project, project.file == path { return occurrences(inProject: project) }
        return model.sops.filter { $0.file == path }.flatMap { occurrences(in: $0, model: model) }
    }

    /// Every occurrence of a symbol in the project.
    static func occurrences(of symbol: Symbol, model: ProjectModel) -> [Occurrence] {
        var out: [Occurrence] = []
        switch symbol.kind {
        case .role, .equipment, .artefact(scope: nil):
            if let p = model.project { out += occurrences(inProject: p).filter { $0.symbol == symbol } }
            for sop in model.sops { out += occurrences(in: sop, model: model).filter { $0.symbol == symbol } }
        case .artefact(scope: let s?), .step(sop: let s):
            for sop in model.sops where sop.sopID == s {
                out += occurrences(in: sop, model: model).filter { $0.symbol == symbol }
            }
        case .sop:
            for sop in model.sops { out += occurrences(in: sop, model: model).filter { $0.symbol == symbol } }
        }
        return out
    }

    /// The display name of a symbol, and what it is.
    static func describe(_ symbol: Symbol, model: ProjectModel) -> (what: String, name: String?) {
        let p = model.project
        switch symbol.kind {
        case .role:
            let role = p?.roleIndex[symbol.id].map { p!.roles[$0] }
            return ("role", role.map { r in r.title.map { "\(r.name) — \($0)" } ?? r.name })
        case .artefact(scope: nil):
            return ("project artefact", p?.artefactIndex[symbol.id].map { p!.artefacts[$0].name })
        case .artefact(scope: let s?):
            return (
                "artefact of SOP '\(s)'",
                model.sop(s).flatMap { sop in sop.artefactIndex[symbol.id].map { sop.artefacts[$0].name } }
            )
        case .equipment:
            return ("equipment", p?.equipmentIndex[symbol.id].map { p!.equipment[$0].name })
        case .step(sop: let s):
            return ("step of SOP '\(s)'", model.sop(s).flatMap { sop in sop.stepIndex[symbol.id].map { sop.steps[$0].activity } })
        case .sop:
            return ("SOP", model.sop(symbol.id)?.name)
        }
    }
}
