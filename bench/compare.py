#!/usr/bin/env python3
"""Times two sopc binaries on the bench corpus, runs interleaved (A, B, A, B …) so that both see the same
machine load, and prints a Markdown table of medians (wall and CPU) and the ratio B / A.

    python3 bench/compare.py BEFORE_SOPC AFTER_SOPC [RUNS]

Run bench/run.sh once first: it generates the corpus into .build/bench/corpus.
"""
import os, resource, statistics, subprocess, sys, time

before, after = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
corpus = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "bench", "corpus")


def once(binary, project):
    u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([binary, "check", project], cwd=corpus, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"compare: {binary} check {project} exited {r.returncode}")
    return wall, u1.ru_utime - u0.ru_utime + u1.ru_stime - u0.ru_stime


print("| project | before wall (s) | after wall (s) | after / before | before CPU (s) | after CPU (s) | after / before |")
print("|---|---:|---:|---:|---:|---:|---:|")
for project in ("many", "big", "medium"):
    once(before, project), once(after, project)  # warm-up
    samples = {before: [], after: []}
    for _ in range(runs):
        for binary in (before, after):
            samples[binary].append(once(binary, project))
    w = {b: statistics.median(s[0] for s in samples[b]) for b in samples}
    c = {b: statistics.median(s[1] for s in samples[b]) for b in samples}
    print(f"| {project} | {w[before]:.3f} | {w[after]:.3f} | {w[after] / w[before]:.2f}x | "
          f"{c[before]:.3f} | {c[after]:.3f} | {c[after] / c[before]:.2f}x |")
