"""Validates sopc.yaml and *.sop.yaml files against schemas/sopc.schema.json and schemas/sop.schema.json.

Usage: validate_schemas.py SCHEMA_DIR FILE...   prints {"<file>": ["<error>", ...], ...} as JSON.

The files are read as the YAML language servers read them (YAML 1.2 core schema): `yes`, `no`, `on`, `off`
stay strings, a date stays a string, and `<<` is an ordinary key (sopc does not support merge keys).
"""
import json
import re
import sys

import jsonschema
import yaml


class CoreLoader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core-schema scalars and no merge keys."""

    def flatten_mapping(self, node):  # keep `<<` as a key
        pass


CoreLoader.yaml_implicit_resolvers = {}
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$"),
    list("-+0123456789."))
CoreLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


def main():
    schema_dir = sys.argv[1]
    schemas = {}
    for name in ("sopc", "sop"):
        with open(f"{schema_dir}/{name}.schema.json", encoding="utf-8") as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        schemas[name] = cls(schema)
    result = {}
    for path in sys.argv[2:]:
        validator = schemas["sopc" if path.endswith("sopc.yaml") else "sop"]
        try:
            with open(path, encoding="utf-8") as f:
                data = yaml.load(f, Loader=CoreLoader)
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            result[path] = ["yaml: " + str(e).splitlines()[0]]
            continue
        result[path] = [
            "/".join(str(p) for p in e.absolute_path) + ": " + e.message for e in validator.iter_errors(data)]
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)


main()
