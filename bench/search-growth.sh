#!/usr/bin/env bash
# bench/search-growth.sh — does GET /api/listings stay fast as listings grow from 1,000 to 100,000?
#
# Seeds two throwaway databases with the demo seeder (homelette_bench_1k and homelette_bench_100k, created by
# the migrations), runs the WebApi (Release) against each in turn on 127.0.0.1, warms it up, and measures
# several realistic searches with wrk at a fixed concurrency for a fixed time. Prints p50, p99 and requests
# per second per scenario and size, and the ratio p50(100k) / p50(1k) per scenario (goal: at most 3), and
# writes the same to bench/results/search-growth-<date>.md.
#
#   bench/search-growth.sh                      # about 7 minutes with the defaults
#   BENCH_SECONDS=10 bench/search-growth.sh
#
# Environment (all optional):
#   BENCH_SECONDS=15          measured seconds per scenario and size
#   BENCH_WARMUP_SECONDS=3    unmeasured seconds per scenario and size, just before
#   BENCH_CONNECTIONS=8       concurrent connections (wrk -c)
#   BENCH_THREADS=1           wrk threads (wrk -t)
#   BENCH_RESEED=1            0: reuse a bench database that already holds the right number of listings
#   BENCH_PORT=5391           loopback port of the WebApi under test
#   BENCH_SCENARIOS="..."     a subset of: newest filters near bbox amenities cursor text rare
#   BENCH_QUIET_LOAD=1.0      before each size, wait (at most BENCH_QUIET_WAIT=180 s) until the 1-minute
#                             load average is below this, so that a build or test run elsewhere on the
#                             machine does not end up in the figures; the load is written to the results
#   HOMELETTE_DB_PORT=3306, HOMELETTE_REDIS_PORT=6379   the local stack (build/stack.sh), as for make
#
# It sends traffic to 127.0.0.1 only, and every step has a time limit. Needs wrk (installed with apt-get
# when missing and running as root), curl and the mariadb/mysql client that build/stack.sh installs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="$ROOT/bench"
cd "$ROOT"

SECONDS_PER_RUN="${BENCH_SECONDS:-15}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-8}"
THREADS="${BENCH_THREADS:-1}"
RESEED="${BENCH_RESEED:-1}"
PORT="${BENCH_PORT:-5391}"
SCENARIOS=(${BENCH_SCENARIOS:-newest filters near bbox amenities cursor text rare})
QUIET_LOAD="${BENCH_QUIET_LOAD:-1.0}"
QUIET_WAIT="${BENCH_QUIET_WAIT:-180}"
DB_PORT="${HOMELETTE_DB_PORT:-3306}"
REDIS_PORT="${HOMELETTE_REDIS_PORT:-6379}"
SIZES=(1000 100000)
GOAL_RATIO=3

BASE="http://127.0.0.1:$PORT"
API_DIR="$ROOT/src/WebApi/bin/Release/net10.0"
SEEDER_DLL="$ROOT/tools/Seeder/bin/Release/net10.0/Homelette.Seeder.dll"
RESULTS="$BENCH_DIR/results/search-growth-$(date +%F).md"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for value in "$SECONDS_PER_RUN" "$WARMUP_SECONDS" "$CONNECTIONS" "$THREADS" "$PORT" "$QUIET_WAIT"; do
    [[ "$value" =~ ^[0-9]+$ ]] || { echo "error: BENCH_* settings are whole numbers (got '$value')" >&2; exit 2; }
done
((SECONDS_PER_RUN >= 1 && SECONDS_PER_RUN <= 600)) || { echo "error: BENCH_SECONDS must be 1..600" >&2; exit 2; }
((CONNECTIONS >= THREADS && THREADS >= 1)) || { echo "error: BENCH_CONNECTIONS must be >= BENCH_THREADS >= 1" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/search-growth.XXXXXX")"
API_PID=""

log() { printf '[bench] %s\n' "$*" >&2; }

stop_api() {
    if [[ -n "$API_PID" ]] && kill -0 "$API_PID" 2>/dev/null; then
        kill -TERM "$API_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$API_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$API_PID" 2>/dev/null || true
        wait "$API_PID" 2>/dev/null || true
    fi
    API_PID=""
}

finish() {
    local rc=$?
    stop_api
    if ((rc == 0)); then
        rm -rf "$WORK"
    else
        log "failed (status $rc); logs kept in $WORK"
    fi
}
trap finish EXIT
trap 'exit 130' INT TERM

db_name() { echo "homelette_bench_$(($1 / 1000))k"; }
connection() { echo "Server=127.0.0.1;Port=$DB_PORT;Database=$1;User ID=homelette;Password=homelette"; }

sql() { # DATABASE SQL: prints the result without headers
    local client
    client="$(command -v mariadb || command -v mysql)"
    timeout 60 "$client" -h127.0.0.1 -P"$DB_PORT" -uhomelette -phomelette -N -B -e "$2" "$1"
}

# ---------------------------------------------------------------------------------------------------------
# Prerequisites: the stack, wrk, Release builds of the WebApi and the seeder

log "local stack (MariaDB :$DB_PORT, Redis :$REDIS_PORT)"
HOMELETTE_DB_PORT="$DB_PORT" HOMELETTE_REDIS_PORT="$REDIS_PORT" timeout 300 build/stack.sh up >&2

if ! command -v wrk >/dev/null; then
    if [[ $EUID -eq 0 ]]; then
        log "installing wrk"
        timeout 300 apt-get install -y wrk >&2 || { timeout 300 apt-get update >&2 && timeout 300 apt-get install -y wrk >&2; }
    fi
    command -v wrk >/dev/null || { echo "error: wrk is needed (apt-get install wrk)" >&2; exit 1; }
fi

if curl -s --max-time 1 -o /dev/null "$BASE/health"; then
    echo "error: something already answers on $BASE; set BENCH_PORT to a free port" >&2
    exit 1
fi

log "building the WebApi and the seeder (Release)"
timeout 900 dotnet build -c Release src/WebApi -v quiet -nologo >"$WORK/build-webapi.log" 2>&1 \
    || { tail -30 "$WORK/build-webapi.log" >&2; exit 1; }
timeout 900 dotnet build -c Release tools/Seeder -v quiet -nologo >"$WORK/build-seeder.log" 2>&1 \
    || { tail -30 "$WORK/build-seeder.log" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------------
# Seeding

declare -A SEED_SECONDS
for size in "${SIZES[@]}"; do
    db="$(db_name "$size")"
    users=$((size / 50 > 200 ? size / 50 : 200))
    existing="$(sql "$db" "SELECT COUNT(*) FROM listings" 2>/dev/null || echo 0)"
    if [[ "$RESEED" == "0" && "$existing" == "$size" ]]; then
        log "$db already holds $size listings; reusing it (BENCH_RESEED=0)"
        SEED_SECONDS[$size]="reused (BENCH_RESEED=0)"
        continue
    fi
    log "seeding $db: $users users, $size listings"
    started=$(date +%s.%N)
    ConnectionStrings__Default="$(connection "$db")" timeout 1800 dotnet "$SEEDER_DLL" \
        --users "$users" --listings "$size" --recreate | tee "$WORK/seed-$size.log" >&2
    SEED_SECONDS[$size]="$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f s", e - s }')"
done

# ---------------------------------------------------------------------------------------------------------
# The WebApi under test

start_api() { # DATABASE
    log "starting the WebApi on $BASE against $1"
    (
        cd "$API_DIR"
        # Database__MigrateOnStartup: a reused database (BENCH_RESEED=0) gets this commit's indexes too.
        exec env ASPNETCORE_URLS="$BASE" ASPNETCORE_ENVIRONMENT=Development Database__MigrateOnStartup=true \
            ConnectionStrings__Default="$(connection "$1")" ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" \
            dotnet Homelette.WebApi.dll
    ) >"$WORK/webapi-$1.log" 2>&1 &
    API_PID=$!
    for _ in $(seq 1 120); do
        if curl -fs --max-time 2 -o /dev/null "$BASE/api/listings?limit=1"; then
            return 0
        fi
        kill -0 "$API_PID" 2>/dev/null || break
        sleep 0.5
    done
    tail -30 "$WORK/webapi-$1.log" >&2
    echo "error: the WebApi did not answer on $BASE within 60 s" >&2
    exit 1
}

load1() { cut -d' ' -f1 /proc/loadavg; }

wait_for_quiet() {
    local waited=0
    while awk -v l="$(load1)" -v q="$QUIET_LOAD" 'BEGIN { exit !(l >= q) }' && ((waited < QUIET_WAIT)); do
        ((waited == 0)) && log "load average $(load1) >= $QUIET_LOAD: waiting up to ${QUIET_WAIT} s for the machine to quieten"
        sleep 5
        waited=$((waited + 5))
    done
    log "load average $(load1)"
}

next_cursor() { # PATH -> the next_cursor of that page
    curl -fsS --max-time 10 "$BASE$1" | grep -o '"next_cursor":"[^"]*"' | head -1 | cut -d'"' -f4
}

# The searches, a few variants each, sent in turn (bench/rotate.lua).
scenario_title() {
    case "$1" in
        newest) echo "newest, no filter" ;;
        filters) echo "price_max + bedrooms_min + city, newest" ;;
        near) echo "near + radius_km=2, sort=distance" ;;
        bbox) echo "bbox (map view), newest" ;;
        amenities) echo "amenities, sort=price_asc" ;;
        cursor) echo "next page (cursor)" ;;
        text) echo "q (words), newest" ;;
        rare) echo "rare: sparse box, rare amenities, unknown word" ;;
        *) echo "$1" ;;
    esac
}

scenario_paths() {
    case "$1" in
        newest)
            echo "/api/listings"
            echo "/api/listings?limit=20&sort=newest"
            ;;
        filters)
            echo "/api/listings?price_max=2000&bedrooms_min=1&city=Isla%20Vista"
            echo "/api/listings?price_max=1500&bedrooms_min=1&city=Isla%20Vista"
            echo "/api/listings?price_max=2500&bedrooms_min=2&city=Isla%20Vista"
            echo "/api/listings?price_max=2000&bedrooms_min=1&city=Goleta"
            ;;
        near)
            echo "/api/listings?near=34.4133,-119.8610&radius_km=2&sort=distance"
            echo "/api/listings?near=34.4100,-119.8560&radius_km=2&sort=distance"
            echo "/api/listings?near=34.4140,-119.8480&radius_km=2&sort=distance"
            ;;
        bbox)
            echo "/api/listings?bbox=-119.8760,34.4060,-119.8460,34.4200"
            echo "/api/listings?bbox=-119.8650,34.4090,-119.8550,34.4150"
            echo "/api/listings?bbox=-119.8450,34.4250,-119.8100,34.4450"
            ;;
        amenities)
            echo "/api/listings?amenities=wifi,laundry&sort=price_asc"
            echo "/api/listings?amenities=wifi,parking&sort=price_asc"
            echo "/api/listings?amenities=furnished,laundry&sort=price_asc"
            ;;
        cursor)
            local page2 page3 priced
            page2="$(next_cursor "/api/listings")"
            page3="$(next_cursor "/api/listings?cursor=$page2")"
            priced="$(next_cursor "/api/listings?amenities=wifi,laundry&sort=price_asc")"
            echo "/api/listings?cursor=$page2"
            echo "/api/listings?cursor=$page3"
            echo "/api/listings?amenities=wifi,laundry&sort=price_asc&cursor=$priced"
            ;;
        text)
            echo "/api/listings?q=balcony"
            echo "/api/listings?q=dishwasher"
            echo "/api/listings?q=hammock%20grill"
            ;;
        rare)
            # The worst cases of the plans in docs/explain/listing-search.md: few or no rows match.
            echo "/api/listings?bbox=-119.7000,34.4300,-119.6960,34.4330"
            echo "/api/listings?amenities=air_conditioning,pets_allowed"
            echo "/api/listings?amenities=wifi,water,electricity,gas,trash,laundry,parking,furnished,air_conditioning,pets_allowed,private_bathroom"
            echo "/api/listings?q=xylophone"
            ;;
        *)
            echo "error: unknown scenario '$1'" >&2
            exit 2
            ;;
    esac
}

run_wrk() { # SECONDS PATHS_FILE
    timeout $(($1 + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1s" --timeout 10s \
        -s "$BENCH_DIR/rotate.lua" "$BASE" -- "$2"
}

field() { # RESULT_LINE NAME
    sed -E "s/.*[[:space:]]$2=([^[:space:]]+).*/\1/" <<<"$1"
}

# ---------------------------------------------------------------------------------------------------------
# Measuring

declare -A P50 P99 RPS ERRORS START_LOAD
for size in "${SIZES[@]}"; do
    db="$(db_name "$size")"
    start_api "$db"
    wait_for_quiet
    START_LOAD[$size]="$(load1)"
    for scenario in "${SCENARIOS[@]}"; do
        paths="$WORK/paths-$size-$scenario.txt"
        scenario_paths "$scenario" >"$paths"
        while read -r path; do
            status="$(curl -s --max-time 30 -o "$WORK/check.json" -w '%{http_code}' "$BASE$path")"
            if [[ "$status" != "200" ]]; then
                echo "error: $path answered $status: $(head -c 300 "$WORK/check.json")" >&2
                exit 1
            fi
        done <"$paths"
        if ((WARMUP_SECONDS > 0)); then
            run_wrk "$WARMUP_SECONDS" "$paths" >/dev/null 2>&1
        fi
        run_wrk "$SECONDS_PER_RUN" "$paths" >"$WORK/wrk-$size-$scenario.txt" 2>&1
        result="$(grep '^RESULT ' "$WORK/wrk-$size-$scenario.txt" || true)"
        [[ -n "$result" ]] || { cat "$WORK/wrk-$size-$scenario.txt" >&2; echo "error: wrk gave no result" >&2; exit 1; }
        P50[$size:$scenario]="$(field "$result" p50_ms)"
        P99[$size:$scenario]="$(field "$result" p99_ms)"
        RPS[$size:$scenario]="$(field "$result" rps)"
        ERRORS[$size:$scenario]=$(($(field "$result" non2xx) + $(field "$result" socket_errors)))
        log "$(printf '%-7s %-10s p50 %8s ms  p99 %8s ms  %8s req/s  errors %s' \
            "$size" "$scenario" "${P50[$size:$scenario]}" "${P99[$size:$scenario]}" "${RPS[$size:$scenario]}" "${ERRORS[$size:$scenario]}")"
    done
    stop_api
done

# ---------------------------------------------------------------------------------------------------------
# Report

small="${SIZES[0]}"
large="${SIZES[1]}"
# p50(large) / p50(small); when no request of the large run finished, at least BENCH_SECONDS / p50(small).
ratio() {
    awk -v a="$1" -v b="$2" -v s="$SECONDS_PER_RUN" 'BEGIN {
        if (b !~ /^[0-9.]+$/ || b <= 0) print "n/a"
        else if (a ~ /^[0-9.]+$/) printf "%.2f", a / b
        else printf "> %.0f", s * 1000 / b
    }'
}
verdict() {
    awk -v r="$1" -v g="$GOAL_RATIO" 'BEGIN { if (r == "n/a") print "?"; else if (r ~ /^>/ || r > g) print "**over**"; else print "ok" }'
}
# A latency, or "> N s" when no request finished within the run.
latency() { [[ "$1" =~ ^[0-9.]+$ ]] && echo "$1" || echo "> ${SECONDS_PER_RUN} s"; }

table() {
    echo "| scenario | 1k p50 ms | 1k p99 ms | 1k req/s | 100k p50 ms | 100k p99 ms | 100k req/s | p50 100k/1k | ≤ $GOAL_RATIO× |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|:---:|"
    for scenario in "${SCENARIOS[@]}"; do
        local r errors=""
        r="$(ratio "${P50[$large:$scenario]}" "${P50[$small:$scenario]}")"
        if ((${ERRORS[$small:$scenario]} + ${ERRORS[$large:$scenario]} > 0)); then
            errors=" (errors: ${ERRORS[$small:$scenario]} / ${ERRORS[$large:$scenario]})"
        fi
        echo "| $(scenario_title "$scenario")$errors | $(latency "${P50[$small:$scenario]}") | $(latency "${P99[$small:$scenario]}") | ${RPS[$small:$scenario]} | $(latency "${P50[$large:$scenario]}") | $(latency "${P99[$large:$scenario]}") | ${RPS[$large:$scenario]} | $r | $(verdict "$r") |"
    done
}

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain -- src 2>/dev/null)" ]]; then
    commit="$commit (src/ has uncommitted changes)"
fi
cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || echo unknown)"
mariadb_version="$(sql "$(db_name "$small")" "SELECT VERSION()" 2>/dev/null || echo unknown)"

mkdir -p "$(dirname "$RESULTS")"
{
    echo "# Search growth: GET /api/listings at 1,000 and 100,000 listings"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, by \`bench/search-growth.sh\`."
    echo
    echo "- Machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); MariaDB $mariadb_version; WebApi Release, ASPNETCORE_ENVIRONMENT=Development, anonymous requests."
    echo "- Load: wrk, $THREADS thread(s), $CONNECTIONS connections, ${WARMUP_SECONDS} s warm-up then ${SECONDS_PER_RUN} s measured per scenario and size; each scenario rotates over the URLs below."
    echo "- Data: \`tools/Seeder\` (seed 20250917), $small listings / $((small / 50 > 200 ? small / 50 : 200)) users and $large listings / $((large / 50)) users, no photos; 70% Isla Vista, 20% Goleta, 10% Santa Barbara; 85% active."
    echo "- Seeding time: ${SEED_SECONDS[$small]} for $small listings, ${SEED_SECONDS[$large]} for $large listings (seeder start to exit: drop, migrations, inserts)."
    echo "- Goal (issue 3, Speed): p50 at 100,000 listings within ${GOAL_RATIO}× the p50 at 1,000."
    echo "- Latency is measured under load ($CONNECTIONS requests in flight on a $(nproc)-core machine that also runs MariaDB and the load generator), so it includes queueing. 1-minute load average when each size started (after waiting up to ${QUIET_WAIT} s for it to fall below $QUIET_LOAD): ${START_LOAD[$small]} (1k), ${START_LOAD[$large]} (100k); above 1 means something else was also running."
    echo
    table
    echo
    echo "## URLs per scenario"
    echo
    for scenario in "${SCENARIOS[@]}"; do
        echo "- $(scenario_title "$scenario"):"
        sed -E 's/cursor=[^&]+/cursor=…/; s/^/  - `/; s/$/`/' "$WORK/paths-$large-$scenario.txt"
    done
} >"$RESULTS"

echo
table
echo
echo "Seeding: ${SEED_SECONDS[$small]} for $small listings, ${SEED_SECONDS[$large]} for $large listings."
echo "Written to ${RESULTS#"$ROOT"/}"
