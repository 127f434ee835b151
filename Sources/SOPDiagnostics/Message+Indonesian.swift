import SOPSystem

/// The Indonesian catalogue (Bahasa Indonesia): the text of every ``Message``, in the words of the
/// Permenpan RB 35/2012 form. Mirrors `Message+English.swift` section by section; an entry missing here
/// renders empty, which the catalogue test reports.
///
/// Vocabulary: a step is a "langkah", a role a "peran", an actor a "pelaksana", an artefact a "dokumen", a
/// file a "berkas", a YAML key a "kunci"; the form's columns keep their names (Kegiatan, Pelaksana,
/// Kelengkapan, Waktu, Output, Keterangan) and the decision's branches are Ya/Tidak. Keys, ids and values
/// stay as they are written, in single quotes; a YAML word a planner may not know gets a gloss.
extension Message {
    var indonesian: String {
        if let text = indonesianCommon ?? indonesianYAML ?? indonesianShapes ?? indonesianChecks ?? indonesianImport
            ?? indonesianFrontEnd ?? indonesianCascade ?? indonesianFont ?? indonesianLogo
            ?? indonesianRuntime
        {
            return text
        }
        return indonesianFlow
    }

    /// `'a', 'b', dan 'c'` (EYD: a comma before "dan" from three items on).
    static func indonesianList(_ items: [String]) -> String {
        let q = items.map { "'\($0)'" }
        switch q.count {
        case 0: return ""
        case 1: return q[0]
        case 2: return q[0] + " dan " + q[1]
        default: return q.dropLast().joined(separator: ", ") + ", dan " + q.last!
        }
    }

    private var indonesianCommon: String? {
        switch self {
        case .external(let s): return s
        case .didYouMean(let s): return "maksud Anda '\(s)'?"
        case .subjectKey(let k): return "'\(k)'"
        case .subjectProjectFile: return "berkas proyek"
        case .subjectSOPFile: return "berkas SOP"
        case .subjectRole: return "peran"
        case .subjectRoleNamed(let id): return "peran '\(id)'"
        case .subjectNameOfRole(let id): return "nama peran '\(id)'"
        case .subjectTitleOfRole(let id): return "jabatan peran '\(id)'"
        case .subjectArtefact: return "dokumen"
        case .subjectNameOfArtefact(let id): return "nama dokumen '\(id)'"
        case .subjectEquipment: return "peralatan"
        case .subjectNameOfEquipment(let id): return "nama peralatan '\(id)'"
        case .subjectSOPID: return "id SOP"
        case .subjectStepID: return "id langkah"
        case .subjectAStep: return "salah satu langkah"
        case .subjectTheStep: return "langkah ini"
        case .subjectStepNamed(let id): return "langkah '\(id)'"
        case .subjectEntry(let of): return "salah satu butir \(of.indonesian)"
        case .subjectStepPart(let part, let of): return "\(part.indonesian) pada \(of.indonesian)"
        default: return nil
        }
    }

    private var indonesianYAML: String? {
        switch self {
        case .libyamlCannotStart: return "pembaca YAML (libyaml) tidak dapat dijalankan karena memori tidak cukup"
        case .libyamlOutOfMemory: return "pembaca YAML (libyaml) kehabisan memori"
        case .libyamlProblem(let problem, let character):
            // libyaml's own words stay as they are, named as such.
            let code = character.map { " (#x\(String($0, radix: 16, uppercase: true)))" } ?? ""
            guard let problem else { return "berkas tidak dapat dibaca sebagai YAML" + code }
            return "berkas tidak dapat dibaca sebagai YAML: \(problem)\(code)"
        case .libyamlContext(let s): return "libyaml: \(s)"
        case .secondDocument:
            return "dokumen YAML kedua dimulai di sini, padahal satu berkas hanya boleh memuat satu dokumen YAML"
        case .secondDocumentHelp: return "tulis setiap SOP dalam berkasnya sendiri"
        case .unknownAlias(let n): return "alias '*\(n)' tidak dikenal: tidak ada penanda '&\(n)' sebelumnya"
        case .didYouMeanAlias(let n): return "maksud Anda '*\(n)'?"
        case .aliasHelp: return "alias '*nama' mengulang nilai yang telah ditandai '&nama' di bagian atas berkas"
        case .invalidUTF8Byte(let b):
            return "berkas ini bukan teks UTF-8 yang sah: bita 0x\(b) di sini bukan awal sebuah karakter yang sah"
        case .invalidUTF8AtEnd: return "berkas ini bukan teks UTF-8 yang sah: berkas berakhir di tengah sebuah karakter"
        case .saveAsUTF8:
            return "simpan berkas sebagai teks UTF-8 (berkas ini tampaknya memakai pengodean lain, misalnya Windows-1252)"
        case .removeCharacter: return "hapus karakter ini; berkas YAML hanya boleh berisi teks yang dapat dicetak"
        case .quoteValueWithColon: return "nilai tanpa tanda kutip tidak boleh memuat ': '; apit seluruh nilai dengan tanda kutip"
        case .quoteValueStart:
            return "nilai tanpa tanda kutip tidak boleh diawali karakter ini; apit seluruh nilai dengan tanda kutip"
        case .indentLikeKeys: return "baris ini tidak menjorok sejajar dengan kunci di atasnya"
        case .indentWithSpaces: return "gunakan spasi untuk menjorokkan baris; YAML tidak membolehkan tab di situ"
        case .keyNeedsColon: return "kunci harus diikuti ': ' (atau apit nilainya dengan tanda kutip)"
        case .duplicateKey(let k): return "kunci '\(k)' ditulis dua kali"
        case .firstDefinedHere: return "pertama kali ditulis di sini"
        case .removeOneKeepFirst: return "hapus salah satunya; sopc memakai yang pertama"
        case .actorAndActors(let what): return "\(what.indonesian) memuat 'actor' sekaligus 'actors'"
        case .actorIsHere: return "'actor' ada di sini"
        case .keepOneActorKey:
            return "pilih salah satu: 'actor: x' untuk satu pelaksana, 'actors: [x, y]' untuk beberapa pelaksana"
        case .mergeKeyUnsupported: return "kunci penggabung ('<<') tidak didukung"
        case .writeMergeOut: return "tulis kunci-kuncinya satu per satu, atau gunakan alias untuk seluruh nilai"
        case .unknownKey(let k, let what): return "kunci '\(k)' tidak dikenal dalam \(what.indonesian)"
        case .allowedKeys(let keys): return "kunci yang dapat dipakai di sini: \(Message.indonesianList(keys))"
        case .nextOnDecision: return "'next' tidak dapat dipakai pada langkah keputusan"
        case .writeYes(let t): return "tulis 'yes: \(t)': langkah keputusan berlanjut melalui 'yes:' (Ya) dan 'no:' (Tidak)"
        case .decisionGoesOn:
            return "langkah keputusan berlanjut melalui 'yes:' (Ya; bila tidak ditulis, ke langkah sesudahnya) dan 'no:' (Tidak)"
        case .onlyOnDecision(let k): return "'\(k)' hanya dapat dipakai pada langkah keputusan"
        case .makeItADecision:
            return "tambahkan 'decision: <pertanyaan>?' untuk menjadikan langkah ini keputusan, atau gunakan 'next:'"
        case .noKey(let what, let key): return "\(what.indonesian) tidak memuat kunci '\(key)'"
        case .noRoles: return "'roles' tidak berisi satu peran pun; SOP memerlukan sedikitnya satu pelaksana"
        case .noSteps: return "'steps' kosong, padahal SOP harus memuat sedikitnya satu langkah"
        case .listsNoActor(let what): return "\(what.indonesian) tidak menyebutkan pelaksana"
        case .sayWhoDoesIt: return "sebutkan pelaksananya: 'actor: <peran>' atau 'actors: [<peran>, ...]'"
        case .noNoBranch(let what): return "\(what.indonesian) adalah keputusan, tetapi tidak memiliki cabang 'no' (Tidak)"
        case .addNoBranch: return "tambahkan 'no: <langkah>' (untuk putaran perbaikan: langkah yang memperbaiki)"
        case .invalidID(let what, let value): return "\(what.indonesian) '\(value)' bukan id yang sah"
        case .idPattern:
            return "id terdiri atas huruf kecil, angka, dan tanda hubung tunggal, diawali huruf, dan paling panjang 64 karakter"
        case .writeIDAs(let s): return "tulis sebagai '\(s)'"
        case .endReserved: return "'end' adalah tujuan khusus (akhir SOP) dan tidak dapat dipakai sebagai id langkah"
        case .nameStepAfterAction: return "beri nama langkah sesuai dengan pekerjaannya, misalnya 'selesai'"
        case .sopIDMismatch(let id, let stem): return "'sop: \(id)' berbeda dengan nama berkas '\(stem).sop.yaml'"
        case .writeSOPOrRename(let stem, let id):
            return "tulis 'sop: \(stem)', atau ubah nama berkas menjadi '\(id).sop.yaml'"
        case .renameFile(let id): return "ubah nama berkas menjadi '\(id).sop.yaml'"
        case .fileTooLarge(let bytes, let limit):
            let (size, most) = (Message.grouped(bytes, "."), Message.grouped(limit, "."))
            return "ukuran berkas \(size) bita, melebihi batas \(most) bita (32 MiB)"
        case .splitIntoCallingSOPs: return "pecah menjadi beberapa SOP yang saling memanggil"
        case .splitIntoSubSOPs: return "pecah SOP ini menjadi beberapa sub-SOP yang saling memanggil"
        case .nestingTooDeep(let limit): return "susunan berjenjang melebihi \(limit) tingkat"
        case .fewLevels: return "SOP hanya memerlukan sedikit tingkat; berkas ini kemungkinan besar dihasilkan secara keliru"
        case .aliasesExpandTooMuch: return "alias terurai menjadi lebih dari 100.000 simpul"
        case .tooManyNodes(let limit):
            return "berkas memuat lebih dari \(Message.grouped(limit, ".")) simpul YAML (kunci, nilai, dan butir daftar)"
        case .tooManySteps(let count, let limit):
            return "SOP memuat \(Message.grouped(count, ".")) langkah, melebihi batas \(Message.grouped(limit, ".")) langkah"
        case .problemsNotShown(let shown, let more):
            let n = Message.grouped(shown, ".")
            let rest = Message.grouped(more, ".")
            return "berkas ini memuat lebih dari \(n) masalah: \(n) dilaporkan, \(rest) lainnya tidak dilaporkan"
        case .correctShownProblems: return "perbaiki masalah yang dilaporkan, lalu periksa kembali"
        case .writeRepeatedParts: return "tulis bagian yang berulang secara lengkap, atau kurangi alias yang bertumpuk"
        default: return nil
        }
    }

    private var indonesianShapes: String? {
        switch self {
        case .mustBeMapping(let what, let found):
            return "\(what.indonesian) harus berupa \(Shape.mapping.indonesian), bukan \(found.indonesian)"
        case .keyMustBePlain(let what, let found):
            return "kunci dalam \(what.indonesian) harus berupa nama biasa, bukan \(found.indonesian)"
        case .mustBeText(let what, let found): return "\(what.indonesian) harus berupa teks, bukan \(found.indonesian)"
        case .mustBeSequence(let what, let found):
            return "\(what.indonesian) harus berupa \(Shape.sequence.indonesian), bukan \(found.indonesian)"
        case .writeAsList(let t): return "tulis sebagai daftar: [\(t)]"
        case .mustBeNumber(let what, let max, let found):
            return "\(what.indonesian) harus berupa bilangan lebih dari 0 dan paling besar \(max), bukan '\(found)'"
        case .unsupportedVersion(let v): return "versi format '\(v)' tidak didukung; yang ada hanya versi 1"
        case .writeVersion1: return "tulis 'sopc: 1'"
        case .mustBeIDMapping(let what, let found):
            return "\(what.indonesian) harus berupa pasangan 'id: nama', bukan \(found.indonesian)"
        case .idMustBePlain(let what, let found):
            return "id dalam \(what.indonesian) harus berupa nama biasa, bukan \(found.indonesian)"
        case .stepsMustBeSequence:
            return "'steps' harus berupa \(Shape.sequence.indonesian), bukan \(Shape.mapping.indonesian)"
        case .writeStepsAsList: return "tulis setiap langkah sebagai butir daftar yang diawali '- id: <langkah>'"
        case .actorIsOneRole: return "'actor' menyebut satu peran saja, bukan \(Shape.sequence.indonesian)"
        case .useActorsKey: return "untuk beberapa pelaksana, tulis 'actors:' sebagai ganti 'actor:'"
        case .explicitTag(let t): return "tag eksplisit '\(t)' tidak didukung"
        case .removeTag: return "hapus tag tersebut; sopc hanya membaca nilai YAML biasa"
        case .emptyFile: return "berkas ini kosong, padahal harus berisi \(Shape.mapping.indonesian)"
        default: return nil
        }
    }

    private var indonesianChecks: String? {
        switch self {
        case .actorListedTwice(let id): return "pelaksana '\(id)' disebut dua kali dalam 'actors:'"
        case .firstListedHere: return "pertama kali disebut di sini"
        case .localArtefactClash(let id, let equipment):
            return "dokumen lokal '\(id)' memakai id yang sama dengan \(equipment ? "peralatan proyek" : "dokumen proyek")"
        case .projectItemDefinedHere(let id): return "'\(id)' milik proyek didefinisikan di sini"
        case .useProjectItem(let id): return "gunakan '\(id)' milik proyek dan hapus yang lokal, atau ubah namanya"
        case .sopIDTwice(let id): return "id SOP '\(id)' dipakai oleh dua berkas"
        case .alsoUsedHere: return "juga dipakai di sini"
        case .sopIDsUnique: return "id SOP tidak boleh kembar dalam satu proyek; ubah nama salah satu berkas beserta 'sop:'-nya"
        case .artefactAndEquipment(let id): return "'\(id)' terdaftar sebagai dokumen sekaligus peralatan"
        case .artefactDefinedHere: return "dokumen tersebut didefinisikan di sini"
        case .stepIDTwice(let id): return "id langkah '\(id)' dipakai dua kali"
        case .firstUsedHere: return "pertama kali dipakai di sini"
        case .stepIDsUnique:
            return
                "id langkah tidak boleh kembar dalam satu SOP agar dapat dirujuk oleh 'next', 'yes', dan 'no'; ubah salah satunya"
        case .missingProject(let file, let folder): return "berkas proyek '\(file)' tidak ada di '\(folder)'"
        case .createProjectFile(let path):
            return "buat \(path) yang berisi 'sopc: 1', 'organization' (instansi), dan daftar perannya ('roles')"
        case .notARole(let id): return "'\(id)' bukan peran yang terdaftar dalam proyek"
        case .rolesDefinedIn(let file): return "daftar peran ada di \(file)"
        case .roleName(let id, let role): return "'\(id)' adalah nama peran '\(role)'; tulis id-nya: '\(role)'"
        case .useRoleOrAdd(let ids, let file):
            return "gunakan salah satu dari \(Message.indonesianList(ids)), atau tambahkan peran tersebut ke \(file)"
        case .noColumn(let id, let step):
            return "'\(id)' melaksanakan langkah \(step), tetapi tidak memiliki kolom dalam 'actors:'"
        case .columnsListedHere: return "kolom pelaksana disebutkan di sini"
        case .addToActors(let id): return "tambahkan '\(id)' ke 'actors:'"
        case .unusedColumn(let id): return "kolom '\(id)' disebut dalam 'actors:', tetapi tidak dipakai oleh langkah mana pun"
        case .removeColumnOrGiveStep: return "hapus dari 'actors:', atau tugaskan sebuah langkah kepadanya"
        case .tooManyColumns(let n, let max):
            return "terdapat \(n) kolom pelaksana, sedangkan formulir cetak paling banyak memuat \(max) kolom"
        case .tooManyRoles(let n, let max):
            return "langkah-langkahnya memakai \(n) peran, sedangkan formulir cetak paling banyak memuat \(max) kolom"
        case .splitOrMergeRoles: return "pecah SOP ini, atau gabungkan peran yang bekerja bersama"
        case .equipmentNotFor(let id, let use):
            return "'\(id)' adalah peralatan: dapat menjadi kelengkapan langkah, tetapi tidak dapat \(use.indonesian)"
        case .notAnArtefact(let id, let orEquipment):
            return "'\(id)' bukan dokumen lokal dan bukan dokumen proyek\(orEquipment ? ", juga bukan peralatan" : "")"
        case .equipmentAtHand:
            return "peralatan selalu tersedia, sehingga langkah hanya mencantumkannya dalam 'needs:' (Kelengkapan)"
        case .artefactName(let written, let id, let name):
            return "'\(written)' adalah nama '\(id)' (\(name)), bukan id-nya; tulis '\(id)'"
        case .defineArtefact(let file): return "definisikan di bawah 'artefacts:' dalam SOP ini atau dalam \(file)"
        case .unusedLocal(let id): return "dokumen lokal '\(id)' didefinisikan, tetapi tidak pernah disebut"
        case .removeOrNameIt:
            return "hapus dokumen ini, atau sebutkan dalam 'needs:' (Kelengkapan) atau 'makes:' (Output) salah satu langkah"
        case .callNamesNoSOP(let id): return "'call: \(id)' tidak merujuk ke SOP mana pun dalam proyek"
        case .relatedNamesNoSOP(let id): return "'\(id)' dalam 'related:' tidak merujuk ke SOP mana pun dalam proyek"
        case .sopIDIsFileName:
            return "id SOP adalah nama berkas sebelum '.sop.yaml', untuk berkas di dalam folder definisi"
        case .onlyOtherSOP(let id): return "satu-satunya SOP lain dalam proyek ini adalah '\(id)'"
        case .otherSOPs(let ids): return "SOP lain dalam proyek ini adalah \(Message.indonesianList(ids))"
        default: return nil
        }
    }

    private var indonesianFlow: String {
        switch self {
        case .namesNoStep(let key, let target): return "'\(key): \(target)' tidak merujuk ke langkah mana pun dalam SOP ini"
        case .nameAStep: return "sebutkan id salah satu langkah dalam SOP ini, atau 'end'"
        case .neverReached(let step): return "langkah \(step) tidak pernah tercapai dari langkah pertama"
        case .pointAtIt: return "arahkan 'next', 'yes', atau 'no' ke langkah ini, atau hapus langkah ini"
        case .firstStepNoPath(let step):
            return "tidak ada alur dari langkah pertama \(step) menuju 'end': SOP ini tidak akan pernah selesai"
        case .noPathToEnd(let step): return "tidak ada alur dari langkah \(step) menuju 'end'"
        case .loopsWithoutExit(let cycle): return "alurnya berputar tanpa jalan keluar: \(cycle)"
        case .giveLoopExit: return "beri putaran ini jalan keluar: sebuah keputusan yang cabang lainnya berlanjut menuju 'end'"
        case .bothBranchesSame(let step, let target, let following):
            return "kedua cabang (Ya dan Tidak) keputusan \(step) menuju '\(target)'\(following ? " (langkah sesudahnya)" : "")"
        case .sendNoToCorrection:
            return "arahkan 'no' (Tidak) ke langkah yang memperbaiki, atau jadikan langkah ini langkah proses biasa"
        case .callsItself(let id): return "SOP '\(id)' memanggil dirinya sendiri"
        case .callCycle(let ids):
            return "beberapa SOP saling memanggil secara berputar: " + ids.map { "'\($0)'" }.joined(separator: " → ")
        case .callsHere(let caller, let callee): return "'\(caller)' memanggil '\(callee)' di sini"
        case .removeSelfCall: return "langkah tidak dapat menjalankan SOP tempatnya berada; hapus 'call:' ini"
        case .breakCycle:
            return "SOP yang dipanggil harus selesai tanpa memanggil kembali; putuskan putaran ini pada salah satu 'call:'"
        case .needUnavailable(let step, let id, let name):
            return "langkah \(step) memerlukan '\(id)' (\(name)), yang tidak tersedia pada setiap alur menuju langkah tersebut"
        case .missingOnPath(let path): return "dokumen tersebut tidak tersedia pada alur ini: \(path)"
        case .madeNotOnEveryPath(let beforeEnd):
            return "dokumen dibuat di sini, tetapi tidak pada setiap alur sebelum \(beforeEnd ? "'end'" : "langkah tersebut")"
        case .callGivesNotOnEveryPath(let beforeEnd):
            return
                "dokumen dihasilkan oleh panggilan SOP ini, tetapi tidak pada setiap alur sebelum \(beforeEnd ? "'end'" : "langkah tersebut")"
        case .noStepMakes: return "tidak ada langkah dalam SOP ini yang membuatnya"
        case .makeEarlierOrInput:
            return "buat dokumen ini pada langkah sebelumnya di setiap alur, atau cantumkan dalam 'inputs:' SOP"
        case .callInputUnavailable(let sop, let id, let name, let step):
            return "SOP '\(sop)' menerima input '\(id)' (\(name)), yang tidak tersedia pada setiap alur menuju langkah \(step)"
        case .inputOfHere(let id, let sop): return "'\(id)' ditetapkan sebagai input '\(sop)' di sini"
        case .makeEarlierOrThisInput:
            return "buat dokumen ini pada langkah sebelumnya di setiap alur, atau cantumkan dalam 'inputs:' SOP ini"
        case .localCallInput(let sop, let id):
            return "SOP '\(sop)' menerima input '\(id)', yaitu dokumen lokal '\(sop)' yang tidak dapat diserahkan oleh SOP ini"
        case .crossAsProjectArtefact: return "dokumen yang berpindah antar-SOP harus berupa dokumen proyek dalam sopc.yaml"
        case .outputNotMade(let id, let name): return "output '\(id)' (\(name)) tidak tersedia pada setiap alur menuju 'end'"
        case .makeOnEveryPathOrRemove:
            return "buat dokumen ini pada salah satu langkah di setiap alur menuju 'end', atau hapus dari 'outputs:'"
        case .unusedArtefact(let id, let name):
            return
                "'\(id)' (\(name)) dibuat di sini, tetapi tidak diperlukan oleh langkah sesudahnya, tidak diterima oleh SOP yang dipanggil, dan tidak menjadi output SOP"
        case .outputOrAllow:
            return "cantumkan dalam 'outputs:' bila SOP ini menyerahkannya, atau izinkan dengan 'allow: [unused-artefact]'"
        case .unusedInput(let id):
            return "input '\(id)' tidak pernah diperlukan oleh langkah mana pun dan tidak diterima oleh SOP yang dipanggil"
        case .needOrRemoveInput: return "tambahkan ke 'needs:' pada langkah yang memakainya, atau hapus dari 'inputs:'"
        case .notADuration(let text, let reason):
            return "'\(text)' bukan jangka waktu yang sah\(reason.map { ": \($0.indonesian)" } ?? "")"
        case .notAUnit(let unit): return "'\(unit)' bukan satuan waktu"
        case .rangeBackwards: return "rentangnya terbalik (angka pertama lebih besar)"
        case .durationForm:
            return
                "jangka waktu ditulis '<angka> <satuan>' atau '<angka>-<angka> <satuan>' (tanda hubung boleh '–', boleh berspasi); satuannya: detik, menit, jam, hari, minggu, bulan (atau second, minute, hour, day, week, month), boleh diikuti 'kerja'"
        case .durationExamples: return "misalnya '30 menit', '1,5 jam', '3-7 hari', '10 hari kerja'"
        case .noTime(let step): return "langkah \(step) tidak memuat 'time:' (Waktu)"
        case .addDuration: return "tambahkan perkiraan lama pelaksanaannya, misalnya 'time: 15 menit'"
        case .notARealDate(let what, let text, let reason):
            return "\(what.indonesian) (\(text)) bukan tanggal yang sah: \(reason.indonesian)"
        case .noSuchMonth(let m): return "tidak ada bulan ke-\(m)"
        case .noYearZero: return "tidak ada tahun 0"
        case .noDayZero: return "tidak ada tanggal 0"
        case .monthHasDays(let month, let year, let days):
            return "\(Message.indonesianMonths[(month - 1) % 12]) \(year) hanya memiliki \(days) hari"
        case .notYMD(let what, let text): return "\(what.indonesian) (\(text)) bukan tanggal berformat YYYY-MM-DD"
        case .writeYearFirst(let date): return "tulis tahunnya lebih dahulu: \(date)"
        case .writeYMD: return "tulis tanggal dengan format YYYY-MM-DD, misalnya 2024-01-15"
        case .dateBefore(let key, let text, let created):
            return "'\(key)' (\(text)) lebih awal daripada 'created' (\(created))"
        case .createdIsHere: return "'created' ada di sini"
        case .errorNotSilenceable(let id):
            return "'\(id)' adalah pemeriksaan kesalahan (error); kesalahan tidak dapat diabaikan"
        case .fixErrorInstead(let warnings):
            return "perbaiki kesalahannya; 'allow:' hanya menerima \(Message.indonesianList(warnings))"
        case .notACheckID(let id): return "'\(id)' bukan id pemeriksaan"
        case .allowTakes(let warnings): return "'allow:' menerima \(Message.indonesianList(warnings))"
        case .outputMissing: return "berkas ini belum ada, padahal 'sopc build' akan menuliskannya"
        case .manifestDiffers: return "manifes build berbeda dengan yang akan ditulis 'sopc build'"
        case .outputDiffers: return "berbeda dengan yang akan ditulis 'sopc build'; perbedaan pertama ada di sini"
        case .notWrittenBySopc(let manifest):
            return
                "berkas ini tidak ditulis oleh sopc (tidak tercantum dalam '\(manifest)'), sehingga 'sopc build' tidak akan menimpanya"
        case .outputLeftOver:
            return "berkas sisa: 'sopc build' sebelumnya menulis berkas ini, tetapi definisi tidak lagi menghasilkannya"
        case .temporaryLeft:
            return "berkas sementara yang tertinggal dari 'sopc build' yang terputus (prosesnya sudah tidak berjalan)"
        case .cannotWriteOutput(let what, let blockedBy):
            let subject = blockedBy.map { "'\($0)'" } ?? "yang ada di tempatnya"
            return "'sopc build' tidak dapat menulis berkas ini: \(subject) \(AtomicDirectory.indonesian(what))"
        case .runBuildAndCommit: return "jalankan 'sopc build', lalu simpan hasilnya (commit)"
        case .moveAwayThenBuild: return "pindahkan berkas ini ke tempat lain, lalu jalankan 'sopc build'"
        case .buildRemovesIt: return "jalankan 'sopc build' (yang akan menghapusnya), lalu simpan hasilnya (commit)"
        case .removeWhatStandsThere: return "hapus apa yang ada di tempat itu, lalu jalankan 'sopc build'"
        default: return ""  // every case is rendered by one of the functions above (the catalogue test checks it)
        }
    }

    static let indonesianMonths = [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
        "November", "Desember",
    ]
}

extension Message.Shape {
    var indonesian: String {
        switch self {
        case .mapping: return "pasangan 'kunci: nilai' (mapping)"
        case .sequence: return "daftar (sequence)"
        case .scalar: return "nilai tunggal (scalar)"
        case .null: return "kosong (null)"
        }
    }
}

extension Message.StepPart {
    var indonesian: String {
        switch self {
        case .activity: return "kegiatan ('activity')"
        case .actor: return "pelaksana ('actor')"
        case .actors: return "para pelaksana ('actors')"
        case .needs: return "kelengkapan ('needs')"
        case .makes: return "output ('makes')"
        case .time: return "waktu ('time')"
        case .notes: return "keterangan ('notes')"
        case .call: return "panggilan SOP ('call')"
        case .allowList: return "daftar pengecualian ('allow')"
        case .question: return "pertanyaan keputusan ('decision')"
        case .nextStep: return "langkah berikutnya ('next')"
        case .branch(let key):
            switch key {
            case "yes": return "cabang 'yes' (Ya)"
            case "no": return "cabang 'no' (Tidak)"
            default: return "cabang '\(key)'"
            }
        }
    }
}

extension Message.ArtefactUse {
    var indonesian: String {
        switch self {
        case .input: return "diterima sebagai input"
        case .output: return "diserahkan sebagai output"
        case .need: return ""
        case .make: return "dibuat"
        }
    }
}
