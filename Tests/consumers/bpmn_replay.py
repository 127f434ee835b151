#!/usr/bin/env python3
"""Replays events on sopc's BPMN in SpiffWorkflow and prints the steps visited, one per line.

usage: bpmn_replay.py [--explain] [--parser bpmn|camunda] MAIN.bpmn [OTHER.bpmn ...] -- EVENT ...

MAIN.bpmn holds the process to run; the other files hold the processes it calls (by id). An EVENT is
`actor:event`, event being done, yes or no. The case starts, printing the step it enters first; each
event taken prints what it enters: the end of an SOP (`end`), a user task that becomes ready, a call
activity that starts and then the first step of the SOP it calls. A called SOP's steps and end are
printed after the call step that runs it, `rapat/perintah`, `rapat/end`, as scxml_replay.py prints
them. A refused event (the actor is not a candidate group of the ready task, or the event does not fit
it, or nothing is ready) prints nothing and changes nothing. With --explain, refusals are explained on
standard error. The files run on SpiffWorkflow as it ships, through its CamundaParser, or its
BpmnParser with --parser bpmn.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bpmn_run import Engine  # noqa: E402


def main(argv):
    args = argv[1:]
    explain = "--explain" in args
    args = [a for a in args if a != "--explain"]
    parser = "camunda"
    if len(args) >= 2 and args[0] == "--parser" and args[1] in ("bpmn", "camunda"):
        parser, args = args[1], args[2:]
    if "--" not in args or args.index("--") == 0:
        print(__doc__, file=sys.stderr)
        return 2
    split = args.index("--")
    files, events = args[:split], args[split + 1:]
    engine = Engine(files, parser)
    case = engine.start(engine.main[files[0]])
    for step in case.visited:
        print(step)
    for event in events:
        actor, _, kind = event.rpartition(":")
        why = case.refusal(actor, kind)
        entered = case.apply(actor, kind)
        if entered is None:
            if explain:
                print(f"refused {event}: {why}", file=sys.stderr)
            continue
        for step in entered:
            print(step)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
