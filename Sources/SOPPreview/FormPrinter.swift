import Foundation
import SOPCompiler

#if canImport(Glibc)
    import Glibc
#endif

/// `sopc print` (docs/OUTPUTS.md): the build made in a temporary folder, each SOP's form printed to PDF by
/// headless Chromium, each PDF moved into PDFDIR atomically.
public enum FormPrinter {
    public enum Failure: Error {
        /// The definitions have errors: the report (as `check` prints it).
        case definitions(String)
        /// A usage or I/O problem (exit 2), with its message.
        case usage(String)
    }

    static let browserNames = ["chromium", "chromium-browser", "google-chrome"]

    /// The browser to print with: `SOPC_CHROMIUM` when set (nil if it is not an executable file), else the
    /// first of `chromium`, `chromium-browser` and `google-chrome` found on `PATH`.
    public static func findChromium(environment: (String) -> String?) -> String? {
        if let given = environment("SOPC_CHROMIUM"), !given.isEmpty {
            return FileManager.default.isExecutableFile(atPath: given) ? given : nil
        }
        let path = environment("PATH") ?? ""
        for name in browserNames {
            for dir in path.split(separator: ":") where !dir.isEmpty {
                let candidate = "\(dir)/\(name)"
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue,
                    FileManager.default.isExecutableFile(atPath: candidate)
                {
                    return candidate
                }
            }
        }
        return nil
    }

    /// Prints the SOPs named (all when `names` is empty) into `out`; returns the ids printed, in order.
    public static func print(
        directory: String, out: String, names: [String], language: Language, environment: @escaping (String) -> String?,
        report: (String) -> Void
    ) throws(Failure) -> [String] {
        let result: CheckResult
        do {
            result = try Pipeline.check(directory: directory)
        } catch {
            throw .usage("sopc: error: " + error.text(in: language))
        }
        if result.errorCount > 0 {
            throw .definitions(DiagnosticRenderer(colour: false, result: result, language: language).text(result.diagnostics))
        }
        guard let plan = Pipeline.outputs(of: result) else { throw .definitions("") }
        let known = result.model.sops.map(\.sopID).sorted()
        let unknown = names.filter { !known.contains($0) }
        if !unknown.isEmpty { throw .usage(PreviewText.unknownSOPs(unknown, known: known, language)) }
        var wanted: [String] = []
        for id in names.isEmpty ? known : names where !wanted.contains(id) { wanted.append(id) }

        guard let chromium = findChromium(environment: environment) else { throw .usage(PreviewText.noChromium(language)) }

        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("sopc-print-\(getpid())-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: work) }
        let site = work.appendingPathComponent("site")
        do {
            try fm.createDirectory(at: work, withIntermediateDirectories: true)
            _ = try OutputFolder.sync(plan, to: site.path)
            try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw .usage(PreviewText.cannotWrite(out, error.localizedDescription, language))
        }
        var printed: [String] = []
        for id in wanted {
            let html = site.appendingPathComponent(id).appendingPathComponent("\(id).html")
            let pdf = work.appendingPathComponent("\(id).pdf")
            let profile = work.appendingPathComponent("profile-\(id)")
            var arguments = [
                "--headless", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--user-data-dir=\(profile.path)", "--print-to-pdf=\(pdf.path)",
            ]
            if getuid() == 0 { arguments.insert("--no-sandbox", at: 1) }
            arguments.append(html.absoluteString)
            let detail = run(chromium, arguments, timeout: 120)
            guard let bytes = fm.contents(atPath: pdf.path), bytes.starts(with: Array("%PDF".utf8)) else {
                throw .usage(PreviewText.printFailed(id, detail ?? "no PDF was written", language))
            }
            let target = URL(fileURLWithPath: out).appendingPathComponent("\(id).pdf")
            // Beside the target, then renamed over it: a reader sees the old PDF or the new one, never half.
            let temporary = URL(fileURLWithPath: out).appendingPathComponent(".\(id).pdf.sopc-\(getpid()).tmp")
            do {
                try bytes.write(to: temporary)
                guard rename(temporary.path, target.path) == 0 else {
                    throw UsageError(String(cString: strerror(errno)))
                }
            } catch {
                try? fm.removeItem(at: temporary)
                throw .usage(
                    PreviewText.cannotWrite(
                        target.path, (error as? UsageError)?.description ?? error.localizedDescription, language))
            }
            try? fm.removeItem(at: profile)
            printed.append(id)
        }
        return printed
    }

    /// Runs a program; nil when it exited with status 0, else what went wrong (the end of its standard error).
    static func run(_ program: String, _ arguments: [String], timeout: Double) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            return "\(error)"
        }
        let collected = LockedData()
        let reader = Thread {
            collected.set(errors.fileHandleForReading.readDataToEndOfFile())
        }
        reader.start()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            done.wait()
            return "timed out after \(Int(timeout)) s"
        }
        if process.terminationStatus == 0 { return nil }
        Thread.sleep(forTimeInterval: 0.1)
        let text = String(decoding: collected.get(), as: UTF8.self)
        return "exit status \(process.terminationStatus): " + String(text.suffix(600))
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) {
        lock.lock()
        data = d
        lock.unlock()
    }
    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
