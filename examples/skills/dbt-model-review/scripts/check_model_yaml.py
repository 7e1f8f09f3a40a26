#!/usr/bin/env python3
"""List dbt models missing descriptions or primary-key tests.

Reads target/manifest.json (run `dbt compile` or `dbt ls` first). Prints one line per
problem and exits 1 when any problem is found.
"""
import json
import sys
from pathlib import Path

manifest_path = Path("target/manifest.json")
if not manifest_path.exists():
    sys.exit("target/manifest.json not found: run `dbt compile` first")

manifest = json.loads(manifest_path.read_text())
nodes = manifest["nodes"]

# The root project's name, from dbt_project.yml (`name: acme_analytics`).
project = next(
    line.split(":", 1)[1].strip().strip("'\"")
    for line in Path("dbt_project.yml").read_text().splitlines()
    if line.startswith("name:")
)

tested = {}
for node in nodes.values():
    if node["resource_type"] != "test":
        continue
    test_name = node.get("test_metadata", {}).get("name")
    for parent in node["depends_on"]["nodes"]:
        tested.setdefault(parent, set()).add(test_name)

problems = 0
for uid, node in nodes.items():
    # Skip models that come from installed packages (dbt_utils, ...).
    if node["resource_type"] != "model" or node["package_name"] != project:
        continue
    path = node["original_file_path"]
    if not node.get("description"):
        print(f"{path}: model has no description")
        problems += 1
    if not {"unique", "not_null"} <= tested.get(uid, set()):
        print(f"{path}: primary key lacks unique + not_null tests")
        problems += 1
    undocumented = [c for c, meta in node.get("columns", {}).items() if not meta.get("description")]
    if undocumented:
        print(f"{path}: undocumented columns: {', '.join(undocumented)}")
        problems += 1

sys.exit(1 if problems else 0)
