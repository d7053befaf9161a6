#!/usr/bin/env bash
# demo.sh: run the SPIFFE Workload Identity example against a local SPIFFE
# bundle endpoint. Called by `make demo` from the repository root after it
# built bin/naftiko and bin/spiffe-bundle-endpoint.
#
#   PROFILE=https_web (default) or https_spiffe
#   MTLS=1  serve the exposers over SPIFFE mTLS (with https_web)
#
# Ctrl-C stops both processes.
set -eu

PROFILE=${PROFILE:-https_web}
MTLS=${MTLS:-}
BIN=${BIN:-bin}
OUT=$BIN/spiffe-demo
HERE=examples/spiffe

case $PROFILE in
https_web) SETTINGS=$HERE/demo-settings.yaml; ROTATE=0 ;;
https_spiffe) SETTINGS=$HERE/demo-settings-spiffe.yaml; ROTATE=2m ;;
*) echo "demo: PROFILE must be https_web or https_spiffe, not $PROFILE" >&2; exit 2 ;;
esac
SCHEME=http
if [ -n "$MTLS" ]; then
	[ "$PROFILE" = https_web ] || { echo "demo: MTLS=1 goes with PROFILE=https_web" >&2; exit 2; }
	SETTINGS=$HERE/demo-settings-mtls.yaml
	SCHEME=https
fi

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

if [ -n "$MTLS" ]; then
	CURL="curl -sk --cert $OUT/claude.pem --key $OUT/claude-key.pem https://127.0.0.1:8080/v1/bundle"
	MCP="CURL_OPTS='-k --cert $OUT/claude.pem --key $OUT/claude-key.pem' \\
      $HERE/mcp-call.sh https://127.0.0.1:9090/ get-trust-bundle"
	NOTE="  curl -k: curl cannot check a SPIFFE ID; naftiko still checks the caller's SVID.
  Without --cert, or with an SVID outside spiffe://example.org/agents/, the handshake fails."
else
	CURL="curl -s http://127.0.0.1:8080/v1/bundle"
	MCP="$HERE/mcp-call.sh http://127.0.0.1:9090/ get-trust-bundle"
	NOTE='  or add the MCP server to a client: {"type": "http", "url": "http://127.0.0.1:9090/"}'
fi
cat <<MSG

  SPIFFE bundle endpoint ($PROFILE): $(cat "$OUT/url")  (files in $OUT)
  naftiko: REST on $SCHEME://127.0.0.1:8080, MCP on $SCHEME://127.0.0.1:9090

  Try, in another terminal:

    $CURL

    $MCP

$NOTE

  Ctrl-C stops both.
MSG
wait "$RT_PID"
