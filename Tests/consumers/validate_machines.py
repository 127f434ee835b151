#!/usr/bin/env python3
"""Validates machine files against the machine schema: validate_machines.py SCHEMA FILE...

Checks the schema itself first (draft 2020-12), then prints one line per problem,
`FILE: PATH: MESSAGE`, and `FILE: ok` for each valid file. Exit status 1 when any file is invalid."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema)
bad = False
for name in sys.argv[2:]:
    document = json.load(open(name, encoding="utf-8"))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    for e in errors:
        print(f"{name}: {'/'.join(map(str, e.path))}: {e.message}")
    if errors:
        bad = True
    else:
        print(f"{name}: ok")
sys.exit(1 if bad else 0)
