#!/usr/bin/env python3
"""Reads a CSV file with Python's csv module (strict) and prints its records as JSON: read_csv.py FILE.
Fails when a record does not end with CRLF (RFC 4180)."""
import csv
import io
import json
import sys

data = open(sys.argv[1], encoding="utf-8", newline="").read()
rows = list(csv.reader(io.StringIO(data, newline=""), strict=True))
# Every record ends with CRLF: the text without quoted fields has no bare LF and ends with CRLF.
outside, quoted = [], False
for ch in data:
    if ch == '"':
        quoted = not quoted
    elif not quoted:
        outside.append(ch)
outside = "".join(outside)
if not data.endswith("\r\n") or "\n" in outside.replace("\r\n", ""):
    print("records must end with CRLF", file=sys.stderr)
    sys.exit(1)
json.dump(rows, sys.stdout, ensure_ascii=False)
