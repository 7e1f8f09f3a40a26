#!/usr/bin/env bash
# List PRs merged into the default branch since a tag.
# Usage: scripts/collect-merged-prs.sh v1.7.0
set -euo pipefail

since_tag="${1:?usage: collect-merged-prs.sh <since-tag>}"
since_date="$(git log -1 --format=%cI "$since_tag")"

gh pr list \
  --state merged \
  --base "$(gh repo view --json defaultBranchRef --jq .defaultBranchRef.name)" \
  --search "merged:>${since_date}" \
  --limit 500 \
  --json number,title,labels,author,mergedAt \
  --jq '.[] | [.number, .title, ([.labels[].name] | join(",")), .author.login] | @tsv'
