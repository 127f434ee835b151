#!/usr/bin/env python3
"""What real consumers make of every file of a build, as JSON, for InjectionTests: injection_view.py OUT.

For each file below OUT (by path relative to OUT):
- .html: parsed with Python's html.parser (what a browser's tokenizer sees): "elements", each start tag
  as "tag[attribute names, sorted]" in document order; "texts", every text node (character references
  resolved); "comments" and "declarations" (anything other than the one doctype).
- .md: rendered by cmark-gfm as GitHub does (with its extensions; raw HTML let through, so that any HTML
  a text smuggled in shows as an element), then parsed as above: "elements", "texts"; "blocks", the text
  of each h1/h2/h3/p/li/td/th with <br> read as a line break; "code", the fenced blocks by language.
- .csv: read with Python's csv module (strict): "rows".
- .scxml, .bpmn: parsed with lxml (well-formed XML, no entities resolved, no network): "elements" as
  "tag[attribute names]" in document order, "texts" (text nodes, stripped), "attributes" (every
  attribute value), "comments", "pis" (processing instructions), "doctype"; "schema": xmllint's verdict
  against the W3C SCXML schema (../shared/schemas/scxml, or SOPC_SHARED) or the OMG BPMN 2.0 schema that
  SpiffWorkflow ships: "valid" or the messages.
"""
import csv
import io
import json
import os
import subprocess
import sys
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options
from lxml import etree


class Page(HTMLParser):
    BLOCKS = ("h1", "h2", "h3", "p", "li", "td", "th")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.texts, self.comments, self.declarations = [], [], [], []
        self.blocks, self.code = [], []
        self.open_blocks = []
        self.after_br = False
        self.code_lang = None
        self.code_text = None

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag + "[" + ",".join(sorted(name for name, _ in attrs)) + "]")
        if tag in self.BLOCKS:
            self.open_blocks.append([tag, ""])
        if tag == "br" and self.open_blocks:
            self.open_blocks[-1][1] += "\n"
            self.after_br = True
            return
        if tag == "pre":
            self.code_lang = dict(attrs).get("lang")
        if tag == "code" and self.code_lang is not None:
            self.code_text = ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.after_br = False
        if tag in self.BLOCKS and self.open_blocks and self.open_blocks[-1][0] == tag:
            self.blocks.append(self.open_blocks.pop())
        if tag == "code" and self.code_text is not None:
            self.code.append({"lang": self.code_lang, "text": self.code_text})
            self.code_text = None
            self.code_lang = None

    def handle_data(self, data):
        self.texts.append(data)
        block = data
        if self.after_br and block.startswith("\n"):
            # cmark writes "<br />" then the source's line break: one line break, not two.
            block = block[1:]
        self.after_br = False
        if self.open_blocks:
            self.open_blocks[-1][1] += block
        if self.code_text is not None:
            self.code_text += data

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_decl(self, decl):
        if decl.lower() != "doctype html":
            self.declarations.append(decl)

    def unknown_decl(self, data):
        self.declarations.append(data)

    def handle_pi(self, data):
        self.declarations.append("?" + data)


def html_view(text, markdown=False):
    page = Page()
    page.feed(text)
    page.close()
    view = {"elements": page.elements, "texts": page.texts, "comments": page.comments, "declarations": page.declarations}
    if markdown:
        view["blocks"] = page.blocks
        view["code"] = page.code
    return view


def shared():
    if os.environ.get("SOPC_SHARED"):
        return os.environ["SOPC_SHARED"]
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "..", "shared")


def schemas():
    import SpiffWorkflow.bpmn.parser

    return {
        ".scxml": os.path.join(shared(), "schemas", "scxml", "scxml.xsd"),
        ".bpmn": os.path.join(os.path.dirname(SpiffWorkflow.bpmn.parser.__file__), "schema", "BPMN20.xsd"),
    }


def xmllint(path, schema):
    r = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", schema, path], capture_output=True, text=True)
    return "valid" if r.returncode == 0 and r.stderr.strip().endswith("validates") else r.stderr.strip()


def xml_view(path, schema):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    tree = etree.parse(path, parser)
    view = {"elements": [], "texts": [], "attributes": [], "comments": [], "pis": [], "doctype": tree.docinfo.doctype}
    for node in tree.getroot().iter():
        if isinstance(node, etree._Comment):
            view["comments"].append(node.text)
        elif isinstance(node, etree._ProcessingInstruction):
            view["pis"].append(node.target)
        elif isinstance(node, etree._Entity):
            view["pis"].append("&" + node.name)
        else:
            view["elements"].append(node.tag + "[" + ",".join(sorted(node.attrib.keys())) + "]")
            view["attributes"] += list(node.attrib.values())
            if node.text and node.text.strip():
                view["texts"].append(node.text.strip())
        if node.tail and node.tail.strip():
            view["texts"].append(node.tail.strip())
    view["schema"] = xmllint(path, schema)
    return view


def main():
    out = sys.argv[1]
    xsd = schemas()
    views = {}
    for folder, _, names in os.walk(out):
        for name in names:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, out)
            ext = os.path.splitext(name)[1]
            if ext == ".html":
                views[rel] = html_view(open(path, encoding="utf-8", newline="").read())
            elif ext == ".md":
                source = open(path, encoding="utf-8").read()
                rendered = cmarkgfm.github_flavored_markdown_to_html(source, options=Options.CMARK_OPT_UNSAFE)
                views[rel] = html_view(rendered, markdown=True)
            elif ext == ".csv":
                data = open(path, encoding="utf-8", newline="").read()
                views[rel] = {"rows": list(csv.reader(io.StringIO(data, newline=""), strict=True))}
            elif ext in (".scxml", ".bpmn"):
                views[rel] = xml_view(path, xsd[ext])
    json.dump(views, sys.stdout, ensure_ascii=False)


main()
