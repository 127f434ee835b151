import SOPSystem

/// How serious a diagnostic is. Errors fail `sopc check`; warnings do so only under `--strict`.
public enum Severity: String, Sendable, Comparable {
    case error
    case warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
}

/// Every check sopc makes, by its stable id (docs/CHECKS.md). Tests, `allow:` lists and docs/CHECKS.md use these ids.
public enum CheckID: String, Sendable, CaseIterable, Comparable {
    case yamlSyntax = "yaml-syntax"
    case duplicateKey = "duplicate-key"
    case unknownKey = "unknown-key"
    case missingKey = "missing-key"
    case importTodo = "import-todo"
    case wrongType = "wrong-type"
    case invalidID = "invalid-id"
    case sopIDMismatch = "sop-id-mismatch"
    case duplicateID = "duplicate-id"
    case tooLarge = "too-large"
    case missingProject = "missing-project"
    case unknownActor = "unknown-actor"
    case actorNotInColumns = "actor-not-in-columns"
    case unusedActor = "unused-actor"
    case tooManyActors = "too-many-actors"
    case formOverflow = "form-overflow"
    case unprintableText = "unprintable-text"
    case invalidLogo = "invalid-logo"
    case unknownArtefact = "unknown-artefact"
    case artefactUnavailable = "artefact-unavailable"
    case callInputUnavailable = "call-input-unavailable"
    case outputNotMade = "output-not-made"
    case unusedArtefact = "unused-artefact"
    case unusedInput = "unused-input"
    case unusedDefinition = "unused-definition"
    case unknownStep = "unknown-step"
    case unreachableStep = "unreachable-step"
    case noPathToEnd = "no-path-to-end"
    case decisionSameTarget = "decision-same-target"
    case unknownSOP = "unknown-sop"
    case callCycle = "call-cycle"
    case invalidTime = "invalid-time"
    case missingTime = "missing-time"
    case invalidDate = "invalid-date"
    case dateOrder = "date-order"
    case invalidAllow = "invalid-allow"
    case staleOutput = "stale-output"
    case yamlCommentInText = "yaml-comment-in-text"
    case ignoredFile = "ignored-file"
    case callTimeMismatch = "call-time-mismatch"
    case deadlineExceeded = "deadline-exceeded"
    case deadlineAtRisk = "deadline-at-risk"

    public static func < (a: CheckID, b: CheckID) -> Bool { a.rawValue < b.rawValue }

    /// The severity docs/CHECKS.md gives this id.
    public var severity: Severity {
        switch self {
        case .unusedActor, .tooManyActors, .formOverflow, .unprintableText, .unusedArtefact, .unusedInput,
            .unusedDefinition, .decisionSameTarget, .missingTime, .dateOrder, .yamlCommentInText, .ignoredFile,
            .callTimeMismatch, .deadlineAtRisk:
            return .warning
        default:
            return .error
        }
    }

    /// One line saying when the check fires; used for SARIF rules and docs/CHECKS.md.
    public var summary: String {
        switch self {
        case .yamlSyntax: return "libyaml cannot read the file"
        case .duplicateKey: return "a mapping repeats a key"
        case .unknownKey: return "a key the format does not have"
        case .missingKey: return "a required key is absent"
        case .importTodo:
            return
                "a '?' that 'sopc import' left where the imported table does not say something (an actor, a decision's branch or question, a name)"
        case .wrongType: return "a value has the wrong YAML shape (mapping, sequence, scalar) or type"
        case .invalidID: return "an id breaks the id pattern, or uses 'end'"
        case .sopIDMismatch: return "'sop:' differs from the file name"
        case .duplicateID: return "two steps, two SOPs, or a local and a project artefact share an id"
        case .tooLarge:
            return
                "a limit is passed: file over 32 MiB, nesting over 64, alias expansion over 100,000 nodes, a file over 3,000,000 nodes, an SOP over 250,000 steps, more than 1,000 problems in one file"
        case .missingProject: return "no sopc.yaml at the definitions root"
        case .unknownActor: return "an actor (or approved_by.role) that is not a project role"
        case .actorNotInColumns: return "a step's actor is missing from the SOP's explicit 'actors:' list"
        case .unusedActor: return "an 'actors:' column no step uses"
        case .tooManyActors: return "more than 7 actor columns: the printed form will not fit"
        case .formOverflow:
            return "a text that the printed form cannot show in full (a row taller than a page, a header too narrow for its name)"
        case .unprintableText: return "a character that the form's font cannot print (it would print as an empty box)"
        case .invalidLogo:
            return
                "'organization.logo' is missing, not a PNG, JPEG or SVG image (by its content), over 1 MiB, or not a readable SVG"
        case .unknownArtefact:
            return "a needs/makes/inputs/outputs id that is neither a project nor a local artefact (nor equipment, for needs)"
        case .artefactUnavailable: return "a step needs an artefact that is not available on every path to it"
        case .callInputUnavailable: return "a called SOP's input is not available on every path to the call step"
        case .outputNotMade: return "an SOP output is not available on every path to 'end'"
        case .unusedArtefact: return "a made artefact that no later step needs, no called SOP takes, and the SOP does not output"
        case .unusedInput: return "an SOP input that nothing needs"
        case .unusedDefinition: return "a local artefact nothing mentions"
        case .unknownStep: return "'next'/'yes'/'no' names no step of the SOP"
        case .unreachableStep: return "a step that no path from the first step reaches"
        case .noPathToEnd: return "a step from which 'end' cannot be reached (a loop with no exit)"
        case .decisionSameTarget: return "'yes' and 'no' lead to the same step"
        case .unknownSOP: return "'call:' or 'related:' names no SOP of the project"
        case .callCycle: return "SOPs call each other in a cycle"
        case .invalidTime: return "a 'time:' that is not '<number> <unit>' or '<number>-<number> <unit>'"
        case .missingTime: return "a step without 'time:'"
        case .invalidDate: return "an identity date that is not a real YYYY-MM-DD date"
        case .dateOrder: return "'effective' or 'revised' before 'created'"
        case .invalidAllow: return "an 'allow:' entry that names an error id, or no id at all"
        case .yamlCommentInText:
            return "a plain (unquoted) text value is followed on its line by ' #...', which YAML drops as a comment"
        case .ignoredFile: return "a file whose name is a near miss of an SOP or project file, and so is not read"
        case .staleOutput: return "a generated file differs from what 'sopc build' would write, is missing, or is left over"
        case .callTimeMismatch: return "a call step's written 'time:' differs from the called SOP's main-path total"
        case .deadlineExceeded: return "the main path's planned time is longer than the SOP's 'deadline:'"
        case .deadlineAtRisk:
            return "the main path fits the 'deadline:', but not with one trip round each correction loop"
        }
    }

    /// ``summary`` in `language`.
    public func summary(in language: Language) -> String {
        switch language {
        case .english: return summary
        case .indonesian: return indonesianSummary
        }
    }

    /// ``summary`` in Bahasa Indonesia. An id missing here shows its English summary, which the catalogue
    /// test reports.
    public var indonesianSummary: String { Self.indonesianSummaries[self] ?? summary }

    static let indonesianSummaries: [CheckID: String] = [
        .yamlSyntax: "libyaml tidak dapat membaca berkas",
        .duplicateKey: "sebuah kunci ditulis dua kali dalam satu mapping",
        .unknownKey: "kunci yang tidak dikenal dalam format sopc",
        .missingKey: "kunci wajib tidak ditulis",
        .importTodo:
            "tanda '?' yang ditinggalkan 'sopc import' di tempat yang tidak disebutkan tabel yang diimpor (pelaksana, cabang atau pertanyaan keputusan, nama)",
        .wrongType: "bentuk YAML nilai (mapping, sequence, scalar) atau jenisnya salah",
        .invalidID: "id tidak mengikuti pola id, atau memakai 'end'",
        .sopIDMismatch: "'sop:' berbeda dengan nama berkas",
        .duplicateID: "dua langkah, dua SOP, atau dokumen lokal dan dokumen proyek memakai id yang sama",
        .tooLarge:
            "batas terlampaui: berkas lebih dari 32 MiB, susunan berjenjang lebih dari 64 tingkat, alias terurai lebih dari 100.000 simpul, berkas lebih dari 3.000.000 simpul, SOP lebih dari 250.000 langkah, lebih dari 1.000 masalah dalam satu berkas",
        .missingProject: "tidak ada sopc.yaml di akar folder definisi",
        .unknownActor: "pelaksana (atau approved_by.role) yang bukan peran dalam proyek",
        .actorNotInColumns: "pelaksana sebuah langkah tidak tercantum dalam daftar 'actors:' SOP",
        .unusedActor: "kolom 'actors:' yang tidak dipakai oleh langkah mana pun",
        .tooManyActors: "lebih dari 7 kolom pelaksana: formulir cetak tidak akan muat",
        .unknownArtefact:
            "id pada needs/makes/inputs/outputs yang bukan dokumen proyek maupun dokumen lokal (juga bukan peralatan, untuk needs)",
        .artefactUnavailable: "langkah memerlukan dokumen yang tidak tersedia pada setiap alur menuju langkah tersebut",
        .callInputUnavailable: "input SOP yang dipanggil tidak tersedia pada setiap alur menuju langkah pemanggilnya",
        .outputNotMade: "output SOP tidak tersedia pada setiap alur menuju 'end'",
        .unusedArtefact:
            "dokumen yang dibuat, tetapi tidak diperlukan oleh langkah sesudahnya, tidak diterima oleh SOP yang dipanggil, dan tidak menjadi output SOP",
        .unusedInput: "input SOP yang tidak diperlukan oleh apa pun",
        .unusedDefinition: "dokumen lokal yang tidak pernah disebut",
        .unknownStep: "'next'/'yes'/'no' tidak merujuk ke langkah mana pun dalam SOP",
        .unreachableStep: "langkah yang tidak tercapai oleh alur mana pun dari langkah pertama",
        .noPathToEnd: "langkah yang tidak memiliki alur menuju 'end' (putaran tanpa jalan keluar)",
        .decisionSameTarget: "'yes' (Ya) dan 'no' (Tidak) menuju langkah yang sama",
        .unknownSOP: "'call:' atau 'related:' tidak merujuk ke SOP mana pun dalam proyek",
        .callCycle: "beberapa SOP saling memanggil secara berputar",
        .invalidTime: "'time:' yang tidak berbentuk '<angka> <satuan>' atau '<angka>-<angka> <satuan>'",
        .missingTime: "langkah tanpa 'time:' (Waktu)",
        .invalidDate: "tanggal identitas SOP yang bukan tanggal YYYY-MM-DD yang sah",
        .dateOrder: "'effective' atau 'revised' lebih awal daripada 'created'",
        .invalidAllow: "butir 'allow:' yang menyebut id kesalahan (error), atau bukan id sama sekali",
        .formOverflow:
            "teks yang tidak dapat ditampilkan utuh pada formulir cetak (baris lebih tinggi dari satu halaman, kepala kolom terlalu sempit untuk namanya)",
        .unprintableText: "karakter yang tidak dapat dicetak oleh huruf formulir (akan tercetak sebagai kotak kosong)",
        .invalidLogo:
            "'organization.logo' yang tidak dapat dipakai: berkas tidak ada, bukan gambar PNG, JPEG, atau SVG, atau lebih dari 1 MiB",
        .callTimeMismatch:
            "'time:' yang ditulis pada langkah pemanggil berbeda dengan jumlah Waktu alur utama SOP yang dipanggil",
        .deadlineExceeded: "jumlah Waktu alur utama lebih lama daripada batas waktu SOP ('deadline:')",
        .deadlineAtRisk:
            "jumlah Waktu alur utama masih dalam batas waktu ('deadline:'), tetapi tidak bila ditambah satu putaran setiap perbaikan",
        .yamlCommentInText:
            "teks biasa (tanpa tanda kutip) diikuti ' #...' pada barisnya, yang oleh YAML dibuang sebagai komentar",
        .ignoredFile: "berkas yang namanya nyaris nama berkas SOP atau berkas proyek, sehingga tidak dibaca",
        .staleOutput:
            "berkas hasil build berbeda dengan yang akan ditulis 'sopc build', belum ada, atau merupakan sisa build sebelumnya",
    ]
}
