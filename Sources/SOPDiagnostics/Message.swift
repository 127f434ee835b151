import SOPSystem

/// A language diagnostics can be written in. Each language is one rendering function over ``Message``
/// (English: `Message+English.swift`); adding one touches no check.
public enum Language: String, Sendable, CaseIterable {
    case english = "en"
    case indonesian = "id"

    /// The language `message`, `help` and notes' `message` are rendered in.
    public static let standard: Language = .english
}

/// The catalogue of diagnostic text: every message, note and help of every check (docs/CHECKS.md), as a
/// case carrying its arguments (ids, names, counts, paths). Checks build these; only the catalogue's
/// rendering functions hold words. Subjects ("the actor of step 'x'") and reasons are entries too, so a
/// message can carry another entry as an argument.
public indirect enum Message: Sendable, Hashable {
    // MARK: common: shared by several checks
    /// Text that comes from outside sopc (libyaml, the operating system), shown as it is: the only entry
    /// without its own words, and only for such text; everything sopc says has its entry.
    case external(String)
    case didYouMean(String)
    /// A name that names nothing, written again elsewhere: reported once, at its first use, with the others
    /// as notes (the first `alsoWrittenHere`, then how many more).
    case alsoWrittenHere(String)
    case alsoWrittenMore(Int)

    // MARK: common: subjects, the part of the file a message is about
    case subjectKey(String)
    case subjectProjectFile
    case subjectSOPFile
    case subjectRole
    case subjectRoleNamed(String)
    case subjectNameOfRole(String)
    case subjectTitleOfRole(String)
    case subjectArtefact
    case subjectNameOfArtefact(String)
    case subjectEquipment
    case subjectNameOfEquipment(String)
    case subjectSOPID
    case subjectStepID
    case subjectAStep
    case subjectTheStep
    case subjectStepNamed(String)
    case subjectEntry(of: Message)
    case subjectStepPart(StepPart, of: Message)

    // MARK: yaml-syntax
    case libyamlCannotStart
    case libyamlOutOfMemory
    /// libyaml's own words for a syntax error (first letter lowered), with the offending character's code.
    case libyamlProblem(String?, character: Int?)
    case libyamlContext(String)
    case secondDocument
    case secondDocumentHelp
    case unknownAlias(String)
    case didYouMeanAlias(String)
    case aliasHelp
    case invalidUTF8Byte(String)
    case invalidUTF8AtEnd
    case saveAsUTF8
    case removeCharacter
    case quoteValueWithColon
    case quoteValueStart
    case indentLikeKeys
    case indentWithSpaces
    case keyNeedsColon
    /// A plain value starts with a YAML indicator (`*`, `&`, `@`, `` ` ``, `%`, `-`, `?`, …).
    case valueStartsWith(String)
    /// `|` or `>` followed by text on its own line.
    case blockIndicatorWithText(String)
    /// Text after the closing quote of a quoted value.
    case textAfterQuote(String)
    /// Text after the closing `]` or `}` of a value that starts with `[` or `{`.
    case textAfterFlow(open: String)
    case unclosedQuote(String)
    case closeQuote(String)
    case colonInPlainText
    case tabInIndentation
    /// `&name rest`: libyaml took `&name` for an anchor, and the value is only `rest`.
    case anchorTakesText(String, value: String)
    /// "put the whole text in quotes: <the line as it should be>".
    case quoteWholeText(String)
    case quoteOrBlockText(String, indicator: String)
    case removeTagOrQuote(String)

    // MARK: yaml-comment-in-text
    case commentInText(Message, comment: String)
    case quoteTextOrSpaceComment(String)

    // MARK: duplicate-key
    case duplicateKey(String)
    case firstDefinedHere
    case removeOneKeepFirst
    case actorAndActors(Message)
    case actorIsHere
    case keepOneActorKey
    /// `ya:` beside `yes:` (or `tidak:` beside `no:`): `branch` is the branch both give.
    case branchWrittenTwice(String, other: String, branch: String)
    case otherBranchKeyHere(String)
    case keepOneBranchKey

    // MARK: unknown-key
    case mergeKeyUnsupported
    case writeMergeOut
    case unknownKey(String, in: Message)
    case allowedKeys([String])
    case nextOnDecision
    case writeYes(String)
    case decisionGoesOn
    case onlyOnDecision(String)
    case makeItADecision
    /// A form term written as a key (`kegiatan`), and the key it means (`activity`).
    case writeKeyForTerm(String, key: String)
    case termMeansGivenKey(String, key: String)
    case givenKeyIsHere(String)
    case writeUnderIdentity(String)
    /// An unknown key that means nothing known, where a required key is missing.
    case perhapsMissingKey(String)

    // MARK: missing-key
    case noKey(Message, key: String)
    case noRoles
    case noSteps
    case listsNoActor(Message)
    case sayWhoDoesIt
    case noNoBranch(Message)
    case addNoBranch
    case holidayDateOrRange

    // MARK: import-todo
    // The markers '?' that `sopc import` writes where a table does not say something (docs/IMPORT.md), and
    // the report of `sopc import` itself (Message+Import.swift).
    case todoActor(step: String)
    case todoBranch(step: String, branch: String)
    case todoQuestion(step: String)
    case todoValue(key: String)
    case todoReplaceMarker
    case importFileTooLarge(bytes: Int, limit: Int)
    case importTooManyRows(rows: Int, limit: Int)
    case importSOPFileTooLarge(bytes: Int, limit: Int)
    case importCannotRead(String)
    case importNotUTF8
    case importSaveAsUTF8
    case importUnknownFormat(String)
    case importFormats
    case importOldWord
    case importConvertDoc
    case importNotAZip
    case importSaveAsDocx
    case importZipTooLarge(parts: Int, megabytes: Int)
    case importNoDocumentPart
    case importBadXML(line: Int)
    case importNoTable
    case importNoKegiatan
    case importNoRows
    case importActorsUnknown(count: Int, steps: Int)
    case importTimeKept(row: Int, text: String)
    case importFormula(row: Int?, column: String)
    case importMarkup(row: Int?, column: String)
    case importControlCharacters(row: Int?, column: String)
    case importBidiControls(row: Int?, column: String)
    case importHostileHelp
    case importSOPNotFound(row: Int, name: String)
    case importCallHelp(id: String, name: String)
    case importInputFromOutside(row: Int, name: String)
    case importDateKept(key: String, text: String)
    case importFileExists(String)
    case importUseForce
    case importProjectHasErrors
    case importRunCheckFirst
    case importCannotExtend(key: String)
    case importAddByHand

    // MARK: wrong-type
    case mustBeMapping(Message, found: Shape)
    case keyMustBePlain(Message, found: Shape)
    case mustBeText(Message, found: Shape)
    case mustBeSequence(Message, found: Shape)
    case writeAsList(String)
    case mustBeNumber(Message, max: Int, found: String)
    case mustBeClockTime(Message, found: String)
    case unsupportedVersion(String)
    case writeVersion1
    case mustBeIDMapping(Message, found: Shape)
    case idMustBePlain(Message, found: Shape)
    case stepsMustBeSequence
    case writeStepsAsList
    case actorIsOneRole
    case useActorsKey
    case explicitTag(String)
    case removeTag
    case emptyFile

    // MARK: invalid-id
    case invalidID(Message, value: String)
    case idPattern
    case writeIDAs(String)
    case endReserved
    case nameStepAfterAction

    // MARK: sop-id-mismatch
    case sopIDMismatch(String, fileStem: String)
    case writeSOPOrRename(fileStem: String, id: String)
    case renameFile(String)

    // MARK: duplicate-id
    case actorListedTwice(String)
    case firstListedHere
    case localArtefactClash(String, equipment: Bool)
    case projectItemDefinedHere(String)
    case useProjectItem(String)
    case sopIDTwice(String)
    case alsoUsedHere
    case sopIDsUnique
    case artefactAndEquipment(String)
    case artefactDefinedHere
    case stepIDTwice(String)
    case firstUsedHere
    case stepIDsUnique

    // MARK: too-large
    case fileTooLarge(bytes: Int, limit: Int)
    case splitIntoCallingSOPs
    case splitIntoSubSOPs
    case nestingTooDeep(limit: Int)
    case fewLevels
    case aliasesExpandTooMuch
    case writeRepeatedParts
    case tooManyNodes(limit: Int)
    case tooManySteps(count: Int, limit: Int)
    case problemsNotShown(shown: Int, more: Int)
    case correctShownProblems

    // MARK: missing-project
    case missingProject(file: String, folder: String)
    case createProjectFile(String)
    case renameProjectFile(String)

    // MARK: ignored-file
    case ignoredFile(String)
    case ignoredProjectFile(String)
    case renameIgnoredFile(String)

    // MARK: unknown-actor
    case notARole(String)
    case rolesDefinedIn(String)
    case roleName(String, role: String)
    case useRoleOrAdd([String], file: String)

    // MARK: actor-not-in-columns
    case noColumn(String, step: String)
    case columnsListedHere
    case addToActors(String)

    // MARK: unused-actor
    case unusedColumn(String)
    case removeColumnOrGiveStep

    // MARK: too-many-actors
    case tooManyColumns(Int, max: Int)
    case tooManyRoles(Int, max: Int)
    case splitOrMergeRoles

    // MARK: form-overflow
    case rowTooTall(step: String, column: String)
    case shortenOrSplitStep
    case headerTooLong(role: String, sop: String)
    case shortenRoleName
    case identityTooLong(Message, sop: String)
    case shortenIdentityText
    case questionTooLong(step: String)
    case shortenQuestion

    // MARK: unprintable-text
    case unprintableCharacter(Message, character: String, code: String)
    case replaceUnprintable

    // MARK: invalid-logo
    case logoOutsideFolder(String)
    case logoNotFound(String)
    case logoUnreadable(String, reason: String)
    case logoTooLarge(String, bytes: Int)
    case logoNotAnImage(String)
    case logoBadSVG(String)
    case giveLogoFile

    // MARK: unknown-artefact
    case equipmentNotFor(String, use: ArtefactUse)
    case notAnArtefact(String, orEquipment: Bool)
    case equipmentAtHand
    case artefactName(String, id: String, name: String)
    case defineArtefact(file: String)

    // MARK: unused-definition
    case unusedLocal(String)
    case removeOrNameIt

    // MARK: unknown-sop
    case callNamesNoSOP(String)
    case relatedNamesNoSOP(String)
    case sopIDIsFileName
    case onlyOtherSOP(String)
    case otherSOPs([String])

    // MARK: unknown-step
    case namesNoStep(key: String, target: String)
    case nameAStep

    // MARK: unreachable-step
    case neverReached(step: String)
    case pointAtIt
    /// The unreachable steps after the reported one (reported with it, not each on its own); `more` left out.
    case alsoNotReached([String], more: Int)
    /// A decision whose `yes` and `no` meet, the likely reason a step is not reached (folded into its report).
    case sameTargetLeavesUnreached(step: String, target: String)
    case pointABranchAtIt

    // MARK: no-path-to-end
    case firstStepNoPath(step: String)
    case noPathToEnd(step: String)
    case loopsWithoutExit(String)
    case giveLoopExit

    // MARK: decision-same-target
    case bothBranchesSame(step: String, target: String, yesIsFollowing: Bool)
    case sendNoToCorrection

    // MARK: call-cycle
    case callsItself(String)
    case callCycle([String])
    case callsHere(caller: String, callee: String)
    case removeSelfCall
    case breakCycle

    // MARK: artefact-unavailable
    case needUnavailable(step: String, id: String, name: String)
    case missingOnPath(String)
    /// `beforeEnd`: the artefact is an output, missing before 'end' rather than before a step.
    case madeNotOnEveryPath(beforeEnd: Bool)
    case callGivesNotOnEveryPath(beforeEnd: Bool)
    case noStepMakes
    case makeEarlierOrInput

    // MARK: call-input-unavailable
    case callInputUnavailable(sop: String, id: String, name: String, step: String)
    case inputOfHere(String, sop: String)
    case makeEarlierOrThisInput
    case localCallInput(sop: String, id: String)
    case crossAsProjectArtefact

    // MARK: output-not-made
    case outputNotMade(String, name: String)
    case makeOnEveryPathOrRemove

    // MARK: unused-artefact
    case unusedArtefact(String, name: String)
    case outputOrAllow

    // MARK: unused-input
    case unusedInput(String)
    case needOrRemoveInput

    // MARK: invalid-time
    case notADuration(String, reason: Message?)
    case notAUnit(String)
    case rangeBackwards
    case durationForm
    case durationExamples
    /// `1.000`: a thousand in Indonesian writing, one in English.
    case ambiguousThousands(String)
    case writeWholeOrDecimal(whole: String, decimal: String)
    case numberInWords(String)

    // MARK: missing-time
    case noTime(step: String)
    case addDuration

    // MARK: call-time-mismatch
    case callTimeDiffers(step: String, written: String, sop: String, total: String)
    case writeCalleeTotal(String)

    // MARK: deadline-exceeded
    case deadlineExceeded(total: String, deadline: String)
    case mainPathIs(total: String, path: [String])
    case shortenOrRaiseDeadline

    // MARK: deadline-at-risk
    case deadlineAtRisk(total: String, deadline: String)
    case loopAdds(decision: String, target: String, extra: String)
    case planForCorrections

    // MARK: invalid-date
    case notARealDate(Message, text: String, reason: Message)
    case noSuchMonth(Int)
    case noYearZero
    case noDayZero
    case monthHasDays(month: Int, year: Int, days: Int)
    case notYMD(Message, text: String)
    case writeYearFirst(String)
    case writeYMD

    // MARK: date-order
    case dateBefore(key: String, text: String, created: String)
    case createdIsHere
    case holidayEndsBeforeStart(to: String, from: String)
    case holidayStartsHere

    // MARK: invalid-allow
    case errorNotSilenceable(String)
    case fixErrorInstead(warnings: [String])
    case notACheckID(String)
    case allowTakes(warnings: [String])

    // MARK: stale-output
    case outputMissing
    case manifestDiffers
    case outputDiffers
    case notWrittenBySopc(manifest: String)
    case outputLeftOver
    /// `.<name>.sopc-<pid>.tmp`, left by a build that no longer runs.
    case temporaryLeft
    /// `what` stands where the file goes ("a folder", as `AtomicDirectory.describe` says), or stands at
    /// `blockedBy`, a folder on its way.
    case cannotWriteOutput(String, blockedBy: String?)
    case runBuildAndCommit
    case moveAwayThenBuild
    case buildRemovesIt
    case removeWhatStandsThere

    /// The shape of a YAML node, as messages name it.
    public enum Shape: Sendable, Hashable, CaseIterable {
        case mapping, sequence, scalar, null
    }

    /// A part of a step that a message is about.
    public enum StepPart: Sendable, Hashable {
        case activity, actor, actors, needs, makes, time, notes, call, allowList, question, nextStep
        case branch(String)
    }

    /// How an SOP or a step uses an artefact.
    public enum ArtefactUse: Sendable, Hashable, CaseIterable {
        case input, output, need, make
    }

    /// The entry in `language`.
    public func text(in language: Language = .standard) -> String {
        switch language {
        case .english: return english
        case .indonesian: return indonesian
        }
    }

    /// `n` with its digits in groups of three: `separator` is "," in English, "." in Indonesian.
    static func grouped(_ n: Int, _ separator: String) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { out += separator }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }
}
