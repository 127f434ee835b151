import SOPCompiler

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
        guard args.count >= 3, args[1] == "incremental" else {
            StandardStreams.err("usage: sopc-bench incremental DIR [RUNS]")
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
}
