import SOPDiagnostics

/// The words of the Permenpan RB 35/2012 form (and their Indonesian and English near-synonyms) that
/// planners write as keys, with the key of the format each one means: `kegiatan:` is `activity:`,
/// `waktu:` is `time:`, `tanggal efektif:` is `effective:`. An unknown key is looked up here before the
/// edit-distance "did you mean", and read as the key it means, so that nothing else is reported about it.
package enum FormTerms {
    /// A term, normalised (see ``normalise(_:)``) → the keys it may mean, most likely first; the first
    /// one that is allowed where the term is written is the one meant.
    static let meanings: [String: [String]] = {
        var table: [String: [String]] = [:]
        func add(_ keys: [String], _ terms: [String]) {
            for t in terms { table[normalise(t)] = keys }
        }
        // The flowchart's columns (Bagian Flowchart).
        add(["activity", "steps"], ["kegiatan", "uraian kegiatan", "aktivitas", "uraian"])
        add(["actor", "actors"], ["pelaksana", "aktor", "pelaku", "pejabat pelaksana", "role"])
        add(["needs"], ["kelengkapan", "mutu baku kelengkapan", "persyaratan", "syarat", "requires", "inputs"])
        add(["time"], ["waktu", "mutu baku waktu", "durasi", "lama", "lama waktu", "duration", "jangka waktu"])
        add(["makes", "outputs"], ["output", "mutu baku output", "hasil", "produces", "creates"])
        add(["outputs", "makes"], ["keluaran"])
        add(["notes"], ["keterangan", "ket", "catatan", "note", "remarks", "comment"])
        add(["decision"], ["keputusan", "pertanyaan", "kondisi", "question", "condition"])
        add(["next"], ["selanjutnya", "lanjut", "berikutnya", "langkah berikutnya", "then", "goto"])
        add(["yes"], ["iya", "y", "benar", "true", "jika ya", "bila ya", "kalau ya"])
        add(["no"], ["tdk", "n", "salah", "false", "jika tidak", "bila tidak", "kalau tidak"])
        add(["call"], ["panggil", "sub sop", "memanggil", "jalankan sop"])
        add(["allow"], ["izinkan", "abaikan", "ignore"])
        add(["steps"], ["langkah", "langkah langkah", "tahapan", "prosedur", "alur"])
        add(["inputs", "needs"], ["masukan", "input"])
        add(["artefacts"], ["dokumen", "berkas", "artifacts"])
        // The identity page (Bagian Identitas).
        add(["name"], ["nama", "nama sop", "judul", "judul sop", "title sop"])
        add(["number"], ["nomor", "nomor sop", "no sop", "nomer"])
        add(["created"], ["tanggal pembuatan", "tgl pembuatan", "tanggal dibuat", "dibuat", "dibuat tanggal"])
        add(["revised"], ["tanggal revisi", "tgl revisi", "revisi", "direvisi"])
        add(["effective"], ["tanggal efektif", "tgl efektif", "efektif", "berlaku", "tanggal berlaku"])
        add(["approved_by"], ["disahkan oleh", "disahkan", "pengesahan", "mengesahkan", "approved"])
        add(["legal_basis"], ["dasar hukum"])
        add(["qualifications"], ["kualifikasi pelaksana", "kualifikasi"])
        add(["equipment", "needs"], ["peralatan", "perlengkapan", "peralatan perlengkapan", "alat"])
        add(["warnings"], ["peringatan"])
        add(["records"], ["pencatatan dan pendataan", "pencatatan", "pendataan", "pencatatan pendataan"])
        add(["related"], ["keterkaitan", "keterkaitan sop", "sop terkait", "terkait"])
        add(["nip"], ["nomor induk pegawai"])
        // The project file.
        add(["organization"], ["organisasi", "unit kerja", "instansi", "satuan kerja", "organisation"])
        add(["parents"], ["induk", "unit induk", "atasan"])
        add(["roles", "role"], ["peran", "jabatan pelaksana"])
        add(["title", "role", "roles"], ["jabatan", "nama jabatan"])
        add(["calendar"], ["kalender", "hari kerja"])
        add(["sopc"], ["versi", "version"])
        return table
    }()

    /// `Tanggal_Efektif`, `tanggal-efektif`, ` Tanggal  efektif:` → `tanggal efektif`.
    package static func normalise(_ key: String) -> String {
        // ASCII alone (nearly every key): byte by byte, the same result as by characters below.
        if key.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            out.reserveCapacity(key.utf8.count)
            var space = false
            for var b in key.utf8 {
                switch b {
                case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "."),
                    UInt8(ascii: ":"), UInt8(ascii: "/"):
                    space = true
                default:
                    if b >= 0x41, b <= 0x5A { b += 0x20 }
                    if space, !out.isEmpty { out.append(0x20) }
                    space = false
                    out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return normaliseByCharacter(key)
    }

    /// ``normalise(_:)`` character by character: the rule itself, for any key.
    package static func normaliseByCharacter(_ key: String) -> String {
        var out = ""
        var space = false
        for ch in key.lowercased() {
            if ch == "_" || ch == "-" || ch == " " || ch == "\t" || ch == "." || ch == ":" || ch == "/" {
                space = true
            } else {
                if space, !out.isEmpty { out.append(" ") }
                space = false
                out.append(ch)
            }
        }
        return out
    }

    /// The key `written` means among `keys`: the same key in other capitals or with spaces or dashes for
    /// underscores (`Activity`, `approved by`), or a form term that means it (`kegiatan` → `activity`).
    /// `value` chooses between `actor` and `actors`. Nil when it is neither.
    package static func meaning(of written: String, among keys: [String], value: YAMLNode? = nil) -> String? {
        let word = normalise(written)
        if let same = keys.first(where: { normalises(key: $0, to: word) }) { return same }
        guard let candidates = meanings[word] else { return nil }
        let allowed = candidates.filter { keys.contains($0) }
        if allowed.contains("actor"), allowed.contains("actors") { return value?.kind == .sequence ? "actors" : "actor" }
        return allowed.first
    }

    /// Whether `normalise(key) == word`, without making the normalised key when `key` is an ASCII key in small
    /// letters and underscores (the format's own keys, which every unknown key is held against).
    static func normalises(key: String, to word: String) -> Bool {
        let plain = key.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || $0 == UInt8(ascii: "_") }
        guard plain, let first = key.utf8.first, first != UInt8(ascii: "_"), key.utf8.last != UInt8(ascii: "_")
        else { return normalise(key) == word }
        // Such a key normalises to itself with each run of underscores one space; `word` is normalised, so
        // a match is ASCII and as long as the key once each run is one byte.
        var w = word.utf8.makeIterator()
        var previousUnderscore = false
        for b in key.utf8 {
            if b == UInt8(ascii: "_") {
                if !previousUnderscore, w.next() != UInt8(ascii: " ") { return false }
                previousUnderscore = true
            } else {
                previousUnderscore = false
                if w.next() != b { return false }
            }
        }
        return w.next() == nil
    }

    /// Every key a term means, wherever it is allowed (for "this belongs elsewhere").
    package static func meanings(of written: String) -> [String] {
        meanings[normalise(written)] ?? []
    }
}
