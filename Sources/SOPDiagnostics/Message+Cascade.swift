import SOPSystem

/// The entries of the form's words as keys (`ya:`/`tidak:`, `kegiatan:` for `activity:`) and of the cascade
/// rule (one mistake, one report), in English and in Bahasa Indonesia.
extension Message {
    var englishCascade: String? {
        switch self {
        case .alsoWrittenHere(let name): return "'\(name)' is written here too"
        case .alsoWrittenMore(let count): return count == 1 ? "and in 1 more place" : "and in \(count) more places"
        case .branchWrittenTwice(let key, let other, let branch):
            return "'\(key)' and '\(other)' both give the '\(branch)' branch"
        case .otherBranchKeyHere(let key): return "'\(key)' is here"
        case .keepOneBranchKey: return "keep one of them: 'ya:' and 'tidak:' are the form's words for 'yes:' and 'no:'"
        case .writeKeyForTerm(let term, let key): return "use the key '\(key)' for '\(term)'"
        case .termMeansGivenKey(let term, let key): return "'\(term)' means '\(key)', which is already given: keep one of them"
        case .givenKeyIsHere(let key): return "'\(key)' is given here"
        case .writeUnderIdentity(let key): return "write it as '\(key)' under 'identity:' (the identity page)"
        case .perhapsMissingKey(let key): return "if it is meant as '\(key)', which is missing here, write '\(key)'"
        case .alsoNotReached(let steps, let more):
            if steps.count == 1, more == 0 { return "step '\(steps[0])' after it is not reached either" }
            let names =
                more == 0 ? Message.englishList(steps) : steps.map { "'\($0)'" }.joined(separator: ", ") + " and \(more) more"
            return "the steps after it are not reached either: \(names)"
        case .sameTargetLeavesUnreached(let step, let target):
            return "decision \(step) sends both 'yes' and 'no' to '\(target)'; one of them is probably meant for this step"
        case .pointABranchAtIt: return "point one of the decision's branches at this step, or remove the step"
        default: return nil
        }
    }

    var indonesianCascade: String? {
        switch self {
        case .alsoWrittenHere(let name): return "'\(name)' juga ditulis di sini"
        case .alsoWrittenMore(let count): return "dan di \(count) tempat lain"
        case .branchWrittenTwice(let key, let other, let branch):
            return "'\(key)' dan '\(other)' sama-sama menentukan cabang '\(branch)'"
        case .otherBranchKeyHere(let key): return "'\(key)' ada di sini"
        case .keepOneBranchKey: return "hapus salah satunya; 'ya:' dan 'tidak:' sama artinya dengan 'yes:' dan 'no:'"
        case .writeKeyForTerm(let term, let key): return "gunakan kunci '\(key)' untuk '\(term)'"
        case .termMeansGivenKey(let term, let key):
            return "'\(term)' sama artinya dengan '\(key)', yang sudah ditulis; hapus salah satunya"
        case .givenKeyIsHere(let key): return "'\(key)' sudah ditulis di sini"
        case .writeUnderIdentity(let key): return "tuliskan sebagai '\(key)' di bawah 'identity:' (Bagian Identitas)"
        case .perhapsMissingKey(let key):
            return "jika yang dimaksud adalah '\(key)', yang belum ada di sini, tuliskan '\(key)'"
        case .alsoNotReached(let steps, let more):
            if steps.count == 1, more == 0 { return "langkah sesudahnya, '\(steps[0])', juga tidak pernah dicapai" }
            let names =
                more == 0
                ? Message.cascadeIndonesianList(steps)
                : steps.map { "'\($0)'" }.joined(separator: ", ") + ", dan \(more) langkah lain"
            return "langkah-langkah sesudahnya juga tidak pernah dicapai: \(names)"
        case .sameTargetLeavesUnreached(let step, let target):
            return "keputusan \(step) mengarahkan 'Ya' dan 'Tidak' ke langkah yang sama, '\(target)'; "
                + "salah satunya kemungkinan dimaksudkan ke langkah ini"
        case .pointABranchAtIt: return "arahkan salah satu cabang keputusan itu ke langkah ini, atau hapus langkah ini"
        default: return nil
        }
    }

    /// `'a' dan 'b'`, `'a', 'b', dan 'c'` (EYD: a comma before "dan" in a list of three or more)
    static func cascadeIndonesianList(_ items: [String]) -> String {
        let q = items.map { "'\($0)'" }
        switch q.count {
        case 0, 1: return q.joined()
        case 2: return q[0] + " dan " + q[1]
        default: return q.dropLast().joined(separator: ", ") + ", dan " + q.last!
        }
    }
}
