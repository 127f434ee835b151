#!/usr/bin/env python3
"""Replays many event sequences on both the SCXML and the BPMN of a build (for CrossCheckTests.swift).

    python3 Tests/consumers/crosscheck_run.py CASES.json

CASES.json is {"out": OUT, "sops": [id, ...], "cases": [{"root": id, "events": ["actor:event", ...]}]}:
OUT is the folder of a whole build (`OUT/<id>/<id>.scxml`, `OUT/<id>/<id>.bpmn`), `sops` every SOP of
it. Each case is replayed on python-statemachine (scxml_replay.py) and on SpiffWorkflow as it ships
(bpmn_run.py, every BPMN of the build loaded into one parser, so called SOPs run as called processes),
once through its `BpmnParser` and once through its `CamundaParser`.

Prints one JSON object {"results": [{"scxml": RUN, "bpmn": RUN, "camunda": RUN}]}, in the order of the
cases (`bpmn` from BpmnParser, `camunda` from CamundaParser), where RUN
is {"visited", "refused", "ended", "available", "stack", "errors"}: the states entered as both helpers write
them (`step`, `call/step`, `call/end`, `end`), the indexes of the events refused (after the end included),
whether the root SOP finished, the root's documents available at the end, the documents available in each
SOP instance still running at the end (outermost first; empty once the root has ended), and what went wrong
(an exception, an interpreter's complaint, a refused event that changed something).
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bpmn_run  # noqa: E402
import scxml_replay  # noqa: E402


def failed(e):
    return {"visited": [], "refused": [], "ended": False, "available": [], "stack": [], "errors": [f"{type(e).__name__}: {e}"]}


def scxml_stack(machine):
    """The documents of each running machine, the root first, then the child its call state runs, and so on."""
    stack = []
    while machine is not None and not machine.is_terminated:
        stack.append(sorted(k[2:].replace("_", "-") for k, v in vars(machine.model).items() if k.startswith("a_") and v == 1))
        children = [
            invocation._handler._child
            for invocation in machine._engine._invoke_manager._active.values()
            if getattr(invocation._handler, "_child", None) is not None and not invocation.ctx.cancelled.is_set()
        ]
        if len(children) > 1:
            raise RuntimeError(f"{len(children)} children run at once")
        machine = children[0] if children else None
    return stack


def run_scxml(out, case):
    try:
        r = scxml_replay.replay(os.path.join(out, case["root"], case["root"] + ".scxml"), case["events"], inspect=scxml_stack)
        return {
            "visited": r.visited,
            "refused": [i for i, _ in r.refused],
            "ended": r.ended,
            "available": r.available,
            "stack": r.inspected,
            "errors": r.errors,
        }
    except Exception as e:  # one broken case must not hide the others
        return failed(e)


def bpmn_stack(case):
    """The documents of each running process instance: the one the ready task is in and those calling it."""
    return [bpmn_run.held(workflow, task) for workflow, task in case.stack()]


def run_bpmn(engine, case):
    result = {"visited": [], "refused": [], "ended": False, "available": [], "stack": [], "errors": []}
    try:
        c = engine.start(case["root"])
        for i, event in enumerate(case["events"]):
            actor, _, kind = event.rpartition(":")
            if c.apply(actor, kind) is None:
                result["refused"].append(i)
        result.update(visited=c.visited, ended=c.finished, available=c.artefacts(), stack=bpmn_stack(c))
    except Exception as e:
        result["errors"].append(f"{type(e).__name__}: {e}")
    return result


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: crosscheck_run.py CASES.json")
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    out = os.path.abspath(spec["out"])
    paths = [os.path.join(out, s, s + ".bpmn") for s in spec["sops"]]
    engines = {name: bpmn_run.Engine(paths, name) for name in ("bpmn", "camunda")}
    results = [
        {"scxml": run_scxml(out, case), "bpmn": run_bpmn(engines["bpmn"], case), "camunda": run_bpmn(engines["camunda"], case)}
        for case in spec["cases"]
    ]
    json.dump({"results": results}, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
