#!/bin/sh
# mcp-call.sh URL TOOL [ARGS_JSON]: call one tool of an MCP server over
# streamable HTTP with curl alone: initialize, notifications/initialized,
# tools/list, then tools/call. Prints the tools/list and tools/call answers.
# CURL_OPTS is added to every curl call (e.g. --cert/--key for mTLS).
set -eu
URL=${1:?usage: mcp-call.sh URL TOOL [ARGS_JSON]}
TOOL=${2:?usage: mcp-call.sh URL TOOL [ARGS_JSON]}
ARGS=${3:-\{\}}
HDRS=$(mktemp)
trap 'rm -f "$HDRS"' EXIT

post() {
	# shellcheck disable=SC2086 # CURL_OPTS is a list of options
	curl -sS --fail-with-body ${CURL_OPTS:-} -H 'Content-Type: application/json' \
		-H 'Accept: application/json, text/event-stream' "$@" "$URL"
}

post -D "$HDRS" -o /dev/null -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{
	"protocolVersion":"2025-06-18","capabilities":{},
	"clientInfo":{"name":"mcp-call.sh","version":"1"}}}'
SID=$(tr -d '\r' <"$HDRS" | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: *//p')
set -- -H "Mcp-Session-Id: $SID"
[ -n "$SID" ] || set --
post "$@" -o /dev/null -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
echo "tools/list:"
post "$@" -d '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
echo
echo "tools/call $TOOL:"
post "$@" -d "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",
	\"params\":{\"name\":\"$TOOL\",\"arguments\":$ARGS}}"
echo
