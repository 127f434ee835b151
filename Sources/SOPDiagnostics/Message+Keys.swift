import SOPSystem

// The keys of the catalogue, "<check id>.<entry>" (or "common.<entry>" for text several checks share), and one
// example of each entry. The switches are exhaustive, so a new entry cannot be added without its key and
// example; the catalogue test renders every example in every language.

extension Message {
    /// An entry of the catalogue without its arguments.
    public enum Key: String, Sendable, CaseIterable {
        case uncatalogued = "common.uncatalogued"
        case external = "common.external"
        case didYouMean = "common.did-you-mean"
        case subjectKey = "common.subject-key"
        case subjectProjectFile = "common.subject-project-file"
        case subjectSOPFile = "common.subject-sop-file"
        case subjectRole = "common.subject-role"
        case subjectRoleNamed = "common.subject-role-named"
        case subjectNameOfRole = "common.subject-name-of-role"
        case subjectTitleOfRole = "common.subject-title-of-role"
        case subjectArtefact = "common.subject-artefact"
        case subjectNameOfArtefact = "common.subject-name-of-artefact"
        case subjectEquipment = "common.subject-equipment"
        case subjectNameOfEquipment = "common.subject-name-of-equipment"
        case subjectSOPID = "common.subject-sopid"
        case subjectStepID = "common.subject-step-id"
        case subjectAStep = "common.subject-a-step"
        case subjectTheStep = "common.subject-the-step"
        case subjectStepNamed = "common.subject-step-named"
        case subjectEntry = "common.subject-entry"
        case subjectStepPart = "common.subject-step-part"
        case libyamlCannotStart = "yaml-syntax.libyaml-cannot-start"
        case libyamlOutOfMemory = "yaml-syntax.libyaml-out-of-memory"
        case libyamlProblem = "yaml-syntax.libyaml-problem"
        case libyamlContext = "yaml-syntax.libyaml-context"
        case secondDocument = "yaml-syntax.second-document"
        case secondDocumentHelp = "yaml-syntax.second-document-help"
        case unknownAlias = "yaml-syntax.unknown-alias"
        case didYouMeanAlias = "yaml-syntax.did-you-mean-alias"
        case aliasHelp = "yaml-syntax.alias-help"
        case invalidUTF8Byte = "yaml-syntax.invalid-utf8-byte"
        case invalidUTF8AtEnd = "yaml-syntax.invalid-utf8-at-end"
        case saveAsUTF8 = "yaml-syntax.save-as-utf8"
        case removeCharacter = "yaml-syntax.remove-character"
        case quoteValueWithColon = "yaml-syntax.quote-value-with-colon"
        case quoteValueStart = "yaml-syntax.quote-value-start"
        case indentLikeKeys = "yaml-syntax.indent-like-keys"
        case indentWithSpaces = "yaml-syntax.indent-with-spaces"
        case keyNeedsColon = "yaml-syntax.key-needs-colon"
        case duplicateKey = "duplicate-key.duplicate-key"
        case firstDefinedHere = "duplicate-key.first-defined-here"
        case removeOneKeepFirst = "duplicate-key.remove-one-keep-first"
        case actorAndActors = "duplicate-key.actor-and-actors"
        case actorIsHere = "duplicate-key.actor-is-here"
        case keepOneActorKey = "duplicate-key.keep-one-actor-key"
        case mergeKeyUnsupported = "unknown-key.merge-key-unsupported"
        case writeMergeOut = "unknown-key.write-merge-out"
        case unknownKey = "unknown-key.unknown-key"
        case allowedKeys = "unknown-key.allowed-keys"
        case nextOnDecision = "unknown-key.next-on-decision"
        case writeYes = "unknown-key.write-yes"
        case decisionGoesOn = "unknown-key.decision-goes-on"
        case onlyOnDecision = "unknown-key.only-on-decision"
        case makeItADecision = "unknown-key.make-it-a-decision"
        case noKey = "missing-key.no-key"
        case noRoles = "missing-key.no-roles"
        case noSteps = "missing-key.no-steps"
        case listsNoActor = "missing-key.lists-no-actor"
        case sayWhoDoesIt = "missing-key.say-who-does-it"
        case noNoBranch = "missing-key.no-no-branch"
        case addNoBranch = "missing-key.add-no-branch"
        case mustBeMapping = "wrong-type.must-be-mapping"
        case keyMustBePlain = "wrong-type.key-must-be-plain"
        case mustBeText = "wrong-type.must-be-text"
        case mustBeSequence = "wrong-type.must-be-sequence"
        case writeAsList = "wrong-type.write-as-list"
        case mustBeNumber = "wrong-type.must-be-number"
        case unsupportedVersion = "wrong-type.unsupported-version"
        case writeVersion1 = "wrong-type.write-version1"
        case mustBeIDMapping = "wrong-type.must-be-id-mapping"
        case idMustBePlain = "wrong-type.id-must-be-plain"
        case stepsMustBeSequence = "wrong-type.steps-must-be-sequence"
        case writeStepsAsList = "wrong-type.write-steps-as-list"
        case actorIsOneRole = "wrong-type.actor-is-one-role"
        case useActorsKey = "wrong-type.use-actors-key"
        case explicitTag = "wrong-type.explicit-tag"
        case removeTag = "wrong-type.remove-tag"
        case emptyFile = "wrong-type.empty-file"
        case invalidID = "invalid-id.invalid-id"
        case idPattern = "invalid-id.id-pattern"
        case writeIDAs = "invalid-id.write-id-as"
        case endReserved = "invalid-id.end-reserved"
        case nameStepAfterAction = "invalid-id.name-step-after-action"
        case sopIDMismatch = "sop-id-mismatch.sop-id-mismatch"
        case writeSOPOrRename = "sop-id-mismatch.write-sop-or-rename"
        case renameFile = "sop-id-mismatch.rename-file"
        case actorListedTwice = "duplicate-id.actor-listed-twice"
        case firstListedHere = "duplicate-id.first-listed-here"
        case localArtefactClash = "duplicate-id.local-artefact-clash"
        case projectItemDefinedHere = "duplicate-id.project-item-defined-here"
        case useProjectItem = "duplicate-id.use-project-item"
        case sopIDTwice = "duplicate-id.sop-id-twice"
        case alsoUsedHere = "duplicate-id.also-used-here"
        case sopIDsUnique = "duplicate-id.sop-i-ds-unique"
        case artefactAndEquipment = "duplicate-id.artefact-and-equipment"
        case artefactDefinedHere = "duplicate-id.artefact-defined-here"
        case stepIDTwice = "duplicate-id.step-id-twice"
        case firstUsedHere = "duplicate-id.first-used-here"
        case stepIDsUnique = "duplicate-id.step-i-ds-unique"
        case fileTooLarge = "too-large.file-too-large"
        case splitIntoCallingSOPs = "too-large.split-into-calling-so-ps"
        case splitIntoSubSOPs = "too-large.split-into-sub-so-ps"
        case nestingTooDeep = "too-large.nesting-too-deep"
        case fewLevels = "too-large.few-levels"
        case aliasesExpandTooMuch = "too-large.aliases-expand-too-much"
        case writeRepeatedParts = "too-large.write-repeated-parts"
        case missingProject = "missing-project.missing-project"
        case createProjectFile = "missing-project.create-project-file"
        case notARole = "unknown-actor.not-a-role"
        case rolesDefinedIn = "unknown-actor.roles-defined-in"
        case roleName = "unknown-actor.role-name"
        case useRoleOrAdd = "unknown-actor.use-role-or-add"
        case noColumn = "actor-not-in-columns.no-column"
        case columnsListedHere = "actor-not-in-columns.columns-listed-here"
        case addToActors = "actor-not-in-columns.add-to-actors"
        case unusedColumn = "unused-actor.unused-column"
        case removeColumnOrGiveStep = "unused-actor.remove-column-or-give-step"
        case tooManyColumns = "too-many-actors.too-many-columns"
        case tooManyRoles = "too-many-actors.too-many-roles"
        case splitOrMergeRoles = "too-many-actors.split-or-merge-roles"
        case equipmentNotFor = "unknown-artefact.equipment-not-for"
        case notAnArtefact = "unknown-artefact.not-an-artefact"
        case equipmentAtHand = "unknown-artefact.equipment-at-hand"
        case artefactName = "unknown-artefact.artefact-name"
        case defineArtefact = "unknown-artefact.define-artefact"
        case unusedLocal = "unused-definition.unused-local"
        case removeOrNameIt = "unused-definition.remove-or-name-it"
        case callNamesNoSOP = "unknown-sop.call-names-no-sop"
        case relatedNamesNoSOP = "unknown-sop.related-names-no-sop"
        case sopIDIsFileName = "unknown-sop.sop-id-is-file-name"
        case onlyOtherSOP = "unknown-sop.only-other-sop"
        case otherSOPs = "unknown-sop.other-so-ps"
        case namesNoStep = "unknown-step.names-no-step"
        case nameAStep = "unknown-step.name-a-step"
        case neverReached = "unreachable-step.never-reached"
        case pointAtIt = "unreachable-step.point-at-it"
        case firstStepNoPath = "no-path-to-end.first-step-no-path"
        case noPathToEnd = "no-path-to-end.no-path-to-end"
        case loopsWithoutExit = "no-path-to-end.loops-without-exit"
        case giveLoopExit = "no-path-to-end.give-loop-exit"
        case bothBranchesSame = "decision-same-target.both-branches-same"
        case sendNoToCorrection = "decision-same-target.send-no-to-correction"
        case callsItself = "call-cycle.calls-itself"
        case callCycle = "call-cycle.call-cycle"
        case callsHere = "call-cycle.calls-here"
        case removeSelfCall = "call-cycle.remove-self-call"
        case breakCycle = "call-cycle.break-cycle"
        case needUnavailable = "artefact-unavailable.need-unavailable"
        case missingOnPath = "artefact-unavailable.missing-on-path"
        case madeNotOnEveryPath = "artefact-unavailable.made-not-on-every-path"
        case callGivesNotOnEveryPath = "artefact-unavailable.call-gives-not-on-every-path"
        case noStepMakes = "artefact-unavailable.no-step-makes"
        case makeEarlierOrInput = "artefact-unavailable.make-earlier-or-input"
        case callInputUnavailable = "call-input-unavailable.call-input-unavailable"
        case inputOfHere = "call-input-unavailable.input-of-here"
        case makeEarlierOrThisInput = "call-input-unavailable.make-earlier-or-this-input"
        case outputNotMade = "output-not-made.output-not-made"
        case makeOnEveryPathOrRemove = "output-not-made.make-on-every-path-or-remove"
        case unusedArtefact = "unused-artefact.unused-artefact"
        case outputOrAllow = "unused-artefact.output-or-allow"
        case unusedInput = "unused-input.unused-input"
        case needOrRemoveInput = "unused-input.need-or-remove-input"
        case notADuration = "invalid-time.not-a-duration"
        case notAUnit = "invalid-time.not-a-unit"
        case rangeBackwards = "invalid-time.range-backwards"
        case durationForm = "invalid-time.duration-form"
        case durationExamples = "invalid-time.duration-examples"
        case noTime = "missing-time.no-time"
        case addDuration = "missing-time.add-duration"
        case notARealDate = "invalid-date.not-a-real-date"
        case noSuchMonth = "invalid-date.no-such-month"
        case noYearZero = "invalid-date.no-year-zero"
        case noDayZero = "invalid-date.no-day-zero"
        case monthHasDays = "invalid-date.month-has-days"
        case notYMD = "invalid-date.not-ymd"
        case writeYearFirst = "invalid-date.write-year-first"
        case writeYMD = "invalid-date.write-ymd"
        case dateBefore = "date-order.date-before"
        case createdIsHere = "date-order.created-is-here"
        case errorNotSilenceable = "invalid-allow.error-not-silenceable"
        case fixErrorInstead = "invalid-allow.fix-error-instead"
        case notACheckID = "invalid-allow.not-a-check-id"
        case allowTakes = "invalid-allow.allow-takes"
        case outputMissing = "stale-output.output-missing"
        case manifestDiffers = "stale-output.manifest-differs"
        case outputDiffers = "stale-output.output-differs"
        case notWrittenBySopc = "stale-output.not-written-by-sopc"
        case outputLeftOver = "stale-output.output-left-over"
        case cannotWriteOutput = "stale-output.cannot-write-output"
        case runBuildAndCommit = "stale-output.run-build-and-commit"
        case moveAwayThenBuild = "stale-output.move-away-then-build"
        case buildRemovesIt = "stale-output.build-removes-it"
        case removeWhatStandsThere = "stale-output.remove-what-stands-there"

        /// The check this entry belongs to; nil for text several checks share.
        public var checkID: CheckID? { CheckID(rawValue: String(rawValue.prefix { $0 != "." })) }
    }

    /// This entry's key.
    public var key: Key {
        switch self {
        case .uncatalogued: return .uncatalogued
        case .external: return .external
        case .didYouMean: return .didYouMean
        case .subjectKey: return .subjectKey
        case .subjectProjectFile: return .subjectProjectFile
        case .subjectSOPFile: return .subjectSOPFile
        case .subjectRole: return .subjectRole
        case .subjectRoleNamed: return .subjectRoleNamed
        case .subjectNameOfRole: return .subjectNameOfRole
        case .subjectTitleOfRole: return .subjectTitleOfRole
        case .subjectArtefact: return .subjectArtefact
        case .subjectNameOfArtefact: return .subjectNameOfArtefact
        case .subjectEquipment: return .subjectEquipment
        case .subjectNameOfEquipment: return .subjectNameOfEquipment
        case .subjectSOPID: return .subjectSOPID
        case .subjectStepID: return .subjectStepID
        case .subjectAStep: return .subjectAStep
        case .subjectTheStep: return .subjectTheStep
        case .subjectStepNamed: return .subjectStepNamed
        case .subjectEntry: return .subjectEntry
        case .subjectStepPart: return .subjectStepPart
        case .libyamlCannotStart: return .libyamlCannotStart
        case .libyamlOutOfMemory: return .libyamlOutOfMemory
        case .libyamlProblem: return .libyamlProblem
        case .libyamlContext: return .libyamlContext
        case .secondDocument: return .secondDocument
        case .secondDocumentHelp: return .secondDocumentHelp
        case .unknownAlias: return .unknownAlias
        case .didYouMeanAlias: return .didYouMeanAlias
        case .aliasHelp: return .aliasHelp
        case .invalidUTF8Byte: return .invalidUTF8Byte
        case .invalidUTF8AtEnd: return .invalidUTF8AtEnd
        case .saveAsUTF8: return .saveAsUTF8
        case .removeCharacter: return .removeCharacter
        case .quoteValueWithColon: return .quoteValueWithColon
        case .quoteValueStart: return .quoteValueStart
        case .indentLikeKeys: return .indentLikeKeys
        case .indentWithSpaces: return .indentWithSpaces
        case .keyNeedsColon: return .keyNeedsColon
        case .duplicateKey: return .duplicateKey
        case .firstDefinedHere: return .firstDefinedHere
        case .removeOneKeepFirst: return .removeOneKeepFirst
        case .actorAndActors: return .actorAndActors
        case .actorIsHere: return .actorIsHere
        case .keepOneActorKey: return .keepOneActorKey
        case .mergeKeyUnsupported: return .mergeKeyUnsupported
        case .writeMergeOut: return .writeMergeOut
        case .unknownKey: return .unknownKey
        case .allowedKeys: return .allowedKeys
        case .nextOnDecision: return .nextOnDecision
        case .writeYes: return .writeYes
        case .decisionGoesOn: return .decisionGoesOn
        case .onlyOnDecision: return .onlyOnDecision
        case .makeItADecision: return .makeItADecision
        case .noKey: return .noKey
        case .noRoles: return .noRoles
        case .noSteps: return .noSteps
        case .listsNoActor: return .listsNoActor
        case .sayWhoDoesIt: return .sayWhoDoesIt
        case .noNoBranch: return .noNoBranch
        case .addNoBranch: return .addNoBranch
        case .mustBeMapping: return .mustBeMapping
        case .keyMustBePlain: return .keyMustBePlain
        case .mustBeText: return .mustBeText
        case .mustBeSequence: return .mustBeSequence
        case .writeAsList: return .writeAsList
        case .mustBeNumber: return .mustBeNumber
        case .unsupportedVersion: return .unsupportedVersion
        case .writeVersion1: return .writeVersion1
        case .mustBeIDMapping: return .mustBeIDMapping
        case .idMustBePlain: return .idMustBePlain
        case .stepsMustBeSequence: return .stepsMustBeSequence
        case .writeStepsAsList: return .writeStepsAsList
        case .actorIsOneRole: return .actorIsOneRole
        case .useActorsKey: return .useActorsKey
        case .explicitTag: return .explicitTag
        case .removeTag: return .removeTag
        case .emptyFile: return .emptyFile
        case .invalidID: return .invalidID
        case .idPattern: return .idPattern
        case .writeIDAs: return .writeIDAs
        case .endReserved: return .endReserved
        case .nameStepAfterAction: return .nameStepAfterAction
        case .sopIDMismatch: return .sopIDMismatch
        case .writeSOPOrRename: return .writeSOPOrRename
        case .renameFile: return .renameFile
        case .actorListedTwice: return .actorListedTwice
        case .firstListedHere: return .firstListedHere
        case .localArtefactClash: return .localArtefactClash
        case .projectItemDefinedHere: return .projectItemDefinedHere
        case .useProjectItem: return .useProjectItem
        case .sopIDTwice: return .sopIDTwice
        case .alsoUsedHere: return .alsoUsedHere
        case .sopIDsUnique: return .sopIDsUnique
        case .artefactAndEquipment: return .artefactAndEquipment
        case .artefactDefinedHere: return .artefactDefinedHere
        case .stepIDTwice: return .stepIDTwice
        case .firstUsedHere: return .firstUsedHere
        case .stepIDsUnique: return .stepIDsUnique
        case .fileTooLarge: return .fileTooLarge
        case .splitIntoCallingSOPs: return .splitIntoCallingSOPs
        case .splitIntoSubSOPs: return .splitIntoSubSOPs
        case .nestingTooDeep: return .nestingTooDeep
        case .fewLevels: return .fewLevels
        case .aliasesExpandTooMuch: return .aliasesExpandTooMuch
        case .writeRepeatedParts: return .writeRepeatedParts
        case .missingProject: return .missingProject
        case .createProjectFile: return .createProjectFile
        case .notARole: return .notARole
        case .rolesDefinedIn: return .rolesDefinedIn
        case .roleName: return .roleName
        case .useRoleOrAdd: return .useRoleOrAdd
        case .noColumn: return .noColumn
        case .columnsListedHere: return .columnsListedHere
        case .addToActors: return .addToActors
        case .unusedColumn: return .unusedColumn
        case .removeColumnOrGiveStep: return .removeColumnOrGiveStep
        case .tooManyColumns: return .tooManyColumns
        case .tooManyRoles: return .tooManyRoles
        case .splitOrMergeRoles: return .splitOrMergeRoles
        case .equipmentNotFor: return .equipmentNotFor
        case .notAnArtefact: return .notAnArtefact
        case .equipmentAtHand: return .equipmentAtHand
        case .artefactName: return .artefactName
        case .defineArtefact: return .defineArtefact
        case .unusedLocal: return .unusedLocal
        case .removeOrNameIt: return .removeOrNameIt
        case .callNamesNoSOP: return .callNamesNoSOP
        case .relatedNamesNoSOP: return .relatedNamesNoSOP
        case .sopIDIsFileName: return .sopIDIsFileName
        case .onlyOtherSOP: return .onlyOtherSOP
        case .otherSOPs: return .otherSOPs
        case .namesNoStep: return .namesNoStep
        case .nameAStep: return .nameAStep
        case .neverReached: return .neverReached
        case .pointAtIt: return .pointAtIt
        case .firstStepNoPath: return .firstStepNoPath
        case .noPathToEnd: return .noPathToEnd
        case .loopsWithoutExit: return .loopsWithoutExit
        case .giveLoopExit: return .giveLoopExit
        case .bothBranchesSame: return .bothBranchesSame
        case .sendNoToCorrection: return .sendNoToCorrection
        case .callsItself: return .callsItself
        case .callCycle: return .callCycle
        case .callsHere: return .callsHere
        case .removeSelfCall: return .removeSelfCall
        case .breakCycle: return .breakCycle
        case .needUnavailable: return .needUnavailable
        case .missingOnPath: return .missingOnPath
        case .madeNotOnEveryPath: return .madeNotOnEveryPath
        case .callGivesNotOnEveryPath: return .callGivesNotOnEveryPath
        case .noStepMakes: return .noStepMakes
        case .makeEarlierOrInput: return .makeEarlierOrInput
        case .callInputUnavailable: return .callInputUnavailable
        case .inputOfHere: return .inputOfHere
        case .makeEarlierOrThisInput: return .makeEarlierOrThisInput
        case .outputNotMade: return .outputNotMade
        case .makeOnEveryPathOrRemove: return .makeOnEveryPathOrRemove
        case .unusedArtefact: return .unusedArtefact
        case .outputOrAllow: return .outputOrAllow
        case .unusedInput: return .unusedInput
        case .needOrRemoveInput: return .needOrRemoveInput
        case .notADuration: return .notADuration
        case .notAUnit: return .notAUnit
        case .rangeBackwards: return .rangeBackwards
        case .durationForm: return .durationForm
        case .durationExamples: return .durationExamples
        case .noTime: return .noTime
        case .addDuration: return .addDuration
        case .notARealDate: return .notARealDate
        case .noSuchMonth: return .noSuchMonth
        case .noYearZero: return .noYearZero
        case .noDayZero: return .noDayZero
        case .monthHasDays: return .monthHasDays
        case .notYMD: return .notYMD
        case .writeYearFirst: return .writeYearFirst
        case .writeYMD: return .writeYMD
        case .dateBefore: return .dateBefore
        case .createdIsHere: return .createdIsHere
        case .errorNotSilenceable: return .errorNotSilenceable
        case .fixErrorInstead: return .fixErrorInstead
        case .notACheckID: return .notACheckID
        case .allowTakes: return .allowTakes
        case .outputMissing: return .outputMissing
        case .manifestDiffers: return .manifestDiffers
        case .outputDiffers: return .outputDiffers
        case .notWrittenBySopc: return .notWrittenBySopc
        case .outputLeftOver: return .outputLeftOver
        case .cannotWriteOutput: return .cannotWriteOutput
        case .runBuildAndCommit: return .runBuildAndCommit
        case .moveAwayThenBuild: return .moveAwayThenBuild
        case .buildRemovesIt: return .buildRemovesIt
        case .removeWhatStandsThere: return .removeWhatStandsThere
        }
    }

    /// An entry with placeholder arguments, for tests of the catalogue.
    public static func example(_ key: Key) -> Message {
        switch key {
        case .uncatalogued: return .uncatalogued("x0")
        case .external: return .external("x0")
        case .didYouMean: return .didYouMean("x0")
        case .subjectKey: return .subjectKey("x0")
        case .subjectProjectFile: return .subjectProjectFile
        case .subjectSOPFile: return .subjectSOPFile
        case .subjectRole: return .subjectRole
        case .subjectRoleNamed: return .subjectRoleNamed("x0")
        case .subjectNameOfRole: return .subjectNameOfRole("x0")
        case .subjectTitleOfRole: return .subjectTitleOfRole("x0")
        case .subjectArtefact: return .subjectArtefact
        case .subjectNameOfArtefact: return .subjectNameOfArtefact("x0")
        case .subjectEquipment: return .subjectEquipment
        case .subjectNameOfEquipment: return .subjectNameOfEquipment("x0")
        case .subjectSOPID: return .subjectSOPID
        case .subjectStepID: return .subjectStepID
        case .subjectAStep: return .subjectAStep
        case .subjectTheStep: return .subjectTheStep
        case .subjectStepNamed: return .subjectStepNamed("x0")
        case .subjectEntry: return .subjectEntry(of: .subjectKey("k"))
        case .subjectStepPart: return .subjectStepPart(.activity, of: .subjectKey("k"))
        case .libyamlCannotStart: return .libyamlCannotStart
        case .libyamlOutOfMemory: return .libyamlOutOfMemory
        case .libyamlProblem: return .libyamlProblem("x0", character: 3)
        case .libyamlContext: return .libyamlContext("x0")
        case .secondDocument: return .secondDocument
        case .secondDocumentHelp: return .secondDocumentHelp
        case .unknownAlias: return .unknownAlias("x0")
        case .didYouMeanAlias: return .didYouMeanAlias("x0")
        case .aliasHelp: return .aliasHelp
        case .invalidUTF8Byte: return .invalidUTF8Byte("x0")
        case .invalidUTF8AtEnd: return .invalidUTF8AtEnd
        case .saveAsUTF8: return .saveAsUTF8
        case .removeCharacter: return .removeCharacter
        case .quoteValueWithColon: return .quoteValueWithColon
        case .quoteValueStart: return .quoteValueStart
        case .indentLikeKeys: return .indentLikeKeys
        case .indentWithSpaces: return .indentWithSpaces
        case .keyNeedsColon: return .keyNeedsColon
        case .duplicateKey: return .duplicateKey("x0")
        case .firstDefinedHere: return .firstDefinedHere
        case .removeOneKeepFirst: return .removeOneKeepFirst
        case .actorAndActors: return .actorAndActors(.subjectKey("k"))
        case .actorIsHere: return .actorIsHere
        case .keepOneActorKey: return .keepOneActorKey
        case .mergeKeyUnsupported: return .mergeKeyUnsupported
        case .writeMergeOut: return .writeMergeOut
        case .unknownKey: return .unknownKey("x0", in: .subjectKey("k"))
        case .allowedKeys: return .allowedKeys(["a", "b"])
        case .nextOnDecision: return .nextOnDecision
        case .writeYes: return .writeYes("x0")
        case .decisionGoesOn: return .decisionGoesOn
        case .onlyOnDecision: return .onlyOnDecision("x0")
        case .makeItADecision: return .makeItADecision
        case .noKey: return .noKey(.subjectKey("k"), key: "x1")
        case .noRoles: return .noRoles
        case .noSteps: return .noSteps
        case .listsNoActor: return .listsNoActor(.subjectKey("k"))
        case .sayWhoDoesIt: return .sayWhoDoesIt
        case .noNoBranch: return .noNoBranch(.subjectKey("k"))
        case .addNoBranch: return .addNoBranch
        case .mustBeMapping: return .mustBeMapping(.subjectKey("k"), found: .mapping)
        case .keyMustBePlain: return .keyMustBePlain(.subjectKey("k"), found: .mapping)
        case .mustBeText: return .mustBeText(.subjectKey("k"), found: .mapping)
        case .mustBeSequence: return .mustBeSequence(.subjectKey("k"), found: .mapping)
        case .writeAsList: return .writeAsList("x0")
        case .mustBeNumber: return .mustBeNumber(.subjectKey("k"), max: 3, found: "x2")
        case .unsupportedVersion: return .unsupportedVersion("x0")
        case .writeVersion1: return .writeVersion1
        case .mustBeIDMapping: return .mustBeIDMapping(.subjectKey("k"), found: .mapping)
        case .idMustBePlain: return .idMustBePlain(.subjectKey("k"), found: .mapping)
        case .stepsMustBeSequence: return .stepsMustBeSequence
        case .writeStepsAsList: return .writeStepsAsList
        case .actorIsOneRole: return .actorIsOneRole
        case .useActorsKey: return .useActorsKey
        case .explicitTag: return .explicitTag("x0")
        case .removeTag: return .removeTag
        case .emptyFile: return .emptyFile
        case .invalidID: return .invalidID(.subjectKey("k"), value: "x1")
        case .idPattern: return .idPattern
        case .writeIDAs: return .writeIDAs("x0")
        case .endReserved: return .endReserved
        case .nameStepAfterAction: return .nameStepAfterAction
        case .sopIDMismatch: return .sopIDMismatch("x0", fileStem: "x1")
        case .writeSOPOrRename: return .writeSOPOrRename(fileStem: "x0", id: "x1")
        case .renameFile: return .renameFile("x0")
        case .actorListedTwice: return .actorListedTwice("x0")
        case .firstListedHere: return .firstListedHere
        case .localArtefactClash: return .localArtefactClash("x0", equipment: true)
        case .projectItemDefinedHere: return .projectItemDefinedHere("x0")
        case .useProjectItem: return .useProjectItem("x0")
        case .sopIDTwice: return .sopIDTwice("x0")
        case .alsoUsedHere: return .alsoUsedHere
        case .sopIDsUnique: return .sopIDsUnique
        case .artefactAndEquipment: return .artefactAndEquipment("x0")
        case .artefactDefinedHere: return .artefactDefinedHere
        case .stepIDTwice: return .stepIDTwice("x0")
        case .firstUsedHere: return .firstUsedHere
        case .stepIDsUnique: return .stepIDsUnique
        case .fileTooLarge: return .fileTooLarge(bytes: 2, limit: 3)
        case .splitIntoCallingSOPs: return .splitIntoCallingSOPs
        case .splitIntoSubSOPs: return .splitIntoSubSOPs
        case .nestingTooDeep: return .nestingTooDeep(limit: 2)
        case .fewLevels: return .fewLevels
        case .aliasesExpandTooMuch: return .aliasesExpandTooMuch
        case .writeRepeatedParts: return .writeRepeatedParts
        case .missingProject: return .missingProject(file: "x0", folder: "x1")
        case .createProjectFile: return .createProjectFile("x0")
        case .notARole: return .notARole("x0")
        case .rolesDefinedIn: return .rolesDefinedIn("x0")
        case .roleName: return .roleName("x0", role: "x1")
        case .useRoleOrAdd: return .useRoleOrAdd(["a", "b"], file: "x1")
        case .noColumn: return .noColumn("x0", step: "x1")
        case .columnsListedHere: return .columnsListedHere
        case .addToActors: return .addToActors("x0")
        case .unusedColumn: return .unusedColumn("x0")
        case .removeColumnOrGiveStep: return .removeColumnOrGiveStep
        case .tooManyColumns: return .tooManyColumns(2, max: 3)
        case .tooManyRoles: return .tooManyRoles(2, max: 3)
        case .splitOrMergeRoles: return .splitOrMergeRoles
        case .equipmentNotFor: return .equipmentNotFor("x0", use: .make)
        case .notAnArtefact: return .notAnArtefact("x0", orEquipment: true)
        case .equipmentAtHand: return .equipmentAtHand
        case .artefactName: return .artefactName("x0", id: "x1", name: "x2")
        case .defineArtefact: return .defineArtefact(file: "x0")
        case .unusedLocal: return .unusedLocal("x0")
        case .removeOrNameIt: return .removeOrNameIt
        case .callNamesNoSOP: return .callNamesNoSOP("x0")
        case .relatedNamesNoSOP: return .relatedNamesNoSOP("x0")
        case .sopIDIsFileName: return .sopIDIsFileName
        case .onlyOtherSOP: return .onlyOtherSOP("x0")
        case .otherSOPs: return .otherSOPs(["a", "b"])
        case .namesNoStep: return .namesNoStep(key: "x0", target: "x1")
        case .nameAStep: return .nameAStep
        case .neverReached: return .neverReached(step: "x0")
        case .pointAtIt: return .pointAtIt
        case .firstStepNoPath: return .firstStepNoPath(step: "x0")
        case .noPathToEnd: return .noPathToEnd(step: "x0")
        case .loopsWithoutExit: return .loopsWithoutExit("x0")
        case .giveLoopExit: return .giveLoopExit
        case .bothBranchesSame: return .bothBranchesSame(step: "x0", target: "x1", yesIsFollowing: true)
        case .sendNoToCorrection: return .sendNoToCorrection
        case .callsItself: return .callsItself("x0")
        case .callCycle: return .callCycle(["a", "b"])
        case .callsHere: return .callsHere(caller: "x0", callee: "x1")
        case .removeSelfCall: return .removeSelfCall
        case .breakCycle: return .breakCycle
        case .needUnavailable: return .needUnavailable(step: "x0", id: "x1", name: "x2")
        case .missingOnPath: return .missingOnPath("x0")
        case .madeNotOnEveryPath: return .madeNotOnEveryPath(before: "x0")
        case .callGivesNotOnEveryPath: return .callGivesNotOnEveryPath(before: "x0")
        case .noStepMakes: return .noStepMakes
        case .makeEarlierOrInput: return .makeEarlierOrInput
        case .callInputUnavailable: return .callInputUnavailable(sop: "x0", id: "x1", name: "x2", step: "x3")
        case .inputOfHere: return .inputOfHere("x0", sop: "x1")
        case .makeEarlierOrThisInput: return .makeEarlierOrThisInput
        case .outputNotMade: return .outputNotMade("x0", name: "x1")
        case .makeOnEveryPathOrRemove: return .makeOnEveryPathOrRemove
        case .unusedArtefact: return .unusedArtefact("x0", name: "x1")
        case .outputOrAllow: return .outputOrAllow
        case .unusedInput: return .unusedInput("x0")
        case .needOrRemoveInput: return .needOrRemoveInput
        case .notADuration: return .notADuration("x0", reason: .rangeBackwards)
        case .notAUnit: return .notAUnit("x0")
        case .rangeBackwards: return .rangeBackwards
        case .durationForm: return .durationForm
        case .durationExamples: return .durationExamples
        case .noTime: return .noTime(step: "x0")
        case .addDuration: return .addDuration
        case .notARealDate: return .notARealDate(.subjectKey("k"), text: "x1", reason: .subjectKey("k"))
        case .noSuchMonth: return .noSuchMonth(2)
        case .noYearZero: return .noYearZero
        case .noDayZero: return .noDayZero
        case .monthHasDays: return .monthHasDays(month: 2, year: 3, days: 4)
        case .notYMD: return .notYMD(.subjectKey("k"), text: "x1")
        case .writeYearFirst: return .writeYearFirst("x0")
        case .writeYMD: return .writeYMD
        case .dateBefore: return .dateBefore(key: "x0", text: "x1", created: "x2")
        case .createdIsHere: return .createdIsHere
        case .errorNotSilenceable: return .errorNotSilenceable("x0")
        case .fixErrorInstead: return .fixErrorInstead(warnings: ["a", "b"])
        case .notACheckID: return .notACheckID("x0")
        case .allowTakes: return .allowTakes(warnings: ["a", "b"])
        case .outputMissing: return .outputMissing
        case .manifestDiffers: return .manifestDiffers
        case .outputDiffers: return .outputDiffers
        case .notWrittenBySopc: return .notWrittenBySopc(manifest: "x0")
        case .outputLeftOver: return .outputLeftOver
        case .cannotWriteOutput: return .cannotWriteOutput("x0")
        case .runBuildAndCommit: return .runBuildAndCommit
        case .moveAwayThenBuild: return .moveAwayThenBuild
        case .buildRemovesIt: return .buildRemovesIt
        case .removeWhatStandsThere: return .removeWhatStandsThere
        }
    }
}
