#!/usr/bin/env bash
# Print outdated direct dependencies for the repository in the current directory.
set -euo pipefail

if [[ -f package.json ]]; then
  echo "## npm (direct dependencies)"
  # npm outdated exits 1 when anything is outdated; that is not an error here.
  npm outdated --long || true
fi

if [[ -f requirements.txt || -f pyproject.toml ]]; then
  echo "## pip"
  pip list --outdated --format=columns || true
fi

if [[ ! -f package.json && ! -f requirements.txt && ! -f pyproject.toml ]]; then
  echo "No package.json, requirements.txt or pyproject.toml found in $(pwd)" >&2
  exit 2
fi
