import SOPSystem

/// The texts of `form-overflow` and `unprintable-text`: what the printed form and its font cannot show.
extension Message {
    var englishFont: String? {
        switch self {
        case .rowTooTall(let step, let column):
            return "step '\(step)' is taller than a printed page: its \(column) text is cut off in the form"
        case .shortenOrSplitStep: return "shorten the text, or split the step into two steps"
        case .headerTooLong(let role, let sop):
            return "the name of role '\(role)' does not fit its column's header in the printed form of SOP '\(sop)'"
        case .shortenRoleName: return "give the role a shorter name"
        case .identityTooLong(let what, let sop):
            return "\(what.english) is too long for the identity page of the printed form of SOP '\(sop)' and is cut off"
        case .shortenIdentityText: return "shorten the text, or split it into several entries"
        case .questionTooLong(let step):
            return "the question of step '\(step)' does not fit in its diamond in the printed form and is cut off"
        case .shortenQuestion: return "shorten the question; the activity can say the rest"
        case .unprintableCharacter(let what, let character, let code):
            return
                "the printed form's font cannot print \(character.isEmpty ? code : "'\(character)' (\(code))") in \(what.english)"
        case .replaceUnprintable: return "remove it or write it in words; it would print as an empty box"
        default: return nil
        }
    }

    var indonesianFont: String? {
        switch self {
        case .rowTooTall(let step, let column):
            return "langkah '\(step)' lebih tinggi dari satu halaman cetak: teks \(column)-nya terpotong pada formulir"
        case .shortenOrSplitStep: return "perpendek teksnya, atau pecah langkah ini menjadi dua langkah"
        case .headerTooLong(let role, let sop):
            return "nama peran '\(role)' tidak muat di kepala kolomnya pada formulir cetak SOP '\(sop)'"
        case .shortenRoleName: return "berikan nama yang lebih pendek untuk peran ini"
        case .identityTooLong(let what, let sop):
            return "\(what.indonesian) terlalu panjang untuk halaman identitas formulir cetak SOP '\(sop)' sehingga terpotong"
        case .shortenIdentityText: return "perpendek teksnya, atau pecah menjadi beberapa butir"
        case .questionTooLong(let step):
            return "pertanyaan pada langkah '\(step)' tidak muat di dalam simbol keputusan pada formulir cetak sehingga terpotong"
        case .shortenQuestion: return "perpendek pertanyaannya; uraian selebihnya cukup di kolom Kegiatan"
        case .unprintableCharacter(let what, let character, let code):
            return
                "huruf formulir cetak tidak dapat mencetak \(character.isEmpty ? code : "'\(character)' (\(code))") dalam \(what.indonesian)"
        case .replaceUnprintable:
            return "hapus atau tuliskan dengan kata-kata; bila dibiarkan, akan tercetak sebagai kotak kosong"
        default: return nil
        }
    }
}
