#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file primitives every reader and writer of sopc goes through (definitions, OUT, case files,
/// standard streams): whole transfers, retried after a signal (`EINTR`) and after a short count, so that
/// no caller writes its own loop.
package enum FileIO {
    /// The name of an entry `readdir` returned, read where it lies. A `dirent` is only as long as its name
    /// (`d_reclen`): copying the struct's whole 256-byte `d_name` — what `entry.pointee.d_name` does — reads
    /// past the entry, and past the end of the listing's buffer for its last entry, which crashed `sopc build`
    /// now and then (a read beyond a mapped page).
    /// Whether an entry's name starts with `.` and is not `.` or `..`, read where it lies without making
    /// the name (a folder of outputs has few such entries).
    package static func entryIsHidden(_ entry: UnsafeMutablePointer<dirent>) -> Bool {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        let name = UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: UInt8.self)
        guard name[0] == UInt8(ascii: ".") else { return false }
        if name[1] == 0 { return false }
        return !(name[1] == UInt8(ascii: ".") && name[2] == 0)
    }

    package static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return String(cString: UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self))
    }

    /// The system's text for an `errno` value, for messages.
    package static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// ``errorText(_:)`` in Bahasa Indonesia for the failures a planner meets; the system's words otherwise.
    package static func indonesianErrorText(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "berkas atau folder tidak ada"
        case EACCES: return "izin ditolak"
        case EPERM: return "tindakan tidak diizinkan"
        case ENOTDIR: return "salah satu bagian jalurnya bukan folder"
        case EISDIR: return "yang ada adalah sebuah folder"
        case EROFS: return "media penyimpanan hanya dapat dibaca"
        case ENOSPC: return "ruang penyimpanan penuh"
        case EDQUOT: return "kuota penyimpanan habis"
        case EFBIG: return "berkas melebihi batas ukuran"
        case ELOOP: return "terlalu banyak tautan (link) berantai"
        case ENAMETOOLONG: return "nama terlalu panjang"
        case EEXIST: return "sudah ada"
        case EIO: return "kesalahan baca/tulis pada media penyimpanan"
        case EMFILE, ENFILE: return "terlalu banyak berkas yang sedang terbuka"
        default: return errorText(code)
        }
    }

    /// Runs a call that fails with -1 and `errno`, again while a signal interrupts it. Returns 0, or the
    /// `errno` of the failure.
    package static func retryingInterrupts(_ call: () -> Int32) -> Int32 {
        while call() != 0 {
            if errno != EINTR { return errno }
        }
        return 0
    }

    /// Reads from `fd` until `buffer` is full or the file ends. Returns how many bytes were read, and the
    /// `errno` that stopped the reading (0 when none did).
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> (count: Int, error: Int32) {
        var got = 0
        while got < buffer.count {
            let n = systemRead(fd, buffer.baseAddress! + got, buffer.count - got)
            if n < 0 {
                if errno == EINTR { continue }
                return (got, errno)
            }
            if n == 0 { break }
            got += n
        }
        return (got, 0)
    }

    /// A system call's failure: its `errno`.
    package struct Failure: Error {
        package var code: Int32
    }

    /// Every byte from `fd` to the end of the file, or the `errno` that stopped the reading.
    package static func readToEnd(_ fd: Int32) -> Result<[UInt8], Failure> {
        var bytes: [UInt8] = []
        var st = stat()
        if fstat(fd, &st) == 0 { bytes.reserveCapacity(Int(st.st_size)) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let (n, error) = buffer.withUnsafeMutableBytes { read(fd, into: $0) }
            if error != 0 { return .failure(Failure(code: error)) }
            bytes += buffer[0..<n]
            if n < buffer.count { return .success(bytes) }
        }
    }

    /// Writes all of `buffer` to `fd`. Returns 0, or the `errno` that stopped the writing.
    package static func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < buffer.count {
            let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return 0
    }

    /// What reading a whole file gave.
    package enum ReadResult {
        case bytes([UInt8])
        case tooLarge(Int)
        case failed(String)
    }

    /// Reads a whole regular file, refusing one over `limit` bytes before reading it.
    ///
    /// Opened non-blocking: a FIFO (or a device) under the file's name must be refused as "not a regular
    /// file", not wait forever for a writer. Reading a regular file is unaffected by the flag.
    package static func readRegularFile(_ path: String, limit: Int) -> ReadResult {
        readRegular(path, limit: limit, stamp: nil)
    }

    /// ``readRegularFile(_:limit:)``, giving also the file's settled stamp (``AtomicDirectory/pathStamp(_:settled:)``)
    /// as it was when it was opened, before its bytes were read: nil when it changed less than two seconds
    /// before. A change while or after it is read gives the file another stamp, so what a build records
    /// with these bytes is never taken for a later text of the file.
    package static func readRegularFile(_ path: String, limit: Int, stamp: inout String?) -> ReadResult {
        stamp = nil
        return withUnsafeMutablePointer(to: &stamp) { readRegular(path, limit: limit, stamp: $0) }
    }

    /// The reading itself; the stamp is made only for a caller that asks for it.
    private static func readRegular(_ path: String, limit: Int, stamp: UnsafeMutablePointer<String?>?) -> ReadResult {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failed("cannot read file: \(errorText(errno))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failed("cannot read file: \(errorText(errno))") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return .failed("not a regular file") }
        stamp?.pointee = AtomicDirectory.settledStamp(st)
        let size = Int(st.st_size)
        if size > limit { return .tooLarge(size) }
        // Read straight into uninitialised storage: zero-filling a large file first would touch every page twice.
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            (initialized, failure) = read(fd, into: UnsafeMutableRawBufferPointer(buffer))
        }
        if failure != 0 { return .failed("cannot read file: \(errorText(failure))") }
        // A file that grew while being read: take what fits and let the limit speak.
        var extra: UInt8 = 0
        if systemRead(fd, &extra, 1) == 1 { return .tooLarge(size + 1) }
        return .bytes(bytes)
    }
}

/// Asks for the storage of a large file (8 MiB or more) in huge pages before it is filled: the kernel then
/// gives it 2 MiB at a time instead of faulting in every 4 KiB page while `read` copies (a 22 MB file: some
/// 5,500 faults, most of the time its reading took). Only advice, where the system allows it (Linux's
/// transparent huge pages set to `madvise` or `always`); nothing changes where it does not.
private func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
    #if os(Linux)
        let huge = 2 << 20
        guard let base = buffer.baseAddress, buffer.count >= 4 * huge else { return }
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(huge - 1)
        guard end > start, let first = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(first, end - start, MADV_HUGEPAGE)
    #endif
}

@inline(__always) private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
@inline(__always) private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
