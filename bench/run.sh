#!/usr/bin/env bash
# Benchmark sopc against the libyaml floor — every line of issue 14's table in one run, ratios and targets
# included — and write bench/RESULTS.md (`make bench` runs this).
#
#   bench/run.sh                       # checks: median of 5 runs; builds of many: 2; of 100,000 steps: 1
#   RUNS=9 BUILD_RUNS=3 bench/run.sh
#
# Rows: `check many` (wall, CPU) and `check big` (wall) against the floor; peak memory of `check big` (also
# as a multiple of its largest file) and of `check many`; `build many` cold (wall, peak memory) and when
# nothing changed, each as a ratio to `check many`; `build big` (wall, peak memory, ratio to `check big`,
# the largest output's bytes per step for each output kind); `check --generated many` when nothing is stale;
# the scaling of `check` and `build` per step over SOPs of 1,000, 10,000 and 100,000 steps; four shapes
# that once cost time growing with the square of their size (a call chain, thousands of loops back to one
# step, a step with thousands of documents: check, cold build, and the chain's build with nothing changed;
# thousands of SOPs each calling one not in the folder: check);
# the editor's incremental re-check and the language server. Peak memory is the child's ru_maxrss (os.wait4).
#
# Environment:
#   RUNS=N           timed runs per check (default 5; one untimed warm-up run comes first)
#   BUILD_RUNS=N     timed runs of `build many`, cold and with nothing changed, and of `check --generated many`
#                    (default 2)
#   BIG_RUNS=N       timed runs of the builds of 100,000 steps, of the scaling checks and builds and of the
#                    shapes' cold builds (default 1)
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

# As `scripts/run main` builds sopc: release, one static position-independent executable.
source "$ROOT/scripts/release-flags"
RELEASE=("${RELEASE_FLAGS[@]}")
if [ -n "${SOPC:-}" ]; then
    say "using SOPC=$SOPC (not building)"
else
    say "building sopc (release)"
    swift build "${RELEASE[@]}" --product sopc
    SOPC=$(swift build "${RELEASE[@]}" --show-bin-path)/sopc
fi
if [ -z "${SOPC_BENCH:-}" ]; then
    say "building sopc-bench (release)"
    swift build "${RELEASE[@]}" --product sopc-bench
    SOPC_BENCH=$(swift build "${RELEASE[@]}" --show-bin-path)/sopc-bench
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
for p in many big medium scale-1000 scale-10000 scale-100000; do
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

say "timing (checks: median of $RUNS; builds of many: $BUILD_RUNS; of 100,000 steps: $BIG_RUNS)"
export ROOT WORK CORPUS FLOOR SOPC SOPC_BENCH RUNS
export BUILD_RUNS=${BUILD_RUNS:-2} BIG_RUNS=${BIG_RUNS:-1}
python3 - <<'PY'
import datetime, json, os, platform, shutil, statistics, subprocess, sys, time

root, work, corpus = os.environ["ROOT"], os.environ["WORK"], os.environ["CORPUS"]
floor, sopc, runs = os.environ["FLOOR"], os.environ["SOPC"], int(os.environ["RUNS"])
build_runs, big_runs = int(os.environ["BUILD_RUNS"]), int(os.environ["BIG_RUNS"])
enforce = os.environ.get("BENCH_ENFORCE") == "1"
sys.path.insert(0, os.path.join(root, "bench"))
import gen_corpus  # noqa: E402  (the step counts)

BIG_STEPS = gen_corpus.BIG_STEPS
SCALE = gen_corpus.SCALE_STEPS
outs = os.path.join(work, "out")
os.makedirs(outs, exist_ok=True)


def once(argv, expect=0):
    """One run of argv in the corpus: (wall s, CPU s, peak resident bytes) of that child alone. An argument
    `{out}` stands for the current cold build's output folder. The run must exit `expect`."""
    argv = [current_out if a == "{out}" else a for a in argv]
    t0 = time.perf_counter()
    child = subprocess.Popen(argv, cwd=corpus, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != expect:
        sys.exit(f"bench: `{' '.join(argv)}` exited {code}, not {expect}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


samples = {}  # name -> [(wall, cpu, peak)]


def timed(name, argv, n, warmup=True, before=None, expect=0):
    if warmup:
        if before:
            before()
        once(argv, expect)
    got = []
    for _ in range(n):
        if before:
            before()
        got.append(once(argv, expect))
    samples[name] = got
    print(f"  {name:<34} median {statistics.median(w for w, _, _ in got):8.3f} s  "
          f"peak {max(p for _, _, p in got) / 2**20:7.1f} MiB", file=sys.stderr)


def wall(name):
    return statistics.median(w for w, _, _ in samples[name])


def cpu(name):
    return statistics.median(c for _, c, _ in samples[name])


def peak(name):
    return max(p for _, _, p in samples[name])


def fresh(path):
    return lambda: shutil.rmtree(path, ignore_errors=True)


sizes = {}
projects = ["many", "big", "medium"] + [f"scale-{n}" for n in SCALE]
for p in projects:
    out = subprocess.run([floor, p], cwd=corpus, check=True, capture_output=True, text=True).stdout
    sizes[p] = dict(kv.split("=") for kv in out.split())
    sizes[p]["largest"] = max(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(corpus, p))
                              for f in fs if f.endswith(".yaml"))

# Checks against the floor.
for p in ("many", "big", "medium"):
    timed(f"floor {p}", [floor, p], runs)
    timed(f"sopc check {p}", [sopc, "check", p], runs)

# Builds of many: cold, then with nothing changed, then check --generated.
#
# Each cold build goes into a folder of its own that no earlier run used, and no output folder is removed
# until every timing is taken. This file system (ext4 without a journal) skips, for each new file, every
# inode freed in the last 5 to 10 minutes (`recently_deleted` in the kernel's inode allocator): removing the
# previous build's 80,004 files right before a cold build made its system time grow from a few seconds to
# minutes (a Python loop creating 80,000 files: 2.8 s, then 52.9 s right after removing 250,000). What that
# costs is measured on its own, below, as the cold build into a folder just emptied.
stale = [os.path.join(outs, d) for d in os.listdir(outs)]
since_removal = None
marker = os.path.join(work, "outputs-removed-at")
if os.path.exists(marker):
    since_removal = time.time() - os.path.getmtime(marker)
unused = iter(range(10 ** 6))
current_out = None


def new_folder(prefix):
    """A `before` for a cold build: the next output folder of its own, which no earlier run used."""
    def take():
        global current_out
        current_out = os.path.join(outs, f"{prefix}-{os.getpid()}-{next(unused)}")
    return take


# Scaling: check and build time per step, each build cold into a folder of its own (before the builds of
# many and the removal below: a 1,000-step build writes 31 files, and right after 80,004 files are removed
# each costs the inode search above).
for n in SCALE:
    p = f"scale-{n}"
    timed(f"sopc check {p}", [sopc, "check", p], runs if n < 100_000 else max(big_runs, 1))
    timed(f"sopc build {p}", [sopc, "build", p, "--out", "{out}"], big_runs, warmup=False, before=new_folder(p))

timed("sopc build many (cold)", [sopc, "build", "many", "--out", "{out}"], build_runs, warmup=False,
      before=new_folder("many"))
out_many = current_out
timed("sopc build many (nothing changed)", [sopc, "build", "many", "--out", out_many], build_runs, warmup=False)
# (--generated renders every output to compare it: as long as a build, so as many runs as the builds.)
timed("sopc check --generated many", [sopc, "check", "many", "--generated", out_many], build_runs, warmup=False)

# The build of one 100,000-step SOP, and its outputs' bytes per step.
timed("sopc build big (cold)", [sopc, "build", "big", "--out", "{out}"], big_runs, warmup=False,
      before=new_folder("big"))
out_big = current_out
per_kind = {}
for d, _, fs in os.walk(out_big):
    stem = os.path.basename(d)
    for f in fs:
        # Only the SOP's own files, <id>/<id>.<kind>: not the index, the manifest or the fonts folder.
        if d == out_big or not f.startswith(stem + "."):
            continue
        kind = f[len(stem) + 1:]
        if kind.endswith(".form"):
            kind = "*.form"
        per_kind[kind] = max(per_kind.get(kind, 0), os.path.getsize(os.path.join(d, f)))

# Shapes that once cost time growing with the square of their size (bench/gen_corpus.py): each checked and
# built cold, and the call chain built again with nothing changed (its definitions settled first: a file
# changed within two seconds gives its SOP no key).
SHAPES = ("shape-chain", "shape-loops", "shape-documents")
for p in SHAPES:
    timed(f"sopc check {p}", [sopc, "check", p], runs)
    timed(f"sopc build {p} (cold)", [sopc, "build", p, "--out", "{out}"], big_runs, warmup=False,
          before=new_folder(p))
    if p == "shape-chain":
        out_chain = current_out
newest = max(os.path.getmtime(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(corpus, "shape-chain"))
             for f in fs)
if time.time() - newest < 2.5:
    time.sleep(2.5 - (time.time() - newest))
timed("sopc build shape-chain (nothing changed)", [sopc, "build", "shape-chain", "--out", out_chain], build_runs)
# A project of errors (each SOP calls one not in the folder): checked only, and it must say so (exit 1).
timed("sopc check shape-unknown", [sopc, "check", "shape-unknown"], runs, expect=1)

# Last, the same cold build of many into the folder of the build before, emptied right before it: the file
# system's share.
timed("sopc build many (cold, previous output just removed)", [sopc, "build", "many", "--out", out_many], 1,
      warmup=False, before=fresh(out_many))
# Only now, with every timing taken: the cold builds' folders, and what earlier runs left.
for d in stale + [os.path.join(outs, d) for d in os.listdir(outs)]:
    shutil.rmtree(d, ignore_errors=True)
with open(marker, "w"):
    pass

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

cpu_name = "unknown"
try:
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu_name = line.split(":", 1)[1].strip()
                break
except OSError:
    pass
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                        capture_output=True, text=True).stdout.strip() or "none"
load = os.getloadavg()


def mib(b):
    return f"{int(b) / 2**20:.1f} MiB" if int(b) >= 2**20 else f"{int(b) / 1024:.1f} KiB"


targets = []


def target(what, measured, ok):
    targets.append((what, measured, ok))


r_many = wall("sopc check many") / wall("floor many")
r_many_cpu = cpu("sopc check many") / cpu("floor many")
r_big = wall("sopc check big") / wall("floor big")
big_file = sizes["big"]["largest"]
r_big_peak = peak("sopc check big") / big_file
r_cold = wall("sopc build many (cold)") / wall("sopc check many")
r_warm = wall("sopc build many (nothing changed)") / wall("sopc check many")
r_build_big = wall("sopc build big (cold)") / wall("sopc check big")
r_generated = wall("sopc check --generated many") / wall("sopc check many")
per_step = {}
for n in SCALE:
    per_step[("check", n)] = wall(f"sopc check scale-{n}") / n
    per_step[("build", n)] = wall(f"sopc build scale-{n}") / n
r_scale = {k: max(per_step[(k, n)] for n in SCALE) / min(per_step[(k, n)] for n in SCALE) for k in ("check", "build")}

target("`check many` wall ≤ 1.0x floor", f"{r_many:.2f}x", r_many <= 1.0)
target("`check many` CPU ≤ 1.5x floor", f"{r_many_cpu:.2f}x", r_many_cpu <= 1.5)
target("`check big` wall ≤ 1.2x floor", f"{r_big:.2f}x", r_big <= 1.2)
target("`check big` peak memory ≤ 4x its largest file", f"{mib(peak('sopc check big'))} = {r_big_peak:.1f}x",
       r_big_peak <= 4)
target("`check many` peak memory < 64 MiB", mib(peak("sopc check many")), peak("sopc check many") < 64 * 2**20)
target("`build many` cold ≤ 5x `check many`", f"{r_cold:.2f}x", r_cold <= 5)
target("`build many` with nothing changed ≤ 1.5x `check many`", f"{r_warm:.2f}x", r_warm <= 1.5)
target("`build many` peak memory < 300 MiB", mib(max(peak("sopc build many (cold)"),
                                                     peak("sopc build many (nothing changed)"))),
       max(peak("sopc build many (cold)"), peak("sopc build many (nothing changed)")) < 300 * 2**20)
target("`build big` < 10x `check big`", f"{r_build_big:.2f}x", r_build_big < 10)
target("`check --generated many` (nothing stale) ≤ 2x `check many`", f"{r_generated:.2f}x", r_generated <= 2)
for kind in sorted(per_kind):
    b = per_kind[kind] / BIG_STEPS
    target(f"`build big`: largest `.{kind}` ≤ 1 KB a step" if kind != "*.form" else
           "`build big`: largest `*.form` file ≤ 1 KB a step", f"{b:,.0f} B/step", b <= 1024)
for k in ("check", "build"):
    target(f"scaling: `{k}` time per step, max/min over 1,000 … 100,000 steps, within 1.5x",
           f"{r_scale[k]:.2f}x", r_scale[k] <= 1.5)

lines = [
    "# sopc benchmark",
    "",
    f"Written by `bench/run.sh` on {datetime.date.today().isoformat()}. "
    f"Machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu_name}; "
    f"{platform.system()} {platform.release()}; load average at the end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}. "
    f"Commit `{commit}` (plus any uncommitted work). Timing: python `time.perf_counter` around each "
    f"child, CPU (user + system) and peak resident memory (ru_maxrss) from `os.wait4` of that child. "
    f"Checks: median of {runs} runs after one warm-up; `build many`: {build_runs} run(s) each, cold (a new "
    f"output folder) and then with nothing changed, and `check --generated many` {build_runs}; builds of "
    f"100,000 steps and the check and build of the 100,000-step scaling SOP: {big_runs} run(s).",
    "",
    "The floor (`bench/floor.c`) only runs libyaml's event loop over every `*.yaml` file, on one "
    "thread: no tree, no checks. Corpus from `bench/gen_corpus.py` (deterministic):",
    "",
    "| project | what | files | bytes | largest file | libyaml events |",
    "|---|---|---:|---:|---:|---:|",
]
what = {"many": "10,000 SOPs of ~15 steps, calls between them", "big": "1 SOP of 100,000 steps",
        "medium": "100 SOPs of 1,000 steps"}
for n in SCALE:
    what[f"scale-{n}"] = f"1 SOP of {n:,} steps, a note on each"
for p in projects:
    lines.append(f"| {p} | {what[p]} | {sizes[p]['files']} | {mib(sizes[p]['bytes'])} | "
                 f"{mib(sizes[p]['largest'])} | {int(sizes[p]['events']):,} |")
lines += [
    "",
    "## Targets (issue 14)",
    "",
    "| target | measured | |",
    "|---|---:|---|",
]
for w, m, ok in targets:
    lines.append(f"| {w} | {m} | {'met' if ok else 'MISSED'} |")
lines += [
    "",
    "## Every command",
    "",
    "Wall-clock times; CPU is user + system time of the process. sopc may use every core, the floor "
    "uses one.",
    "",
    "| command | runs | median (s) | min (s) | max (s) | CPU (s) | peak memory |",
    "|---|---:|---:|---:|---:|---:|---:|",
]
for name, got in samples.items():
    ws = [w for w, _, _ in got]
    lines.append(f"| `{name}` | {len(got)} | {wall(name):.3f} | {min(ws):.3f} | {max(ws):.3f} | "
                 f"{cpu(name):.3f} | {mib(peak(name))} |")
lines += [
    "",
    f"Ratios: `check many` / `floor many` {r_many:.2f}x wall, {r_many_cpu:.2f}x CPU; `check big` / `floor big` "
    f"{r_big:.2f}x; `build many` cold / `check many` {r_cold:.2f}x, nothing changed {r_warm:.2f}x; "
    f"`build big` / `check big` {r_build_big:.2f}x; `check --generated many` / `check many` {r_generated:.2f}x.",
    "",
    "Each cold build (of `many`, of `big` and of the scaling SOPs) writes into a folder no earlier run used, "
    "and no output folder is removed until every timing but the last is taken ("
    + (f"this script last removed its output folders {since_removal / 60:.0f} minutes before this run's builds"
       if since_removal is not None else "no earlier removal of output folders by this script is known")
    + "). The last, the same cold build of `many` into the folder of the build before, emptied right "
    f"before it (80,004 files removed), took {wall('sopc build many (cold, previous output just removed)'):.1f} s "
    f"({cpu('sopc build many (cold, previous output just removed)'):.1f} s CPU) against "
    f"{wall('sopc build many (cold)'):.1f} s ({cpu('sopc build many (cold)'):.1f} s CPU): on this file system "
    "(ext4 without a journal) each new file's inode is searched past every inode freed in the last minutes.",
    "",
    f"Outputs of `build big` (one SOP of {BIG_STEPS:,} steps): the largest file of each kind.",
    "",
    "| output | bytes | bytes a step |",
    "|---|---:|---:|",
]
for kind in sorted(per_kind, key=lambda k: -per_kind[k]):
    lines.append(f"| `{kind}` | {per_kind[kind]:,} | {per_kind[kind] / BIG_STEPS:,.0f} |")
lines += [
    "",
    "Shapes that once cost time growing with the square of their size (`bench/gen_corpus.py`): "
    f"`shape-chain`, {gen_corpus.SHAPE_CHAIN:,} SOPs each calling the next; `shape-loops`, one SOP of "
    f"{gen_corpus.SHAPE_LOOPS:,} decisions whose \"Tidak\" goes back to the first step; `shape-documents`, "
    f"one step making and one needing {gen_corpus.SHAPE_DOCUMENTS:,} documents; `shape-unknown` (checked only: "
    f"it is all errors), {gen_corpus.SHAPE_UNKNOWN:,} SOPs each calling an SOP not in the folder, whose id is "
    "near the folder's own (a \"did you mean\" for each).",
    "",
    "| shape | check (s) | build, cold (s) | build, cold, peak memory | build, nothing changed (s) |",
    "|---|---:|---:|---:|---:|",
]
for p in SHAPES:
    again = f"{wall('sopc build shape-chain (nothing changed)'):.3f}" if p == "shape-chain" else "—"
    lines.append(f"| `{p}` | {wall(f'sopc check {p}'):.3f} | {wall(f'sopc build {p} (cold)'):.3f} | "
                 f"{mib(peak(f'sopc build {p} (cold)'))} | {again} |")
lines.append(f"| `shape-unknown` | {wall('sopc check shape-unknown'):.3f} | — | — | — |")
lines += [
    "",
    "Scaling (one SOP, every step with a note; time per step in microseconds):",
    "",
    "| steps | file | check (s) | check µs/step | build (s) | build µs/step |",
    "|---:|---:|---:|---:|---:|---:|",
]
for n in SCALE:
    lines.append(f"| {n:,} | {mib(sizes[f'scale-{n}']['largest'])} | {wall(f'sopc check scale-{n}'):.3f} | "
                 f"{per_step[('check', n)] * 1e6:.1f} | {wall(f'sopc build scale-{n}'):.3f} | "
                 f"{per_step[('build', n)] * 1e6:.1f} |")
lines += [
    "",
    f"max/min of the per-step times: check {r_scale['check']:.2f}x, build {r_scale['build']:.2f}x.",
    "",
    "## The editor",
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
if enforce and not all(ok for _, _, ok in targets):
    sys.exit(3)
PY
