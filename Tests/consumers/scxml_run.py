#!/usr/bin/env python3
"""Runs many scripted walks on SOP SCXML files (for SCXMLTests.swift) and prints what happened.

    python3 Tests/consumers/scxml_run.py CASES.json

CASES.json is {"cases": [{"name": ..., "file": ".../<id>/<id>.scxml", "events": ["actor:event", ...]}]}.
Prints one JSON object {"results": [{"name", "visited", "refused", "available", "ended", "errors"}]},
in the order of the cases; a case that cannot run at all has its reason in "errors". Each walk is
replayed by scxml_replay.py on python-statemachine.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import scxml_replay  # noqa: E402


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: scxml_run.py CASES.json")
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    results = []
    for case in cases:
        try:
            r = scxml_replay.replay(case["file"], case["events"])
            results.append(
                {
                    "name": case["name"],
                    "visited": r.visited,
                    "refused": [e for _, e in r.refused],
                    "available": r.available,
                    "ended": r.ended,
                    "errors": r.errors,
                }
            )
        except Exception as e:  # one broken case must not hide the others
            results.append(
                {
                    "name": case["name"],
                    "visited": [],
                    "refused": [],
                    "available": [],
                    "ended": False,
                    "errors": [f"{type(e).__name__}: {e}"],
                }
            )
    json.dump({"results": results}, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
