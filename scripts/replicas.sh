#!/usr/bin/env bash
# replicas.sh: three masahe replicas on one PostgreSQL database behind HAProxy,
# measured (docs/OPERATIONS.md, "Replicas, measured"). Run by hand, not in CI.
#
# Creates its own database (dropped at the end), loads the load test's data set
# (scripts/benchdata: CHAIRS generated chairs, REVIEWS owner reviews), starts
# three "masahe serve" replicas on ports PORT+1..PORT+3 and HAProxy on PORT
# with a health check on /healthz every 500 ms (down after 2 failures, up after
# 2 passes, no retries: a refused or broken request counts as failed). Then:
#
#  1. throughput of the mixed load (scripts/replicas.lua: cached pages,
#     uncached filters, search, finder API, logins, spec submissions) on one
#     replica directly, one behind HAProxy, and three behind HAProxy;
#  2. a rolling restart under the load: SIGTERM a replica, wait for it to
#     exit, start it again, wait until HAProxy has it up, next; once with
#     --drain-wait 0 (close the listener at once) and once with DRAIN_WAIT;
#     the failed requests (non-2xx/3xx answers and socket errors) are counted;
#  3. propagation: a catalog edit (a spec submission approved by an admin), a
#     published article and a login, each made through replica 1, and the
#     time until replicas 2 and 3 show it, polling each replica's port.
#
# PG (server URL without database), CHAIRS, REVIEWS, DURATION, CONNECTIONS,
# THREADS, PORT and DRAIN_WAIT override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

PG=${PG:-postgres://postgres@127.0.0.1:5432}
CHAIRS=${CHAIRS:-10000}
REVIEWS=${REVIEWS:-100000}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18190}
DRAIN_WAIT=${DRAIN_WAIT:-2s}

for tool in wrk haproxy curl psql; do
	command -v "$tool" >/dev/null || { echo "replicas.sh needs $tool (apt-get install -y wrk haproxy curl postgresql-client)" >&2; exit 1; }
done

tmp=$(mktemp -d)
dbname=masahe_replicas_$$
db="$PG/$dbname?sslmode=disable"
declare -A pids
lbpid=
cleanup() {
	for pid in "${pids[@]}" $lbpid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
	psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/masahe" ./cmd/masahe
go build -o "$tmp/benchdata" ./scripts/benchdata
psql -q "$PG/postgres" -c "CREATE DATABASE $dbname" >/dev/null
echo "building the data set: $CHAIRS chairs, $REVIEWS reviews (database $dbname)" >&2
"$tmp/masahe" migrate --database "$db" >/dev/null
"$tmp/benchdata" -catalog "$tmp/catalog.json" -chairs "$CHAIRS"
"$tmp/masahe" import --database "$db" "$tmp/catalog.json" >/dev/null 2>&1
"$tmp/benchdata" -database "$db" -reviews "$REVIEWS"
password=replica-load-password-1
echo "$password" | "$tmp/masahe" user create --database "$db" --email admin@example.test --role admin >/dev/null
echo "$password" | "$tmp/masahe" user create --database "$db" --email member@example.test --role member >/dev/null

url() { echo "http://127.0.0.1:$((PORT + $1))"; }
lb=$(url 0)

# start N DRAIN: replica N on PORT+N, waiting until it answers /healthz.
start() {
	"$tmp/masahe" serve --addr "127.0.0.1:$((PORT + $1))" --database "$db" --drain-wait "$2" \
		--base-url "http://127.0.0.1:$PORT" --log-level warn >>"$tmp/r$1.out" 2>>"$tmp/r$1.log" &
	pids[$1]=$!
	for _ in $(seq 150); do curl -fs -o /dev/null "$(url "$1")/healthz" && return; sleep 0.1; done
	echo "replica $1 did not start; its log:" >&2
	cat "$tmp/r$1.log" >&2
	exit 1
}

# lbstate N: replica N's status in HAProxy (UP, DOWN, "UP 1/2" ...).
lbstate() {
	curl -fs "http://127.0.0.1:$((PORT + 9))/stats;csv" | awk -F, -v s="r$1" '$1 == "masahe" && $2 == s {print $18}'
}

# waitlb N STATE: until HAProxy reports replica N in STATE.
waitlb() {
	for _ in $(seq 200); do [ "$(lbstate "$1")" = "$2" ] && return; sleep 0.05; done
	echo "HAProxy never saw replica $1 $2 (it says $(lbstate "$1"))" >&2
	exit 1
}

cat >"$tmp/haproxy.cfg" <<CONF
global
	maxconn 4096
defaults
	mode http
	timeout connect 2s
	timeout client 30s
	timeout server 30s
	timeout check 2s
	option http-keep-alive
	retries 0
frontend site
	bind 127.0.0.1:$PORT
	default_backend masahe
frontend stats
	bind 127.0.0.1:$((PORT + 9))
	stats enable
	stats uri /stats
backend masahe
	balance roundrobin
	option httpchk GET /healthz
	http-check expect status 200
	default-server inter 500ms fall 2 rise 2
	server r1 127.0.0.1:$((PORT + 1)) check
	server r2 127.0.0.1:$((PORT + 2)) check
	server r3 127.0.0.1:$((PORT + 3)) check
CONF
haproxy -c -q -f "$tmp/haproxy.cfg"
for i in 1 2 3; do start "$i" "$DRAIN_WAIT"; done
haproxy -db -f "$tmp/haproxy.cfg" >"$tmp/haproxy.log" 2>&1 &
lbpid=$!
for i in 1 2 3; do waitlb "$i" UP; done

# The load's inputs: cached pages' chairs, an article, a member's session.
r1=$(url 1)
chairs=$(curl -fsS "$r1/api/v1/chairs?brand=brand-01&per_page=8" | grep -o '"slug": *"brand-01-model-[^"]*"' | cut -d'"' -f4 | paste -sd, -)
article=$(curl -fsS "$r1/articles" | grep -o 'href="/articles/[a-z0-9-]*"' | head -n1 | cut -d'"' -f2)
# login BASE EMAIL: the session cookie ("name=value") of a fresh login.
login() {
	curl -fsS -o /dev/null -D - --data-urlencode "email=$2" --data-urlencode "password=$password" "$1/login" |
		tr -d '\r' | awk -F'[: ;]+' 'tolower($1) == "set-cookie" {print $2; exit}'
}
cookie=$(login "$r1" member@example.test)
[ -n "$cookie" ] || { echo "the member's login set no cookie" >&2; exit 1; }
mix=(-s scripts/replicas.lua -- "$cookie" member@example.test "$password" "$chairs" "$article")

# load URL SECONDS: wrk's mixed load; prints "requests/s p50 p99 failed".
load() {
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --timeout 10s --latency "$1" "${mix[@]}" >"$tmp/wrk.out" 2>&1
	awk '/^Requests\/sec:/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2}
		/Non-2xx or 3xx/ {bad+=$NF} /Socket errors/ {gsub(",", ""); bad+=$4+$6+$8+$10}
		END {print rps, p50, p99, bad+0}' "$tmp/wrk.out"
	grep '^status \|Socket errors' "$tmp/wrk.out" >&2 || true
}

echo "wrk -t$THREADS -c$CONNECTIONS --latency -s scripts/replicas.lua, $CHAIRS chairs, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%F %H:%M UTC')"
load "$lb" 3s >/dev/null # warm every replica's caches
printf '%-28s %10s %9s %9s %7s\n' setup requests/s p50 p99 failed
read -r rps p50 p99 bad < <(load "$r1" "$DURATION")
printf '%-28s %10s %9s %9s %7s\n' "one replica, direct" "$rps" "$p50" "$p99" "$bad"
# One replica behind HAProxy: the other two stopped, and started again after.
for i in 2 3; do kill -TERM "${pids[$i]}"; wait "${pids[$i]}" || true; done
for i in 2 3; do waitlb "$i" DOWN; done
read -r rps p50 p99 bad < <(load "$lb" "$DURATION")
printf '%-28s %10s %9s %9s %7s\n' "one replica, via HAProxy" "$rps" "$p50" "$p99" "$bad"
for i in 2 3; do start "$i" "$DRAIN_WAIT"; done
for i in 2 3; do waitlb "$i" UP; done
load "$lb" 3s >/dev/null
read -r rps p50 p99 bad < <(load "$lb" "$DURATION")
printf '%-28s %10s %9s %9s %7s\n' "three replicas, via HAProxy" "$rps" "$p50" "$p99" "$bad"

# rolling DRAIN: restart the three, one after the other, under the load,
# each started again with --drain-wait DRAIN; prints what failed. It runs
# in this shell, not in $(...): it keeps the replicas' pids.
rolling() {
	wrk -t"$THREADS" -c"$CONNECTIONS" -d60s --timeout 10s --latency "$lb" "${mix[@]}" >"$tmp/rolling.out" 2>&1 &
	local wrkpid=$! start_ns rc exits=""
	sleep 2
	start_ns=$(date +%s%N)
	for i in 1 2 3; do
		kill -TERM "${pids[$i]}"
		rc=0
		wait "${pids[$i]}" || rc=$?
		[ "$rc" = 0 ] || { exits+=" replica $i exited $rc ($(tail -n1 "$tmp/r$i.log"));"; }
		start "$i" "$1"
		waitlb "$i" UP
	done
	local took=$((($(date +%s%N) - start_ns) / 1000000))
	sleep 2
	kill -INT "$wrkpid"
	wait "$wrkpid" || true
	awk -v took="$took" '/requests in/ {n=$1} /Non-2xx or 3xx/ {bad+=$NF} /Socket errors/ {gsub(",", ""); sock=$4+$6+$8+$10}
		END {printf "restarts took %d ms; %s requests, %d non-2xx/3xx, %d socket errors\n", took, n, bad, sock}' "$tmp/rolling.out"
	[ -z "$exits" ] || echo "  not clean:$exits"
	grep '^status \|Socket errors' "$tmp/rolling.out" >&2 || true
}
# The replicas running now were started with DRAIN_WAIT: the first rolling
# restart stops them that way; restarting them with 0 makes the second one
# the comparison without a drain.
for i in 1 2 3; do kill -TERM "${pids[$i]}"; wait "${pids[$i]}" || true; start "$i" 0; done
for i in 1 2 3; do waitlb "$i" UP; done
printf 'rolling restart, --drain-wait 0:  '
rolling "$DRAIN_WAIT"
printf 'rolling restart, --drain-wait %s: ' "$DRAIN_WAIT"
rolling "$DRAIN_WAIT"

# Propagation. ms: milliseconds since the epoch.
ms() { echo $(($(date +%s%N) / 1000000)); }
# poll N URL PATTERN [CURL ARGS]: milliseconds until replica N's answer at
# URL contains PATTERN, polled every 10 ms.
poll() {
	local n=$1 path=$2 pattern=$3 t0
	shift 3
	t0=$(ms)
	until curl -fsS "$@" "$(url "$n")$path" 2>/dev/null | grep -q -- "$pattern"; do
		[ $(($(ms) - t0)) -gt 10000 ] && { echo "never"; return; }
		sleep 0.01
	done
	echo "$(($(ms) - t0)) ms"
}
admin=$(login "$r1" admin@example.test)
slug=${chairs%%,*}
value=$((300 - RANDOM % 50))
for i in 2 3; do curl -fsS -o /dev/null "$(url "$i")/api/v1/chairs/$slug"; done # cached before the edit
id=$(curl -fsS -H "Cookie: $cookie" -H 'Content-Type: application/json' \
	-d "{\"field\": \"airbags\", \"value\": \"$value\", \"how\": \"measured\"}" "$r1/api/v1/chairs/$slug/submissions" |
	grep -o '"id": *[0-9]*' | head -n1 | grep -o '[0-9]*$')
curl -fsS -o /dev/null -H "Cookie: $admin" -X POST "$r1/admin/submissions/$id/approve"
printf 'catalog edit (airbags %s on %s) through replica 1, seen on: replica 2 after %s, replica 3 after %s\n' "$value" "$slug" \
	"$(poll 2 "/api/v1/chairs/$slug" "\"airbags\": *$value")" "$(poll 3 "/api/v1/chairs/$slug" "\"airbags\": *$value")"

aslug=replica-check-$$
for i in 2 3; do curl -fsS -o /dev/null "$(url "$i")/articles"; done
curl -fsS -o /dev/null -H "Cookie: $admin" --data-urlencode "title=Replica check $$" --data-urlencode "slug=$aslug" \
	--data-urlencode "summary=A short article published by scripts/replicas.sh to time how fast replicas see it." \
	--data-urlencode "category=buying" --data-urlencode "author=Masahe editors" \
	--data-urlencode "sources=Masahe, scripts/replicas.sh | https://example.com/replicas" \
	--data-urlencode "body=$(printf '## Replicas\n\nThis article was published by scripts/replicas.sh on one replica to time how soon the other replicas list it. It is a test of the site itself, made on a throwaway database that the script drops when it ends, and it says nothing about any massage chair (source: Masahe).\n')" \
	--data-urlencode "action=publish" "$r1/admin/articles/new"
printf 'article published through replica 1, listed on: replica 2 after %s, replica 3 after %s\n' \
	"$(poll 2 /articles "/articles/$aslug")" "$(poll 3 /articles "/articles/$aslug")"

session=$(login "$r1" member@example.test)
printf 'login through replica 1, signed in on: replica 2 after %s, replica 3 after %s\n' \
	"$(poll 2 /account member@example.test -H "Cookie: $session")" "$(poll 3 /account member@example.test -H "Cookie: $session")"
