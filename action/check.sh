#!/usr/bin/env bash
# The check step of action.yml: `mcp-health check` built from the action's inputs. Inputs
# arrive as environment variables (INPUT_*), never interpolated into this script, so no input
# text can become shell code; each becomes exactly one argument.
set -euo pipefail
args=(check)
if [[ -n "${INPUT_URL:-}" ]]; then args+=("$INPUT_URL"); fi
if [[ -n "${INPUT_CONFIG:-}" ]]; then args+=(--config "$INPUT_CONFIG"); fi
if [[ -n "${INPUT_BASELINE:-}" ]]; then args+=(--baseline "$INPUT_BASELINE"); fi
if [[ "${INPUT_UPDATE_BASELINE:-false}" == "true" ]]; then args+=(--update-baseline); fi
if [[ -n "${INPUT_FAIL_ON:-}" ]]; then args+=(--fail-on "$INPUT_FAIL_ON"); fi
if [[ -n "${INPUT_JUNIT:-}" ]]; then args+=(--junit "$INPUT_JUNIT"); fi
if [[ -n "${INPUT_WAIT_MS:-}" ]]; then args+=(--wait-ms "$INPUT_WAIT_MS"); fi
# Further flags, split on whitespace (no quoting, no globbing): `--slow-ms 500 --call-tools readonly`.
if [[ -n "${INPUT_ARGS:-}" ]]; then
  read -r -a extra <<<"$INPUT_ARGS"
  args+=("${extra[@]}")
fi
exec node "$(dirname "$0")/../dist/src/cli/main.js" "${args[@]}"
