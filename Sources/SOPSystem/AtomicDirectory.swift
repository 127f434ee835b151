import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder sopc writes into (OUT for `sopc build`, a case file's folder for `sopc run`): every file is
/// replaced atomically (written and synced under a temporary name, then renamed over the old one), and
/// every path below it is reached with `openat` one part at a time and never through a link, so that
/// whatever links it holds, sopc reads, writes and removes only entries that really are inside it. (The
/// folder itself may be a link; the user named it.) ``OutputFolder`` (SOPOutputs) builds on it to bring
/// OUT in line with an output plan.
///
/// Reading, staging and stamping files may run on several threads at once (a build renders and stages
/// SOPs in parallel); ``create()``, ``commit(_:)`` and ``removeCreatedFolders()`` run on one.
package final class AtomicDirectory: @unchecked Sendable {
    /// OUT as given, for messages.
    let path: String
    /// nil while the folder does not exist.
    private(set) var fd: Int32?
    /// Folders this object created, in order: paths as given to `mkdir` for OUT and the folders above it,
    /// then paths relative to OUT. ``removeCreatedFolders()`` takes back those still empty.
    private var createdAbove: [String] = []
    private let createdBelow = Mutex<[String]>([])

    /// What sits at a path below OUT.
    package enum Entry: Error, Equatable {
        case missing
        case file
        case folder
        case link
        /// A device, socket or pipe.
        case other
        /// A part of the path before the last is not a plain folder: `part` (relative to OUT) is a file,
        /// a link or something else; nothing below it belongs to OUT.
        case blocked(part: String, is: String)
    }

    package struct IOError: Error {
        package var message: String
        /// The message in Bahasa Indonesia.
        package var indonesian: String? = nil
    }

    private init(path: String, fd: Int32?) {
        self.path = path
        self.fd = fd
    }

    deinit { if let fd { close(fd) } }

    /// Opens OUT; a missing OUT is not an error (nothing is there yet), anything but a folder is.
    package static func open(_ path: String) throws(UsageError) -> AtomicDirectory {
        var st = stat()
        if stat(path, &st) != 0 {
            let code = errno
            if code == ENOENT { return AtomicDirectory(path: path, fd: nil) }
            throw UsageError(
                "cannot use output folder '\(path)': \(FileIO.errorText(code))",
                indonesian: "folder output '\(path)' tidak dapat dipakai: \(FileIO.indonesianErrorText(code))")
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw UsageError("output folder '\(path)' is not a folder", indonesian: "folder output '\(path)' bukan folder")
        }
        let fd = systemOpen(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            throw UsageError(
                "cannot open output folder '\(path)': \(FileIO.errorText(errno))",
                indonesian: "folder output '\(path)' tidak dapat dibuka: \(FileIO.indonesianErrorText(errno))")
        }
        return AtomicDirectory(path: path, fd: fd)
    }

    /// Creates OUT (and the folders above it) when it does not exist yet.
    package func create() throws(IOError) {
        guard fd == nil else { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o755) == 0 {
                createdAbove.append(prefix)
            } else if errno != EEXIST {
                let code = errno
                removeCreatedFolders()
                throw IOError(
                    message: "cannot create output folder '\(path)': \(FileIO.errorText(code))",
                    indonesian: "folder output '\(path)' tidak dapat dibuat: \(FileIO.indonesianErrorText(code))")
            }
            prefix += "/"
        }
        let fd = systemOpen(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            removeCreatedFolders()
            throw IOError(
                message: "cannot open output folder '\(path)': \(FileIO.errorText(code))",
                indonesian: "folder output '\(path)' tidak dapat dibuka: \(FileIO.indonesianErrorText(code))")
        }
        self.fd = fd
    }

    /// Removes the folders this object created (below OUT, then OUT and the folders above it), deepest
    /// first, each only while it is empty: after a failed build, OUT is as it was.
    package func removeCreatedFolders() {
        for rel in createdBelow.withLock({ $0 }).reversed() {
            guard case .success(let (dir, name)) = try? openParent(rel, create: false) else { continue }
            unlinkat(dir, name, AT_REMOVEDIR)
            close(dir)
        }
        createdBelow.withLock { $0 = [] }
        if !createdAbove.isEmpty, let fd {
            close(fd)
            self.fd = nil
        }
        for folder in createdAbove.reversed() { rmdir(folder) }
        createdAbove = []
    }

    /// The kind of entry `name` is in folder `dir`, without following a link.
    private static func kind(_ dir: Int32, _ name: String) -> (Entry, Int32) {
        var st = stat()
        if fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0 { return (.missing, errno) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return (.file, 0)
        case S_IFDIR: return (.folder, 0)
        case S_IFLNK: return (.link, 0)
        default: return (.other, 0)
        }
    }

    /// What ``describe(_:)`` says, in Bahasa Indonesia, as a predicate ("adalah sebuah folder").
    package static func indonesian(_ described: String) -> String {
        switch described {
        case "a file": return "adalah sebuah berkas"
        case "a folder": return "adalah sebuah folder"
        case "a link": return "adalah sebuah tautan (link)"
        case "not a regular file": return "bukan berkas biasa"
        case "not a plain folder": return "bukan folder biasa"
        case "missing": return "tidak ada"
        default: return "adalah " + described
        }
    }

    package static func describe(_ entry: Entry) -> String {
        switch entry {
        case .file: return "a file"
        case .folder: return "a folder"
        case .link: return "a link"
        case .other: return "not a regular file"
        case .missing: return "missing"
        case .blocked(_, let what): return what
        }
    }

    /// Opens the folder holding `rel`, part by part, refusing links; creates missing folders when asked.
    /// Returns the folder's descriptor (to close) and the last part's name, or what stopped the walk.
    /// Each part is opened straight away (`O_DIRECTORY | O_NOFOLLOW` opens only a real folder); only when
    /// that fails is the part looked at, to say what it is: a build of 80,000 files makes three system calls
    /// fewer per file and per step (no `dup` of OUT, no `fstatat` before the `openat`).
    private func openParent(_ rel: String, create: Bool) throws(IOError) -> Result<(Int32, String), Entry> {
        guard let root = fd else { return .failure(.missing) }
        // Split as the kernel does, at every `/` byte (a `/` followed by a combining mark is one character
        // of the text, but a separator all the same); `.` and `..` never lead anywhere.
        let parts = RelativePath.parts(rel)
        if let up = parts.first(where: { RelativePath.isDots($0.utf8) }) {
            return .failure(.blocked(part: up, is: "not a plain folder"))
        }
        guard parts.count > 1 else {
            let dir = dup(root)
            guard dir >= 0 else {
                throw IOError(
                    message: "cannot open output folder '\(path)': \(FileIO.errorText(errno))",
                    indonesian: "folder output '\(path)' tidak dapat dibuka: \(FileIO.indonesianErrorText(errno))")
            }
            return .success((dir, parts.last ?? ""))
        }
        var dir = root
        func closeWalked() { if dir != root { close(dir) } }
        var walked = ""
        for part in parts.dropLast() {
            walked += (walked.isEmpty ? "" : "/") + part
            var next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            var code = errno
            // Not there (or not reachable, which `mkdirat` then reports as it is).
            if next < 0, create, code == ENOENT || AtomicDirectory.kind(dir, part).0 == .missing {
                if mkdirat(dir, part, 0o755) == 0 {
                    createdBelow.withLock { $0.append(walked) }
                } else if errno != EEXIST {
                    let failure = errno
                    closeWalked()
                    throw IOError(
                        message: "cannot create folder '\(path)/\(walked)': \(FileIO.errorText(failure))",
                        indonesian: "folder '\(path)/\(walked)' tidak dapat dibuat: \(FileIO.indonesianErrorText(failure))")
                }
                next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                code = errno
            }
            guard next >= 0 else {
                // Not there when opened: missing, even if another thread of this build has made it since
                // (what is there is looked at only to say why it could not be opened).
                if code == ENOENT {
                    closeWalked()
                    return .failure(.missing)
                }
                let (entry, _) = AtomicDirectory.kind(dir, part)
                closeWalked()
                switch entry {
                case .missing: return .failure(.missing)
                case .folder:
                    if code == ELOOP || code == ENOTDIR { return .failure(.blocked(part: walked, is: "not a plain folder")) }
                    throw IOError(
                        message: "cannot open folder '\(path)/\(walked)': \(FileIO.errorText(code))",
                        indonesian: "folder '\(path)/\(walked)' tidak dapat dibuka: \(FileIO.indonesianErrorText(code))")
                default: return .failure(.blocked(part: walked, is: AtomicDirectory.describe(entry)))
                }
            }
            closeWalked()
            dir = next
        }
        return .success((dir, parts.last ?? ""))
    }

    /// What is at `rel`.
    package func entry(_ rel: String) throws(IOError) -> Entry {
        switch try openParent(rel, create: false) {
        case .failure(let entry): return entry
        case .success(let (dir, name)):
            defer { close(dir) }
            return AtomicDirectory.kind(dir, name).0
        }
    }

    /// The regular file at `rel` opened for reading (the caller closes it), or what is there instead.
    private func openFile(_ rel: String) throws(IOError) -> Result<Int32, Entry> {
        let (dir, name): (Int32, String)
        switch try openParent(rel, create: false) {
        case .failure(let entry): return .failure(entry)
        case .success(let opened): (dir, name) = opened
        }
        defer { close(dir) }
        let (entry, _) = AtomicDirectory.kind(dir, name)
        guard entry == .file else { return .failure(entry) }
        // O_NONBLOCK: should the file turn into a pipe meanwhile, opening it must not hang.
        let file = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else {
            let code = errno
            if code == ELOOP { return .failure(.link) }
            // Gone since it was looked at: missing now.
            if code == ENOENT { return .failure(.missing) }
            throw readError(rel, code)
        }
        return .success(file)
    }

    private func readError(_ rel: String, _ code: Int32) -> IOError {
        IOError(
            message: "cannot read '\(path)/\(rel)': \(FileIO.errorText(code))",
            indonesian: "'\(path)/\(rel)' tidak dapat dibaca: \(FileIO.indonesianErrorText(code))")
    }

    /// The bytes of the regular file at `rel`, or what is there instead.
    package func read(_ rel: String) throws(IOError) -> Result<[UInt8], Entry> {
        let file: Int32
        switch try openFile(rel) {
        case .failure(let entry): return .failure(entry)
        case .success(let opened): file = opened
        }
        defer { close(file) }
        switch FileIO.readToEnd(file) {
        case .success(let bytes): return .success(bytes)
        case .failure(let failure): throw readError(rel, failure.code)
        }
    }

    /// Whether the regular file at `rel` holds exactly `bytes` (or what is there instead), read a piece at
    /// a time and compared as it is read: a file of another size is not read at all, and a large one is
    /// never held in memory whole.
    package func matches(_ rel: String, _ bytes: UnsafeRawBufferPointer) throws(IOError) -> Result<Bool, Entry> {
        let file: Int32
        switch try openFile(rel) {
        case .failure(let entry): return .failure(entry)
        case .success(let opened): file = opened
        }
        defer { close(file) }
        var st = stat()
        if fstat(file, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) != bytes.count { return .success(false) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset = 0
        while true {
            let (n, error) = buffer.withUnsafeMutableBytes { FileIO.read(file, into: $0) }
            if error != 0 { throw readError(rel, error) }
            if n == 0 { return .success(offset == bytes.count) }
            guard offset + n <= bytes.count else { return .success(false) }
            let same = buffer.withUnsafeBytes { memcmp($0.baseAddress!, bytes.baseAddress! + offset, n) == 0 }
            guard same else { return .success(false) }
            offset += n
        }
    }

    /// A file written in full and synced under its temporary name beside `rel`, not yet in place.
    package struct Staged: Sendable {
        package var rel: String
        var temporary: String
    }

    /// The temporary name of the file `name` while this process writes it: `.<name>.sopc-<pid>.tmp`, in the
    /// same folder (a rename within a folder is atomic). Names of this form are sopc's.
    package static func temporaryName(_ name: String, pid: Int32 = processID) -> String { ".\(name).sopc-\(pid).tmp" }

    /// This process's id, asked once (a build names 80,000 temporary files).
    package static let processID = getpid()

    /// The file name and process id of a temporary name, or nil when `entry` is not one.
    package static func parseTemporaryName(_ entry: String) -> (name: String, pid: Int32)? {
        let b = Array(entry.utf8)
        let marker = Array(".sopc-".utf8)
        let suffix = Array(".tmp".utf8)
        guard b.count > 1 + marker.count + suffix.count, b[0] == UInt8(ascii: "."), b.suffix(suffix.count).elementsEqual(suffix)
        else {
            return nil
        }
        let end = b.count - suffix.count
        var start = end
        while start > 0, (0x30...0x39).contains(b[start - 1]) { start -= 1 }
        guard start < end, end - start <= 10, start - marker.count > 1, b[(start - marker.count)..<start].elementsEqual(marker),
            let pid = Int32(String(decoding: b[start..<end], as: UTF8.self)), pid > 0
        else { return nil }
        return (String(decoding: b[1..<(start - marker.count)], as: UTF8.self), pid)
    }

    /// Writes `bytes` in full to the temporary file of `rel` and syncs it; nothing is in place yet.
    /// Missing folders on the way are created (and remembered, for ``removeCreatedFolders()``).
    /// With `sync` false the file is not synced here: the caller syncs every staged file at once
    /// (``syncAll()``) before any is put in place.
    package func stage(_ rel: String, _ bytes: [UInt8], sync: Bool = true) throws(IOError) -> Staged {
        try bytes.withUnsafeBytes { buffer in Result { () throws(IOError) in try stage(rel, buffer, sync: sync) } }.get()
    }

    /// ``stage(_:_:sync:)`` for bytes held anywhere (a rendered string's UTF-8, without a copy).
    package func stage(_ rel: String, _ bytes: UnsafeRawBufferPointer, sync: Bool = true) throws(IOError) -> Staged {
        try finishStaging(try beginStaging(rel), last: bytes, sync: sync)
    }

    /// A file being staged (``beginStaging(_:)``): its temporary file open for writing, and its folder.
    package struct Staging: Sendable {
        package let staged: Staged
        /// The temporary file, open for writing.
        package let file: Int32
        let folder: Int32
    }

    /// Creates `rel`'s temporary file (missing folders on the way too), open for the bytes to be written
    /// into it as they are made (``ByteBuffers/writing(to:_:)``); ``finishStaging(_:last:failure:sync:)``
    /// writes the rest and closes it.
    package func beginStaging(_ rel: String) throws(IOError) -> Staging {
        let (dir, name): (Int32, String)
        switch try openParent(rel, create: true) {
        case .failure(let entry):
            throw IOError(
                message:
                    "cannot write '\(path)/\(rel)': '\(path)/\(entryPart(entry, rel))' is \(AtomicDirectory.describe(entry))",
                indonesian:
                    "'\(path)/\(rel)' tidak dapat ditulis: '\(path)/\(entryPart(entry, rel))' \(AtomicDirectory.indonesian(AtomicDirectory.describe(entry)))"
            )
        case .success(let opened): (dir, name) = opened
        }
        let temporary = AtomicDirectory.temporaryName(name)
        let file = openat(dir, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard file >= 0 else {
            let error = errno
            close(dir)
            throw IOError(
                message: "cannot write '\(path)/\(rel)': \(FileIO.errorText(error))",
                indonesian: "'\(path)/\(rel)' tidak dapat ditulis: \(FileIO.indonesianErrorText(error))")
        }
        return Staging(staged: Staged(rel: rel, temporary: temporary), file: file, folder: dir)
    }

    /// Writes the last bytes of a file begun with ``beginStaging(_:)``, syncs it if asked, and closes it.
    /// When writing failed, here or before (`failure`, an `errno`), the temporary file is removed and the
    /// failure thrown.
    package func finishStaging(_ staging: Staging, last bytes: UnsafeRawBufferPointer, failure earlier: Int32 = 0, sync: Bool)
        throws(IOError) -> Staged
    {
        defer { close(staging.folder) }
        var failure = earlier
        if failure == 0, !bytes.isEmpty { failure = FileIO.write(staging.file, bytes) }
        if failure == 0, sync, fsync(staging.file) != 0 { failure = errno }
        if close(staging.file) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            unlinkat(staging.folder, staging.staged.temporary, 0)
            let rel = staging.staged.rel
            throw IOError(
                message: "cannot write '\(path)/\(rel)': \(FileIO.errorText(failure))",
                indonesian: "'\(path)/\(rel)' tidak dapat ditulis: \(FileIO.indonesianErrorText(failure))")
        }
        return staging.staged
    }

    /// Renames a staged file over `rel`: a reader sees the old file or the new one, never a part. The
    /// folder is not synced here (``syncFolder(of:)``), so that a build syncs each folder once.
    package func commit(_ staged: Staged) throws(IOError) {
        var done = 0
        try commit(inOneFolder: [staged][...], done: &done)
    }

    /// Renames staged files that all lie in one folder over their names, opening that folder once (a build
    /// commits the files of an SOP, all in its folder, together). Stops at the first failure: `done` says how
    /// many were put in place; the failed one is taken back, the rest are left staged for the caller.
    package func commit(inOneFolder files: ArraySlice<Staged>, done: inout Int) throws(IOError) {
        guard let first = files.first else { return }
        let (dir, _): (Int32, String)
        switch try openParent(first.rel, create: false) {
        case .failure(let entry):
            throw IOError(
                message:
                    "cannot write '\(path)/\(first.rel)': '\(path)/\(entryPart(entry, first.rel))' is \(AtomicDirectory.describe(entry))",
                indonesian:
                    "'\(path)/\(first.rel)' tidak dapat ditulis: '\(path)/\(entryPart(entry, first.rel))' \(AtomicDirectory.indonesian(AtomicDirectory.describe(entry)))"
            )
        case .success(let opened): dir = opened.0
        }
        defer { close(dir) }
        for file in files {
            let name = RelativePath.split(file.rel).name
            if renameat(dir, file.temporary, dir, name) != 0 {
                let code = errno
                unlinkat(dir, file.temporary, 0)
                throw IOError(
                    message: "cannot write '\(path)/\(file.rel)': \(FileIO.errorText(code))",
                    indonesian: "'\(path)/\(file.rel)' tidak dapat ditulis: \(FileIO.indonesianErrorText(code))")
            }
            done += 1
        }
    }

    /// Whether OUT holds nothing at all (or does not exist): then no file of a build is in the way, none is
    /// there already, and no killed build left a temporary file. Asked with OUT's lock held.
    package func isEmpty() -> Bool {
        guard let fd else { return true }
        // A descriptor of its own (a `dup` would share, and move, the position of OUT's).
        let listing = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard listing >= 0, let stream = fdopendir(listing) else {
            if listing >= 0 { close(listing) }
            return false
        }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = FileIO.entryName(entry)
            if name != "." && name != ".." { return false }
        }
        return true
    }

    /// Removes a staged file that will not be put in place.
    package func discard(_ staged: Staged) {
        guard case .success(let (dir, _)) = try? openParent(staged.rel, create: false) else { return }
        unlinkat(dir, staged.temporary, 0)
        close(dir)
    }

    /// Flushes the folder holding `rel` to disk, so that the renames in it survive a crash.
    package func syncFolder(of rel: String) {
        guard case .success(let (dir, _)) = try? openParent(rel, create: false) else { return }
        fsync(dir)
        close(dir)
    }

    /// Flushes everything written into OUT's file system to disk: on Linux one `syncfs` for the whole
    /// file system (the data of every staged file and every rename, instead of one `fsync` per file and
    /// folder); elsewhere `sync`.
    package func syncAll() {
        #if os(Linux)
            if let fd { _ = atomicDirectorySyncfs(fd) }
        #else
            sync()
        #endif
    }

    /// Takes the build lock of OUT: an exclusive `flock` on the folder itself (no file of its own), held
    /// until this object is released or the process ends. When another process holds it, `waiting` is
    /// called once, then this waits for it. `shared` takes it as a reader (`check --generated`): readers
    /// do not wait for each other, only for a build, and a build waits for them.
    package func lock(shared: Bool = false, waiting: () -> Void) {
        guard let fd else { return }
        let kind = shared ? LOCK_SH : LOCK_EX
        if flock(fd, kind | LOCK_NB) == 0 { return }
        waiting()
        while flock(fd, kind) != 0, errno == EINTR {}
    }

    /// A descriptor of the folder `folder` (relative to OUT, "" for OUT itself), reached without following a
    /// link; nil when it cannot be reached. The caller closes it.
    private func openFolder(_ folder: String) -> Int32? {
        guard let root = fd else { return nil }
        if folder.isEmpty {
            let dir = dup(root)
            return dir >= 0 ? dir : nil
        }
        guard case .success(let (dir, _))? = try? openParent(folder + "/x", create: false), dir >= 0 else { return nil }
        return dir
    }

    /// What identifies each file `names` of the folder `folder` (relative to OUT, "" for OUT) as it is
    /// now, without reading it: size, modification and change times in nanoseconds, inode and device; nil
    /// for a name that is not a regular file (or a folder that cannot be reached). Any write to a file
    /// changes its change time, which no program can set back, and a replaced file has another inode.
    package func fileStamps(in folder: String, names: [String]) -> [String?] {
        guard let dir = openFolder(folder) else { return names.map { _ in nil } }
        defer { close(dir) }
        return names.map { name in
            var st = stat()
            guard fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
            return AtomicDirectory.stamp(st)
        }
    }

    /// Whether every file of `files` — paths relative to OUT, each directly in the folder `folder` (relative
    /// to OUT, not empty), each with the stamp it had — has that stamp now: ``fileStamps(in:names:)`` compared
    /// with what was recorded, without making a string of each (a build with nothing to do asks this of
    /// every file in OUT). False at the first file that differs, is missing or is not a regular file, and
    /// for a path outside `folder`.
    package func stampsMatch(in folder: String, _ files: [(path: String, stamp: String)]) -> Bool {
        guard !folder.isEmpty, let dir = openFolder(folder) else { return false }
        defer { close(dir) }
        let skip = folder.utf8.count + 1
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { name in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { text in
                for file in files {
                    // The name, after `folder/`, as a C string.
                    let path = file.path.utf8
                    guard path.count > skip, path.starts(with: folder.utf8),
                        path[path.index(path.startIndex, offsetBy: skip - 1)] == UInt8(ascii: "/")
                    else { return false }
                    var n = 0
                    for byte in path.dropFirst(skip) {
                        if byte == UInt8(ascii: "/") || byte == 0 || n == 255 { return false }
                        name[n] = byte
                        n += 1
                    }
                    guard n > 0 else { return false }
                    name[n] = 0
                    var st = stat()
                    let found = name.baseAddress!.withMemoryRebound(to: CChar.self, capacity: n + 1) {
                        fstatat(dir, $0, &st, AT_SYMLINK_NOFOLLOW)
                    }
                    guard found == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
                    let length = AtomicDirectory.writeStamp(st, into: text)
                    guard file.stamp.utf8.elementsEqual(UnsafeBufferPointer(rebasing: text[..<length])) else { return false }
                }
                return true
            }
        }
    }

    /// Writes the stamp of a regular file `st` describes into `buffer` (128 bytes; the longest is under 110)
    /// and returns its length: size, modification and change times in nanoseconds, inode and device, in
    /// decimal, joined with `-`. The one definition of a stamp's text (``stamp(_:)`` makes it a string).
    static func writeStamp(_ st: stat, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let (modified, changed) = times(st)
        var at = 0
        func put(_ value: Int64, dash: Bool = true) {
            if value < 0 {
                buffer[at] = UInt8(ascii: "-")
                at += 1
            }
            put(value.magnitude, dash: dash)
        }
        func put(_ value: UInt64, dash: Bool = true) {
            at = DecimalDigits.write(value, into: buffer, at: at)
            if dash {
                buffer[at] = UInt8(ascii: "-")
                at += 1
            }
        }
        put(Int64(st.st_size))
        put(modified)
        put(changed)
        put(UInt64(st.st_ino))
        put(UInt64(st.st_dev), dash: false)
        return at
    }

    /// A file's modification and change times, in nanoseconds.
    static func times(_ st: stat) -> (modified: Int64, changed: Int64) {
        #if canImport(Darwin)
            let m = st.st_mtimespec
            let c = st.st_ctimespec
        #else
            let m = st.st_mtim
            let c = st.st_ctim
        #endif
        return (
            Int64(m.tv_sec) * 1_000_000_000 + Int64(m.tv_nsec), Int64(c.tv_sec) * 1_000_000_000 + Int64(c.tv_nsec)
        )
    }

    /// ``fileStamps(in:names:)`` for a path anywhere (links followed), such as a definitions file.
    /// With `settled`, nil also for a file changed less than two seconds ago: file times are kept at
    /// the kernel's clock tick, so a file changed again within the same tick, with the same size, could
    /// keep its stamp (git's "racy" files); such a file is not trusted until it has settled.
    package static func pathStamp(_ path: String, settled: Bool = false) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return settled ? settledStamp(st) : stamp(st)
    }

    /// The stamp of a file as `st` describes it, nil when it changed less than two seconds ago
    /// (``pathStamp(_:settled:)``).
    package static func settledStamp(_ st: stat) -> String? {
        changedJustNow(st) ? nil : stamp(st)
    }

    /// Whether what `st` describes changed less than two seconds ago.
    private static func changedJustNow(_ st: stat) -> Bool {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return times(st).changed > Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec) - 2_000_000_000
    }

    static func stamp(_ st: stat) -> String? {
        guard (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return String(unsafeUninitializedCapacity: 128) { writeStamp(st, into: $0) }
    }

    /// Replaces `rel` with `bytes` atomically: a temporary file in the same folder, written in full and
    /// synced, renamed over the old one, then the folder synced. A reader sees the old file or the new one,
    /// never a part. Missing folders on the way are created.
    /// With `sync` false nothing is synced (a file that is only a cache).
    package func write(_ rel: String, _ bytes: [UInt8], sync: Bool = true) throws(IOError) {
        let staged = try stage(rel, bytes, sync: sync)
        try commit(staged)
        if sync { syncFolder(of: rel) }
    }

    /// Removes sopc's temporary files of the files `names` in the folder `folder` (relative to OUT, "" for
    /// OUT itself) that an interrupted sopc left behind: `.<name>.sopc-<pid>.tmp`, a regular file, whose
    /// process no longer runs (or has this process's id, which an earlier process had: this one has not
    /// written anything yet). A running sopc's temporary file is left alone, and so is any other file.
    /// Returns the paths removed, relative to OUT.
    /// With `remove` false, only lists them (`sopc check --generated`).
    package func removeStaleTemporaries(in folder: String, for names: Set<String>, remove: Bool = true) -> [String] {
        removeStaleTemporaries(in: folder, for: names, remove: remove, unlessStamped: nil).removed
    }

    /// ``removeStaleTemporaries(in:for:remove:)``, and the folder's stamp as it was before it was listed
    /// (``settledFolderStamp(_:)``; nil when it changed less than two seconds before, when it held a
    /// temporary file of one of `names`, removed or not, or when it cannot be reached). When that stamp is
    /// `known`, the folder is not listed at all: no entry was added to it, removed from it or renamed in it
    /// since `known` was given, when it held no such file, so it holds none now (git's untracked cache
    /// trusts a folder's time the same way). The caller keeps `names` with the stamp: a folder where other
    /// names are looked for must be listed again.
    package func removeStaleTemporaries(
        in folder: String, for names: some Collection<String>, remove: Bool = true, unlessStamped known: String?
    ) -> (removed: [String], stamp: String?) {
        // A folder directly in OUT is looked at without being opened (most are not listed): not followed
        // when it is a link, which then has no folder's stamp.
        if let known, let root = fd, !folder.isEmpty, !folder.utf8.contains(UInt8(ascii: "/")), !RelativePath.isDots(folder.utf8)
        {
            var st = stat()
            if fstatat(root, folder, &st, AT_SYMLINK_NOFOLLOW) == 0, AtomicDirectory.settledFolderStamp(st) == known {
                return ([], known)
            }
        }
        guard let dir = openFolder(folder) else { return ([], nil) }
        defer { close(dir) }
        var st = stat()
        let stamp = fstat(dir, &st) == 0 ? AtomicDirectory.settledFolderStamp(st) : nil
        if let known, stamp == known { return ([], stamp) }
        // fdopendir owns the descriptor it is given; `dir` stays for unlinkat.
        let listing = dup(dir)
        guard listing >= 0, let stream = fdopendir(listing) else {
            if listing >= 0 { close(listing) }
            return ([], nil)
        }
        defer { closedir(stream) }
        var removed: [String] = []
        // Any temporary file of these names found, whether removed or not (a running process's may be left
        // by the time it ends): then the folder's stamp is not given, and it is listed again next time.
        var found = false
        let me = AtomicDirectory.processID
        while let entry = readdir(stream) {
            // A temporary file's name starts with `.`; an output's, in a folder of outputs, does not.
            guard FileIO.entryIsHidden(entry) else { continue }
            let entryName = FileIO.entryName(entry)
            guard let (name, pid) = AtomicDirectory.parseTemporaryName(entryName), names.contains(name),
                AtomicDirectory.kind(dir, entryName).0 == .file
            else { continue }
            found = true
            if pid != me, kill(pid, 0) == 0 || errno == EPERM { continue }
            if !remove || unlinkat(dir, entryName, 0) == 0 {
                removed.append(folder.isEmpty ? entryName : folder + "/" + entryName)
            }
        }
        if remove, !removed.isEmpty { fsync(dir) }
        return (removed.sorted(), found ? nil : stamp)
    }

    /// The stamp of a folder `st` describes, as ``stamp(_:)`` writes a file's, nil when it is not a folder
    /// or changed less than two seconds ago: a folder's modification and change times move whenever an
    /// entry is added to it, removed or renamed, but only at the kernel's clock tick, so a stamp is trusted
    /// only once a later change cannot share its time (``settledStamp(_:)``).
    static func settledFolderStamp(_ st: stat) -> String? {
        guard (st.st_mode & S_IFMT) == S_IFDIR, !changedJustNow(st) else { return nil }
        return String(unsafeUninitializedCapacity: 128) { writeStamp(st, into: $0) }
    }

    private func entryPart(_ entry: Entry, _ rel: String) -> String {
        if case .blocked(let part, _) = entry { return part }
        return rel
    }

    /// Removes the regular file at `rel` (never a link's target, never a folder), then each folder above it
    /// up to OUT that this leaves empty. Returns false when there was no regular file to remove.
    @discardableResult
    package func remove(_ rel: String) throws(IOError) -> Bool {
        let (dir, name): (Int32, String)
        switch try openParent(rel, create: false) {
        case .failure: return false
        case .success(let opened): (dir, name) = opened
        }
        guard AtomicDirectory.kind(dir, name).0 == .file else {
            close(dir)
            return false
        }
        if unlinkat(dir, name, 0) != 0 {
            let code = errno
            close(dir)
            if code == ENOENT { return false }
            throw IOError(
                message: "cannot remove '\(path)/\(rel)': \(FileIO.errorText(code))",
                indonesian: "'\(path)/\(rel)' tidak dapat dihapus: \(FileIO.indonesianErrorText(code))")
        }
        fsync(dir)
        close(dir)
        // Folders that the removal emptied go too; a folder that still holds anything stays.
        var parts = RelativePath.parts(rel)
        parts.removeLast()
        while !parts.isEmpty {
            let folder = parts.joined(separator: "/")
            guard case .success(let (parent, last)) = try openParent(folder, create: false) else { break }
            let removed = AtomicDirectory.kind(parent, last).0 == .folder && unlinkat(parent, last, AT_REMOVEDIR) == 0
            close(parent)
            if !removed { break }
            parts.removeLast()
        }
        return true
    }
}

#if os(Linux)
    @_silgen_name("syncfs") private func atomicDirectorySyncfs(_ fd: Int32) -> Int32
#endif

@inline(__always) private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
