#!/usr/bin/env python3
"""Runs sopc's BPMN files on SpiffWorkflow as it ships and checks them as a modeler would see them.

usage: bpmn_run.py [--parser bpmn|camunda|both] SCENARIOS.json FILE.bpmn...

Every file is validated against the OMG BPMN 2.0 schema (the XSDs SpiffWorkflow ships) and its diagram
is checked: the pool, every lane, flow node, sequence flow and data input and output drawn (a document's one
data object reference and the associations with it are not drawn, and must not be half drawn), lanes stacked
as bands in the pool, flow nodes left to right in their lanes, no two shapes or labels overlapping, sequence
flows orthogonal and crossing no shape.

Then every file is loaded into one stock SpiffWorkflow parser, `BpmnParser` or `CamundaParser` (both by
default, each scenario run on each), so that a callActivity finds the process it calls by id; nothing of
SpiffWorkflow is subclassed or patched. Each scenario is replayed: {"name", "process", "events":
["actor:event", ...]}, event being done, yes or no. The case is started as SpiffWorkflow documents it,
its process's data inputs (the case number `case_id` and the SOP's inputs) set on the `Start` task. An event is taken when the actor
is a candidate group of the ready user task and the event fits it (yes/no on a decision, done
otherwise); it then completes the task, setting the decision's form field and the variable of each
document the task makes (the data object each of its data output associations writes, and the SOP's
outputs its `makes` property lists). Any other event is refused and changes nothing. What the task reads
and writes as data objects, what a call hands over and gets back (the called process's data inputs and
outputs) is SpiffWorkflow's own doing. The candidate groups, decision fields and what a task makes are
read from the XML, the way an application embedding the files would read them.

Prints one JSON document: {"files": {FILE: [problem, ...]}, "scenarios": [{"name", "parser", "visited",
"completed", "refused", "finished", "artefacts", "error"}]}. `visited` lists states as they are entered
(a user task becomes ready, a call activity starts, an SOP reaches its end: `end`), `completed` the steps
as they complete; a called SOP's are written after the call step that runs it, `rapat/perintah`,
`rapat/end` (as scxml_replay.py writes them). `artefacts` are the documents the case holds at the end:
its data objects that are set and the variables of its inputs and outputs in the last task's data.
"""
import json
import os
import sys

from lxml import etree

import SpiffWorkflow.bpmn.parser
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.camunda.parser import CamundaParser
from SpiffWorkflow.util.task import TaskState

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "camunda": "http://camunda.org/schema/1.0/bpmn",
    "zeebe": "http://camunda.org/schema/zeebe/1.0",
}
SCHEMA = os.path.join(os.path.dirname(SpiffWorkflow.bpmn.parser.__file__), "schema", "BPMN20.xsd")
PARSERS = {"bpmn": BpmnParser, "camunda": CamundaParser}
STEP_PREFIX = "Activity_"
END_EVENT = "Event_End"
DOCUMENT_PREFIX = "doc_"


def document(variable):
    """The artefact id a document variable carries: `doc_draf_lakip` is `draf-lakip`."""
    return variable[len(DOCUMENT_PREFIX):].replace("_", "-")


def depth(task):
    return getattr(task.workflow, "depth", 0)


def prefix(workflow):
    """`<call step>/` for each call the workflow runs in, outermost first (empty for the root)."""
    steps = []
    while getattr(workflow, "parent_task_id", None) is not None:
        call = workflow.top_workflow.get_task_from_id(workflow.parent_task_id)
        steps.append(call.task_spec.bpmn_id[len(STEP_PREFIX):] + "/")
        workflow = call.workflow
    return "".join(reversed(steps))


def qualified(task):
    """A step's id, after the call steps it runs under: `rapat/perintah`; an end event's is `end`."""
    bpmn_id = task.task_spec.bpmn_id
    return prefix(task.workflow) + ("end" if bpmn_id == END_EVENT else bpmn_id[len(STEP_PREFIX):])


def is_step(task):
    bpmn_id = getattr(task.task_spec, "bpmn_id", None)
    return bpmn_id is not None and bpmn_id.startswith(STEP_PREFIX)


def boundary(spec):
    """The document variables among a process's data inputs and outputs (not the case number)."""
    io = spec.io_specification
    variables = set() if io is None else {v.bpmn_id for v in io.data_inputs + io.data_outputs}
    return {v for v in variables if v.startswith(DOCUMENT_PREFIX)}


def held(workflow, task):
    """The documents a process instance holds when `task` (one of its tasks) is where it is: its data
    objects that are set, and its inputs' and outputs' variables in the task's data."""
    kept = {k for k, v in workflow.data_objects.items() if v is not None}
    passed = {k for k in boundary(workflow.spec) if task is not None and task.data.get(k) is not None}
    return sorted(document(k) for k in kept | passed)


class Engine:
    """The processes of some BPMN files, loaded into one stock SpiffWorkflow parser, with what the XML says of
    each user task: its candidate groups, its decision's form field, the document variables it makes."""

    def __init__(self, paths, parser="camunda"):
        self.parser = PARSERS[parser]()
        self.groups, self.fields, self.makes = {}, {}, {}
        self.main = {}
        for path in paths:
            tree = etree.parse(path)
            self.parser.add_bpmn_xml(tree, filename=path)
            processes = tree.xpath("//bpmn:process", namespaces=NS)
            if processes:
                self.main[path] = processes[0].get("id")
            for process in processes:
                for task in process.xpath(".//bpmn:userTask", namespaces=NS):
                    key = (process.get("id"), task.get("id"))
                    groups = task.get("{%s}candidateGroups" % NS["camunda"]) or ""
                    self.groups[key] = [g for g in groups.split(",") if g]
                    for field in task.xpath(".//camunda:formField[@type='enum']", namespaces=NS):
                        if {v.get("id") for v in field.xpath("camunda:value", namespaces=NS)} == {"yes", "no"}:
                            self.fields[key] = field.get("id")
                    # What a task makes: the variables of the data objects its data output associations
                    # write, and the SOP's outputs its `makes` property lists (they have no data object).
                    made = task.xpath(
                        "bpmn:dataOutputAssociation/bpmn:targetRef/text()", namespaces=NS)
                    variables = []
                    for ref in made:
                        objects = process.xpath(
                            "bpmn:dataObjectReference[@id=$ref]/@dataObjectRef", namespaces=NS, ref=ref)
                        variables += objects[:1]
                    makes = task.xpath(".//camunda:property[@name='makes']/@value", namespaces=NS)
                    self.makes[key] = variables + (makes[0].split() if makes else [])

    def start(self, process_id):
        return Case(self, process_id)


class Case:
    """One running case of a process: events in, steps entered and completed out."""

    def __init__(self, engine, process_id):
        self.engine = engine
        spec = engine.parser.get_spec(process_id)
        self.workflow = BpmnWorkflow(spec, engine.parser.get_subprocess_specs(process_id))
        # The case starts with its process's data inputs set on the Start task: the case number and the
        # SOP's inputs.
        inputs = spec.io_specification.data_inputs if spec.io_specification is not None else []
        self.workflow.get_next_task(spec_name="Start").set_data(**{v.bpmn_id: "input" for v in inputs})
        self.seen_entered, self.seen_completed = set(), set()
        self.visited, self.completed, self.refused = [], [], 0
        self.workflow.do_engine_steps()
        self._collect()

    @property
    def finished(self):
        return self.workflow.completed

    def ready_task(self):
        ready = self.workflow.get_tasks(state=TaskState.READY, manual=True)
        return ready[0] if len(ready) == 1 else None

    def key(self, task):
        return (task.workflow.spec.name, task.task_spec.bpmn_id)

    def refusal(self, actor, event):
        """Why the event would be refused now, or None."""
        task = self.ready_task()
        if task is None:
            return "no user task is ready"
        groups = self.engine.groups.get(self.key(task), [])
        if actor not in groups:
            return f"{actor} is not a candidate group of {qualified(task)} ({', '.join(groups)})"
        field = self.engine.fields.get(self.key(task))
        if field is not None and event not in ("yes", "no"):
            return f"{qualified(task)} is a decision: yes or no, not {event}"
        if field is None and event != "done":
            return f"{qualified(task)} is a task: done, not {event}"
        return None

    def apply(self, actor, event):
        """Takes the event and returns the steps it entered, or refuses it and returns None."""
        if self.refusal(actor, event) is not None:
            self.refused += 1
            return None
        task = self.ready_task()
        field = self.engine.fields.get(self.key(task))
        data = {field: event} if field is not None else {}
        data.update({variable: qualified(task) for variable in self.engine.makes.get(self.key(task), [])})
        task.set_data(**data)
        task.run()
        self.workflow.do_engine_steps()
        return self._collect()

    def _collect(self):
        """Records what happened since the last call. One event completes a step; if that ends its SOP, the
        end is entered, the call completes and its caller moves on, or ends in turn; the step moved to, if a
        call, starts its SOP and enters that SOP's first step, and so on down. So the ends come innermost
        first, then the steps entered outermost first; and the step the event completed comes before the
        calls it completes, innermost first."""
        ends, entered, completed = [], [], []
        for task in self.workflow.get_tasks():
            bpmn_id = getattr(task.task_spec, "bpmn_id", None) or ""
            if bpmn_id == END_EVENT and task.state == TaskState.COMPLETED and task.id not in self.seen_entered:
                self.seen_entered.add(task.id)
                ends.append(task)
            if not is_step(task):
                continue
            if task.state & (TaskState.READY | TaskState.STARTED | TaskState.WAITING | TaskState.COMPLETED):
                if task.id not in self.seen_entered:
                    self.seen_entered.add(task.id)
                    entered.append(task)
            if task.state == TaskState.COMPLETED and task.id not in self.seen_completed:
                self.seen_completed.add(task.id)
                completed.append(task)
        ends.sort(key=lambda t: -depth(t))
        entered.sort(key=depth)
        completed.sort(key=lambda t: (isinstance(t.task_spec, SubWorkflowTask), -depth(t)))
        names = [qualified(t) for t in ends + entered]
        self.visited += names
        self.completed += [qualified(t) for t in completed]
        return names

    def stack(self):
        """(workflow, task) for each process instance running, the root first: the task each is at (the
        ready user task in the innermost, the call activity running the next in the others)."""
        task = self.ready_task()
        if task is None:
            return []
        stack = []
        while True:
            stack.append((task.workflow, task))
            if task.workflow.parent_task_id is None:
                break
            task = task.workflow.top_workflow.get_task_from_id(task.workflow.parent_task_id)
        return list(reversed(stack))

    def artefacts(self):
        """The documents the root holds: at its end once finished, else where it is."""
        if self.finished:
            return held(self.workflow, self.workflow.last_task)
        stack = self.stack()
        return held(*stack[0]) if stack else held(self.workflow, None)


# Diagram checks


def bounds(shape):
    b = shape.find("dc:Bounds", NS)
    return tuple(float(b.get(k)) for k in ("x", "y", "width", "height"))


def overlap(a, b):
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def inside(a, b):
    return b[0] <= a[0] and a[0] + a[2] <= b[0] + b[2] and b[1] <= a[1] and a[1] + a[3] <= b[1] + b[3]


def crosses(p, q, r):
    """Whether the segment p-q passes through the interior of rectangle r (Liang-Barsky clipping)."""
    x0, y0, w, h = r
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in ((-dx, p[0] - x0), (dx, x0 + w - p[0]), (-dy, p[1] - y0), (dy, y0 + h - p[1])):
        if edge_p == 0:
            if edge_q <= 0:
                return False
        else:
            t = edge_q / edge_p
            if edge_p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
    return t1 - t0 > 1e-9


def on_boundary(point, r):
    x, y = point
    within_x, within_y = r[0] <= x <= r[0] + r[2], r[1] <= y <= r[1] + r[3]
    return (within_y and x in (r[0], r[0] + r[2])) or (within_x and y in (r[1], r[1] + r[3]))


def check_file(path, schema):
    problems = []
    tree = etree.parse(path)
    if not schema.validate(tree):
        problems += [f"schema: line {e.line}: {e.message}" for e in schema.error_log]
        return problems
    root = tree.getroot()
    shapes = {s.get("bpmnElement"): s for s in root.iterfind(".//bpmndi:BPMNShape", NS)}
    edges = {e.get("bpmnElement"): e for e in root.iterfind(".//bpmndi:BPMNEdge", NS)}
    process = root.find("bpmn:process", NS)
    participant = root.find(".//bpmn:participant", NS)
    flow_tags = ("startEvent", "endEvent", "userTask", "callActivity", "scriptTask", "exclusiveGateway")
    nodes = [e for e in process if etree.QName(e).localname in flow_tags]
    references = process.findall("bpmn:dataObjectReference", NS)
    drawn_references = [r for r in references if r.get("id") in shapes]
    # The process's data inputs are drawn under its start event, its data outputs under its end event.
    ports = process.findall("bpmn:ioSpecification/bpmn:dataInput", NS) + process.findall("bpmn:ioSpecification/bpmn:dataOutput", NS)
    flows = process.findall("bpmn:sequenceFlow", NS)
    lanes = process.findall("bpmn:laneSet/bpmn:lane", NS)
    associations = process.findall(".//bpmn:dataInputAssociation", NS) + process.findall(".//bpmn:dataOutputAssociation", NS)

    for element in [participant] + lanes + nodes + ports:
        if element.get("id") not in shapes:
            problems.append(f"no shape for {element.get('id')}")
    for element in flows:
        if element.get("id") not in edges:
            problems.append(f"no edge for {element.get('id')}")
    # The documents' references and the associations are left out of the diagram: all of them, or none.
    if drawn_references or any(a.get("id") in edges for a in associations if a.get("id")):
        problems.append("a data object reference or an association is drawn: the diagram draws none")
    if problems:
        return problems

    # Lanes: horizontal bands in the pool, stacked in order, covering it.
    pool = bounds(shapes[participant.get("id")])
    lane_bounds = [bounds(shapes[lane.get("id")]) for lane in lanes]
    y = pool[1]
    for lane, b in zip(lanes, lane_bounds):
        if shapes[lane.get("id")].get("isHorizontal") != "true" or not inside(b, pool) or b[1] != y:
            problems.append(f"lane {lane.get('id')} is not the next band of the pool")
        y = b[1] + b[3]
    if lane_bounds and y != pool[1] + pool[3]:
        problems.append("the lanes do not fill the pool")
    lane_of = {}
    for lane, b in zip(lanes, lane_bounds):
        for ref in lane.findall("bpmn:flowNodeRef", NS):
            lane_of[ref.text] = (lane.get("id"), b)

    # Flow nodes: in their lanes, left to right in document (step) order.
    node_bounds = {n.get("id"): bounds(shapes[n.get("id")]) for n in nodes}
    last_x = None
    for n in nodes:
        b = node_bounds[n.get("id")]
        lane = lane_of.get(n.get("id"))
        if lane is None or not inside(b, lane[1]):
            problems.append(f"{n.get('id')} is not inside its lane")
        if last_x is not None and b[0] <= last_x:
            problems.append(f"{n.get('id')} is not right of the flow node before it")
        last_x = b[0]
    owner = {}
    for port in ports:
        owner[port.get("id")] = process.find("bpmn:startEvent" if etree.QName(port).localname == "dataInput" else "bpmn:endEvent", NS).get("id")
    reference_bounds = {r.get("id"): bounds(shapes[r.get("id")]) for r in ports}
    for rid, b in reference_bounds.items():
        lane = lane_of.get(owner.get(rid))
        if lane is None or not inside(b, lane[1]):
            problems.append(f"{rid} is not inside the lane of its event")

    # Nothing overlaps: shapes and labels.
    boxes = [(k, v) for k, v in node_bounds.items()] + list(reference_bounds.items())
    for element, shape in list(shapes.items()) + list(edges.items()):
        label = shape.find("bpmndi:BPMNLabel", NS)
        if label is not None:
            boxes.append((f"label of {element}", bounds(label)))
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            if overlap(boxes[i][1], boxes[j][1]):
                problems.append(f"{boxes[i][0]} overlaps {boxes[j][0]}")

    # Sequence flows: orthogonal, from source to target, through no shape.
    solid = dict(node_bounds)
    solid.update(reference_bounds)
    for f in flows:
        points = [(float(p.get("x")), float(p.get("y"))) for p in edges[f.get("id")].findall("di:waypoint", NS)]
        if len(points) < 2:
            problems.append(f"{f.get('id')} has fewer than two waypoints")
            continue
        for p, q in zip(points, points[1:]):
            if p[0] != q[0] and p[1] != q[1]:
                problems.append(f"{f.get('id')} has a slanted segment {p} to {q}")
            for sid, r in solid.items():
                if crosses(p, q, r):
                    problems.append(f"{f.get('id')} crosses {sid}")
        if not on_boundary(points[0], node_bounds[f.get("sourceRef")]):
            problems.append(f"{f.get('id')} does not start on its source")
        if not on_boundary(points[-1], node_bounds[f.get("targetRef")]):
            problems.append(f"{f.get('id')} does not end on its target")
    return problems


def schema():
    return etree.XMLSchema(etree.parse(SCHEMA))


def parsers(argv):
    """The parsers named by a leading `--parser NAME` (bpmn, camunda or both; both by default), and the rest."""
    if len(argv) >= 2 and argv[0] == "--parser" and argv[1] in ("bpmn", "camunda", "both"):
        return (["bpmn", "camunda"] if argv[1] == "both" else [argv[1]]), argv[2:]
    return ["bpmn", "camunda"], argv


def main(argv):
    names, args = parsers(argv[1:])
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as f:
        scenarios = json.load(f)
    paths = args[1:]
    xsd = schema()
    result = {"files": {p: check_file(p, xsd) for p in paths}, "scenarios": []}
    for parser in names:
        engine = Engine(paths, parser)
        for scenario in scenarios:
            outcome = {"name": scenario["name"], "parser": parser, "visited": [], "completed": [], "refused": 0,
                       "finished": False, "artefacts": [], "error": None}
            try:
                case = engine.start(scenario["process"])
                for event in scenario["events"]:
                    actor, _, kind = event.rpartition(":")
                    case.apply(actor, kind)
                outcome.update(visited=case.visited, completed=case.completed, refused=case.refused,
                               finished=case.finished, artefacts=case.artefacts())
            except Exception as e:  # reported, so that one broken scenario does not hide the others
                outcome["error"] = f"{type(e).__name__}: {e}"
            result["scenarios"].append(outcome)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
