#!/usr/bin/env python3
"""Renders every Mermaid block of a Markdown file with the real mermaid.js (the mermaidx package runs it
without a browser) and prints what the diagram shows, as JSON: one entry per block, with each node's
label text by node id (a <br> as a line break) and each arrow as [from, to, label].
read_mermaid.py FILE"""
import html
import json
import re
import sys
import warnings

warnings.simplefilter("ignore")
import mermaidx  # noqa: E402


def text(fragment):
    fragment = re.sub(r"<br\s*/?>", "\n", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


source = open(sys.argv[1], encoding="utf-8").read()
diagrams = []
for block in re.findall(r"```mermaid\n(.*?)```", source, re.S):
    svg = mermaidx.render(block).svg()
    nodes = {}
    for m in re.finditer(r'<g class="node[^"]*" id="[^"]*?flowchart-([^"]+)-\d+"', svg):
        label = re.search(r'<span class="nodeLabel">(.*?)</span>', svg[m.end():], re.S)
        nodes[m.group(1)] = text(label.group(1)) if label else None
    edges = []
    for m in re.finditer(r'<g class="label" data-id="L_([^_"]+)_([^_"]+)_\d+"', svg):
        label = re.search(r'<span class="edgeLabel"[^>]*>(.*?)</span>', svg[m.end():], re.S)
        edges.append([m.group(1), m.group(2), text(label.group(1)) if label else ""])
    diagrams.append({"nodes": nodes, "edges": edges})
json.dump(diagrams, sys.stdout, ensure_ascii=False)
