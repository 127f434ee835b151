import ArgumentParser
import SOPCommandLine
import SOPCompiler

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `sopc init [DIR]`: a new definitions folder — the project file and one example SOP, every key commented in
/// Indonesian with the part of the Permenpan form it fills — that `sopc check --strict` passes. It never
/// overwrites anything: when a file it would write exists, it writes nothing (exit 2).
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a new definitions folder: a project file and one example SOP that checks clean.",
        discussion: "Refuses to overwrite anything. Exit status 0: written; 2: a file exists, or a usage or I/O problem."
    )

    @Argument(help: "The definitions folder to create (or fill, when it holds none of the files).")
    var directory: String = "definitions"

    @OptionGroup var languageOption: LanguageOption

    /// The files written, by name in DIR.
    static let files: [(name: String, text: String)] = [
        ("sopc.yaml", InitTemplate.project), ("\(InitTemplate.exampleSOP).sop.yaml", InitTemplate.sop),
    ]

    func run() throws {
        let language = languageOption.language
        let text = InitText.table(language)
        let root = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let paths = Self.files.map { (path: root + "/" + $0.name, text: $0.text) }
        var st = stat()
        if stat(root, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR {
            printError("sopc: \(text.error): \(text.notAFolder(root))")
            throw ExitCode(Exit.usage)
        }
        for path in paths.map(\.path) where lstat(path, &st) == 0 {
            printError("sopc: \(text.error): \(text.exists(path))")
            throw ExitCode(Exit.usage)
        }
        if let failure = InitWriter.makeFolders(root) {
            printError("sopc: \(text.error): \(text.cannotWrite(root, failure))")
            throw ExitCode(Exit.usage)
        }
        var written: [String] = []
        for (path, bytes) in paths {
            if let failure = InitWriter.writeNew(path, Array(bytes.utf8)) {
                // All or nothing: what this run wrote is taken back.
                for done in written { unlink(done) }
                let message = failure == EEXIST ? text.exists(path) : text.cannotWrite(path, FileIO.errorText(failure))
                printError("sopc: \(text.error): \(message)")
                throw ExitCode(Exit.usage)
            }
            written.append(path)
        }
        StandardStreams.out(text.wrote(root, written) + "\n")
    }
}

/// Writing files that do not exist yet, each atomically: the text goes to a temporary file in the same folder,
/// which is then linked under its name — `link` fails when the name exists, so nothing is ever overwritten,
/// and a reader sees the whole file or none.
enum InitWriter {
    /// Creates `path` and the folders above it; nil on success, else why not.
    static func makeFolders(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            if mkdir(prefix, 0o777) != 0, errno != EEXIST { return FileIO.errorText(errno) }
            var st = stat()
            guard stat(prefix, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return FileIO.errorText(ENOTDIR) }
        }
        return nil
    }

    /// Writes a new file; nil on success, else the error number (`EEXIST` when the name is taken).
    static func writeNew(_ path: String, _ bytes: [UInt8]) -> Int32? {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = folder + "/." + name + ".sopc-init-\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return errno }
        let error = bytes.withUnsafeBytes { FileIO.write(fd, $0) }
        let synced = error == 0 ? fsync(fd) : 0
        let syncError = errno
        close(fd)
        guard error == 0, synced == 0 else {
            unlink(temporary)
            return error != 0 ? error : syncError
        }
        let linked = link(temporary, path)
        let linkError = errno
        unlink(temporary)
        return linked == 0 ? nil : linkError
    }
}

/// What `sopc init` prints, in English and in Bahasa Indonesia.
struct InitText {
    var error: String
    var notAFolder: (String) -> String
    var exists: (String) -> String
    var cannotWrite: (String, String) -> String
    var wrote: (String, [String]) -> String

    static func table(_ language: Language) -> InitText {
        switch language {
        case .english:
            return InitText(
                error: "error",
                notAFolder: { "'\($0)' is not a folder" },
                exists: { "'\($0)' already exists; sopc init writes only new files, and wrote nothing" },
                cannotWrite: { "cannot write '\($0)': \($1)" },
                wrote: { root, files in
                    """
                    sopc: wrote a new definitions folder:
                    \(files.map { "  " + $0 }.joined(separator: "\n"))
                    Next: change the organisation, roles and example SOP to yours (each key is explained beside it), then
                      sopc check \(root) --strict
                      sopc build \(root) --out generated
                    """
                })
        case .indonesian:
            return InitText(
                error: "galat",
                notAFolder: { "'\($0)' bukan folder" },
                exists: { "'\($0)' sudah ada; sopc init hanya menulis berkas baru, dan tidak ada yang ditulis" },
                cannotWrite: { "tidak dapat menulis '\($0)': \($1)" },
                wrote: { root, files in
                    """
                    sopc: folder definisi baru telah ditulis:
                    \(files.map { "  " + $0 }.joined(separator: "\n"))
                    Berikutnya: sesuaikan organisasi, jabatan, dan contoh SOP dengan milik Anda (setiap kunci dijelaskan di sampingnya), lalu jalankan
                      sopc check \(root) --strict
                      sopc build \(root) --out generated
                    """
                })
        }
    }
}

/// The files `sopc init` writes. Comments are in Indonesian, naming the part of the Permenpan RB 35/2012 form
/// each key fills.
enum InitTemplate {
    static let exampleSOP = "penerimaan-surat"

    static let project = """
        # Berkas proyek sopc: organisasi, jabatan pelaksana, dokumen bersama, dan kalender kerja.
        # Setiap SOP ditulis dalam berkas tersendiri bernama <id-sop>.sop.yaml di folder ini.
        # Bantuan editor (VS Code dengan ekstensi YAML): sisipkan di baris pertama sebuah komentar
        # "yaml-language-server: $schema=<lokasi>/sopc.schema.json", dengan <lokasi> folder schemas dari sopc.
        sopc: 1                            # versi format berkas ini; selalu 1
        organization:                      # organisasi pemilik SOP (kepala formulir)
          name: Bagian Umum                # nama unit kerja; dicetak pada kepala formulir SOP
          parents:                         # unit di atasnya, dari yang terluar; dicetak di atas nama
            - Pemerintah Kabupaten Contoh
            - Sekretariat Daerah
        roles:                             # jabatan yang dapat menjadi kolom Pelaksana pada formulir
          # id-jabatan: { name: judul kolom Pelaksana, title: nama jabatan lengkap }
          kabag: { name: Kabag Umum, title: Kepala Bagian Umum }
          pengadministrasi: { name: Pengadministrasi, title: Pengadministrasi Umum }
        artefacts:                         # dokumen yang dapat berpindah antar-SOP (Kelengkapan dan Output)
          surat-masuk: Surat masuk         # id-dokumen: nama dokumen seperti tercetak
          lembar-disposisi: Lembar disposisi
        equipment:                         # peralatan yang selalu tersedia; boleh disebut pada Kelengkapan
          komputer: Komputer dan printer
        calendar:                          # dasar penjumlahan Waktu pada formulir
          hours_per_day: 7.5               # jam kerja dalam satu hari
          days_per_week: 5                 # hari kerja dalam satu minggu
          days_per_month: 20               # hari kerja dalam satu bulan

        """

    static let sop = """
        # Contoh SOP: satu berkas per SOP, bernama <id-sop>.sop.yaml. Teks yang memuat ': ', ' #', atau
        # diawali tanda baca seperti * & ! - [ ditulis di antara tanda kutip.
        # Bantuan editor: sisipkan di baris pertama sebuah komentar
        # "yaml-language-server: $schema=<lokasi>/sop.schema.json", dengan <lokasi> folder schemas dari sopc.
        sop: penerimaan-surat              # id SOP; sama dengan nama berkas sebelum .sop.yaml
        name: Penerimaan dan Disposisi Surat Masuk   # Nama SOP
        identity:                          # halaman identitas SOP
          number: 000/001/SOP-Umum/2025    # Nomor SOP
          created: 2025-01-02              # Tanggal Pembuatan (tahun-bulan-tanggal)
          effective: 2025-01-15            # Tanggal Efektif
          approved_by: { role: kabag, name: Nama Pejabat, nip: "197001012000031001" }   # Disahkan oleh
          legal_basis:                     # Dasar Hukum
            - Peraturan Menteri PANRB Nomor 35 Tahun 2012
          qualifications:                  # Kualifikasi Pelaksana
            - Memahami tata naskah dinas
          equipment: [komputer]            # Peralatan/Perlengkapan
          warnings:                        # Peringatan
            - Surat yang belum didisposisi tidak dapat ditindaklanjuti
          records:                         # Pencatatan dan Pendataan
            - Buku agenda surat masuk
        inputs: [surat-masuk]              # dokumen yang sudah ada ketika SOP dimulai
        outputs: [lembar-disposisi]        # dokumen yang dihasilkan SOP ini
        artefacts:                         # dokumen yang hanya dipakai dalam SOP ini
          agenda: Lembar agenda surat
        steps:                             # langkah-langkah, satu baris tabel per langkah; yang pertama adalah Mulai
          - id: catat                      # id langkah, unik dalam SOP ini
            activity: Mencatat surat masuk dalam buku agenda   # Kegiatan
            actor: pengadministrasi        # Pelaksana: kolom tempat simbol digambar
            needs: [surat-masuk, komputer]  # Kelengkapan
            time: 10 menit                 # Waktu (menit, jam, hari, ...; rentang seperti 1-2 hari)
            makes: [agenda]                # Output
            notes: Surat diberi cap tanggal terima   # Keterangan
          - id: periksa
            activity: Memeriksa kelengkapan surat dan agenda
            actor: kabag
            needs: [surat-masuk, agenda]
            time: 15 menit
            decision: Surat lengkap?       # menjadikan langkah ini keputusan (belah ketupat)
            yes: disposisi                 # Ya: langkah berikutnya (bila tidak ditulis: langkah sesudahnya)
            no: catat                      # Tidak: kembali ke langkah sebelumnya untuk diperbaiki
          - id: disposisi
            activity: Menulis disposisi surat
            actor: kabag
            needs: [agenda]
            time: 10 menit
            makes: [lembar-disposisi]
            next: end                      # end: SOP selesai (bila tidak ditulis: langkah sesudahnya)

        """
}
