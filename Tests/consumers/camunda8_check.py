#!/usr/bin/env python3
"""Reads sopc's Camunda 8 files back and checks them as Camunda 8.6+ documents them.

usage: camunda8_check.py FOLDER...   (each a build's output folder: <id>/<id>.camunda8.bpmn, <id>/<id>.<step>.form)

No Zeebe engine runs here. What is checked, for every <id>.camunda8.bpmn:

- it is valid against the OMG BPMN 2.0 schema (the XSDs SpiffWorkflow ships, as bpmn_run.py uses them);
- every Zeebe extension element is one Camunda 8.6+ defines, with only the attributes it defines, inside
  the BPMN element (or Zeebe element) it is allowed in: the ZEEBE table below, taken from the Zeebe
  moddle descriptor (zeebe-bpmn-moddle, resources/zeebe.json, the extension schema Camunda Modeler
  writes and the engine reads) and the Camunda 8.6 docs of user tasks, call activities, variable
  mappings and extension properties;
- no Camunda 7 (camunda:) element or attribute is left;
- every user task is a Camunda user task (zeebe:userTask) with candidate groups; a decision's task links
  a form (zeebe:formDefinition formId) that exists beside it as a Camunda Form with a required radio
  field keyed by the variable its gateway's FEEL conditions test (=decision_x = "yes" / "no");
- every call activity names a process of the same folder (zeebe:calledElement processId) with
  propagateAllChildVariables="false", and its input mappings pass exactly the documents the called
  process declares it takes (its zeebe:property "inputs"), its output mappings only what it delivers
  ("outputs") and the call step's own documents.

Prints one JSON document {"files": N, "forms": N, "elements": {name: count}, "problems": [text]}.
"""
import glob
import json
import os
import re
import sys

from lxml import etree

import SpiffWorkflow.bpmn.parser

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
ZEEBE = "http://camunda.org/schema/zeebe/1.0"
CAMUNDA7 = "http://camunda.org/schema/1.0/bpmn"
SCHEMA = os.path.join(os.path.dirname(SpiffWorkflow.bpmn.parser.__file__), "schema", "BPMN20.xsd")

# Zeebe extension elements sopc writes: allowed attributes, and allowed parents (a BPMN element whose
# bpmn:extensionElements holds it, or a Zeebe element). From zeebe.json (types, properties, meta.allowedIn)
# and docs.camunda.io 8.6 (bpmn/user-tasks, bpmn/call-activities, concepts/variables, extension properties).
ZEEBE_TABLE = {
    "userTask": (set(), {"userTask"}),
    "assignmentDefinition": ({"assignee", "candidateGroups", "candidateUsers"}, {"userTask"}),
    "formDefinition": ({"formKey", "formId", "externalReference", "bindingType", "versionTag"}, {"userTask"}),
    "calledElement": (
        {"processId", "processIdExpression", "propagateAllChildVariables", "propagateAllParentVariables",
         "bindingType", "versionTag"},
        {"callActivity"},
    ),
    "ioMapping": (set(), {"callActivity", "userTask", "subProcess", "receiveTask", "serviceTask",
                          "businessRuleTask", "scriptTask", "sendTask", "startEvent", "endEvent",
                          "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"}),
    "input": ({"source", "target"}, {"zeebe:ioMapping"}),
    "output": ({"source", "target"}, {"zeebe:ioMapping"}),
    # Extension properties: zeebe:Properties has no meta.allowedIn, i.e. any element may have them.
    "properties": (set(), None),
    "property": ({"name", "value"}, {"zeebe:properties"}),
}
INPUT_ALLOWED_IN = {"callActivity", "userTask", "subProcess", "serviceTask", "businessRuleTask", "scriptTask",
                    "sendTask"}
BOOLEAN = {"propagateAllChildVariables", "propagateAllParentVariables"}
FEEL_CONDITION = re.compile(r'^=(decision_[a-z0-9_]+) = "(yes|no)"$')


def local(tag):
    return etree.QName(tag).localname


def ns(tag):
    return etree.QName(tag).namespace


def owner(element):
    """The BPMN element whose extensionElements hold a Zeebe element, or the Zeebe parent."""
    parent = element.getparent()
    if ns(parent.tag) == ZEEBE:
        return "zeebe:" + local(parent.tag)
    if ns(parent.tag) == BPMN and local(parent.tag) == "extensionElements":
        return local(parent.getparent().tag)
    return local(parent.tag)


def main(folders):
    schema = etree.XMLSchema(etree.parse(SCHEMA))
    problems = []
    counts = {}
    files = 0
    form_files = 0
    for folder in folders:
        docs = {}
        for path in sorted(glob.glob(os.path.join(folder, "*", "*.camunda8.bpmn"))):
            tree = etree.parse(path)
            files += 1
            if not schema.validate(tree):
                problems.append(f"{path}: not valid against BPMN20.xsd: {schema.error_log.last_error}")
            process = tree.find(f"{{{BPMN}}}process")
            docs[process.get("id")] = (path, tree, process)
        forms = {}
        for path in sorted(glob.glob(os.path.join(folder, "*", "*.form"))):
            with open(path, encoding="utf-8") as f:
                form = json.load(f)
            form_files += 1
            forms[form.get("id")] = (path, form)
        for pid, (path, tree, process) in docs.items():
            check_file(path, tree, process, docs, forms, problems, counts)
    print(json.dumps({"files": files, "forms": form_files, "elements": counts, "problems": problems}, indent=1))


def check_file(path, tree, process, docs, forms, problems, counts):
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if ns(element.tag) == CAMUNDA7 or any(ns(a) == CAMUNDA7 for a in element.attrib if a.startswith("{")):
            problems.append(f"{path}: Camunda 7 extension left: {element.tag}")
        if ns(element.tag) != ZEEBE:
            continue
        name = local(element.tag)
        counts["zeebe:" + name] = counts.get("zeebe:" + name, 0) + 1
        if name not in ZEEBE_TABLE:
            problems.append(f"{path}: zeebe:{name} is not an element sopc may write")
            continue
        attributes, parents = ZEEBE_TABLE[name]
        where = owner(element)
        if name == "input" and where == "zeebe:ioMapping" and owner(element.getparent()) not in INPUT_ALLOWED_IN:
            problems.append(f"{path}: zeebe:input is not allowed in {owner(element.getparent())}")
        if parents is not None and where not in parents:
            problems.append(f"{path}: zeebe:{name} is not allowed in {where} (allowed: {sorted(parents)})")
        for a, value in element.attrib.items():
            if a not in attributes:
                problems.append(f"{path}: zeebe:{name} has no attribute {a}")
            if a in BOOLEAN and value not in ("true", "false"):
                problems.append(f"{path}: zeebe:{name} {a}={value!r} is not a boolean")
        if name == "userTask" and len(element):
            problems.append(f"{path}: zeebe:userTask has children")

    def ext(node, name):
        return node.findall(f"{{{BPMN}}}extensionElements/{{{ZEEBE}}}{name}")

    tested = {}
    for flow in process.iter(f"{{{BPMN}}}sequenceFlow"):
        condition = flow.find(f"{{{BPMN}}}conditionExpression")
        if condition is None:
            continue
        m = FEEL_CONDITION.match(condition.text or "")
        if not m:
            problems.append(f"{path}: {flow.get('id')}: condition {condition.text!r} is not FEEL '=decision_x = \"yes\"'")
            continue
        tested.setdefault(flow.get("sourceRef"), set()).add((m.group(1), m.group(2)))
    by_id = {e.get("id"): e for e in process.iter() if isinstance(e.tag, str) and e.get("id")}
    for task in process.iter(f"{{{BPMN}}}userTask"):
        tid = task.get("id")
        if len(ext(task, "userTask")) != 1:
            problems.append(f"{path}: {tid} is not a Camunda user task (zeebe:userTask)")
        groups = [a.get("candidateGroups", "") for a in ext(task, "assignmentDefinition")]
        if len(groups) != 1 or not groups[0]:
            problems.append(f"{path}: {tid} has no candidate groups")
        outgoing = [f for f in process.iter(f"{{{BPMN}}}sequenceFlow") if f.get("sourceRef") == tid]
        gateway = by_id.get(outgoing[0].get("targetRef")) if len(outgoing) == 1 else None
        is_decision = gateway is not None and local(gateway.tag) == "exclusiveGateway"
        links = ext(task, "formDefinition")
        if is_decision:
            variables = {v for v, _ in tested.get(gateway.get("id"), set())}
            answers = {a for _, a in tested.get(gateway.get("id"), set())}
            if len(variables) != 1 or answers != {"yes", "no"}:
                problems.append(f"{path}: gateway after {tid} does not test one variable for yes and no")
                continue
            variable = variables.pop()
            if len(links) != 1 or links[0].get("formId") not in forms:
                problems.append(f"{path}: {tid} links no form written beside it")
                continue
            fpath, form = forms[links[0].get("formId")]
            fields = [c for c in form.get("components", []) if c.get("key") == variable]
            if not (len(fields) == 1 and fields[0].get("type") == "radio"
                    and {v.get("value") for v in fields[0].get("values", [])} == {"yes", "no"}
                    and fields[0].get("validate", {}).get("required") is True):
                problems.append(f"{fpath}: no required radio field '{variable}' with the values yes and no")
            outputs = {o.get("target") for o in task.iter(f"{{{ZEEBE}}}output")}
            if variable not in outputs:
                problems.append(f"{path}: {tid} does not map '{variable}' out")
        elif links:
            problems.append(f"{path}: {tid} is not a decision but links a form")
    for call in process.iter(f"{{{BPMN}}}callActivity"):
        cid = call.get("id")
        called = ext(call, "calledElement")
        if len(called) != 1:
            problems.append(f"{path}: {cid} has no zeebe:calledElement")
            continue
        if called[0].get("propagateAllChildVariables") != "false":
            problems.append(f"{path}: {cid} propagates all the child's variables")
        callee = called[0].get("processId")
        if callee not in docs:
            problems.append(f"{path}: {cid} calls '{callee}', which is not in the deployment")
            continue
        _, _, callee_process = docs[callee]
        declared = process_properties(callee_process)
        takes = set(filter(None, declared.get("inputs", "").split(",")))
        delivers = set(filter(None, declared.get("outputs", "").split(",")))
        inputs = [(i.get("source"), i.get("target")) for i in call.iter(f"{{{ZEEBE}}}input")]
        if any(source != "=" + target for source, target in inputs):
            problems.append(f"{path}: {cid}: an input mapping renames a document")
        if {t for _, t in inputs} != takes:
            problems.append(f"{path}: {cid} passes {sorted(t for _, t in inputs)}, '{callee}' takes {sorted(takes)}")
        for o in call.iter(f"{{{ZEEBE}}}output"):
            source, target = o.get("source"), o.get("target")
            if source != "=true" and (source != "=" + target or target not in delivers):
                problems.append(f"{path}: {cid} takes back {source}, which '{callee}' does not deliver")


def process_properties(process):
    return {p.get("name"): p.get("value") for p in
            process.findall(f"{{{BPMN}}}extensionElements/{{{ZEEBE}}}properties/{{{ZEEBE}}}property")}


if __name__ == "__main__":
    main(sys.argv[1:])
