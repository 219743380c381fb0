#!/usr/bin/env bash
# abrounds.sh: the cached-page rounds of scripts/load.sh. For each page kind
# it runs wrk on masahe and on nginx alternately, ROUNDS times each (masahe,
# nginx, masahe, nginx, ...), and prints the medians of requests/s, p50 and
# p99 and the ratio of the median requests/s, so that one noisy moment on a
# shared machine does not decide a page's figure. An answer with errors
# stops the run.
#
#   abrounds.sh MASAHE_URL NGINX_URL SITE_DIR "kind /path" ...
#
# nginx serves each kind as /KIND.html (SITE_DIR/KIND.html.gz beside it).
# DURATION, THREADS, CONNECTIONS and ROUNDS come from the environment.
set -euo pipefail

m=$1 n=$2 site=$3
shift 3
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-3}
out=$(mktemp)
trap 'rm -f "$out" "$out.m" "$out.n"' EXIT

# measure URL: "requests/s p50 p99" from one wrk run, latencies in ms.
measure() {
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H 'Accept-Encoding: gzip' "$1" >"$out"
	if grep -q 'Non-2xx\|Socket errors' "$out"; then
		cat "$out" >&2
		echo "$1 answered with errors" >&2
		exit 1
	fi
	awk 'function ms(v) {
			if (v ~ /us$/) return v / 1000
			if (v ~ /ms$/) return v + 0
			if (v ~ /s$/) return v * 1000
			return v
		}
		/^Requests\/sec:/ {rps=$2} $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)}
		END {print rps, p50, p99}' "$out"
}

# median: the median of the numbers on standard input, one a line.
median() {
	sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -H 'Accept-Encoding: gzip', $ROUNDS alternating rounds per page, medians; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%F %H:%M UTC')"
printf '%-8s %8s %10s %8s %8s %10s %8s %8s %6s %11s\n' page gz_bytes masahe_rps m_p50 m_p99 nginx_rps n_p50 n_p99 ratio round_ratios
for p in "$@"; do
	set -- $p
	: >"$out.m"
	: >"$out.n"
	ratios=()
	for _ in $(seq "$ROUNDS"); do
		read -r mr m50 m99 < <(measure "$m$2")
		read -r nr n50 n99 < <(measure "$n/$1.html")
		echo "$mr $m50 $m99" >>"$out.m"
		echo "$nr $n50 $n99" >>"$out.n"
		ratios+=("$(awk -v a="$mr" -v b="$nr" 'BEGIN {printf "%.2f", a / b}')")
	done
	col() { cut -d' ' -f"$2" "$1" | median; }
	mr=$(col "$out.m" 1) nr=$(col "$out.n" 1)
	printf '%-8s %8s %10.0f %6.2fms %6.1fms %10.0f %6.2fms %6.1fms %6s %11s\n' "$1" "$(wc -c <"$site/$1.html.gz")" \
		"$mr" "$(col "$out.m" 2)" "$(col "$out.m" 3)" "$nr" "$(col "$out.n" 2)" "$(col "$out.n" 3)" \
		"$(awk -v a="$mr" -v b="$nr" 'BEGIN {printf "%.2f", a / b}')" "$(IFS=/; echo "${ratios[*]}")"
done
rm -f "$out.m" "$out.n"
