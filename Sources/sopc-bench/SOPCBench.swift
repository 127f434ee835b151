import Foundation
import SOPCompiler
import SOPLanguageServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `sopc-bench incremental DIR [RUNS]`: how long an editor waits after editing one SOP of a large project.
/// Reads DIR into a ``CheckSession`` once (a whole check, timed), then edits one SOP in memory — the
/// middle one in path order, its first `activity:` changed — and checks again, RUNS times, printing one
/// line of JSON with the whole check's time and the re-checks' median, minimum and maximum (seconds).
@main
enum SOPCBench {
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func main() {
        let args = CommandLine.arguments
        if args.count >= 3, args[1] == "lsp" {
            lsp(
                args[2], edits: args.count > 3 ? max(Int(args[3]) ?? 1000, 1) : 1000,
                kind: args.count > 4 ? args[4] : "activity")
            return
        }
        guard args.count >= 3, args[1] == "incremental" else {
            StandardStreams.err("usage: sopc-bench incremental DIR [RUNS] | sopc-bench lsp DIR [EDITS [activity|call|syntax]]")
            exit(2)
        }
        let runs = args.count > 3 ? max(Int(args[3]) ?? 9, 1) : 9
        let start = now()
        let session: CheckSession
        do {
            session = try CheckSession(directory: args[2])
        } catch {
            StandardStreams.err("sopc-bench: \(error.description)")
            exit(2)
        }
        let first = session.check()
        let whole = now() - start
        let sops = session.files.keys.filter { $0.hasSuffix(".sop.yaml") }.sorted()
        guard !sops.isEmpty, first.errorCount == 0 else {
            StandardStreams.err("sopc-bench: '\(args[2])' has no SOP, or has errors")
            exit(1)
        }
        let target = sops[sops.count / 2]
        let original = String(decoding: session.files[target]!, as: UTF8.self)
        var times: [Double] = []
        var work: [CheckSession.Work] = []
        for run in 0..<runs {
            let edited = original.replacing("activity: ", with: "activity: Revisi \(run) ", maxReplacements: 1)
            let t0 = now()
            session.update(target, to: Array(edited.utf8))
            let result = session.check()
            times.append(now() - t0)
            work.append(session.lastWork)
            guard result.errorCount == 0 else {
                StandardStreams.err("sopc-bench: the edit made errors")
                exit(1)
            }
        }
        times.sort()
        let w = work.last!
        StandardStreams.out(
            "{\"files\": \(session.files.count), \"edited\": \"\(target)\", \"whole\": \(whole), "
                + "\"median\": \(times[times.count / 2]), \"min\": \(times.first!), \"max\": \(times.last!), "
                + "\"decoded\": \(w.decoded), \"checked\": \(w.checked)}")
    }

    /// Resident memory in bytes (Linux), 0 where unknown.
    static func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }

    static func message(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    /// `sopc-bench lsp DIR [EDITS]`: the language server in this process, as an editor drives it: open the
    /// middle SOP (the project is read once), then EDITS changes of one line, each followed by the check and
    /// the publication of the diagnostics; prints one line of JSON with the time from a change to its
    /// diagnostics (median, min, max, 90th percentile; seconds) and the resident memory after the first
    /// check, after a tenth of the edits and at the end.
    ///
    /// `kind` is the edit: `activity` (default) rewords the first `activity:` line; `call` points the first
    /// `call:` at another SOP and back (the call graph changes); `syntax` leaves a quote open on every other
    /// edit (the SOP leaves the model and comes back).
    static func lsp(_ directory: String, edits: Int, kind: String = "activity") {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        let folder: DefinitionsFolder
        do { folder = try DefinitionsFolder.scan(root) } catch {
            StandardStreams.err("sopc-bench: \(error.description)")
            exit(2)
        }
        let sops = folder.sopFiles.sorted()
        guard !sops.isEmpty else {
            StandardStreams.err("sopc-bench: '\(directory)' has no SOP")
            exit(1)
        }
        let target = root + "/" + sops[sops.count / 2]
        let uri = URL(fileURLWithPath: target).absoluteString
        guard let original = try? String(contentsOfFile: target, encoding: .utf8) else { exit(2) }
        let server = LanguageServer()
        _ = server.handle(
            message(["jsonrpc": "2.0", "id": 0, "method": "initialize", "params": ["capabilities": [:] as [String: Any]]]))
        let start = now()
        _ = server.handle(
            message([
                "jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": original]],
            ]))
        _ = server.flush()
        let first = now() - start
        let memoryFirst = residentBytes()
        var memoryTenth = 0
        var times: [Double] = []
        let originalLines = original.components(separatedBy: "\n")
        let line = originalLines.firstIndex { $0.contains(kind == "call" ? "call: " : "activity: ") } ?? 0
        let callLine = originalLines[line]
        func replacement(_ edit: Int) -> String {
            switch kind {
            case "call": return (edit % 2 == 0 ? callLine + "1" : callLine) + "\n"
            case "syntax": return edit % 2 == 0 ? "    activity: \"Revisi \(edit)\n" : "    activity: Revisi \(edit)\n"
            default: return "    activity: Revisi \(edit) langkah\n"
            }
        }
        for edit in 0..<edits {
            let t0 = now()
            // One keystroke-sized change: the activity's first word replaced.
            _ = server.handle(
                message([
                    "jsonrpc": "2.0", "method": "textDocument/didChange",
                    "params": [
                        "textDocument": ["uri": uri, "version": edit + 2],
                        "contentChanges": [
                            [
                                "range": ["start": ["line": line, "character": 0], "end": ["line": line + 1, "character": 0]],
                                "text": replacement(edit),
                            ]
                        ],
                    ],
                ]))
            let published = server.flush()
            times.append(now() - t0)
            guard
                published.contains(where: {
                    (($0 as? [String: Any])?["params"] as? [String: Any])?["uri"] as? String == uri
                }) || edit > 0
            else {
                StandardStreams.err("sopc-bench: the edit published nothing for \(uri)")
                exit(1)
            }
            if edit == edits / 10 { memoryTenth = residentBytes() }
        }
        let memoryEnd = residentBytes()
        times.sort()
        StandardStreams.out(
            "{\"edited\": \"\(sops[sops.count / 2])\", \"kind\": \"\(kind)\", \"edits\": \(edits), \"first\": \(first), "
                + "\"median\": \(times[times.count / 2]), \"min\": \(times.first!), \"max\": \(times.last!), "
                + "\"p90\": \(times[times.count * 9 / 10]), \"rssFirst\": \(memoryFirst), \"rssTenth\": \(memoryTenth), "
                + "\"rssEnd\": \(memoryEnd)}")
    }
}
