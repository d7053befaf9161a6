#!/usr/bin/env bash
# demo.sh: run the SPIFFE Workload Identity example against a local SPIFFE
# bundle endpoint. Called by `make demo` from the repository root after it
# built bin/naftiko and bin/spiffe-bundle-endpoint.
#
#   PROFILE=https_web (default) or https_spiffe
#
# Ctrl-C stops both processes.
set -eu

PROFILE=${PROFILE:-https_web}
BIN=${BIN:-bin}
OUT=$BIN/spiffe-demo
HERE=examples/spiffe

case $PROFILE in
https_web) SETTINGS=$HERE/demo-settings.yaml; ROTATE=0 ;;
https_spiffe) SETTINGS=$HERE/demo-settings-spiffe.yaml; ROTATE=2m ;;
*) echo "demo: PROFILE must be https_web or https_spiffe, not $PROFILE" >&2; exit 2 ;;
esac

for port in 8443 8080 9090; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "demo: 127.0.0.1:$port is in use; stop what listens there first" >&2
		exit 1
	fi
done

rm -rf "$OUT"
mkdir -p "$OUT"
EP_PID=
RT_PID=
stop() {
	trap - INT TERM EXIT
	[ -n "$RT_PID" ] && kill "$RT_PID" 2>/dev/null || true
	[ -n "$EP_PID" ] && kill "$EP_PID" 2>/dev/null || true
	wait 2>/dev/null || true
	echo
	echo "demo: stopped"
}
trap stop EXIT
trap 'exit 130' INT TERM

"$BIN/spiffe-bundle-endpoint" -listen 127.0.0.1:8443 -trust-domain example.org \
	-profile "$PROFILE" -out "$OUT" -rotate-every "$ROTATE" \
	-issue spiffe://example.org/naftiko,spiffe://example.org/agents/claude >/dev/null &
EP_PID=$!
i=0
until [ -s "$OUT/url" ]; do
	i=$((i + 1))
	if [ $i -gt 50 ] || ! kill -0 "$EP_PID" 2>/dev/null; then
		echo "demo: the bundle endpoint did not start" >&2
		exit 1
	fi
	sleep 0.1
done

"$BIN/naftiko" run --settings "$SETTINGS" "$HERE/workload-identity.yaml" &
RT_PID=$!
i=0
until (exec 3<>/dev/tcp/127.0.0.1/9090) 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$RT_PID" 2>/dev/null; then
		echo "demo: naftiko did not start" >&2
		exit 1
	fi
	sleep 0.1
done

cat <<MSG

  SPIFFE bundle endpoint ($PROFILE): $(cat "$OUT/url")  (files in $OUT)
  naftiko: REST on http://127.0.0.1:8080, MCP on http://127.0.0.1:9090

  Try, in another terminal:

    curl -s http://127.0.0.1:8080/v1/bundle

    $HERE/mcp-call.sh http://127.0.0.1:9090/ get-trust-bundle

  or add the MCP server to a client: {"type": "http", "url": "http://127.0.0.1:9090/"}

  Ctrl-C stops both.
MSG
wait "$RT_PID"
