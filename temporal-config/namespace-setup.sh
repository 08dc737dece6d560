#!/usr/bin/env bash
# Registers the custom search attributes of secure-ssh-mcp on a Temporal namespace (idempotent: existing attributes
# of the right type are left alone; one of the wrong type is an error). Names come from SEARCH_ATTRIBUTES in
# workflows/api.ts; documented in temporal-config/search-attributes.md.
# Usage: temporal-config/namespace-setup.sh [--address HOST:PORT] [--namespace NS] [--retention DURATION]
#   defaults: $TEMPORAL_ADDRESS or 127.0.0.1:7233, $TEMPORAL_NAMESPACE or default; $TEMPORAL_BIN or `temporal`.
#   --retention (e.g. 30d): create the namespace with that history retention if it does not exist, or update it.
#   For mTLS clusters pass the CLI's own TLS variables (TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY, TEMPORAL_TLS_CA).
set -euo pipefail

address="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
namespace="${TEMPORAL_NAMESPACE:-default}"
retention=""
while (($#)); do
  case "$1" in
    --address) address="$2"; shift 2 ;;
    --namespace) namespace="$2"; shift 2 ;;
    --retention) retention="$2"; shift 2 ;;
    *) echo "usage: $0 [--address HOST:PORT] [--namespace NS] [--retention DURATION]" >&2; exit 2 ;;
  esac
done
temporal="${TEMPORAL_BIN:-temporal}"

# A namespace just created is visible to every frontend call only after its cache refreshes (up to ~10 s).
retry() {
  local i
  for i in $(seq 1 30); do
    if "$@" 2>/dev/null; then return 0; fi
    sleep 1
  done
  "$@"
}

if [[ -n "$retention" ]]; then
  if "$temporal" operator namespace describe --address "$address" --namespace "$namespace" >/dev/null 2>&1; then
    retry "$temporal" operator namespace update --address "$address" --namespace "$namespace" --retention "$retention" >/dev/null
    echo "namespace $namespace: retention set to $retention" >&2
  else
    "$temporal" operator namespace create --address "$address" --namespace "$namespace" --retention "$retention" >/dev/null
    echo "namespace $namespace: created with retention $retention" >&2
  fi
fi

# name:type, in workflows/api.ts SEARCH_ATTRIBUTES order
attributes=(SshHostAlias:Keyword SshSessionStatus:Keyword SshEscalated:Bool SshQuarantined:Bool)

existing="$(retry "$temporal" operator search-attribute list --address "$address" --namespace "$namespace" -o json)"
for entry in "${attributes[@]}"; do
  name="${entry%%:*}"
  type="${entry##*:}"
  have="$(printf '%s' "$existing" | python3 -c '
import json, sys
name = sys.argv[1]
data = json.load(sys.stdin)
# The CLI prints {"systemAttributes": {...}, "customAttributes": {NAME: TYPE}}; tolerate list forms too.
found = ""
for section in ("customAttributes", "systemAttributes", "custom", "system"):
    block = data.get(section) if isinstance(data, dict) else None
    if isinstance(block, dict) and name in block:
        found = str(block[name])
if not found and isinstance(data, list):
    for row in data:
        if isinstance(row, dict) and row.get("name") == name:
            found = str(row.get("type", ""))
print(found)
' "$name")"
  if [[ -z "$have" ]]; then
    "$temporal" operator search-attribute create --address "$address" --namespace "$namespace" \
      --name "$name" --type "$type" >/dev/null
    echo "search attribute $name ($type): created" >&2
  elif [[ "${have,,}" == *"${type,,}"* ]]; then
    echo "search attribute $name ($type): present" >&2
  else
    echo "search attribute $name exists with type '$have', expected $type: fix the namespace by hand" >&2
    exit 1
  fi
done
