import SOPCompiler

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The libFuzzer target: bytes in, diagnostics out, through the same pipeline as `sopc check`
/// (``Checker/check(files:displayPrefix:)``: reader, decoders, every check, cross-SOP checks), then every
/// report format, and — when the definitions have no error — every output `sopc build` would write.
/// Nothing touches the disk.
///
/// The first byte chooses how the rest is used:
/// - 0 (mod 3): as one SOP file, `fuzz.sop.yaml`, beside a fixed valid project file;
/// - 1: as the project file `sopc.yaml`, beside a fixed valid SOP;
/// - 2: as several files: the project file first, then SOP files, each starting at a line `#--- <name>`
///   (the file `<name>.sop.yaml`; `<name>` may hold `/`), so that calls between SOPs are checked.
///
/// Built with `-DSOPC_FUZZ` and `-sanitize=fuzzer`, libFuzzer supplies `main` (see `scripts/fuzz`).
/// Without `SOPC_FUZZ` this is a plain program, `sopc-fuzz FILE…`, that runs each input once and prints
/// its text report: how to replay a crash in an ordinary debug build.
enum FuzzTarget {
    static let project: [UInt8] = Array(
        """
        sopc: 1
        organization:
          name: Biro Hubungan Masyarakat
        roles:
          kabiro: { name: Ka Biro, title: Kepala Biro Hubungan Masyarakat }
          kasubag-tu: { name: Kasubag TU, title: Kepala Sub Bagian Tata Usaha }
          pelaksana: { name: Pelaksana }
        artefacts:
          surat: Surat masuk
          laporan: Laporan
        equipment:
          atk: Alat tulis kantor

        """.utf8)

    static let sop: [UInt8] = Array(
        """
        sop: arsip
        name: Pengarsipan surat masuk
        inputs: [surat]
        outputs: [laporan]
        steps:
          - id: terima
            activity: Menerima surat
            actor: pelaksana
            needs: [surat, atk]
            time: 5 menit
          - id: periksa
            activity: Memeriksa surat
            actors: [kabiro, kasubag-tu]
            decision: Lengkap?
            no: terima
            time: 1-2 jam
          - id: lapor
            activity: Membuat laporan
            actor: kasubag-tu
            makes: [laporan]
            time: 1,5 hari

        """.utf8)

    static let separator = Array("#--- ".utf8)

    /// The definitions an input stands for: relative path → bytes.
    static func files(_ input: UnsafeBufferPointer<UInt8>) -> [String: [UInt8]] {
        guard let mode = input.first else { return ["sopc.yaml": project] }
        let body = Array(input.dropFirst())
        switch mode % 3 {
        case 0: return ["sopc.yaml": project, "fuzz.sop.yaml": body]
        case 1: return ["sopc.yaml": body, "arsip.sop.yaml": sop]
        default: break
        }
        var files: [String: [UInt8]] = [:]
        var name = "sopc.yaml"
        var start = 0
        var lineStart = 0
        var unnamed = 0
        func cut(_ end: Int) {
            if files[name] == nil { files[name] = Array(body[start..<end]) }
        }
        while lineStart < body.count {
            var lineEnd = lineStart
            while lineEnd < body.count, body[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd - lineStart >= separator.count, body[lineStart..<lineStart + separator.count].elementsEqual(separator) {
                cut(lineStart)
                var stem = String(decoding: body[lineStart + separator.count..<lineEnd], as: UTF8.self)
                while stem.last == " " || stem.last == "\r" { stem.removeLast() }
                if stem.isEmpty {
                    unnamed += 1
                    stem = "s\(unnamed)"
                }
                name = stem + ".sop.yaml"
                start = min(lineEnd + 1, body.count)
            }
            lineStart = lineEnd + 1
        }
        cut(body.count)
        return files
    }

    /// Whether this process runs the fast target: `SOPC_FUZZ_TARGET=check` in the environment (read once).
    /// The fast target runs the front end and the checker alone (``Pipeline/check(files:)``: reader,
    /// decoders, every check, cross-SOP checks) and no renderer — no report format, no output — so that
    /// libFuzzer gets through many more inputs a second; the full target (the default) renders as well.
    /// `scripts/fuzz --check` builds it without AddressSanitizer and with edge coverage alone, one process
    /// per core (bench/FUZZ.md has its numbers).
    static let checkOnly: Bool = {
        guard let value = getenv("SOPC_FUZZ_TARGET") else { return false }
        return String(cString: value) == "check"
    }()

    /// One input through the front end and the checker alone: the fast target.
    static func check(_ input: UnsafeBufferPointer<UInt8>) -> Int {
        Pipeline.check(files: files(input)).errorCount
    }

    /// One input through the whole front end. Returns the text report (for the replay program).
    @discardableResult
    static func run(_ input: UnsafeBufferPointer<UInt8>) -> String {
        let result = Pipeline.check(files: files(input))
        let renderer = DiagnosticRenderer(colour: false, result: result)
        let text = renderer.render(result.diagnostics, as: .text)
        for format in ReportFormat.allCases where format != .text {
            _ = renderer.render(result.diagnostics, as: format)
        }
        // The colour variant pads and paints differently: render it too.
        _ = DiagnosticRenderer(colour: true, result: result).text(result.diagnostics)
        if result.errorCount == 0 {
            _ = Pipeline.outputs(of: result)
        }
        return text
    }
}

// swift-format-ignore: AlwaysUseLowerCamelCase
// libFuzzer calls this symbol by its C name.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeBufferPointer(start: size > 0 ? data : nil, count: size)
    if FuzzTarget.checkOnly {
        _ = FuzzTarget.check(input)
    } else {
        FuzzTarget.run(input)
    }
    return 0
}

#if !SOPC_FUZZ
    /// `sopc-fuzz FILE…`: runs each input once, as the fuzzer would, and prints its report.
    @main
    enum Replay {
        static func main() {
            let paths = CommandLine.arguments.dropFirst()
            if paths.isEmpty {
                StandardStreams.err("usage: sopc-fuzz FILE…  (replays fuzzer inputs; 'scripts/fuzz' fuzzes)")
                exit(2)
            }
            for path in paths {
                guard let file = fopen(path, "rb") else {
                    StandardStreams.err("sopc-fuzz: cannot read '\(path)'")
                    exit(2)
                }
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let n = fread(&chunk, 1, chunk.count, file)
                    if n <= 0 { break }
                    bytes += chunk[0..<n]
                }
                fclose(file)
                // SOPC_FUZZ_TARGET=check: the fast target's work alone, its error count printed (to time it).
                if FuzzTarget.checkOnly {
                    let errors = bytes.withUnsafeBufferPointer { FuzzTarget.check($0) }
                    StandardStreams.out("== \(path)\n\(errors) errors\n")
                    continue
                }
                let text = bytes.withUnsafeBufferPointer { FuzzTarget.run($0) }
                StandardStreams.out("== \(path)\n\(text)")
            }
        }
    }
#endif
