#!/usr/bin/env python3
"""Replays a sequence of events on an SOP's SCXML and prints the states it visits.

    python3 Tests/consumers/scxml_replay.py generated/lakip/lakip.scxml kabiro:done kasubag-tu:done ...

Each event is ACTOR:EVENT (EVENT is done, yes or no) and is sent to the machine as the SCXML event
ACTOR.EVENT. The output is one state id per line, in the order the states were entered, starting with
the first step and ending with `end` if the SOP finished. A state of a called SOP is written after the
call step that runs it, `rapat/perintah`, and the called SOP's own end as `rapat/end`. A refused event
(one the current step does not take, or by someone who is not its actor) enters no state, so it adds
no line; `--verbose` says on standard error what became of each event, and `--json` prints everything
(visited states, refused events, the artefacts available at the end) as one JSON object.

The interpreter is python-statemachine (PyPI `python-statemachine`, 3.2), which runs SCXML with
invoke, datamodel, assign, send and log. The document is loaded as trusted because it is sopc's own
output and its <invoke src> reads the called SOP's file (`../<callee>/<callee>.scxml`), so the folder
must hold the whole build. Two things this interpreter does its own way are handled here, not in the
document: it starts an invoked child on a thread (we wait for it before the next event), and it has
no hook to watch a child's states (we add a listener to each child it creates).
"""

import argparse
import contextlib
import io
import json
import logging
import os
import re
import sys
import threading

try:
    import statemachine
    from statemachine.io import invoke as _invoke
    from statemachine.io import load as _load
except ImportError:  # pragma: no cover - reported to the user
    sys.exit("scxml_replay.py needs python-statemachine 3.2 (pip install 'python-statemachine==3.2.2')")

if not statemachine.__version__.startswith("3.2."):
    print(
        f"scxml_replay.py: made for python-statemachine 3.2, found {statemachine.__version__}; its hooks may not fit",
        file=sys.stderr,
    )

# `<send target="#_parent">` of a top-level SOP's end has no parent to go to: expected, not a warning.
logging.getLogger("statemachine.io.actions").setLevel(logging.ERROR)

_EVENT = re.compile(r"^([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$")
# What the documents' <log label="refused|error" expr="_event.name"/> prints: this interpreter shows
# the event as 'name' or as BoundEvent('name', ...).
_LOG = re.compile(r"^(refused|error): (?:BoundEvent\()?'([^']*)'")

_lock = threading.Lock()
_runs = []  # the Replay in progress (one at a time: the interpreter's hooks below are global)


class _Tracer:
    """Listener on one machine: records every state it enters, under the prefix of its call step."""

    def __init__(self, replay, prefix):
        self.replay = replay
        self.prefix = prefix

    def on_enter_state(self, state, machine=None, **_):
        if machine is not None:
            self.replay.prefixes[id(machine)] = self.prefix
        self.replay.visited.append(self.prefix + state.id)


_original_run = _invoke.Invoker.run
_original_child_class = _invoke.Invoker._create_child_class


def _run(self, ctx):
    replay = _runs[-1] if _runs else None
    if replay is not None:
        self._sopc_prefix = replay.prefixes.get(id(ctx.machine), "") + ctx.state_id + "/"
    return _original_run(self, ctx)


def _child_class(self, content, invokeid):
    cls = _original_child_class(self, content, invokeid)
    replay = _runs[-1] if _runs else None
    if replay is None:
        return cls
    tracer = _Tracer(replay, getattr(self, "_sopc_prefix", invokeid + "/"))

    def make(**kwargs):
        kwargs["listeners"] = list(kwargs.get("listeners", [])) + [tracer]
        return cls(**kwargs)

    return make


_invoke.Invoker.run = _run
_invoke.Invoker._create_child_class = _child_class


def _settle(machine):
    """Waits until no invoked child of `machine` (or of its children) is still starting on a thread."""
    while True:
        waited = False
        manager = machine._engine._invoke_manager
        for invocation in list(manager._active.values()):
            thread = getattr(invocation, "thread", None)
            if thread is not None and thread.is_alive() and thread is not threading.current_thread():
                thread.join()
                waited = True
            child = getattr(invocation._handler, "_child", None)
            if child is not None:
                _settle(child)
        if not waited:
            return


def _snapshot(machine):
    """The states and artefact data of `machine` and of every running child under it."""
    parts = []
    stack = [machine]
    while stack:
        m = stack.pop()
        data = sorted((k, v) for k, v in vars(m.model).items() if k.startswith("a_"))
        parts.append((m.name, sorted(s.id for s in m.configuration), data, m.is_terminated))
        for invocation in m._engine._invoke_manager._active.values():
            child = getattr(invocation._handler, "_child", None)
            if child is not None and not invocation.ctx.cancelled.is_set():
                stack.append(child)
    return parts


class Replay:
    def __init__(self):
        self.visited = []
        self.prefixes = {}
        self.refused = []  # (index of the event, actor:event)
        self.errors = []
        self.available = []
        self.ended = False
        self.outcomes = []  # per event: "accepted", "refused" or "after end"
        self.inspected = None


def replay(path, events, inspect=None):
    """Runs `events` (ACTOR:EVENT strings) on the SCXML file at `path`; returns a Replay. `inspect`, if
    given, is called with the top-level machine after the last event, and its result kept as `inspected`."""
    for e in events:
        if not _EVENT.match(e):
            raise ValueError(f"event {e!r} is not ACTOR:EVENT")
    path = os.path.abspath(path)
    result = Replay()
    cwd = os.getcwd()
    with _lock:
        _runs.append(result)
        try:
            os.chdir(os.path.dirname(path))
            chart = _load(path, trusted=True)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                machine = chart(listeners=[_Tracer(result, "")])
                _settle(machine)
            _collect(out, result, None)
            for i, e in enumerate(events):
                if machine.is_terminated:
                    result.refused.append((i, e))
                    result.outcomes.append("after end")
                    continue
                actor, event = e.split(":")
                before = len(result.refused)
                snapshot = _snapshot(machine)
                out = io.StringIO()
                with contextlib.redirect_stdout(out):
                    machine.send(f"{actor}.{event}")
                    _settle(machine)
                _collect(out, result, (i, e))
                if len(result.refused) > before:
                    result.outcomes.append("refused")
                    if _snapshot(machine) != snapshot:
                        result.errors.append(f"refused event {e} changed the state or the data")
                else:
                    result.outcomes.append("accepted")
            result.ended = machine.is_terminated
            if inspect is not None:
                result.inspected = inspect(machine)
            model = vars(machine.model)
            result.available = sorted(
                k[2:].replace("_", "-") for k, v in model.items() if k.startswith("a_") and v == 1
            )
        finally:
            os.chdir(cwd)
            _runs.pop()
    return result


def _collect(out, result, event):
    for line in out.getvalue().splitlines():
        m = _LOG.match(line)
        if m and m.group(1) == "refused" and event is not None and m.group(2) == event[1].replace(":", "."):
            result.refused.append(event)
        elif line.strip():
            result.errors.append(line)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="an SOP's .scxml, in the folder of a whole build")
    parser.add_argument("events", nargs="*", help="ACTOR:EVENT, e.g. kabiro:done or kasubag-tu:no")
    parser.add_argument("--json", action="store_true", help="print visited states, refusals and artefacts as JSON")
    parser.add_argument("--verbose", action="store_true", help="say on standard error what became of each event")
    args = parser.parse_args(argv)
    try:
        r = replay(args.file, args.events)
    except (ValueError, OSError) as e:
        print(f"scxml_replay.py: {e}", file=sys.stderr)
        return 2
    if args.verbose:
        for e, outcome in zip(args.events, r.outcomes):
            print(f"{e}: {outcome}", file=sys.stderr)
        for line in r.errors:
            print(f"interpreter: {line}", file=sys.stderr)
    if args.json:
        json.dump(
            {
                "visited": r.visited,
                "refused": [e for _, e in r.refused],
                "refusedAt": [i for i, _ in r.refused],
                "available": r.available,
                "ended": r.ended,
                "errors": r.errors,
            },
            sys.stdout,
            ensure_ascii=False,
        )
        print()
    else:
        for state in r.visited:
            print(state)
    return 1 if r.errors else 0


if __name__ == "__main__":
    sys.exit(main())
