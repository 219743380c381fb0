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
# DURATION, THREADS, CONNECTIONS, ROUNDS, CHAIRS, REVIEWS and DATABASE (a postgres://
# URL of an empty database instead of a fresh SQLite file) override the
# defaults.
#
# Then it measures what the cache cannot help: FILTER_CONNECTIONS (8)
# connections asking the catalog (/chairs) with a filter combination not
# asked before on every request (height, weight, sort and page make each
# one new; brands, tracks, rollers and features vary with them), and prints
# requests per second, p50, p90, p99 and masahe's CPU time per request
# (PostgreSQL's own is not in it), with the load average: on a shared
# machine the latencies follow the neighbours' load. ONLY=filters skips
# the nginx comparison.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
CHAIRS=${CHAIRS:-10000}
REVIEWS=${REVIEWS:-100000}
MASAHE_PORT=${MASAHE_PORT:-18081}
NGINX_PORT=${NGINX_PORT:-18082}
FILTER_CONNECTIONS=${FILTER_CONNECTIONS:-8}
ONLY=${ONLY:-}

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

# uncached_filters: wrk with a filter never asked before on every request,
# "requests/s p50 p90 p99".
uncached_filters() {
	cat >"$tmp/filters.lua" <<'LUA'
local threads = {}
function setup(thread)
	thread:set("id", #threads)
	table.insert(threads, thread)
end
function init(args)
	n = 0
	sorts = {"name", "price_asc", "rating", "newest", "price_desc"}
	tracks = {"", "&track=sl", "&track=s", "&track=l"}
	rollers = {"", "&rollers=4d", "&rollers=3d", "&rollers=2d"}
	features = {"", "&zero_gravity=true", "&heat=true", "&foot_rollers=true&zero_gravity=true", "&space_saving=true"}
end
function request()
	-- k is new on every request of every thread: height (61 values),
	-- weight (121), sort (5) and page (3) together take 110,715 values.
	local k = n * 16 + id
	n = n + 1
	local height, weight = 140 + k % 61, 40 + math.floor(k / 61) % 121
	local sort, page = sorts[math.floor(k / 7381) % 5 + 1], math.floor(k / 36905) % 3 + 1
	local brand = ""
	if k % 3 == 0 then brand = string.format("&brand=brand-%02d,brand-%02d", k % 40, math.floor(k / 40) % 40) end
	local path = string.format("/chairs?height_cm=%d&weight_kg=%d&sort=%s&page=%d%s%s%s%s", height, weight, sort, page,
		brand, tracks[k % 4 + 1], rollers[math.floor(k / 4) % 4 + 1], features[math.floor(k / 16) % 5 + 1])
	return wrk.format("GET", path)
end
LUA
	# masahe's own CPU time over the run (user and system, in clock ticks,
	# from /proc), per answered request: unlike latency, it does not grow
	# with other load on the machine.
	local pid=${pids[0]} hz before after
	hz=$(getconf CLK_TCK)
	before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	wrk -t2 -c"$FILTER_CONNECTIONS" -d"$DURATION" --timeout 10s --latency -H 'Accept-Encoding: gzip' -s "$tmp/filters.lua" "$m" >"$tmp/wrk.out"
	after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	if grep -q 'Non-2xx\|Socket errors' "$tmp/wrk.out"; then
		cat "$tmp/wrk.out" >&2
		echo "the uncached filters answered with errors" >&2
		exit 1
	fi
	awk -v ticks=$((after - before)) -v hz="$hz" '/^Requests\/sec:/ {rps=$2} / requests in / {n=$1} $1=="50%" {p50=$2} $1=="90%" {p90=$2} $1=="99%" {p99=$2}
		END {printf "%s %s %s %s %.2fms\n", rps, p50, p90, p99, ticks * 1000 / hz / n}' "$tmp/wrk.out"
}

report_filters() {
	echo
	echo "uncached catalog filters: wrk -t2 -c$FILTER_CONNECTIONS -d$DURATION --latency, a new filter on every request, $(nproc) cores, $([ -n "${DATABASE:-}" ] && echo PostgreSQL || echo SQLite)"
	printf '%11s %11s %11s %11s %13s\n' rps p50 p90 p99 cpu/request
	read -r fr f50 f90 f99 fcpu < <(uncached_filters)
	printf '%11s %11s %11s %11s %13s\n' "$fr" "$f50" "$f90" "$f99" "$fcpu"
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

if [ "$ONLY" = filters ]; then
	report_filters
	exit 0
fi

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

report_filters
