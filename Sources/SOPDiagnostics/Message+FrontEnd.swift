import SOPSystem

// The front end's entries (yaml-syntax explained, yaml-comment-in-text, ignored-file, durations), in English and
// in Bahasa Indonesia.

extension Message {
    /// What a value starting with `[` or `{` is read as.
    private static func flowWord(_ open: String, indonesian: Bool) -> String {
        switch (open, indonesian) {
        case ("{", false): return "a mapping"
        case ("{", true): return "pemetaan (mapping)"
        case (_, false): return "a list"
        default: return "daftar"
        }
    }

    var englishFrontEnd: String? {
        switch self {
        case .valueStartsWith(let c):
            return
                "a value cannot start with '\(c)' unless it is in quotes: YAML reads '\(c)' there as a sign of its own, not as text"
        case .blockIndicatorWithText(let c):
            return
                "'\(c)' at the start of a value begins a block of text on the lines below; text cannot follow it on the same line"
        case .textAfterQuote(let q):
            return "text follows the closing quote (\(q)): a value in quotes ends at its closing quote"
        case .textAfterFlow(let open):
            let close = open == "{" ? "}" : "]"
            return
                "text follows the closing '\(close)': a value starting with '\(open)' is read as \(Message.flowWord(open, indonesian: false))"
        case .unclosedQuote(let q): return "the quote (\(q)) that starts this value is never closed"
        case .closeQuote(let q): return "end the text with a closing quote (\(q)) on the same line"
        case .colonInPlainText: return "': ' inside a text without quotes is read as a new key"
        case .tabInIndentation: return "a tab in the indentation: YAML indents with spaces only"
        case .anchorTakesText(let name, let value):
            return "'&\(name)' at the start of the value is read as an anchor, not as text: the value is only '\(value)'"
        case .quoteWholeText(let line): return "put the whole text in quotes: \(line)"
        case .removeTagOrQuote(let line):
            return "remove the tag; or, if the '!' belongs to the text, put the whole text in quotes: \(line)"
        case .quoteOrBlockText(let line, let c):
            return "put the whole text in quotes: \(line); or write '\(c)' alone and the text on the lines below, indented"
        case .commentInText(let what, let comment):
            return
                "\(what.english) stops before '\(comment)': YAML reads ' #' as the start of a comment, so the printed form would lose it"
        case .quoteTextOrSpaceComment(let text):
            return "put the whole text in quotes: \(text); or, if it is a comment, put two spaces before the '#'"
        case .renameProjectFile(let name): return "'\(name)' is there: rename it to 'sopc.yaml'"
        case .ignoredFile(let name):
            return "'\(name)' is not read: only files named '<sop-id>.sop.yaml' and 'sopc.yaml' are"
        case .ignoredProjectFile(let path):
            return "'\(path)' is not read: the project file is read only at the root of the definitions folder"
        case .renameIgnoredFile(let name): return "rename it to '\(name)'"
        case .ambiguousThousands(let number):
            return "'\(number)' can be read as thousands or as a decimal fraction: Indonesian and English writing differ"
        case .writeWholeOrDecimal(let whole, let decimal):
            return "write '\(whole)' if the whole number is meant, or '\(decimal)' if the decimal fraction is meant"
        case .numberInWords(let word): return "'\(word)' is a number in words; write it in digits"
        default: return nil
        }
    }

    var indonesianFrontEnd: String? {
        switch self {
        case .valueStartsWith(let c):
            return
                "nilai tidak dapat diawali '\(c)' tanpa tanda kutip: di awal nilai, YAML membaca '\(c)' sebagai tanda khusus, bukan sebagai teks"
        case .blockIndicatorWithText(let c):
            return
                "'\(c)' di awal nilai membuka blok teks pada baris-baris di bawahnya; teks tidak boleh menyusul pada baris yang sama"
        case .textAfterQuote(let q):
            return
                "masih ada teks setelah tanda kutip penutup (\(q)): nilai yang diapit tanda kutip berakhir pada tanda kutip penutupnya"
        case .textAfterFlow(let open):
            let close = open == "{" ? "}" : "]"
            return
                "masih ada teks setelah '\(close)': nilai yang diawali '\(open)' dibaca sebagai \(Message.flowWord(open, indonesian: true))"
        case .unclosedQuote(let q): return "tanda kutip (\(q)) di awal nilai ini tidak pernah ditutup"
        case .closeQuote(let q): return "akhiri teks dengan tanda kutip penutup (\(q)) pada baris yang sama"
        case .colonInPlainText: return "': ' di dalam teks tanpa tanda kutip dibaca sebagai kunci baru"
        case .tabInIndentation: return "ada karakter tab pada indentasi: YAML hanya menerima spasi untuk indentasi"
        case .anchorTakesText(let name, let value):
            return "'&\(name)' di awal nilai dibaca sebagai jangkar (anchor), bukan sebagai teks: nilainya hanya '\(value)'"
        case .quoteWholeText(let line): return "apit seluruh teks dengan tanda kutip: \(line)"
        case .removeTagOrQuote(let line):
            return "hapus tag tersebut; atau, bila '!' memang bagian dari teks, apit seluruh teks dengan tanda kutip: \(line)"
        case .quoteOrBlockText(let line, let c):
            return
                "apit seluruh teks dengan tanda kutip: \(line); atau tulis '\(c)' saja, lalu teksnya pada baris-baris di bawahnya dengan indentasi"
        case .commentInText(let what, let comment):
            return
                "\(what.indonesian) terpotong sebelum '\(comment)': YAML membaca ' #' sebagai awal komentar, sehingga bagian itu hilang dari formulir cetak"
        case .quoteTextOrSpaceComment(let text):
            return "apit seluruh teks dengan tanda kutip: \(text); atau, bila memang komentar, beri dua spasi sebelum '#'"
        case .renameProjectFile(let name): return "yang ada adalah '\(name)': ubah namanya menjadi 'sopc.yaml'"
        case .ignoredFile(let name):
            return "berkas '\(name)' tidak dibaca: hanya berkas bernama '<id-sop>.sop.yaml' dan 'sopc.yaml' yang dibaca"
        case .ignoredProjectFile(let path):
            return "berkas '\(path)' tidak dibaca: berkas proyek hanya dibaca di folder utama definisi"
        case .renameIgnoredFile(let name): return "ubah nama berkas menjadi '\(name)'"
        case .ambiguousThousands(let number):
            return "'\(number)' dapat dibaca sebagai ribuan atau sebagai pecahan desimal: penulisan Indonesia dan Inggris berbeda"
        case .writeWholeOrDecimal(let whole, let decimal):
            return "tulis '\(whole)' bila yang dimaksud bilangan bulat, atau '\(decimal)' bila yang dimaksud pecahan desimal"
        case .numberInWords(let word): return "'\(word)' adalah bilangan yang ditulis dengan huruf; tulislah dengan angka"
        default: return nil
        }
    }
}
