#!/usr/bin/env bash
# Claude Code PreToolUse hook: refuse Bash commands that point at a production database.
# Reads the hook payload (JSON) on stdin; exit code 2 blocks the tool call and shows stderr
# to the agent.
set -euo pipefail

command="$(jq -r '.tool_input.command // empty')"

if grep -Eqi '(ledger|payments)-(primary|ro)\.prod\.|[.]prod[.]acme[.]internal:5432|PGHOST=[^ ]*prod' <<<"$command"; then
  echo "Blocked: this command targets a production database. Use the postgres-prod MCP server (read-only, ledger-ro) or ask the on-call DBA." >&2
  exit 2
fi

exit 0
