#!/usr/bin/env bash
# loadcompare.sh: serve one chair page from masahe (fresh SQLite database,
# starter data) and the same HTML saved as a file from a plain Go static
# server, put the same wrk load on both over loopback, and print each one's
# requests per second. Fails when masahe reaches less than half the static
# server's rate. See docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}

if ! command -v wrk >/dev/null; then
	echo "installing wrk" >&2
	apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# start NAME COMMAND...: runs a server that prints "listening on URL" and
# sets $url once it does.
start() {
	local name=$1
	shift
	"$@" >"$tmp/$name.out" 2>"$tmp/$name.log" &
	pids+=($!)
	for _ in $(seq 100); do
		url=$(sed -n 's/^listening on //p' "$tmp/$name.out")
		[ -n "$url" ] && return
		sleep 0.1
	done
	echo "$name did not start:" >&2
	cat "$tmp/$name.log" >&2
	exit 1
}

# rate URL: requests per second that wrk reaches on URL.
rate() {
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$1" >"$tmp/wrk.out"
	cat "$tmp/wrk.out" >&2
	if grep -q 'Non-2xx' "$tmp/wrk.out"; then
		echo "$1 answered with errors" >&2
		exit 1
	fi
	awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out"
}

go build -o "$tmp/masahe" ./cmd/masahe
go build -o "$tmp/staticserve" ./scripts/staticserve

start masahe "$tmp/masahe" serve --addr 127.0.0.1:0 --database "$tmp/masahe.db"
masahe_url=$url
slug=$(curl -fsS "$masahe_url/api/v1/chairs?per_page=1" | grep -o '"slug": *"[^"]*"' | head -n1 | cut -d'"' -f4)
mkdir "$tmp/site"
curl -fsS "$masahe_url/chairs/$slug" >"$tmp/site/chair.html"
start static "$tmp/staticserve" -addr 127.0.0.1:0 -dir "$tmp/site"
static_url=$url

echo "page: /chairs/$slug ($(wc -c <"$tmp/site/chair.html") bytes); wrk -t$THREADS -c$CONNECTIONS -d$DURATION" >&2
masahe_rps=$(rate "$masahe_url/chairs/$slug")
static_rps=$(rate "$static_url/chair.html")

echo "masahe: $masahe_rps requests/s"
echo "static: $static_rps requests/s"
awk -v m="$masahe_rps" -v s="$static_rps" 'BEGIN {
	printf "ratio:  %.2f (masahe / static)\n", m / s
	if (m < s / 2) { print "FAIL: masahe reaches less than half the static server'"'"'s rate"; exit 1 }
}'
