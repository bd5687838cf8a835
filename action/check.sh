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

# A multi-line input, one item a line: surrounding blanks and a trailing CR (a file saved on
# Windows) trimmed, empty lines skipped. The whole line is the item, spaces and quotes included.
lines_of() {
  local line
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line%$'\r'}"
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    if [[ -n "$line" ]]; then printf '%s\0' "$line"; fi
  done <<<"$1"
}

# `headers`: one "Name: value" a line, each its own -H. ${VAR} in a value is expanded by
# mcp-health from the step's environment (give it `env: MCP_TOKEN: ${{ secrets.MCP_TOKEN }}`),
# and redacted from every output; the shell never expands it.
if [[ -n "${INPUT_HEADERS:-}" ]]; then
  while IFS= read -r -d '' header; do args+=(-H "$header"); done < <(lines_of "$INPUT_HEADERS")
fi
# `args`: further arguments, one a line (`--slow-ms` on one line, `500` on the next, or
# `--slow-ms=500`); a line is one argument, never split on its spaces.
if [[ -n "${INPUT_ARGS:-}" ]]; then
  while IFS= read -r -d '' arg; do args+=("$arg"); done < <(lines_of "$INPUT_ARGS")
fi
exec node "$(dirname "$0")/../dist/src/cli/main.js" "${args[@]}"
