#!/usr/bin/env python3
"""Validates a JSON document against a JSON Schema: validate_json.py SCHEMA DOCUMENT."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
document = json.load(open(sys.argv[2], encoding="utf-8"))
validator = jsonschema.validators.validator_for(schema)(schema)
errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
for e in errors:
    print(f"{'/'.join(map(str, e.path))}: {e.message}")
sys.exit(1 if errors else 0)
