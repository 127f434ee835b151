import SOPSystem

/// The English catalogue: the text of every ``Message``.
extension Message {
    var english: String {
        if let text = englishCommon ?? englishYAML ?? englishShapes ?? englishChecks ?? englishImport ?? englishFrontEnd
            ?? englishCascade ?? englishFont ?? englishLogo
            ?? englishRuntime
        {
            return text
        }
        return englishFlow
    }

    /// `'a', 'b' and 'c'`
    static func englishList(_ items: [String]) -> String {
        let q = items.map { "'\($0)'" }
        switch q.count {
        case 0: return ""
        case 1: return q[0]
        default: return q.dropLast().joined(separator: ", ") + " and " + q.last!
        }
    }

    private var englishCommon: String? {
        switch self {
        case .external(let s): return s
        case .didYouMean(let s): return "did you mean '\(s)'?"
        case .subjectKey(let k): return "'\(k)'"
        case .subjectProjectFile: return "the project file"
        case .subjectSOPFile: return "an SOP file"
        case .subjectRole: return "role"
        case .subjectRoleNamed(let id): return "role '\(id)'"
        case .subjectNameOfRole(let id): return "the name of role '\(id)'"
        case .subjectTitleOfRole(let id): return "the title of role '\(id)'"
        case .subjectArtefact: return "artefact"
        case .subjectNameOfArtefact(let id): return "the name of artefact '\(id)'"
        case .subjectEquipment: return "equipment"
        case .subjectNameOfEquipment(let id): return "the name of equipment '\(id)'"
        case .subjectSOPID: return "SOP id"
        case .subjectStepID: return "step id"
        case .subjectAStep: return "a step"
        case .subjectTheStep: return "the step"
        case .subjectStepNamed(let id): return "step '\(id)'"
        case .subjectEntry(let of): return "an entry of \(of.english)"
        case .subjectStepPart(let part, let of): return "\(part.english) of \(of.english)"
        default: return nil
        }
    }

    private var englishYAML: String? {
        switch self {
        case .libyamlCannotStart: return "libyaml could not start (out of memory)"
        case .libyamlOutOfMemory: return "libyaml ran out of memory"
        case .libyamlProblem(let problem, let character):
            let text = problem ?? "libyaml could not read the file"
            return character.map { text + " (#x\(String($0, radix: 16, uppercase: true)))" } ?? text
        case .libyamlContext(let s): return s
        case .secondDocument: return "a second YAML document starts here; a file holds exactly one"
        case .secondDocumentHelp: return "put each SOP in its own file"
        case .unknownAlias(let n): return "unknown alias '*\(n)': no anchor '&\(n)' comes before it"
        case .didYouMeanAlias(let n): return "did you mean '*\(n)'?"
        case .aliasHelp: return "an alias '*name' repeats a value marked '&name' earlier in the file"
        case .invalidUTF8Byte(let b): return "the file is not valid UTF-8: byte 0x\(b) here does not start a valid character"
        case .invalidUTF8AtEnd: return "the file is not valid UTF-8: it ends inside a character"
        case .saveAsUTF8: return "save the file as UTF-8 text (this looks like another encoding, such as Windows-1252)"
        case .removeCharacter: return "remove the character; a YAML file holds printable text only"
        case .quoteValueWithColon: return "a plain value cannot contain ': '; put the whole value in quotes"
        case .quoteValueStart: return "a value cannot start with this character unquoted; put the whole value in quotes"
        case .indentLikeKeys: return "this line is not indented like the keys above it"
        case .indentWithSpaces: return "indent with spaces; YAML does not allow tabs there"
        case .keyNeedsColon: return "a key must be followed by ': ' (or the value put in quotes)"
        case .duplicateKey(let k): return "duplicate key '\(k)'"
        case .firstDefinedHere: return "first defined here"
        case .removeOneKeepFirst: return "remove one of the two; sopc keeps the first"
        case .actorAndActors(let what): return "\(what.english) has both 'actor' and 'actors'"
        case .actorIsHere: return "'actor' is here"
        case .keepOneActorKey: return "keep one: 'actor: x' for one actor, 'actors: [x, y]' for several"
        case .mergeKeyUnsupported: return "merge keys ('<<') are not supported"
        case .writeMergeOut: return "write the keys out, or use an alias for a whole value"
        case .unknownKey(let k, let what): return "unknown key '\(k)' in \(what.english)"
        case .allowedKeys(let keys): return "allowed here: \(Message.englishList(keys))"
        case .nextOnDecision: return "'next' is not allowed on a decision"
        case .writeYes(let t): return "write 'yes: \(t)': a decision goes on with 'yes:' and 'no:'"
        case .decisionGoesOn: return "a decision goes on with 'yes:' (default: the following step) and 'no:'"
        case .onlyOnDecision(let k): return "'\(k)' is only allowed on a decision"
        case .makeItADecision: return "add 'decision: <question>?' to make the step a decision, or use 'next:'"
        case .noKey(let what, let key): return "\(what.english) has no '\(key)'"
        case .noRoles: return "'roles' lists no role; an SOP needs at least one actor"
        case .noSteps: return "'steps' is empty; an SOP has at least one step"
        case .listsNoActor(let what): return "\(what.english) lists no actor"
        case .sayWhoDoesIt: return "say who does it: 'actor: <role>' or 'actors: [<role>, ...]'"
        case .noNoBranch(let what): return "decision \(what.english) has no 'no' branch"
        case .addNoBranch: return "add 'no: <step>' (for a correction loop, the step that corrects)"
        case .invalidID(let what, let value): return "\(what.english) '\(value)' is not a valid id"
        case .idPattern:
            return "an id is lower-case letters, digits and single dashes, starts with a letter, and has at most 64 characters"
        case .writeIDAs(let s): return "write it as '\(s)'"
        case .endReserved: return "'end' is reserved as a step target and cannot be a step id"
        case .nameStepAfterAction: return "name the step after what it does, e.g. 'selesai'"
        case .sopIDMismatch(let id, let stem): return "'sop: \(id)' differs from the file name '\(stem).sop.yaml'"
        case .writeSOPOrRename(let stem, let id): return "write 'sop: \(stem)', or rename the file to '\(id).sop.yaml'"
        case .renameFile(let id): return "rename the file to '\(id).sop.yaml'"
        case .fileTooLarge(let bytes, let limit):
            return "the file is \(Message.grouped(bytes, ",")) bytes; the limit is \(Message.grouped(limit, ",")) bytes (32 MiB)"
        case .splitIntoCallingSOPs: return "split it into SOPs that call one another"
        case .splitIntoSubSOPs: return "split the SOP into sub-SOPs that call one another"
        case .nestingTooDeep(let limit): return "nesting is deeper than \(limit) levels"
        case .fewLevels: return "an SOP needs only a few levels; this file is probably generated wrongly"
        case .aliasesExpandTooMuch: return "aliases expand to more than 100,000 nodes"
        case .tooManyNodes(let limit):
            return "the file has more than \(Message.grouped(limit, ",")) YAML nodes (keys, values and list items)"
        case .tooManySteps(let count, let limit):
            return "the SOP has \(Message.grouped(count, ",")) steps; the limit is \(Message.grouped(limit, ","))"
        case .problemsNotShown(let shown, let more):
            let n = Message.grouped(shown, ",")
            return "more than \(n) problems in this file: \(n) are reported, \(Message.grouped(more, ",")) more are left out"
        case .correctShownProblems: return "correct the problems reported, then check again"
        case .writeRepeatedParts: return "write the repeated parts out, or use fewer nested aliases"
        default: return nil
        }
    }

    private var englishShapes: String? {
        switch self {
        case .mustBeMapping(let what, let found): return "\(what.english) must be a mapping, found \(found.english)"
        case .keyMustBePlain(let what, let found): return "a key in \(what.english) must be a plain name, found \(found.english)"
        case .mustBeText(let what, let found): return "\(what.english) must be text, found \(found.english)"
        case .mustBeSequence(let what, let found): return "\(what.english) must be a sequence, found \(found.english)"
        case .writeAsList(let t): return "write it as a list: [\(t)]"
        case .mustBeNumber(let what, let max, let found):
            return "\(what.english) must be a number above 0 and at most \(max), found '\(found)'"
        case .unsupportedVersion(let v): return "format version '\(v)' is not supported; only 1 exists"
        case .writeVersion1: return "write 'sopc: 1'"
        case .mustBeIDMapping(let what, let found):
            return "\(what.english) must be a mapping of id to name, found \(found.english)"
        case .idMustBePlain(let what, let found): return "an id in \(what.english) must be a plain name, found \(found.english)"
        case .stepsMustBeSequence: return "'steps' must be a sequence, found a mapping"
        case .writeStepsAsList: return "write each step as a list item that starts with '- id: <step>'"
        case .actorIsOneRole: return "'actor' names one role, found a sequence"
        case .useActorsKey: return "for several actors write 'actors:' instead of 'actor:'"
        case .explicitTag(let t): return "explicit tag '\(t)' is not supported"
        case .removeTag: return "remove the tag; sopc reads plain YAML values only"
        case .emptyFile: return "the file is empty; it must hold a mapping"
        default: return nil
        }
    }

    private var englishChecks: String? {
        switch self {
        case .actorListedTwice(let id): return "actor '\(id)' is listed twice in 'actors:'"
        case .firstListedHere: return "first listed here"
        case .localArtefactClash(let id, let equipment):
            return "local artefact '\(id)' has the id of \(equipment ? "project equipment" : "a project artefact")"
        case .projectItemDefinedHere(let id): return "the project's '\(id)' is defined here"
        case .useProjectItem(let id): return "use the project's '\(id)' and remove the local one, or rename it"
        case .sopIDTwice(let id): return "SOP id '\(id)' is used by two files"
        case .alsoUsedHere: return "also used here"
        case .sopIDsUnique: return "SOP ids are unique in a project; rename one of the files and its 'sop:'"
        case .artefactAndEquipment(let id): return "'\(id)' is both an artefact and equipment"
        case .artefactDefinedHere: return "the artefact is defined here"
        case .stepIDTwice(let id): return "step id '\(id)' is used twice"
        case .firstUsedHere: return "first used here"
        case .stepIDsUnique: return "step ids are unique in an SOP, so that 'next', 'yes' and 'no' can name them; rename one"
        case .missingProject(let file, let folder): return "no project file '\(file)' in '\(folder)'"
        case .createProjectFile(let path): return "create \(path) with 'sopc: 1', the organization and its roles"
        case .notARole(let id): return "'\(id)' is not a role of the project"
        case .rolesDefinedIn(let file): return "the roles are defined in \(file)"
        case .roleName(let id, let role): return "'\(id)' is the name of role '\(role)'; write the id '\(role)'"
        case .useRoleOrAdd(let ids, let file): return "use one of \(Message.englishList(ids)), or add the role to \(file)"
        case .noColumn(let id, let step): return "'\(id)' acts in step \(step) but has no column in 'actors:'"
        case .columnsListedHere: return "the columns are listed here"
        case .addToActors(let id): return "add '\(id)' to 'actors:'"
        case .unusedColumn(let id): return "column '\(id)' is listed in 'actors:' but no step uses it"
        case .removeColumnOrGiveStep: return "remove it from 'actors:', or give it a step"
        case .tooManyColumns(let n, let max): return "\(n) actor columns; the printed form fits at most \(max)"
        case .tooManyRoles(let n, let max): return "the steps use \(n) roles; the printed form fits at most \(max) columns"
        case .splitOrMergeRoles: return "split the SOP, or merge roles that act together"
        case .equipmentNotFor(let id, let use): return "'\(id)' is equipment, which a step can need but not \(use.english)"
        case .notAnArtefact(let id, let orEquipment):
            return "'\(id)' is neither a local nor a project artefact\(orEquipment ? " nor equipment" : "")"
        case .equipmentAtHand: return "equipment is always at hand, so a step lists it under 'needs:' only"
        case .artefactName(let written, let id, let name):
            return "'\(written)' is the name of '\(id)' (\(name)), not its id; write '\(id)'"
        case .defineArtefact(let file): return "define it under 'artefacts:' in this SOP or in \(file)"
        case .unusedLocal(let id): return "local artefact '\(id)' is defined but nothing mentions it"
        case .removeOrNameIt: return "remove it, or name it in a step's 'needs:' or 'makes:'"
        case .callNamesNoSOP(let id): return "'call: \(id)' names no SOP of the project"
        case .relatedNamesNoSOP(let id): return "'\(id)' in 'related:' names no SOP of the project"
        case .sopIDIsFileName: return "an SOP id is the file name before '.sop.yaml' of a file under the definitions folder"
        case .onlyOtherSOP(let id): return "the only other SOP of the project is '\(id)'"
        case .otherSOPs(let ids): return "the other SOPs of the project are \(Message.englishList(ids))"
        default: return nil
        }
    }

    private var englishFlow: String {
        switch self {
        case .namesNoStep(let key, let target): return "'\(key): \(target)' names no step of this SOP"
        case .nameAStep: return "name a step id of this SOP, or 'end'"
        case .neverReached(let step): return "step \(step) is never reached from the first step"
        case .pointAtIt: return "point a 'next', 'yes' or 'no' at it, or remove it"
        case .firstStepNoPath(let step): return "no path leads from the first step \(step) to 'end': the SOP can never finish"
        case .noPathToEnd(let step): return "no path leads from step \(step) to 'end'"
        case .loopsWithoutExit(let cycle): return "it loops without exit: \(cycle)"
        case .giveLoopExit: return "give the loop an exit: a decision whose other branch goes on towards 'end'"
        case .bothBranchesSame(let step, let target, let following):
            return "both branches of decision \(step) lead to '\(target)'\(following ? " (the following step)" : "")"
        case .sendNoToCorrection: return "send 'no' to the step that corrects, or make the step a plain process step"
        case .callsItself(let id): return "SOP '\(id)' calls itself"
        case .callCycle(let ids): return "SOPs call each other in a cycle: " + ids.map { "'\($0)'" }.joined(separator: " → ")
        case .callsHere(let caller, let callee): return "'\(caller)' calls '\(callee)' here"
        case .removeSelfCall: return "a step cannot perform the SOP it belongs to; remove this 'call:'"
        case .breakCycle: return "a called SOP must finish without calling back; break the cycle at one 'call:'"
        case .needUnavailable(let step, let id, let name):
            return "step \(step) needs '\(id)' (\(name)), which is not available on every path to it"
        case .missingOnPath(let path): return "on this path it is missing: \(path)"
        case .madeNotOnEveryPath(let beforeEnd):
            return "it is made here, but not on every path before \(beforeEnd ? "'end'" : "the step")"
        case .callGivesNotOnEveryPath(let beforeEnd):
            return "it comes out of this call, but not on every path before \(beforeEnd ? "'end'" : "the step")"
        case .noStepMakes: return "no step of this SOP makes it"
        case .makeEarlierOrInput: return "make it in an earlier step on every path, or list it under the SOP's 'inputs:'"
        case .callInputUnavailable(let sop, let id, let name, let step):
            return "SOP '\(sop)' takes input '\(id)' (\(name)), which is not available on every path to step \(step)"
        case .inputOfHere(let id, let sop): return "'\(id)' is an input of '\(sop)' here"
        case .makeEarlierOrThisInput: return "make it in an earlier step on every path, or list it under this SOP's 'inputs:'"
        case .localCallInput(let sop, let id):
            return "SOP '\(sop)' takes input '\(id)', a local artefact of '\(sop)' that this SOP cannot hand over"
        case .crossAsProjectArtefact: return "an artefact that crosses SOPs must be a project artefact in sopc.yaml"
        case .outputNotMade(let id, let name): return "output '\(id)' (\(name)) is not available on every path to 'end'"
        case .makeOnEveryPathOrRemove: return "make it in a step on every path to 'end', or remove it from 'outputs:'"
        case .unusedArtefact(let id, let name):
            return
                "'\(id)' (\(name)) is made here, but no later step needs it, no called SOP takes it, and the SOP does not output it"
        case .outputOrAllow: return "list it under 'outputs:' if the SOP delivers it, or allow it: 'allow: [unused-artefact]'"
        case .unusedInput(let id): return "input '\(id)' is never needed by a step or taken by a called SOP"
        case .needOrRemoveInput: return "add it to the 'needs:' of the step that uses it, or remove it from 'inputs:'"
        case .notADuration(let text, let reason): return "'\(text)' is not a duration\(reason.map { ": \($0.english)" } ?? "")"
        case .notAUnit(let unit): return "'\(unit)' is not a unit of time"
        case .rangeBackwards: return "the range runs backwards"
        case .durationForm:
            return
                "a duration is '<number> <unit>' or '<number>-<number> <unit>' (the dash may be '–', spaces allowed); units: detik, menit, jam, hari, minggu, bulan (or second, minute, hour, day, week, month), optionally followed by 'kerja'"
        case .durationExamples: return "e.g. '30 menit', '1,5 jam', '3-7 hari', '10 hari kerja'"
        case .noTime(let step): return "step \(step) has no 'time:'"
        case .addDuration: return "add its planned duration, e.g. 'time: 15 menit'"
        case .notARealDate(let what, let text, let reason):
            return "\(what.english) (\(text)) is not a real date: \(reason.english)"
        case .noSuchMonth(let m): return "there is no month \(m)"
        case .noYearZero: return "there is no year 0"
        case .noDayZero: return "there is no day 0"
        case .monthHasDays(let month, let year, let days):
            return "\(Message.englishMonths[(month - 1) % 12]) \(year) has \(days) days"
        case .notYMD(let what, let text): return "\(what.english) (\(text)) is not a YYYY-MM-DD date"
        case .writeYearFirst(let date): return "write it year first: \(date)"
        case .writeYMD: return "write the date as YYYY-MM-DD, e.g. 2024-01-15"
        case .dateBefore(let key, let text, let created): return "'\(key)' (\(text)) is before 'created' (\(created))"
        case .createdIsHere: return "'created' is here"
        case .errorNotSilenceable(let id): return "'\(id)' is an error; errors cannot be silenced"
        case .fixErrorInstead(let warnings): return "fix the error instead; 'allow:' takes only \(Message.englishList(warnings))"
        case .notACheckID(let id): return "'\(id)' is not a check id"
        case .allowTakes(let warnings): return "'allow:' takes \(Message.englishList(warnings))"
        case .outputMissing: return "missing: 'sopc build' writes this file"
        case .manifestDiffers: return "the build manifest differs from what 'sopc build' writes"
        case .outputDiffers: return "differs from what 'sopc build' writes; the first difference is here"
        case .notWrittenBySopc(let manifest):
            return "sopc did not write this file (it is not in '\(manifest)'), so 'sopc build' will refuse to overwrite it"
        case .outputLeftOver:
            return "left over: an earlier 'sopc build' wrote this file, and the definitions no longer produce it"
        case .temporaryLeft:
            return "a temporary file that an interrupted 'sopc build' left behind (its process no longer runs)"
        case .cannotWriteOutput(let what, let blockedBy):
            return "'sopc build' cannot write this file: \(blockedBy.map { "'\($0)'" } ?? "it") is \(what)"
        case .runBuildAndCommit: return "run 'sopc build' and commit the result"
        case .moveAwayThenBuild: return "move the file away, then run 'sopc build'"
        case .buildRemovesIt: return "run 'sopc build', which removes it, and commit the result"
        case .removeWhatStandsThere: return "remove what stands there, then run 'sopc build'"
        default: return ""  // every case is rendered by one of the functions above (the catalogue test checks it)
        }
    }

    static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
}

extension Message.Shape {
    var english: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        case .scalar: return "a scalar"
        case .null: return "nothing (null)"
        }
    }
}

extension Message.StepPart {
    var english: String {
        switch self {
        case .activity: return "the activity"
        case .actor: return "the actor"
        case .actors: return "the actors"
        case .needs: return "the needs"
        case .makes: return "the makes"
        case .time: return "the time"
        case .notes: return "the notes"
        case .call: return "the call"
        case .allowList: return "the allow list"
        case .question: return "the question"
        case .nextStep: return "the next step"
        case .branch(let key): return "the '\(key)' branch"
        }
    }
}

extension Message.ArtefactUse {
    var english: String {
        switch self {
        case .input: return "take as input"
        case .output: return "deliver as output"
        case .need: return ""
        case .make: return "make"
        }
    }
}
