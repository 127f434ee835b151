import SOPSystem

/// The entries of the working calendar (`day_starts`, `holidays`), the one time rule for call steps
/// (`call-time-mismatch`) and deadlines (`deadline-exceeded`, `deadline-at-risk`), in both languages.
extension Message {
    var englishRuntime: String? {
        switch self {
        case .holidayDateOrRange: return "a holiday has either 'date' (one day) or 'from' and 'to' (a range of days)"
        case .mustBeClockTime(let what, let found):
            return "\(what.english) must be a time of day written HH:MM, such as \"07:30\", not '\(found)'"
        case .callTimeDiffers(let step, let written, let sop, let total):
            return "the call step \(step) is written as '\(written)', but SOP '\(sop)' takes \(total) on its main path; "
                + "a call lasts as long as the called SOP"
        case .writeCalleeTotal(let total):
            return
                "leave 'time:' out, or write the called SOP's total ('\(total)'), or silence this with 'allow: [call-time-mismatch]' and say why"
        case .deadlineExceeded(let total, let deadline):
            return "the main path takes \(total) of working time, more than the deadline of \(deadline)"
        case .mainPathIs(let total, let path):
            return "main path (\(total)): \(path.joined(separator: " → "))"
        case .shortenOrRaiseDeadline: return "shorten the steps' planned times, or check the service standard's deadline"
        case .deadlineAtRisk(let total, let deadline):
            return "the main path (\(total)) fits the deadline of \(deadline), but not with one trip round each correction loop"
        case .loopAdds(let decision, let target, let extra):
            return "the 'no' answer of '\(decision)' goes back to '\(target)': one trip round adds \(extra)"
        case .planForCorrections: return "shorten the steps in the loop, or plan the deadline for one correction"
        case .holidayEndsBeforeStart(let to, let from):
            return "the holiday ends ('to: \(to)') before it starts ('from: \(from)')"
        case .holidayStartsHere: return "the holiday starts here"
        default: return nil
        }
    }

    var indonesianRuntime: String? {
        switch self {
        case .holidayDateOrRange:
            return "hari libur diisi dengan 'date' (satu hari) atau dengan 'from' dan 'to' (rentang hari)"
        case .mustBeClockTime(let what, let found):
            return "\(what.indonesian) harus berupa jam dengan format JJ:MM, misalnya \"07:30\", bukan '\(found)'"
        case .callTimeDiffers(let step, let written, let sop, let total):
            return "langkah pemanggilan \(step) ditulis '\(written)', sedangkan SOP '\(sop)' memerlukan \(total) "
                + "pada alur utamanya; waktu langkah pemanggilan sama dengan waktu SOP yang dipanggil"
        case .writeCalleeTotal(let total):
            return "hapus 'time:', atau tuliskan total waktu SOP yang dipanggil ('\(total)'), atau nonaktifkan dengan "
                + "'allow: [call-time-mismatch]' disertai alasannya"
        case .deadlineExceeded(let total, let deadline):
            return "alur utama memerlukan \(total) waktu kerja, melebihi batas waktu \(deadline)"
        case .mainPathIs(let total, let path):
            return "alur utama (\(total)): \(path.joined(separator: " → "))"
        case .shortenOrRaiseDeadline:
            return "persingkat waktu langkah-langkahnya, atau periksa kembali batas waktu dalam standar pelayanan"
        case .deadlineAtRisk(let total, let deadline):
            return "alur utama (\(total)) masih dalam batas waktu \(deadline), tetapi tidak lagi jika setiap "
                + "perbaikan dilakukan satu kali"
        case .loopAdds(let decision, let target, let extra):
            return "jawaban 'Tidak' pada '\(decision)' kembali ke '\(target)': satu kali perbaikan menambah \(extra)"
        case .planForCorrections:
            return
                "persingkat langkah-langkah dalam perulangan, atau tetapkan batas waktu yang memperhitungkan satu kali perbaikan"
        case .holidayEndsBeforeStart(let to, let from):
            return "hari libur berakhir ('to: \(to)') sebelum dimulai ('from: \(from)')"
        case .holidayStartsHere: return "hari libur dimulai di sini"
        default: return nil
        }
    }
}
