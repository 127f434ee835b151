import SOPSystem

// The keys of the catalogue, "<check id>.<entry>" (or "common.<entry>" for text several checks share), and one
// example of each entry. The catalogue test checks that every case of Message has its key and its example,
// and renders every example in every language.

extension Message {
    /// An entry of the catalogue without its arguments.
    public enum Key: String, Sendable, CaseIterable {
        case external = "common.external"
        case didYouMean = "common.did-you-mean"
        case alsoWrittenHere = "common.also-written-here"
        case alsoWrittenMore = "common.also-written-more"
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
        case valueStartsWith = "yaml-syntax.value-starts-with"
        case blockIndicatorWithText = "yaml-syntax.block-indicator-with-text"
        case textAfterQuote = "yaml-syntax.text-after-quote"
        case textAfterFlow = "yaml-syntax.text-after-flow"
        case unclosedQuote = "yaml-syntax.unclosed-quote"
        case closeQuote = "yaml-syntax.close-quote"
        case colonInPlainText = "yaml-syntax.colon-in-plain-text"
        case tabInIndentation = "yaml-syntax.tab-in-indentation"
        case anchorTakesText = "yaml-syntax.anchor-takes-text"
        case quoteWholeText = "yaml-syntax.quote-whole-text"
        case quoteOrBlockText = "yaml-syntax.quote-or-block-text"
        case removeTagOrQuote = "yaml-syntax.remove-tag-or-quote"
        case commentInText = "yaml-comment-in-text.comment-in-text"
        case quoteTextOrSpaceComment = "yaml-comment-in-text.quote-text-or-space-comment"
        case duplicateKey = "duplicate-key.duplicate-key"
        case firstDefinedHere = "duplicate-key.first-defined-here"
        case removeOneKeepFirst = "duplicate-key.remove-one-keep-first"
        case actorAndActors = "duplicate-key.actor-and-actors"
        case actorIsHere = "duplicate-key.actor-is-here"
        case keepOneActorKey = "duplicate-key.keep-one-actor-key"
        case branchWrittenTwice = "duplicate-key.branch-written-twice"
        case otherBranchKeyHere = "duplicate-key.other-branch-key-here"
        case keepOneBranchKey = "duplicate-key.keep-one-branch-key"
        case mergeKeyUnsupported = "unknown-key.merge-key-unsupported"
        case writeMergeOut = "unknown-key.write-merge-out"
        case unknownKey = "unknown-key.unknown-key"
        case allowedKeys = "unknown-key.allowed-keys"
        case nextOnDecision = "unknown-key.next-on-decision"
        case writeYes = "unknown-key.write-yes"
        case decisionGoesOn = "unknown-key.decision-goes-on"
        case onlyOnDecision = "unknown-key.only-on-decision"
        case makeItADecision = "unknown-key.make-it-a-decision"
        case writeKeyForTerm = "unknown-key.write-key-for-term"
        case termMeansGivenKey = "unknown-key.term-means-given-key"
        case givenKeyIsHere = "unknown-key.given-key-is-here"
        case writeUnderIdentity = "unknown-key.write-under-identity"
        case perhapsMissingKey = "unknown-key.perhaps-missing-key"
        case noKey = "missing-key.no-key"
        case noRoles = "missing-key.no-roles"
        case noSteps = "missing-key.no-steps"
        case listsNoActor = "missing-key.lists-no-actor"
        case sayWhoDoesIt = "missing-key.say-who-does-it"
        case noNoBranch = "missing-key.no-no-branch"
        case addNoBranch = "missing-key.add-no-branch"
        case todoActor = "import-todo.todo-actor"
        case todoBranch = "import-todo.todo-branch"
        case todoQuestion = "import-todo.todo-question"
        case todoValue = "import-todo.todo-value"
        case todoReplaceMarker = "import-todo.todo-replace-marker"
        case importFileTooLarge = "import-todo.import-file-too-large"
        case importTooManyRows = "import-todo.import-too-many-rows"
        case importSOPFileTooLarge = "import-todo.import-sop-file-too-large"
        case importCannotRead = "import-todo.import-cannot-read"
        case importNotUTF8 = "import-todo.import-not-u-t-f8"
        case importSaveAsUTF8 = "import-todo.import-save-as-u-t-f8"
        case importUnknownFormat = "import-todo.import-unknown-format"
        case importFormats = "import-todo.import-formats"
        case importOldWord = "import-todo.import-old-word"
        case importConvertDoc = "import-todo.import-convert-doc"
        case importNotAZip = "import-todo.import-not-a-zip"
        case importSaveAsDocx = "import-todo.import-save-as-docx"
        case importZipTooLarge = "import-todo.import-zip-too-large"
        case importNoDocumentPart = "import-todo.import-no-document-part"
        case importBadXML = "import-todo.import-bad-x-m-l"
        case importNoTable = "import-todo.import-no-table"
        case importNoKegiatan = "import-todo.import-no-kegiatan"
        case importNoRows = "import-todo.import-no-rows"
        case importActorsUnknown = "import-todo.import-actors-unknown"
        case importTimeKept = "import-todo.import-time-kept"
        case importFormula = "import-todo.import-formula"
        case importMarkup = "import-todo.import-markup"
        case importControlCharacters = "import-todo.import-control-characters"
        case importBidiControls = "import-todo.import-bidi-controls"
        case importHostileHelp = "import-todo.import-hostile-help"
        case importSOPNotFound = "import-todo.import-s-o-p-not-found"
        case importCallHelp = "import-todo.import-call-help"
        case importInputFromOutside = "import-todo.import-input-from-outside"
        case importDateKept = "import-todo.import-date-kept"
        case importFileExists = "import-todo.import-file-exists"
        case importUseForce = "import-todo.import-use-force"
        case importProjectHasErrors = "import-todo.import-project-has-errors"
        case importRunCheckFirst = "import-todo.import-run-check-first"
        case importCannotExtend = "import-todo.import-cannot-extend"
        case importAddByHand = "import-todo.import-add-by-hand"
        case holidayDateOrRange = "missing-key.holiday-date-or-range"
        case mustBeMapping = "wrong-type.must-be-mapping"
        case keyMustBePlain = "wrong-type.key-must-be-plain"
        case mustBeText = "wrong-type.must-be-text"
        case mustBeSequence = "wrong-type.must-be-sequence"
        case writeAsList = "wrong-type.write-as-list"
        case mustBeNumber = "wrong-type.must-be-number"
        case mustBeClockTime = "wrong-type.must-be-clock-time"
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
        case tooManyNodes = "too-large.too-many-nodes"
        case tooManySteps = "too-large.too-many-steps"
        case problemsNotShown = "too-large.problems-not-shown"
        case correctShownProblems = "too-large.correct-shown-problems"
        case missingProject = "missing-project.missing-project"
        case createProjectFile = "missing-project.create-project-file"
        case renameProjectFile = "missing-project.rename-project-file"
        case ignoredFile = "ignored-file.ignored-file"
        case ignoredProjectFile = "ignored-file.ignored-project-file"
        case renameIgnoredFile = "ignored-file.rename-ignored-file"
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
        case rowTooTall = "form-overflow.row-too-tall"
        case shortenOrSplitStep = "form-overflow.shorten-or-split-step"
        case headerTooLong = "form-overflow.header-too-long"
        case shortenRoleName = "form-overflow.shorten-role-name"
        case identityTooLong = "form-overflow.identity-too-long"
        case shortenIdentityText = "form-overflow.shorten-identity-text"
        case questionTooLong = "form-overflow.question-too-long"
        case shortenQuestion = "form-overflow.shorten-question"
        case unprintableCharacter = "unprintable-text.unprintable-character"
        case replaceUnprintable = "unprintable-text.replace-unprintable"
        case logoOutsideFolder = "invalid-logo.logo-outside-folder"
        case logoNotFound = "invalid-logo.logo-not-found"
        case logoUnreadable = "invalid-logo.logo-unreadable"
        case logoTooLarge = "invalid-logo.logo-too-large"
        case logoNotAnImage = "invalid-logo.logo-not-an-image"
        case logoBadSVG = "invalid-logo.logo-bad-svg"
        case giveLogoFile = "invalid-logo.give-logo-file"
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
        case alsoNotReached = "unreachable-step.also-not-reached"
        case sameTargetLeavesUnreached = "unreachable-step.same-target-leaves-unreached"
        case pointABranchAtIt = "unreachable-step.point-a-branch-at-it"
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
        case localCallInput = "call-input-unavailable.local-call-input"
        case crossAsProjectArtefact = "call-input-unavailable.cross-as-project-artefact"
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
        case ambiguousThousands = "invalid-time.ambiguous-thousands"
        case writeWholeOrDecimal = "invalid-time.write-whole-or-decimal"
        case numberInWords = "invalid-time.number-in-words"
        case noTime = "missing-time.no-time"
        case addDuration = "missing-time.add-duration"
        case callTimeDiffers = "call-time-mismatch.call-time-differs"
        case writeCalleeTotal = "call-time-mismatch.write-callee-total"
        case deadlineExceeded = "deadline-exceeded.deadline-exceeded"
        case mainPathIs = "deadline-exceeded.main-path-is"
        case shortenOrRaiseDeadline = "deadline-exceeded.shorten-or-raise-deadline"
        case deadlineAtRisk = "deadline-at-risk.deadline-at-risk"
        case loopAdds = "deadline-at-risk.loop-adds"
        case planForCorrections = "deadline-at-risk.plan-for-corrections"
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
        case holidayEndsBeforeStart = "date-order.holiday-ends-before-start"
        case holidayStartsHere = "date-order.holiday-starts-here"
        case errorNotSilenceable = "invalid-allow.error-not-silenceable"
        case fixErrorInstead = "invalid-allow.fix-error-instead"
        case notACheckID = "invalid-allow.not-a-check-id"
        case allowTakes = "invalid-allow.allow-takes"
        case outputMissing = "stale-output.output-missing"
        case manifestDiffers = "stale-output.manifest-differs"
        case outputDiffers = "stale-output.output-differs"
        case notWrittenBySopc = "stale-output.not-written-by-sopc"
        case outputLeftOver = "stale-output.output-left-over"
        case temporaryLeft = "stale-output.temporary-left"
        case cannotWriteOutput = "stale-output.cannot-write-output"
        case runBuildAndCommit = "stale-output.run-build-and-commit"
        case moveAwayThenBuild = "stale-output.move-away-then-build"
        case buildRemovesIt = "stale-output.build-removes-it"
        case removeWhatStandsThere = "stale-output.remove-what-stands-there"

        /// The check this entry belongs to; nil for text several checks share.
        public var checkID: CheckID? { CheckID(rawValue: String(rawValue.prefix { $0 != "." })) }

        static let byCaseName = Dictionary(uniqueKeysWithValues: allCases.map { (String(describing: $0), $0) })
    }

    /// This entry's key: the key named like the case.
    public var key: Key {
        let name = Mirror(reflecting: self).children.first?.label ?? String(describing: self)
        return Key.byCaseName[name]!
    }

    /// One example of every entry, with placeholder arguments, for tests of the catalogue.
    public static let examples: [Message] = [
        .external("x0"),
        .didYouMean("x0"),
        .alsoWrittenHere("x0"),
        .alsoWrittenMore(2),
        .subjectKey("x0"),
        .subjectProjectFile,
        .subjectSOPFile,
        .subjectRole,
        .subjectRoleNamed("x0"),
        .subjectNameOfRole("x0"),
        .subjectTitleOfRole("x0"),
        .subjectArtefact,
        .subjectNameOfArtefact("x0"),
        .subjectEquipment,
        .subjectNameOfEquipment("x0"),
        .subjectSOPID,
        .subjectStepID,
        .subjectAStep,
        .subjectTheStep,
        .subjectStepNamed("x0"),
        .subjectEntry(of: .subjectKey("k")),
        .subjectStepPart(.activity, of: .subjectKey("k")),
        .libyamlCannotStart,
        .libyamlOutOfMemory,
        .libyamlProblem("x0", character: 3),
        .libyamlContext("x0"),
        .secondDocument,
        .secondDocumentHelp,
        .unknownAlias("x0"),
        .didYouMeanAlias("x0"),
        .aliasHelp,
        .invalidUTF8Byte("x0"),
        .invalidUTF8AtEnd,
        .saveAsUTF8,
        .removeCharacter,
        .quoteValueWithColon,
        .quoteValueStart,
        .indentLikeKeys,
        .indentWithSpaces,
        .keyNeedsColon,
        .valueStartsWith("*"),
        .blockIndicatorWithText("|"),
        .textAfterQuote("\""),
        .textAfterFlow(open: "["),
        .unclosedQuote("\""),
        .closeQuote("\""),
        .colonInPlainText,
        .tabInIndentation,
        .anchorTakesText("x0", value: "x1"),
        .quoteWholeText("x0"),
        .quoteOrBlockText("x0", indicator: "|"),
        .removeTagOrQuote("x0"),
        .commentInText(.subjectKey("k"), comment: "x1"),
        .quoteTextOrSpaceComment("x0"),
        .duplicateKey("x0"),
        .firstDefinedHere,
        .removeOneKeepFirst,
        .actorAndActors(.subjectKey("k")),
        .actorIsHere,
        .keepOneActorKey,
        .branchWrittenTwice("x0", other: "x1", branch: "x2"),
        .otherBranchKeyHere("x0"),
        .keepOneBranchKey,
        .mergeKeyUnsupported,
        .writeMergeOut,
        .unknownKey("x0", in: .subjectKey("k")),
        .allowedKeys(["a", "b"]),
        .nextOnDecision,
        .writeYes("x0"),
        .decisionGoesOn,
        .onlyOnDecision("x0"),
        .makeItADecision,
        .writeKeyForTerm("x0", key: "x1"),
        .termMeansGivenKey("x0", key: "x1"),
        .givenKeyIsHere("x0"),
        .writeUnderIdentity("x0"),
        .perhapsMissingKey("x0"),
        .noKey(.subjectKey("k"), key: "x1"),
        .noRoles,
        .noSteps,
        .listsNoActor(.subjectKey("k")),
        .sayWhoDoesIt,
        .noNoBranch(.subjectKey("k")),
        .addNoBranch,
        .todoActor(step: "x0"),
        .todoBranch(step: "x0", branch: "no"),
        .todoQuestion(step: "x0"),
        .todoValue(key: "name"),
        .todoReplaceMarker,
        .importFileTooLarge(bytes: 50_000_000, limit: 16_777_216),
        .importTooManyRows(rows: 300_000, limit: 250_000),
        .importSOPFileTooLarge(bytes: 40_000_000, limit: 33_554_432),
        .importCannotRead("x0"),
        .importNotUTF8,
        .importSaveAsUTF8,
        .importUnknownFormat("pdf"),
        .importFormats,
        .importOldWord,
        .importConvertDoc,
        .importNotAZip,
        .importSaveAsDocx,
        .importZipTooLarge(parts: 10_000, megabytes: 64),
        .importNoDocumentPart,
        .importBadXML(line: 2),
        .importNoTable,
        .importNoKegiatan,
        .importNoRows,
        .importActorsUnknown(count: 2, steps: 3),
        .importTimeKept(row: 2, text: "x1"),
        .importFormula(row: 2, column: "x0"),
        .importMarkup(row: 0, column: "x0"),
        .importControlCharacters(row: 2, column: "x0"),
        .importBidiControls(row: nil, column: "x0"),
        .importHostileHelp,
        .importSOPNotFound(row: 2, name: "x1"),
        .importCallHelp(id: "x0", name: "x1"),
        .importInputFromOutside(row: 2, name: "x1"),
        .importDateKept(key: "created", text: "x1"),
        .importFileExists("x0"),
        .importUseForce,
        .importProjectHasErrors,
        .importRunCheckFirst,
        .importCannotExtend(key: "roles"),
        .importAddByHand,
        .holidayDateOrRange,
        .mustBeMapping(.subjectKey("k"), found: .mapping),
        .keyMustBePlain(.subjectKey("k"), found: .mapping),
        .mustBeText(.subjectKey("k"), found: .mapping),
        .mustBeSequence(.subjectKey("k"), found: .mapping),
        .writeAsList("x0"),
        .mustBeNumber(.subjectKey("k"), max: 3, found: "x2"),
        .mustBeClockTime(.subjectKey("k"), found: "x1"),
        .unsupportedVersion("x0"),
        .writeVersion1,
        .mustBeIDMapping(.subjectKey("k"), found: .mapping),
        .idMustBePlain(.subjectKey("k"), found: .mapping),
        .stepsMustBeSequence,
        .writeStepsAsList,
        .actorIsOneRole,
        .useActorsKey,
        .explicitTag("x0"),
        .removeTag,
        .emptyFile,
        .invalidID(.subjectKey("k"), value: "x1"),
        .idPattern,
        .writeIDAs("x0"),
        .endReserved,
        .nameStepAfterAction,
        .sopIDMismatch("x0", fileStem: "x1"),
        .writeSOPOrRename(fileStem: "x0", id: "x1"),
        .renameFile("x0"),
        .actorListedTwice("x0"),
        .firstListedHere,
        .localArtefactClash("x0", equipment: true),
        .projectItemDefinedHere("x0"),
        .useProjectItem("x0"),
        .sopIDTwice("x0"),
        .alsoUsedHere,
        .sopIDsUnique,
        .artefactAndEquipment("x0"),
        .artefactDefinedHere,
        .stepIDTwice("x0"),
        .firstUsedHere,
        .stepIDsUnique,
        .fileTooLarge(bytes: 2, limit: 3),
        .splitIntoCallingSOPs,
        .splitIntoSubSOPs,
        .nestingTooDeep(limit: 2),
        .fewLevels,
        .aliasesExpandTooMuch,
        .writeRepeatedParts,
        .tooManyNodes(limit: 2),
        .tooManySteps(count: 3, limit: 2),
        .problemsNotShown(shown: 2, more: 3),
        .correctShownProblems,
        .missingProject(file: "x0", folder: "x1"),
        .createProjectFile("x0"),
        .renameProjectFile("x0"),
        .ignoredFile("x0"),
        .ignoredProjectFile("x0"),
        .renameIgnoredFile("x0"),
        .notARole("x0"),
        .rolesDefinedIn("x0"),
        .roleName("x0", role: "x1"),
        .useRoleOrAdd(["a", "b"], file: "x1"),
        .noColumn("x0", step: "x1"),
        .columnsListedHere,
        .addToActors("x0"),
        .unusedColumn("x0"),
        .removeColumnOrGiveStep,
        .tooManyColumns(2, max: 3),
        .tooManyRoles(2, max: 3),
        .splitOrMergeRoles,
        .rowTooTall(step: "x0", column: "Kegiatan"),
        .shortenOrSplitStep,
        .headerTooLong(role: "x0", sop: "x1"),
        .shortenRoleName,
        .identityTooLong(.subjectKey("name"), sop: "x0"),
        .shortenIdentityText,
        .questionTooLong(step: "x0"),
        .shortenQuestion,
        .unprintableCharacter(.subjectKey("name"), character: "\u{1F600}", code: "U+1F600"),
        .replaceUnprintable,
        .logoOutsideFolder("../logo.png"),
        .logoNotFound("logo.png"),
        .logoUnreadable("logo.png", reason: "permission denied"),
        .logoTooLarge("logo.png", bytes: 2_097_152),
        .logoNotAnImage("logo.png"),
        .logoBadSVG("logo.svg"),
        .giveLogoFile,
        .equipmentNotFor("x0", use: .make),
        .notAnArtefact("x0", orEquipment: true),
        .equipmentAtHand,
        .artefactName("x0", id: "x1", name: "x2"),
        .defineArtefact(file: "x0"),
        .unusedLocal("x0"),
        .removeOrNameIt,
        .callNamesNoSOP("x0"),
        .relatedNamesNoSOP("x0"),
        .sopIDIsFileName,
        .onlyOtherSOP("x0"),
        .otherSOPs(["a", "b"]),
        .namesNoStep(key: "x0", target: "x1"),
        .nameAStep,
        .neverReached(step: "x0"),
        .pointAtIt,
        .alsoNotReached(["a", "b"], more: 2),
        .sameTargetLeavesUnreached(step: "x0", target: "x1"),
        .pointABranchAtIt,
        .firstStepNoPath(step: "x0"),
        .noPathToEnd(step: "x0"),
        .loopsWithoutExit("x0"),
        .giveLoopExit,
        .bothBranchesSame(step: "x0", target: "x1", yesIsFollowing: true),
        .sendNoToCorrection,
        .callsItself("x0"),
        .callCycle(["a", "b"]),
        .callsHere(caller: "x0", callee: "x1"),
        .removeSelfCall,
        .breakCycle,
        .needUnavailable(step: "x0", id: "x1", name: "x2"),
        .missingOnPath("x0"),
        .madeNotOnEveryPath(beforeEnd: false),
        .callGivesNotOnEveryPath(beforeEnd: true),
        .noStepMakes,
        .makeEarlierOrInput,
        .callInputUnavailable(sop: "x0", id: "x1", name: "x2", step: "x3"),
        .inputOfHere("x0", sop: "x1"),
        .makeEarlierOrThisInput,
        .localCallInput(sop: "x0", id: "x1"),
        .crossAsProjectArtefact,
        .outputNotMade("x0", name: "x1"),
        .makeOnEveryPathOrRemove,
        .unusedArtefact("x0", name: "x1"),
        .outputOrAllow,
        .unusedInput("x0"),
        .needOrRemoveInput,
        .notADuration("x0", reason: .rangeBackwards),
        .notAUnit("x0"),
        .rangeBackwards,
        .durationForm,
        .durationExamples,
        .ambiguousThousands("x0"),
        .writeWholeOrDecimal(whole: "x0", decimal: "x1"),
        .numberInWords("x0"),
        .noTime(step: "x0"),
        .addDuration,
        .callTimeDiffers(step: "x0", written: "x1", sop: "x2", total: "x3"),
        .writeCalleeTotal("x0"),
        .deadlineExceeded(total: "x0", deadline: "x1"),
        .mainPathIs(total: "x0", path: ["a", "b"]),
        .shortenOrRaiseDeadline,
        .deadlineAtRisk(total: "x0", deadline: "x1"),
        .loopAdds(decision: "x0", target: "x1", extra: "x2"),
        .planForCorrections,
        .notARealDate(.subjectKey("k"), text: "x1", reason: .subjectKey("k")),
        .noSuchMonth(2),
        .noYearZero,
        .noDayZero,
        .monthHasDays(month: 2, year: 3, days: 4),
        .notYMD(.subjectKey("k"), text: "x1"),
        .writeYearFirst("x0"),
        .writeYMD,
        .dateBefore(key: "x0", text: "x1", created: "x2"),
        .createdIsHere,
        .holidayEndsBeforeStart(to: "x0", from: "x1"),
        .holidayStartsHere,
        .errorNotSilenceable("x0"),
        .fixErrorInstead(warnings: ["a", "b"]),
        .notACheckID("x0"),
        .allowTakes(warnings: ["a", "b"]),
        .outputMissing,
        .manifestDiffers,
        .outputDiffers,
        .notWrittenBySopc(manifest: "x0"),
        .outputLeftOver,
        .temporaryLeft,
        .cannotWriteOutput("x0", blockedBy: "x1"),
        .runBuildAndCommit,
        .moveAwayThenBuild,
        .buildRemovesIt,
        .removeWhatStandsThere,
    ]
}
