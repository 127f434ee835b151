import SOPSystem

/// How serious a diagnostic is. Errors fail `sopc check`; warnings do so only under `--strict`.
public enum Severity: String, Sendable, Comparable {
    case error
    case warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
}

/// Every check sopc makes, by its stable id (docs/CHECKS.md). Tests, `allow:` lists and docs/CHECKS.md use these ids.
public enum CheckID: String, Sendable, CaseIterable, Comparable {
    case yamlSyntax = "yaml-syntax"
    case duplicateKey = "duplicate-key"
    case unknownKey = "unknown-key"
    case missingKey = "missing-key"
    case wrongType = "wrong-type"
    case invalidID = "invalid-id"
    case sopIDMismatch = "sop-id-mismatch"
    case duplicateID = "duplicate-id"
    case tooLarge = "too-large"
    case missingProject = "missing-project"
    case unknownActor = "unknown-actor"
    case actorNotInColumns = "actor-not-in-columns"
    case unusedActor = "unused-actor"
    case tooManyActors = "too-many-actors"
    case unknownArtefact = "unknown-artefact"
    case artefactUnavailable = "artefact-unavailable"
    case callInputUnavailable = "call-input-unavailable"
    case outputNotMade = "output-not-made"
    case unusedArtefact = "unused-artefact"
    case unusedInput = "unused-input"
    case unusedDefinition = "unused-definition"
    case unknownStep = "unknown-step"
    case unreachableStep = "unreachable-step"
    case noPathToEnd = "no-path-to-end"
    case decisionSameTarget = "decision-same-target"
    case unknownSOP = "unknown-sop"
    case callCycle = "call-cycle"
    case invalidTime = "invalid-time"
    case missingTime = "missing-time"
    case invalidDate = "invalid-date"
    case dateOrder = "date-order"
    case invalidAllow = "invalid-allow"
    case staleOutput = "stale-output"
    case callTimeMismatch = "call-time-mismatch"
    case deadlineExceeded = "deadline-exceeded"
    case deadlineAtRisk = "deadline-at-risk"

    public static func < (a: CheckID, b: CheckID) -> Bool { a.rawValue < b.rawValue }

    /// The severity docs/CHECKS.md gives this id.
    public var severity: Severity {
        switch self {
        case .unusedActor, .tooManyActors, .unusedArtefact, .unusedInput, .unusedDefinition,
            .decisionSameTarget, .missingTime, .dateOrder, .callTimeMismatch, .deadlineAtRisk:
            return .warning
        default:
            return .error
        }
    }

    /// One line saying when the check fires; used for SARIF rules and docs/CHECKS.md.
    public var summary: String {
        switch self {
        case .yamlSyntax: return "libyaml cannot read the file"
        case .duplicateKey: return "a mapping repeats a key"
        case .unknownKey: return "a key the format does not have"
        case .missingKey: return "a required key is absent"
        case .wrongType: return "a value has the wrong YAML shape (mapping, sequence, scalar) or type"
        case .invalidID: return "an id breaks the id pattern, or uses 'end'"
        case .sopIDMismatch: return "'sop:' differs from the file name"
        case .duplicateID: return "two steps, two SOPs, or a local and a project artefact share an id"
        case .tooLarge: return "a limit is passed: file over 32 MiB, nesting over 64, alias expansion over 100,000 nodes"
        case .missingProject: return "no sopc.yaml at the definitions root"
        case .unknownActor: return "an actor (or approved_by.role) that is not a project role"
        case .actorNotInColumns: return "a step's actor is missing from the SOP's explicit 'actors:' list"
        case .unusedActor: return "an 'actors:' column no step uses"
        case .tooManyActors: return "more than 7 actor columns: the printed form will not fit"
        case .unknownArtefact:
            return "a needs/makes/inputs/outputs id that is neither a project nor a local artefact (nor equipment, for needs)"
        case .artefactUnavailable: return "a step needs an artefact that is not available on every path to it"
        case .callInputUnavailable: return "a called SOP's input is not available on every path to the call step"
        case .outputNotMade: return "an SOP output is not available on every path to 'end'"
        case .unusedArtefact: return "a made artefact that no later step needs, no called SOP takes, and the SOP does not output"
        case .unusedInput: return "an SOP input that nothing needs"
        case .unusedDefinition: return "a local artefact nothing mentions"
        case .unknownStep: return "'next'/'yes'/'no' names no step of the SOP"
        case .unreachableStep: return "a step that no path from the first step reaches"
        case .noPathToEnd: return "a step from which 'end' cannot be reached (a loop with no exit)"
        case .decisionSameTarget: return "'yes' and 'no' lead to the same step"
        case .unknownSOP: return "'call:' or 'related:' names no SOP of the project"
        case .callCycle: return "SOPs call each other in a cycle"
        case .invalidTime: return "a 'time:' that is not '<number> <unit>' or '<number>-<number> <unit>'"
        case .missingTime: return "a step without 'time:'"
        case .invalidDate: return "an identity date that is not a real YYYY-MM-DD date"
        case .dateOrder: return "'effective' or 'revised' before 'created'"
        case .invalidAllow: return "an 'allow:' entry that names an error id, or no id at all"
        case .staleOutput: return "a generated file differs from what 'sopc build' would write, is missing, or is left over"
        case .callTimeMismatch: return "a call step's written 'time:' differs from the called SOP's main-path total"
        case .deadlineExceeded: return "the main path's planned time is longer than the SOP's 'deadline:'"
        case .deadlineAtRisk:
            return "the main path fits the 'deadline:', but not with one trip round each correction loop"
        }
    }
}
