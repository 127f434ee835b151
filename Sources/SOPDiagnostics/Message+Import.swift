import SOPSystem

/// The text of `import-todo` (the markers `sopc import` leaves) and of the report of `sopc import`, in
/// English and in Indonesian.
extension Message {
    var englishImport: String? {
        switch self {
        case .todoActor(let step):
            return
                "who does step '\(step)' is not known yet: the imported table has no symbol in any Pelaksana column of its row; write the role id in 'actor'"
        case .todoBranch(let step, let branch):
            return
                "where the '\(branch)' branch of decision '\(step)' leads is not known yet: write the id of the step it goes to, or 'end'"
        case .todoQuestion(let step):
            return "the question decided at step '\(step)' is not known yet: write it in 'decision'"
        case .todoValue(let key): return "'\(key)' is not known yet: write it in place of '?'"
        case .todoReplaceMarker: return "'?' marks what 'sopc import' could not read from the table; replace it (docs/IMPORT.md)"
        case .importFileTooLarge(let bytes, let limit):
            let (size, most) = (Message.grouped(bytes, ","), Message.grouped(limit, ","))
            return "the file is too large to be an SOP table (\(size) bytes; the limit is \(most) bytes); it was not read"
        case .importTooManyRows(let rows, let limit):
            let (n, most) = (Message.grouped(rows, ","), Message.grouped(limit, ","))
            return "the table has \(n) steps; an SOP holds at most \(most): nothing was written"
        case .importSOPFileTooLarge(let bytes, let limit):
            let (size, most) = (Message.grouped(bytes, ","), Message.grouped(limit, ","))
            return
                "the SOP would be \(size) bytes, over the limit of \(most) bytes (32 MiB) that 'sopc check' reads: nothing was written"
        case .importCannotRead(let reason): return "cannot read the file: \(reason)"
        case .importNotUTF8: return "the file is not UTF-8 text"
        case .importSaveAsUTF8: return "save it as UTF-8 text (in a spreadsheet: 'CSV UTF-8'), then import it again"
        case .importUnknownFormat(let ext): return "files of type '.\(ext)' cannot be imported"
        case .importFormats: return "import a Word document ('.docx'), a table copied as text ('.txt', '.tsv') or a CSV ('.csv')"
        case .importOldWord: return "an old Word document ('.doc') cannot be read directly"
        case .importConvertDoc:
            return "convert it first: 'libreoffice --headless --convert-to docx FILE.doc', then import the '.docx'"
        case .importNotAZip: return "the file is not a Word document (.docx): it is not a readable ZIP archive"
        case .importSaveAsDocx: return "open it in Word or LibreOffice and save it as a Word document (.docx)"
        case .importZipTooLarge(let parts, let mb):
            return "the document unpacks to more than \(mb) MiB or has more than \(parts) parts; it was not read"
        case .importNoDocumentPart: return "the file is a ZIP archive but not a Word document: it has no 'word/document.xml'"
        case .importBadXML(let line):
            return "the text of the Word document is not well-formed XML (line \(line) of 'word/document.xml')"
        case .importNoTable: return "the document holds no table; an SOP is imported from its flowchart table"
        case .importNoKegiatan:
            return
                "no table with a 'Kegiatan' column was found; the header of the form's flowchart table names No, Kegiatan, the Pelaksana, Kelengkapan, Waktu, Output and Ket"
        case .importNoRows: return "the table has a header but no rows"
        case .importActorsUnknown(let count, let steps):
            return
                "\(count) of \(steps) steps have no symbol in a Pelaksana column, so who does them is not known: their 'actor' is '?'"
        case .importTimeKept(let row, let text):
            return
                "the Waktu '\(text)' of row \(row) is not a duration sopc can add up; it is kept as written, and 'sopc check' reports it"
        case .importFormula(let row, let column):
            return
                "\(Self.englishCell(row, column)) begins like a spreadsheet formula ('=', '+', '-' or '@'), which a spreadsheet opening the table could run; it is written to the YAML exactly, as inert text"
        case .importMarkup(let row, let column):
            return
                "\(Self.englishCell(row, column)) holds HTML markup ('<…>'), which a web page showing the table could run; it is written to the YAML exactly, as inert text"
        case .importControlCharacters(let row, let column):
            return
                "\(Self.englishCell(row, column)) holds control characters, which no form can print; they are written as escapes in the YAML"
        case .importBidiControls(let row, let column):
            return
                "\(Self.englishCell(row, column)) holds characters that change the direction of text (bidi), which can make it show in another order than it is read; they are written as escapes in the YAML"
        case .importHostileHelp:
            return "compare it with the original document and correct it in the files imported"
        case .importSOPNotFound(let row, let name):
            return
                "row \(row) names 'SOP \(name)', which is neither in the project nor among the files imported; it stays in Ket as written"
        case .importCallHelp(let id, let name):
            return "if it means SOP '\(id)' (\(name)), write 'call: \(id)' in that step"
        case .importInputFromOutside(let row, let name):
            return
                "row \(row) needs '\(name)', which no earlier row makes; it is listed under 'inputs:' (there when the SOP starts) — check that it comes from outside the SOP"
        case .importDateKept(let key, let text):
            return "the date '\(text)' ('\(key)') is not a date sopc can read; it is kept as written, and 'sopc check' reports it"
        case .importFileExists(let path): return "'\(path)' exists already; nothing was written"
        case .importUseForce: return "import with '--force' to replace it, or import into another folder with '--into'"
        case .importProjectHasErrors: return "the project file has errors; nothing was written"
        case .importRunCheckFirst: return "run 'sopc check' and correct the project file first"
        case .importCannotExtend(let key):
            return "'\(key):' in the project file is not a block mapping that the import can add to; nothing was written"
        case .importAddByHand: return "write 'roles' and 'artefacts' one entry per line, or import into a new folder"
        default: return nil
        }
    }

    var indonesianImport: String? {
        switch self {
        case .todoActor(let step):
            return
                "pelaksana langkah '\(step)' belum diketahui: tabel yang diimpor tidak memuat simbol di kolom Pelaksana mana pun pada barisnya; tuliskan id peran pada 'actor'"
        case .todoBranch(let step, let branch):
            return "tujuan cabang '\(branch)' dari keputusan '\(step)' belum diketahui: tuliskan id langkah tujuannya, atau 'end'"
        case .todoQuestion(let step):
            return "pertanyaan yang diputuskan pada langkah '\(step)' belum diketahui: tuliskan pada 'decision'"
        case .todoValue(let key): return "'\(key)' belum diketahui: tuliskan isinya sebagai pengganti '?'"
        case .todoReplaceMarker:
            return
                "'?' menandai hal yang tidak dapat dibaca 'sopc import' dari tabel; gantilah dengan isi yang benar (docs/IMPORT.md)"
        case .importFileTooLarge(let bytes, let limit):
            let (size, most) = (Message.grouped(bytes, "."), Message.grouped(limit, "."))
            return "berkas terlalu besar untuk sebuah tabel SOP (\(size) bita; batasnya \(most) bita); berkas tidak dibaca"
        case .importTooManyRows(let rows, let limit):
            return
                "tabel memuat \(Message.grouped(rows, ".")) langkah, sedangkan satu SOP memuat paling banyak \(Message.grouped(limit, ".")) langkah: tidak ada yang ditulis"
        case .importSOPFileTooLarge(let bytes, let limit):
            let (size, most) = (Message.grouped(bytes, "."), Message.grouped(limit, "."))
            return
                "SOP ini akan berukuran \(size) bita, melebihi batas \(most) bita (32 MiB) yang dibaca 'sopc check': tidak ada yang ditulis"
        case .importCannotRead(let reason): return "berkas tidak dapat dibaca: \(reason)"
        case .importNotUTF8: return "berkas bukan teks UTF-8"
        case .importSaveAsUTF8: return "simpan sebagai teks UTF-8 (pada lembar kerja: 'CSV UTF-8'), lalu impor kembali"
        case .importUnknownFormat(let ext): return "berkas berjenis '.\(ext)' tidak dapat diimpor"
        case .importFormats:
            return "imporlah dokumen Word ('.docx'), tabel yang disalin sebagai teks ('.txt', '.tsv'), atau berkas CSV ('.csv')"
        case .importOldWord: return "dokumen Word lama ('.doc') tidak dapat dibaca secara langsung"
        case .importConvertDoc:
            return "ubah terlebih dahulu: 'libreoffice --headless --convert-to docx BERKAS.doc', lalu impor berkas '.docx'-nya"
        case .importNotAZip: return "berkas ini bukan dokumen Word (.docx): bukan arsip ZIP yang dapat dibaca"
        case .importSaveAsDocx: return "buka dengan Word atau LibreOffice, lalu simpan sebagai dokumen Word (.docx)"
        case .importZipTooLarge(let parts, let mb):
            return "isi dokumen melebihi \(mb) MiB atau lebih dari \(parts) bagian; dokumen tidak dibaca"
        case .importNoDocumentPart: return "berkas ini arsip ZIP, tetapi bukan dokumen Word: tidak ada 'word/document.xml'"
        case .importBadXML(let line): return "teks dokumen Word bukan XML yang benar (baris \(line) pada 'word/document.xml')"
        case .importNoTable: return "dokumen tidak memuat tabel; SOP diimpor dari tabel diagram alirnya"
        case .importNoKegiatan:
            return
                "tidak ditemukan tabel dengan kolom 'Kegiatan'; judul tabel diagram alir pada formulir memuat No, Kegiatan, Pelaksana, Kelengkapan, Waktu, Output, dan Ket"
        case .importNoRows: return "tabel memiliki judul kolom, tetapi tidak memiliki baris"
        case .importActorsUnknown(let count, let steps):
            return
                "\(count) dari \(steps) langkah tidak memiliki simbol di kolom Pelaksana sehingga pelaksananya belum diketahui: 'actor'-nya '?'"
        case .importTimeKept(let row, let text):
            return
                "Waktu '\(text)' pada baris \(row) bukan durasi yang dapat dijumlahkan sopc; teks dipertahankan apa adanya dan akan dilaporkan oleh 'sopc check'"
        case .importFormula(let row, let column):
            return
                "\(Self.indonesianCell(row, column)) diawali seperti rumus lembar kerja ('=', '+', '-', atau '@') yang dapat dijalankan oleh aplikasi lembar kerja saat tabel dibuka; teks ditulis ke YAML apa adanya sebagai teks biasa"
        case .importMarkup(let row, let column):
            return
                "\(Self.indonesianCell(row, column)) memuat markah HTML ('<…>') yang dapat dijalankan oleh halaman web yang menampilkan tabel; teks ditulis ke YAML apa adanya sebagai teks biasa"
        case .importControlCharacters(let row, let column):
            return
                "\(Self.indonesianCell(row, column)) memuat karakter kendali yang tidak dapat dicetak pada formulir; karakter tersebut ditulis sebagai escape dalam YAML"
        case .importBidiControls(let row, let column):
            return
                "\(Self.indonesianCell(row, column)) memuat karakter pengubah arah teks (bidi) yang dapat membuat teks tampil dalam urutan yang berbeda dari urutan bacanya; karakter tersebut ditulis sebagai escape dalam YAML"
        case .importHostileHelp:
            return "bandingkan dengan dokumen aslinya, lalu perbaiki pada berkas hasil impor"
        case .importSOPNotFound(let row, let name):
            return
                "baris \(row) menyebut 'SOP \(name)', yang tidak ada dalam proyek maupun di antara berkas yang diimpor; teks tetap pada Ket apa adanya"
        case .importCallHelp(let id, let name):
            return "jika yang dimaksud SOP '\(id)' (\(name)), tuliskan 'call: \(id)' pada langkah tersebut"
        case .importInputFromOutside(let row, let name):
            return
                "baris \(row) memerlukan '\(name)', yang tidak dibuat oleh baris sebelumnya; dokumen ini dicantumkan pada 'inputs:' (sudah ada saat SOP dimulai) — periksa bahwa dokumen ini memang berasal dari luar SOP"
        case .importDateKept(let key, let text):
            return
                "tanggal '\(text)' ('\(key)') tidak dapat dibaca sopc; teks dipertahankan apa adanya dan akan dilaporkan oleh 'sopc check'"
        case .importFileExists(let path): return "'\(path)' sudah ada; tidak ada berkas yang ditulis"
        case .importUseForce: return "impor dengan '--force' untuk menggantinya, atau impor ke folder lain dengan '--into'"
        case .importProjectHasErrors: return "berkas proyek mengandung kesalahan; tidak ada berkas yang ditulis"
        case .importRunCheckFirst: return "jalankan 'sopc check' dan perbaiki berkas proyek terlebih dahulu"
        case .importCannotExtend(let key):
            return
                "'\(key):' pada berkas proyek bukan pemetaan blok yang dapat ditambah oleh impor; tidak ada berkas yang ditulis"
        case .importAddByHand: return "tuliskan 'roles' dan 'artefacts' satu entri per baris, atau impor ke folder baru"
        default: return nil
        }
    }

    /// Where hostile text stands: a cell of row `row` (0: the header, whose `column` is its number), or a field of
    /// the title or identity page (`row` nil, `column` its label).
    static func englishCell(_ row: Int?, _ column: String) -> String {
        guard let row else { return "the text of '\(column)'" }
        return row == 0 ? "the header cell in column \(column)" : "the cell in row \(row), column '\(column)',"
    }

    static func indonesianCell(_ row: Int?, _ column: String) -> String {
        guard let row else { return "isian '\(column)'" }
        return row == 0 ? "sel judul tabel pada kolom ke-\(column)" : "sel pada baris \(row), kolom '\(column)',"
    }
}
