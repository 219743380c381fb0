#!/usr/bin/env bash
# load.sh: the load comparison of docs/PERFORMANCE.md, run by hand (not in CI).
#
# Builds the data set with the project's own generators (10,000 chairs through
# "masahe import", 100,000 owner reviews through scripts/benchdata), starts
# masahe on it and nginx serving the same bytes as static files, and puts the
# same wrk load on each kind of page in alternating rounds (masahe, nginx,
# masahe, nginx, ...; scripts/abrounds.sh), in one run: home, catalog, chair,
# compare, article, editorial review. Prints the medians of requests per
# second, p50 and p99 for both and the ratio masahe / nginx.
#
# Both are asked with Accept-Encoding: gzip. masahe answers from its page cache
# (compressed once); nginx (nginx-light has no Brotli module) serves each page's
# .gz file beside it through gzip_static, with Content-Length and an ETag.
# DURATION, THREADS, CONNECTIONS, ROUNDS, CHAIRS, REVIEWS and DATABASE (a
# postgres:// URL instead of a fresh SQLite file) override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
CHAIRS=${CHAIRS:-10000}
REVIEWS=${REVIEWS:-100000}
MASAHE_PORT=${MASAHE_PORT:-18081}
NGINX_PORT=${NGINX_PORT:-18082}

for tool in wrk nginx curl gzip; do
	command -v "$tool" >/dev/null || { echo "load.sh needs $tool (apt-get install -y wrk nginx-light curl)" >&2; exit 1; }
done

tmp=$(mktemp -d)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
	[ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/masahe" ./cmd/masahe
go build -o "$tmp/benchdata" ./scripts/benchdata
db=${DATABASE:-$tmp/masahe.db}

echo "building the data set: $CHAIRS chairs, $REVIEWS reviews" >&2
"$tmp/masahe" migrate --database "$db" >/dev/null
"$tmp/benchdata" -catalog "$tmp/catalog.json" -chairs "$CHAIRS"
"$tmp/masahe" import --database "$db" "$tmp/catalog.json" >/dev/null 2>&1
"$tmp/benchdata" -database "$db" -reviews "$REVIEWS"

"$tmp/masahe" serve --addr "127.0.0.1:$MASAHE_PORT" --database "$db" --log-level info >"$tmp/masahe.out" 2>"$tmp/masahe.log" &
pids+=($!)
m="http://127.0.0.1:$MASAHE_PORT"
for _ in $(seq 100); do curl -fs -o /dev/null "$m/healthz" && break; sleep 0.2; done

generated=$(curl -fsS "$m/api/v1/chairs?brand=brand-01&per_page=2" | grep -o '"slug": *"brand-01-model-[^"]*"' | cut -d'"' -f4 | head -n2 | paste -sd, -)
one=${generated%%,*}
article=$(curl -fsS "$m/articles" | grep -o 'href="/articles/[a-z0-9-]*"' | head -n1 | cut -d'"' -f2)
review=$(curl -fsS "$m/reviews" | grep -o 'href="/reviews/[a-z0-9-]*"' | grep -v rubric | head -n1 | cut -d'"' -f2)
pages=("home /" "catalog /chairs" "chair /chairs/$one" "compare /compare?chairs=$generated" "article $article" "review $review")

# nginx gets each page's bytes, as masahe sends them, in a file and a .gz beside it.
mkdir -p "$tmp/site"
for p in "${pages[@]}"; do
	set -- $p
	curl -fsS "$m$2" -o "$tmp/site/$1.html"
	curl -fsS -H 'Accept-Encoding: gzip' "$m$2" -o "$tmp/site/$1.html.gz"
done
cat >"$tmp/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 4096; }
http {
	access_log off;
	include /etc/nginx/mime.types;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $tmp/site;
		gzip_static on;
		etag on;
	}
}
CONF
# nginx's workers run as another user: let them read the files.
chmod 755 "$tmp" "$tmp/site"
chmod 644 "$tmp"/site/*
nginx -c "$tmp/nginx.conf" -p "$tmp" -e "$tmp/nginx-error.log"
n="http://127.0.0.1:$NGINX_PORT"
for p in "${pages[@]}"; do
	set -- $p
	cmp -s <(curl -fsS --compressed "$n/$1.html") "$tmp/site/$1.html" || { echo "nginx does not serve $1.html as masahe's bytes" >&2; exit 1; }
done

# The cached-page rounds: masahe and nginx alternately, ROUNDS times per page
# kind, medians printed (scripts/abrounds.sh).
DURATION=$DURATION THREADS=$THREADS CONNECTIONS=$CONNECTIONS bash scripts/abrounds.sh "$m" "$n" "$tmp/site" "${pages[@]}"
