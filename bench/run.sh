#!/usr/bin/env bash
# Benchmark `sopc check` against the libyaml floor and write bench/RESULTS.md.
#
#   bench/run.sh               # median of 5 runs per command
#   RUNS=9 bench/run.sh        # median of 9
#
# Environment:
#   RUNS=N           timed runs per command (default 5; one untimed warm-up run comes first)
#   BENCH_STRICT=0   do not also require `sopc check --strict` (no warnings) to pass
#   BENCH_ENFORCE=1  exit 3 when a target is missed (default: report only)
#   SOPC=path        time this sopc binary instead of building one
#   SOPC_BENCH=path  the sopc-bench binary (the incremental re-check) instead of building one
#
# Whatever follows a line `<!-- notes -->` in bench/RESULTS.md is kept: conditions, comparisons.
#
# Everything built or generated goes under .build/bench/ (git-ignored): the floor binary, the
# corpus (regenerated when bench/gen_corpus.py changes) and the raw timings.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-5}
WORK=$ROOT/.build/bench
CORPUS=$WORK/corpus
mkdir -p "$WORK"

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf '\nbench: %s\n' "$*" >&2; exit 1; }

say "building the libyaml floor"
cc -O2 -Wall -Wextra bench/floor.c -o "$WORK/floor" $(pkg-config --cflags --libs yaml-0.1)
FLOOR=$WORK/floor

if [ -n "${SOPC:-}" ]; then
    say "using SOPC=$SOPC (not building)"
else
    say "building sopc (release)"
    swift build -c release --product sopc
    SOPC=$(swift build -c release --show-bin-path)/sopc
fi
if [ -z "${SOPC_BENCH:-}" ]; then
    say "building sopc-bench (release)"
    swift build -c release --product sopc-bench
    SOPC_BENCH=$(swift build -c release --show-bin-path)/sopc-bench
fi
[ -x "$SOPC" ] || die "no sopc binary at $SOPC"

STAMP=$(sha256sum bench/gen_corpus.py | cut -d' ' -f1)
if [ ! -f "$CORPUS/.stamp" ] || [ "$(cat "$CORPUS/.stamp")" != "$STAMP" ]; then
    say "generating the corpus into $CORPUS"
    rm -rf "$CORPUS.tmp" "$CORPUS"
    python3 bench/gen_corpus.py "$CORPUS.tmp"
    echo "$STAMP" > "$CORPUS.tmp/.stamp"
    mv "$CORPUS.tmp" "$CORPUS"
else
    say "corpus up to date in $CORPUS"
fi

say "checking that sopc accepts the corpus"
cd "$CORPUS"
for p in many big medium; do
    set +e
    out=$("$SOPC" check "$p" 2>&1)
    rc=$?
    set -e
    if [ $rc -ne 0 ]; then
        printf '%s\n' "$out" | head -n 30 >&2
        die "sopc check $p exited $rc on the generated corpus (first 30 lines above)"
    fi
    if [ "${BENCH_STRICT:-1}" != 0 ]; then
        set +e
        out=$("$SOPC" check --strict "$p" 2>&1)
        rc=$?
        set -e
        if [ $rc -ne 0 ]; then
            printf '%s\n' "$out" | head -n 30 >&2
            die "sopc check --strict $p exited $rc: the corpus is meant to be warning-free (first 30 lines above; BENCH_STRICT=0 skips this)"
        fi
    fi
    echo "  $p: ok" >&2
done
cd "$ROOT"

say "timing (median of $RUNS)"
export ROOT WORK CORPUS FLOOR SOPC SOPC_BENCH RUNS
python3 - <<'PY'
import datetime, json, os, platform, resource, shutil, statistics, subprocess, sys, time

root, work, corpus = os.environ["ROOT"], os.environ["WORK"], os.environ["CORPUS"]
floor, sopc, runs = os.environ["FLOOR"], os.environ["SOPC"], int(os.environ["RUNS"])
enforce = os.environ.get("BENCH_ENFORCE") == "1"

benches = []
for p in ("many", "big", "medium"):
    benches.append((f"floor {p}", [floor, p]))
    benches.append((f"sopc check {p}", [sopc, "check", p]))

# Corpus size, from the floor's own count.
sizes = {}
for p in ("many", "big", "medium"):
    out = subprocess.run([floor, p], cwd=corpus, check=True, capture_output=True, text=True).stdout
    sizes[p] = dict(kv.split("=") for kv in out.split())

times = {}
cpu_times = {}  # user + system seconds of the child, per run
hyperfine = shutil.which("hyperfine")
if hyperfine:
    tool = "hyperfine"
    help_text = subprocess.run([hyperfine, "--help"], capture_output=True, text=True).stdout
    json_path = os.path.join(work, "hyperfine.json")
    cmd = [hyperfine, "--warmup", "1", "--runs", str(runs), "--export-json", json_path]
    if "--shell=none" in help_text or "\n  -N" in help_text:
        cmd += ["-N"]  # no intermediate shell
    for name, argv in benches:
        cmd += ["--command-name", name, " ".join(argv)]
    subprocess.run(cmd, cwd=corpus, check=True)
    with open(json_path) as f:
        for r in json.load(f)["results"]:
            times[r["command"]] = r["times"]
            cpu_times[r["command"]] = [r["user"] + r["system"]]  # hyperfine gives means only
else:
    tool = "python time.perf_counter loop"
    for name, argv in benches:
        subprocess.run(argv, cwd=corpus, check=True, stdout=subprocess.DEVNULL)  # warm-up
        samples, cpu = [], []
        for _ in range(runs):
            u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            r = subprocess.run(argv, cwd=corpus, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            samples.append(time.perf_counter() - t0)
            u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(u1.ru_utime - u0.ru_utime + u1.ru_stime - u0.ru_stime)
            if r.returncode != 0:
                sys.exit(f"bench: `{name}` exited {r.returncode}")
        times[name] = samples
        cpu_times[name] = cpu
        print(f"  {name:<20} median {statistics.median(samples):8.3f} s", file=sys.stderr)

# The editor's case: one SOP of `many` edited in memory and checked again (CheckSession).
incremental = json.loads(subprocess.run(
    [os.environ["SOPC_BENCH"], "incremental", "many", str(runs)], cwd=corpus, check=True,
    capture_output=True, text=True).stdout)
print(f"  incremental re-check  median {incremental['median'] * 1000:8.1f} ms", file=sys.stderr)
# The same through the language server: 1,000 edits of one open SOP, each to its published diagnostics.
lsp = json.loads(subprocess.run(
    [os.environ["SOPC_BENCH"], "lsp", "many", "1000"], cwd=corpus, check=True,
    capture_output=True, text=True).stdout)
print(f"  sopc lsp edit → diagnostics  median {lsp['median'] * 1000:8.1f} ms", file=sys.stderr)

med = {k: statistics.median(v) for k, v in times.items()}
cpu_med = {k: statistics.median(v) for k, v in cpu_times.items()}
r_big_cpu = cpu_med["sopc check big"] / cpu_med["sopc check medium"]
r_many = med["sopc check many"] / med["floor many"]
r_big = med["sopc check big"] / med["sopc check medium"]
r_floor_big = med["floor big"] / med["floor medium"]
ok_many, ok_big = r_many <= 2.0, r_big < 2.0

cpu = "unknown"
try:
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
except OSError:
    pass
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                        capture_output=True, text=True).stdout.strip() or "none"

def mib(b):
    return f"{int(b) / 2**20:.1f} MiB"

lines = [
    "# sopc benchmark",
    "",
    f"Written by `bench/run.sh` on {datetime.date.today().isoformat()}. "
    f"Machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}; "
    f"{platform.system()} {platform.release()}. Commit `{commit}` (plus any uncommitted work). "
    f"Timing: {tool}, median of {runs} runs after one warm-up.",
    "",
    "The floor (`bench/floor.c`) only runs libyaml's event loop over every `*.yaml` file, on one "
    "thread: no tree, no checks. Corpus from `bench/gen_corpus.py` (deterministic):",
    "",
    "| project | what | files | bytes | libyaml events |",
    "|---|---|---:|---:|---:|",
    f"| many | 10,000 SOPs of ~15 steps, calls between them | {sizes['many']['files']} | "
    f"{mib(sizes['many']['bytes'])} | {int(sizes['many']['events']):,} |",
    f"| big | 1 SOP of 100,000 steps | {sizes['big']['files']} | {mib(sizes['big']['bytes'])} | "
    f"{int(sizes['big']['events']):,} |",
    f"| medium | 100 SOPs of 1,000 steps | {sizes['medium']['files']} | "
    f"{mib(sizes['medium']['bytes'])} | {int(sizes['medium']['events']):,} |",
    "",
    "Wall-clock times; CPU is user + system time of the process (median; a mean under "
    "hyperfine). sopc may use every core, the floor uses one: on a machine with few cores "
    "the CPU column shows the work done, the wall column what a user waits for.",
    "",
    "| command | median (s) | min (s) | max (s) | CPU (s) |",
    "|---|---:|---:|---:|---:|",
]
for name, _ in benches:
    s = times[name]
    lines.append(f"| `{name}` | {med[name]:.3f} | {min(s):.3f} | {max(s):.3f} | "
                 f"{cpu_med[name]:.3f} |")
lines += [
    "",
    "| target | measured | |",
    "|---|---:|---|",
    f"| `sopc check many` within 2x of `floor many` | {r_many:.2f}x | {'met' if ok_many else 'MISSED'} |",
    f"| `sopc check big` under 2x `sopc check medium` (no superlinear analysis) | {r_big:.2f}x | "
    f"{'met' if ok_big else 'MISSED'} |",
    f"| (reference) `sopc check big` / `sopc check medium` in CPU time | {r_big_cpu:.2f}x | |",
    f"| (reference) `floor big` / `floor medium` | {r_floor_big:.2f}x | |",
    "",
    "The editor's case (`sopc-bench incremental many`, a `CheckSession`): the 10,000-file project read "
    "and checked once, then one SOP edited in memory and checked again, "
    f"{runs} times. A re-check read {incremental['decoded']} file and ran the checks of "
    f"{incremental['checked']} SOPs (the edited one and those that call it).",
    "",
    "| what | median | min | max |",
    "|---|---:|---:|---:|",
    f"| whole first check in the session | {incremental['whole']:.3f} s | | |",
    f"| re-check after editing `{incremental['edited']}` | {incremental['median'] * 1000:.1f} ms | "
    f"{incremental['min'] * 1000:.1f} ms | {incremental['max'] * 1000:.1f} ms |",
    "",
    "The same through the language server (`sopc-bench lsp many`, the server of `sopc lsp` in process): "
    f"`{lsp['edited']}` opened (the project read once), then {lsp['edits']} one-line edits, each timed "
    "from the `didChange` to its `publishDiagnostics`. Target: under 50 ms median; memory flat.",
    "",
    "| what | median | min | 90th percentile | max |",
    "|---|---:|---:|---:|---:|",
    f"| open the first SOP (read and check the project) | {lsp['first']:.3f} s | | | |",
    f"| edit → published diagnostics | {lsp['median'] * 1000:.1f} ms | {lsp['min'] * 1000:.1f} ms | "
    f"{lsp['p90'] * 1000:.1f} ms | {lsp['max'] * 1000:.1f} ms |",
    "",
    f"Resident memory: {mib(lsp['rssFirst'])} after opening, {mib(lsp['rssTenth'])} after "
    f"{lsp['edits'] // 10} edits, {mib(lsp['rssEnd'])} after {lsp['edits']}.",
    "",
]
results = os.path.join(root, "bench", "RESULTS.md")
notes = ""
if os.path.exists(results):
    old = open(results).read()
    if "<!-- notes -->" in old:
        notes = old[old.index("<!-- notes -->"):]
if notes:
    lines += [notes.rstrip("\n"), ""]
with open(results, "w") as f:
    f.write("\n".join(lines))
print("\n".join(lines))
if enforce and not (ok_many and ok_big):
    sys.exit(3)
PY
