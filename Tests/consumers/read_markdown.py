#!/usr/bin/env python3
"""Renders a Markdown file as GitHub does (cmark-gfm with its extensions) and prints what a reader sees,
as JSON: the h1, every table (rows of cell texts), every list (item texts), every fenced code block.
A <br> in a cell or item reads as a line break. read_markdown.py FILE"""
import json
import sys
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

html = cmarkgfm.github_flavored_markdown_to_html(open(sys.argv[1], encoding="utf-8").read(), options=Options.CMARK_OPT_UNSAFE)


class Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = {"h1": [], "tables": [], "lists": [], "code": []}
        self.text = None
        self.row = None
        self.items = None
        self.code_lang = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "td", "th", "li", "code"):
            self.text = ""
        if tag == "pre":
            self.code_lang = dict(attrs).get("lang")
        if tag == "table":
            self.out["tables"].append([])
        if tag == "tr":
            self.row = []
        if tag == "ol" or tag == "ul":
            self.items = []
        if tag == "br" and self.text is not None:
            self.text += "\n"

    def handle_endtag(self, tag):
        if tag == "h1":
            self.out["h1"].append(self.text)
        if tag in ("td", "th"):
            self.row.append(self.text)
        if tag == "li":
            self.items.append(self.text)
        if tag == "code" and self.code_lang is not None:
            self.out["code"].append({"lang": self.code_lang, "text": self.text})
            self.code_lang = None
        if tag == "tr":
            self.out["tables"][-1].append(self.row)
        if tag == "ol" or tag == "ul":
            self.out["lists"].append(self.items)
        if tag in ("h1", "td", "th", "li", "code"):
            self.text = None

    def handle_data(self, data):
        if self.text is not None:
            self.text += data


reader = Reader()
reader.feed(html)
json.dump(reader.out, sys.stdout, ensure_ascii=False)
