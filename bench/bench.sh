#!/usr/bin/env bash
# bench/bench.sh — `make bench`: Homelette against its own baselines, side by side in one run on this machine.
#
# Scenarios (issue 5; bench/README.md says how each is measured and why):
#   1 listing search (three filters, page of 20) vs a raw MySqlConnector host running the same SQL (bench/Baseline)
#   2 listing detail vs the same raw host's single-row answer
#   3 search cost growth: p50 of scenario 1 at each of BENCH_SIZES listings
#   4 login: logins/s vs the ceiling (cores / one password check), and search p99 while login is saturated
#   5 chat 1:1 (1,000 connections, 500 msg/s) vs a bare echo hub in the same ChatHost process
#   6 chat scale-out: the same load over two ChatHosts, every message crossing the Redis backplane
#   7 group fan-out: 20-member conversations
#   8 connection density: 5,000 idle authenticated connections on one ChatHost
#
#   make bench                    # every scenario, 30 s each: about 25 minutes (seeding 100,000 listings once included)
#   BENCH_QUICK=1 make bench      # every scenario, small and short: under 2 minutes after the build (run by make test)
#
# Writes bench/results/<date>-<commit>.md and .json (…-quick.md/.json in quick mode). Everything runs on
# 127.0.0.1, every step has a time limit, and everything it started is stopped on exit (the shared MariaDB and
# Redis of build/stack.sh keep running). Settings: the BENCH_* variables below, all optional.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BENCH_DIR="$ROOT/bench"

QUICK="${BENCH_QUICK:-0}"
q() { [[ "$QUICK" == "1" ]] && echo "$2" || echo "$1"; } # FULL_DEFAULT QUICK_DEFAULT

SECONDS_PER_RUN="${BENCH_SECONDS:-$(q 30 2)}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-$(q 5 1)}"
ROUNDS="${BENCH_ROUNDS:-$(q 3 1)}"
SIZES=(${BENCH_SIZES:-$(q "1000 10000 100000" "1000 10000")})
HTTP_CONNECTIONS="${BENCH_HTTP_CONNECTIONS:-8}"
CHAT_CONNECTIONS="${BENCH_CHAT_CONNECTIONS:-$(q 1000 100)}"
CHAT_RATE="${BENCH_CHAT_RATE:-$(q 500 100)}"
CHAT_SECONDS="${BENCH_CHAT_SECONDS:-$(q 30 3)}"
CHAT_WARMUP_SECONDS="${BENCH_CHAT_WARMUP_SECONDS:-$(q 30 1)}"
GRACE_SECONDS="${BENCH_GRACE_SECONDS:-$(q 10 2)}"
SETTLE_SECONDS="$(q 3 1)"
GROUP_SIZE="${BENCH_GROUP_SIZE:-$(q 20 10)}"
GROUP_RATE="${BENCH_GROUP_RATE:-$(q 25 10)}"
IDLE_CONNECTIONS="${BENCH_IDLE_CONNECTIONS:-$(q 5000 300)}"
SCENARIOS=" ${BENCH_SCENARIOS:-1 2 3 4 5 6 7 8} "
RESEED="${BENCH_RESEED:-0}"
PORT_BASE="${BENCH_PORT_BASE:-5590}"
REDIS_DB="${BENCH_REDIS_DB:-6}"
DB_PORT="${HOMELETTE_DB_PORT:-3306}"
REDIS_PORT="${HOMELETTE_REDIS_PORT:-6379}"
RESULTS_DIR="${BENCH_RESULTS_DIR:-$BENCH_DIR/results}"

API_BASE="http://127.0.0.1:$((PORT_BASE + 1))"
RAW_BASE="http://127.0.0.1:$((PORT_BASE + 2))"
CHAT_A="http://127.0.0.1:$((PORT_BASE + 3))"
CHAT_B="http://127.0.0.1:$((PORT_BASE + 4))"
API_DIR="$ROOT/src/WebApi/bin/Release/net10.0"
CHAT_DIR="$ROOT/src/ChatHost/bin/Release/net10.0"
RAW_DLL="$BENCH_DIR/Baseline/bin/Release/net10.0/Homelette.Bench.Baseline.dll"
LOAD_DLL="$BENCH_DIR/ChatLoad/bin/Release/net10.0/Homelette.Bench.ChatLoad.dll"
SEEDER_DLL="$ROOT/tools/Seeder/bin/Release/net10.0/Homelette.Seeder.dll"
PASSWORD="bench-password-1"
SEARCH_PATH="/api/listings?price_max=2000&bedrooms_min=1&city=Isla%20Vista"
RAW_SEARCH_PATH="/baseline/listings?price_max=2000&bedrooms_min=1&city=Isla%20Vista"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for value in "$SECONDS_PER_RUN" "$WARMUP_SECONDS" "$HTTP_CONNECTIONS" "$CHAT_CONNECTIONS" "$CHAT_RATE" "$CHAT_SECONDS" \
    "$CHAT_WARMUP_SECONDS" "$GRACE_SECONDS" "$GROUP_SIZE" "$GROUP_RATE" "$IDLE_CONNECTIONS" "$PORT_BASE" "$REDIS_DB" "${SIZES[@]}"; do
    [[ "$value" =~ ^[0-9]+$ ]] || { echo "error: BENCH_* settings are whole numbers (got '$value')" >&2; exit 2; }
done
((SECONDS_PER_RUN >= 1 && SECONDS_PER_RUN <= 600)) || { echo "error: BENCH_SECONDS must be 1..600" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[0-9]+$ ]] && ((ROUNDS >= 1 && ROUNDS <= SECONDS_PER_RUN)) || { echo "error: BENCH_ROUNDS must be 1..BENCH_SECONDS" >&2; exit 2; }
((CHAT_CONNECTIONS % 2 == 0 && CHAT_CONNECTIONS % GROUP_SIZE == 0)) \
    || { echo "error: BENCH_CHAT_CONNECTIONS must be even and a multiple of BENCH_GROUP_SIZE" >&2; exit 2; }
((${#SIZES[@]} >= 2)) || { echo "error: BENCH_SIZES needs at least two sizes" >&2; exit 2; }
for ((i = 1; i < ${#SIZES[@]}; i++)); do
    ((SIZES[i] > SIZES[i - 1])) || { echo "error: BENCH_SIZES must grow from left to right" >&2; exit 2; }
done
LARGEST="${SIZES[-1]}"
SMALLEST="${SIZES[0]}"
USERS=$((IDLE_CONNECTIONS > CHAT_CONNECTIONS ? IDLE_CONNECTIONS : CHAT_CONNECTIONS))
((USERS <= 99999)) || { echo "error: at most 99,999 bench users (BENCH_IDLE_CONNECTIONS, BENCH_CHAT_CONNECTIONS)" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/homelette-bench.XXXXXX")"
API_PID="" RAW_PID="" CHAT_PID="" CHAT_B_PID="" BG_PID=""
STARTED_AT=$(date +%s)

log() { printf '[bench %4ds] %s\n' "$(($(date +%s) - STARTED_AT))" "$*" >&2; }

stop_pid() { # PID: TERM, then KILL after 10 s
    local pid="$1"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

finish() {
    local rc=$?
    for pid in "$BG_PID" "$CHAT_B_PID" "$CHAT_PID" "$RAW_PID" "$API_PID"; do stop_pid "$pid"; done
    if ((rc == 0)) && [[ "${BENCH_KEEP_LOGS:-0}" != "1" ]]; then
        rm -rf "$WORK"
    else
        log "status $rc; logs kept in $WORK"
    fi
}
trap finish EXIT
trap 'exit 130' INT TERM

connection() { echo "Server=127.0.0.1;Port=$DB_PORT;Database=$1;User ID=homelette;Password=homelette"; }
db_name() { (($1 % 1000 == 0)) && echo "homelette_bench_$(($1 / 1000))k" || echo "homelette_bench_$1"; }
sql() { # DATABASE SQL
    timeout 120 "$(command -v mariadb || command -v mysql)" -h127.0.0.1 -P"$DB_PORT" -uhomelette -phomelette -N -B -e "$2" "$1"
}
redis() { timeout 30 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" -n "$REDIS_DB" "$@"; }
field() { sed -nE "s/.*[[:space:]]$2=([^[:space:]]+).*/\1/p" <<<" $1" | head -1; }
calc() { awk "BEGIN { v = $1; if (v != v) print \"n/a\"; else printf \"%.${2:-2}f\", v }"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

wait_for_url() { # URL PID NAME LOG
    for _ in $(seq 1 240); do
        curl -fs --max-time 2 -o /dev/null "$1" && return 0
        kill -0 "$2" 2>/dev/null || break
        sleep 0.25
    done
    tail -30 "$4" >&2
    echo "error: $3 did not answer on $1 within 60 s" >&2
    exit 1
}

# Figures: R[name]=value, written to the JSON in the order they were first set.
declare -A R
ORDER=()
put() { [[ -v "R[$1]" ]] || ORDER+=("$1"); R[$1]="$2"; }

# ---------------------------------------------------------------------------------------------------------
# Prerequisites

log "local stack (MariaDB :$DB_PORT, Redis :$REDIS_PORT)"
HOMELETTE_DB_PORT="$DB_PORT" HOMELETTE_REDIS_PORT="$REDIS_PORT" timeout 300 build/stack.sh up >"$WORK/stack.log" 2>&1 \
    || { cat "$WORK/stack.log" >&2; exit 1; }

missing=()
for tool in curl wrk hey jq; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]} > 0)); then
    [[ $EUID -eq 0 ]] || { echo "error: ${missing[*]} needed: sudo apt-get install -y ${missing[*]}" >&2; exit 1; }
    log "installing ${missing[*]} (apt-get)"
    { timeout 300 apt-get install -y -qq "${missing[@]}" || { timeout 300 apt-get update -qq && timeout 300 apt-get install -y -qq "${missing[@]}"; }; } >"$WORK/apt.log" 2>&1 \
        || { cat "$WORK/apt.log" >&2; exit 1; }
fi

for port in $((PORT_BASE + 1)) $((PORT_BASE + 2)) $((PORT_BASE + 3)) $((PORT_BASE + 4)); do
    if curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$port/"; then
        echo "error: something already answers on 127.0.0.1:$port; set BENCH_PORT_BASE to a free range" >&2
        exit 1
    fi
done

# 5,000 connections in one ChatHost and one load client need as many file descriptors each.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
(( $(ulimit -n) > IDLE_CONNECTIONS + 1000 )) || log "warning: ulimit -n is $(ulimit -n); $IDLE_CONNECTIONS connections may not fit"

log "building the hosts, the baseline, the load client and the seeder (Release)"
build_started=$(date +%s)
if [[ "${BENCH_BUILD:-1}" == "1" ]]; then
    timeout 900 dotnet build bench/bench.slnf -c Release -p:SkipNSwag=true -v quiet -nologo >"$WORK/build.log" 2>&1 \
        || { tail -30 "$WORK/build.log" >&2; exit 1; }
fi
BUILD_SECONDS=$(($(date +%s) - build_started))
MEASURE_STARTED=$(date +%s)
START_LOAD="$(load1)"

# One signing key for the run; the hosts run as Production.
JWT_KEY="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
HOST_ENV=(ASPNETCORE_ENVIRONMENT=Production "Jwt__Key=$JWT_KEY" Logging__LogLevel__Default=Warning)
REDIS_CONNECTION="127.0.0.1:$REDIS_PORT,defaultDatabase=$REDIS_DB"
# Redis channels are shared by every database: a prefix of the run's own keeps its events away from other hosts.
CHANNEL_PREFIX="homelette-bench-$$"
DB_PID="$(ss -Hltnp "( sport = :$DB_PORT )" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"

# ---------------------------------------------------------------------------------------------------------
# Data: one throwaway database per size, seeded by tools/Seeder; the bench users live in the largest.

declare -A SEEDED
for size in "${SIZES[@]}"; do
    db="$(db_name "$size")"
    existing="$(sql "$db" "SELECT COUNT(*) FROM listings" 2>/dev/null || echo 0)"
    if [[ "$RESEED" != "1" && "$existing" == "$size" ]]; then
        SEEDED[$size]="reused"
        continue
    fi
    log "seeding $db: $size listings"
    started=$(date +%s)
    ConnectionStrings__Default="$(connection "$db")" timeout 1800 dotnet "$SEEDER_DLL" \
        --users $((size / 50 > 200 ? size / 50 : 200)) --listings "$size" --recreate >"$WORK/seed-$size.log" 2>&1 \
        || { tail -20 "$WORK/seed-$size.log" >&2; exit 1; }
    SEEDED[$size]="$(($(date +%s) - started)) s"
done

start_api() { # DATABASE
    stop_pid "$API_PID"
    (
        cd "$API_DIR"
        exec env "${HOST_ENV[@]}" ASPNETCORE_URLS="$API_BASE" Database__MigrateOnStartup=true Chat__RedisChannelPrefix="$CHANNEL_PREFIX" \
            ConnectionStrings__Default="$(connection "$1")" ConnectionStrings__Redis="$REDIS_CONNECTION" dotnet Homelette.WebApi.dll
    ) >>"$WORK/webapi.log" 2>&1 &
    API_PID=$!
    wait_for_url "$API_BASE/health/ready" "$API_PID" WebApi "$WORK/webapi.log"
}

# HTTP load. wrk: a closed loop of BENCH_HTTP_CONNECTIONS requests in flight, as fast as the server answers (the
# maximum rate, and its latency under that load). hey: a fixed rate (for latency at a given load).
wrk_run() { # NAME SECONDS URL SCRIPT [SCRIPT ARGS...]: sets R[NAME:rps|p50_ms|p99_ms|errors]
    local name="$1" secs="$2" url="$3" script="$4" out line
    shift 4
    out="$WORK/wrk-$name.txt"
    if ((WARMUP_SECONDS > 0 && ${WRK_WARMUP:-1} == 1)); then
        timeout $((WARMUP_SECONDS + 30)) wrk -t1 -c"$HTTP_CONNECTIONS" -d"${WARMUP_SECONDS}s" --timeout 10s -s "$script" "$url" -- "$@" >/dev/null 2>&1 || true
    fi
    timeout $((secs + 30)) wrk -t1 -c"$HTTP_CONNECTIONS" -d"${secs}s" --timeout 10s -s "$script" "$url" -- "$@" >"$out" 2>"$out.err" || true
    line="$(grep '^RESULT ' "$out" || true)"
    [[ -n "$line" ]] || { cat "$out" "$out.err" >&2; echo "error: wrk gave no result for $name" >&2; exit 1; }
    put "$name:rps" "$(field "$line" ok_rps)"
    [[ -n "${R[$name:rps]}" ]] || R[$name:rps]="$(field "$line" rps)"
    put "$name:p50_ms" "$(field "$line" p50_ms)"
    put "$name:p99_ms" "$(field "$line" p99_ms)"
    put "$name:errors" "$(($(field "$line" non2xx) + $(field "$line" socket_errors)))"
}

ratio() { # A B -> A / B, or n/a; "inf" (a latency that never ended: sends still unanswered) above the line stays
    # infinite; below it the reference itself broke down, and a ratio to it would flatter A: n/a
    if [[ "$1" == inf && "$2" =~ ^[0-9.]+$ ]]; then echo inf
    elif [[ "$1" =~ ^[0-9.]+$ && "$2" =~ ^[0-9.]+$ ]]; then awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
    else echo "n/a"; fi
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mean() { tr ' ' '\n' | grep -v '^$' | awk '{ t += $1 } END { if (NR == 0) print "n/a"; else printf "%.1f", t / NR }'; }
# A WebApi run and its baseline's, interleaved: BENCH_ROUNDS rounds of SECONDS / rounds each, the order alternating
# (A B, B A, A B, ...), so that a burst of other load on this shared machine falls on both sides rather than on one.
# R[NAME:rps] is the mean over the rounds, p50/p99 the median of the rounds'; R[PAIR:round_ratios] lists A/B per
# round and R[PAIR:ratio] is their median.
wrk_pair() { # PAIR SECONDS NAME_A URL_A FILE_A NAME_B URL_B FILE_B (rotate.lua over each file)
    local pair="$1" secs="$2" a="$3" url_a="$4" file_a="$5" b="$6" url_b="$7" file_b="$8" slice round k
    local -A rps=() p50=() p99=() errors=()
    local ratios=""
    slice=$((secs / ROUNDS)) # BENCH_ROUNDS <= BENCH_SECONDS is checked at the start
    for ((round = 1; round <= ROUNDS; round++)); do
        local order=("$a" "$b")
        ((round % 2 == 0)) && order=("$b" "$a")
        for k in "${order[@]}"; do
            if [[ "$k" == "$a" ]]; then WRK_WARMUP=$((round == 1)) wrk_run "$a.r$round" "$slice" "$url_a" "$BENCH_DIR/rotate.lua" "$file_a"
            else WRK_WARMUP=$((round == 1)) wrk_run "$b.r$round" "$slice" "$url_b" "$BENCH_DIR/rotate.lua" "$file_b"; fi
            rps[$k]+=" ${R[$k.r$round:rps]}"; p50[$k]+=" ${R[$k.r$round:p50_ms]}"; p99[$k]+=" ${R[$k.r$round:p99_ms]}"
            errors[$k]=$((${errors[$k]:-0} + ${R[$k.r$round:errors]}))
        done
        ratios+=" $(ratio "${R[$a.r$round:rps]}" "${R[$b.r$round:rps]}")"
    done
    for k in "$a" "$b"; do
        put "$k:rps" "$(echo "${rps[$k]}" | mean)"
        put "$k:p50_ms" "$(echo "${p50[$k]}" | median)"
        put "$k:p99_ms" "$(echo "${p99[$k]}" | median)"
        put "$k:errors" "${errors[$k]}"
    done
    put "$pair:round_ratios" "${ratios# }"
    put "$pair:ratio" "$(echo "$ratios" | median)"
}

# hey's workers each wait for their answer, so a stalled server receives fewer requests than the rate (coordinated
# omission); four workers per wrk connection keep most of the schedule going through a stall of one request.
HEY_WORKERS=$((4 * HTTP_CONNECTIONS))
hey_run() { # NAME SECONDS RATE URL: a fixed total rate over HEY_WORKERS workers
    local name="$1" secs="$2" rate="$3" url="$4" out per_worker
    out="$WORK/hey-$name.txt"
    per_worker="$(calc "$rate / $HEY_WORKERS" 3)"
    awk -v q="$per_worker" 'BEGIN { exit !(q > 0) }' || { echo "error: a rate of $rate req/s is too low for $HEY_WORKERS workers" >&2; exit 1; }
    timeout $((secs + 60)) hey -z "${secs}s" -c "$HEY_WORKERS" -q "$per_worker" -t 10 "$url" >"$out" 2>&1 || true
    grep -q 'Requests/sec' "$out" || { cat "$out" >&2; echo "error: hey gave no result for $name" >&2; exit 1; }
    put "$name:target_rps" "$(calc "$rate" 1)"
    put "$name:rps" "$(awk '/Requests\/sec/ { printf "%.1f", $2 }' "$out")"
    put "$name:p50_ms" "$(awk '/ 50% in / { printf "%.2f", $3 * 1000 }' "$out")"
    put "$name:p99_ms" "$(awk '/ 99% in / { printf "%.2f", $3 * 1000 }' "$out")"
    # "  [503]	12 responses" under the status codes; "  [7]	Get ...: error" under the error distribution.
    put "$name:errors" "$(awk '/Error distribution/ { e = 1 }
        match($0, /\[[0-9]+\]/) { v = substr($0, RSTART + 1, RLENGTH - 2); if (e) n += v; else if (v != "200") n += $2 }
        END { print n + 0 }' "$out")"
}

on() { [[ "$SCENARIOS" == *" $1 "* ]]; }

printf '%s\n' "$SEARCH_PATH" >"$WORK/search.txt"
printf '%s\n' "$RAW_SEARCH_PATH" >"$WORK/raw-search.txt"

# ---------------------------------------------------------------------------------------------------------
# Scenario 3 (the smaller sizes; the largest is scenario 1's own figure)

if on 3 || on 1; then
    for size in "${SIZES[@]::${#SIZES[@]}-1}"; do
        on 3 || break
        log "scenario 3: search at $size listings"
        start_api "$(db_name "$size")"
        wrk_run "s3_$size" "$SECONDS_PER_RUN" "$API_BASE" "$BENCH_DIR/rotate.lua" "$WORK/search.txt"
    done
fi

# ---------------------------------------------------------------------------------------------------------
# The largest database: scenarios 1, 2 and 4, and the users of the hub scenarios

BIG_DB="$(db_name "$LARGEST")"
start_api "$BIG_DB"

template="bench-user-00000@bench.homelette.test"
if [[ "$(sql "$BIG_DB" "SELECT COUNT(*) FROM users WHERE Email = '$template'")" == "0" ]]; then
    log "registering the template user"
    status="$(curl -s --max-time 60 -o "$WORK/register.json" -w '%{http_code}' -H 'Content-Type: application/json' \
        -d "{\"email\":\"$template\",\"password\":\"$PASSWORD\",\"first_name\":\"Bench\",\"last_name\":\"Template\"}" \
        "$API_BASE/api/auth/register")"
    [[ "$status" == "201" ]] || { echo "error: registration answered $status: $(head -c 300 "$WORK/register.json")" >&2; exit 1; }
fi
existing="$(sql "$BIG_DB" "SELECT COUNT(*) FROM users WHERE Email LIKE 'bench-user-%@bench.homelette.test' AND Email <> '$template'")"
if ((existing < USERS)); then
    # Registration hashes each password (PBKDF2): copy the template's hash instead, so every user has its password.
    log "adding bench users up to $USERS (had $existing)"
    sql "$BIG_DB" "INSERT IGNORE INTO users (Id, Email, NormalizedEmail, PasswordHash, FirstName, LastName, ShowOnlineStatus, CreatedAt, UpdatedAt)
         SELECT UUID(), CONCAT('bench-user-', LPAD(s.seq, 5, '0'), '@bench.homelette.test'),
                UPPER(CONCAT('bench-user-', LPAD(s.seq, 5, '0'), '@bench.homelette.test')),
                t.PasswordHash, 'Bench', CONCAT('User ', s.seq), 1, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
         FROM seq_1_to_$USERS s JOIN users t ON t.Email = '$template'"
fi

if on 1 || on 2 || on 4; then
    log "starting the raw baseline host on $RAW_BASE"
    (
        exec env "Jwt__Key=$JWT_KEY" ASPNETCORE_URLS="$RAW_BASE" ConnectionStrings__Default="$(connection "$BIG_DB")" \
            dotnet "$RAW_DLL" serve
    ) >"$WORK/baseline.log" 2>&1 &
    RAW_PID=$!
    wait_for_url "$RAW_BASE/health" "$RAW_PID" "the baseline host" "$WORK/baseline.log"
    # The baseline must answer what the WebApi answers, byte for byte (recorded in the report).
    if cmp -s <(curl -fsS "$API_BASE$SEARCH_PATH") <(curl -fsS "$RAW_BASE$RAW_SEARCH_PATH"); then
        put s1:same_answer yes
    else
        put s1:same_answer no
        log "warning: the baseline's search answer differs from the WebApi's"
    fi
fi

if on 1 || on 3; then
    if on 1; then
        log "scenario 1: search, maximum rate (WebApi and baseline, $ROUNDS interleaved rounds)"
        wrk_pair s1 "$SECONDS_PER_RUN" s1_app "$API_BASE" "$WORK/search.txt" s1_raw "$RAW_BASE" "$WORK/raw-search.txt"
    else
        log "scenario 3: search at $LARGEST listings"
        wrk_run s1_app "$SECONDS_PER_RUN" "$API_BASE" "$BENCH_DIR/rotate.lua" "$WORK/search.txt"
    fi
    put "s3_$LARGEST:p50_ms" "${R[s1_app:p50_ms]}"
fi
if on 1; then
    rate70="$(calc "${R[s1_raw:rps]} * 0.7" 1)"
    log "scenario 1: search at $rate70 req/s (70% of the baseline's maximum)"
    hey_run s1_app70 "$SECONDS_PER_RUN" "$rate70" "$API_BASE$SEARCH_PATH"
    hey_run s1_raw70 "$SECONDS_PER_RUN" "$rate70" "$RAW_BASE$RAW_SEARCH_PATH"
fi

if on 2; then
    log "scenario 2: listing detail (WebApi and baseline, $ROUNDS interleaved rounds)"
    sql "$BIG_DB" "SELECT Id FROM listings WHERE Status = 0 ORDER BY Id DESC LIMIT 200" >"$WORK/ids.txt"
    sed 's|^|/api/listings/|' "$WORK/ids.txt" >"$WORK/detail.txt"
    sed 's|^|/baseline/listings/|' "$WORK/ids.txt" >"$WORK/raw-detail.txt"
    wrk_pair s2 "$SECONDS_PER_RUN" s2_app "$API_BASE" "$WORK/detail.txt" s2_raw "$RAW_BASE" "$WORK/raw-detail.txt"
fi
stop_pid "$RAW_PID"
RAW_PID=""

if on 4; then
    log "scenario 4: one password check, timed ($(q 5 1) s)"
    line="$(timeout 120 dotnet "$RAW_DLL" password-ceiling "$(q 5 1)" | grep '^RESULT ')"
    put s4:ms_per_check "$(field "$line" ms_per_check)"
    put s4:ceiling_per_s "$(field "$line" ceiling_per_s)"
    log "scenario 4: logins at the maximum rate"
    wrk_run s4_login "$SECONDS_PER_RUN" "$API_BASE" "$BENCH_DIR/login.lua" "$USERS" "$PASSWORD"
    # Search at a steady quarter of its unloaded maximum, first alone, then while login is saturated.
    search_rate="$(calc "${R[s1_app:rps]:-200} * 0.25" 1)"
    log "scenario 4: search at $search_rate req/s, alone"
    hey_run s4_search "$SECONDS_PER_RUN" "$search_rate" "$API_BASE$SEARCH_PATH"
    log "scenario 4: search at $search_rate req/s while login is saturated"
    timeout $((SECONDS_PER_RUN + 40)) wrk -t1 -c"$HTTP_CONNECTIONS" -d"$((SECONDS_PER_RUN + 3))s" --timeout 10s \
        -s "$BENCH_DIR/login.lua" "$API_BASE" -- "$USERS" "$PASSWORD" >"$WORK/wrk-s4_login_bg.txt" 2>&1 &
    BG_PID=$!
    sleep 2
    hey_run s4_search_loaded "$SECONDS_PER_RUN" "$search_rate" "$API_BASE$SEARCH_PATH"
    wait "$BG_PID" || true
    BG_PID=""
    put s4_login_bg:rps "$(field "$(grep '^RESULT ' "$WORK/wrk-s4_login_bg.txt" || true)" ok_rps)"
fi

# ---------------------------------------------------------------------------------------------------------
# Hub scenarios: tokens minted with the run's key (the ChatHost checks them and that each user exists)

if on 5 || on 6 || on 7 || on 8; then
    sql "$BIG_DB" "SELECT Id FROM users WHERE Email LIKE 'bench-user-%@bench.homelette.test' AND Email <> '$template' ORDER BY Email LIMIT $USERS" >"$WORK/user-ids.txt"
    ( umask 077 && : >"$WORK/tokens.tsv" )
    timeout 120 dotnet "$RAW_DLL" mint "$JWT_KEY" "$WORK/user-ids.txt" "$WORK/tokens.tsv" 2>>"$WORK/mint.log"
    # Every run starts without conversations or messages, and without presence left by a killed run.
    sql "$BIG_DB" "SET FOREIGN_KEY_CHECKS = 0; TRUNCATE TABLE chat_changes; TRUNCATE TABLE messages;
         TRUNCATE TABLE conversation_participants; TRUNCATE TABLE conversations; SET FOREIGN_KEY_CHECKS = 1;"
    redis FLUSHDB >/dev/null
fi

start_chat() { # BASE_URL VAR_NAME LOG
    (
        cd "$CHAT_DIR"
        exec env "${HOST_ENV[@]}" ASPNETCORE_URLS="$1" Bench__EchoHub=true Chat__RedisChannelPrefix="$CHANNEL_PREFIX" \
            ConnectionStrings__Default="$(connection "$BIG_DB")" ConnectionStrings__Redis="$REDIS_CONNECTION" dotnet Homelette.ChatHost.dll
    ) >>"$3" 2>&1 &
    printf -v "$2" '%s' "$!"
    wait_for_url "$1/health/ready" "${!2}" ChatHost "$3"
}

chat_run() { # NAME [ChatLoad run options...]: sets R[NAME:*]
    local name="$1" out="$WORK/load-$1.txt" line key
    shift
    timeout $((180 + CHAT_CONNECTIONS / 2 + CHAT_WARMUP_SECONDS + CHAT_SECONDS + 3 * GRACE_SECONDS)) \
        dotnet "$LOAD_DLL" run --tokens "$WORK/tokens.tsv" --label "$name" --connections "$CHAT_CONNECTIONS" \
        --seconds "$CHAT_SECONDS" --warmup "$CHAT_WARMUP_SECONDS" --grace "$GRACE_SECONDS" --prewarm 10 --settle "$SETTLE_SECONDS" \
        --server-pid "$CHAT_PID" ${DB_PID:+--db-pid "$DB_PID"} "$@" >"$out" 2>"$out.err" \
        || { tail -20 "$out.err" >&2; echo "error: the load client failed in $name" >&2; exit 1; }
    line="$(grep '^RESULT ' "$out" || true)"
    [[ -n "$line" ]] || { cat "$out" "$out.err" >&2; echo "error: the load client gave no result for $name" >&2; exit 1; }
    for key in rate p50_ms p95_ms p99_ms lost duplicated failed pending server_cpu_ms_per_message db_cpu_ms_per_message kb_per_connection; do
        put "$name:$key" "$(field "$line" "$key")"
    done
}

if on 5 || on 6 || on 7 || on 8; then
    start_chat "$CHAT_A" CHAT_PID "$WORK/chathost-a.log"
fi
if on 5; then
    log "scenario 5: chat 1:1, $CHAT_CONNECTIONS connections, $CHAT_RATE msg/s (chat hub, then echo hub)"
    chat_run s5_chat --hub "$CHAT_A/socket" --rate "$CHAT_RATE"
    chat_run s5_echo --hub "$CHAT_A/bench/echo" --rate "$CHAT_RATE"
fi
if on 6; then
    log "scenario 6: chat 1:1 over two ChatHosts"
    start_chat "$CHAT_B" CHAT_B_PID "$WORK/chathost-b.log"
    chat_run s6_chat --hub "$CHAT_A/socket" --hub-b "$CHAT_B/socket" --server-pid-b "$CHAT_B_PID" --rate "$CHAT_RATE"
    stop_pid "$CHAT_B_PID"
    CHAT_B_PID=""
fi
if on 7; then
    log "scenario 7: groups of $GROUP_SIZE, $GROUP_RATE msg/s"
    chat_run s7_group --hub "$CHAT_A/socket" --group-size "$GROUP_SIZE" --api "$API_BASE" --rate "$GROUP_RATE"
fi
stop_pid "$API_PID"
API_PID=""
if on 8; then
    if [[ "$QUICK" != "1" ]]; then
        log "scenario 8: $IDLE_CONNECTIONS idle connections on a fresh ChatHost"
        stop_pid "$CHAT_PID"
        redis FLUSHDB >/dev/null
        start_chat "$CHAT_A" CHAT_PID "$WORK/chathost-a.log"
        # A few connections first, unmeasured: the ChatHost's one-time costs (JIT, EF Core's model, Redis) are not per connection.
        timeout 120 dotnet "$LOAD_DLL" idle --hub "$CHAT_A/socket" --tokens "$WORK/tokens.tsv" --connections 20 --hold 1 \
            --server-pid "$CHAT_PID" --label s8-warm >"$WORK/load-s8-warm.txt" 2>&1 || { cat "$WORK/load-s8-warm.txt" >&2; exit 1; }
    else
        log "scenario 8: $IDLE_CONNECTIONS idle connections (the same ChatHost in quick mode)"
    fi
    out="$WORK/load-s8.txt"
    timeout $((300 + IDLE_CONNECTIONS / 10)) dotnet "$LOAD_DLL" idle --hub "$CHAT_A/socket" --tokens "$WORK/tokens.tsv" \
        --connections "$IDLE_CONNECTIONS" --connect-parallel 32 --hold "$(q 10 1)" --settle "$SETTLE_SECONDS" --after-close "$(q 15 4)" --server-pid "$CHAT_PID" --label s8 >"$out" 2>"$out.err" \
        || { tail -20 "$out.err" >&2; echo "error: the load client failed in scenario 8" >&2; exit 1; }
    line="$(grep '^RESULT ' "$out")"
    for key in rss_before_kb rss_held_kb rss_closed_kb kb_per_connection connections_per_gb dropped; do
        put "s8:$key" "$(field "$line" "$key")"
    done
fi
stop_pid "$CHAT_PID"
CHAT_PID=""
MEASURE_SECONDS=$(($(date +%s) - MEASURE_STARTED))

# ---------------------------------------------------------------------------------------------------------
# Ratios and goals

GOALS=() # "scenario|what|ratio|goal text|ok|fail"
goal() { # SCENARIO WHAT VALUE OP LIMIT
    local verdict
    if [[ "$3" == inf ]]; then [[ "$4" == ">=" ]] && verdict="met" || verdict="missed"
    elif [[ ! "$3" =~ ^[0-9.]+$ ]]; then verdict="n/a"
    elif awk -v v="$3" -v l="$5" -v op="$4" 'BEGIN { exit !(op == ">=" ? v >= l : v <= l) }'; then verdict="met"
    else verdict="missed"; fi
    GOALS+=("$1|$2|$3|$4 $5|$verdict")
    put "goal:$1:$2" "$verdict"
}

if on 1; then
    put ratio:s1_throughput "${R[s1:ratio]}"
    put ratio:s1_p99_at_70 "$(ratio "${R[s1_app70:p99_ms]}" "${R[s1_raw70:p99_ms]}")"
    goal 1 "throughput ratio (WebApi / baseline)" "${R[ratio:s1_throughput]}" ">=" 0.5
    goal 1 "p99 ratio at 70% of the baseline's maximum" "${R[ratio:s1_p99_at_70]}" "<=" 2
fi
if on 2; then
    put ratio:s2_throughput "${R[s2:ratio]}"
    goal 2 "throughput ratio (WebApi / baseline)" "${R[ratio:s2_throughput]}" ">=" 0.6
fi
if on 3; then
    put ratio:s3_growth "$(ratio "${R[s3_$LARGEST:p50_ms]}" "${R[s3_$SMALLEST:p50_ms]}")"
    goal 3 "p50 at $LARGEST / p50 at $SMALLEST listings" "${R[ratio:s3_growth]}" "<=" 3
fi
if on 4; then
    put ratio:s4_login "$(ratio "${R[s4_login:rps]}" "${R[s4:ceiling_per_s]}")"
    put ratio:s4_search_p99 "$(ratio "${R[s4_search_loaded:p99_ms]}" "${R[s4_search:p99_ms]}")"
    goal 4 "logins/s / ceiling" "${R[ratio:s4_login]}" ">=" 0.8
    goal 4 "search p99 while login is saturated / unloaded" "${R[ratio:s4_search_p99]}" "<=" 1.5
fi
if on 5; then
    put ratio:s5_p99 "$(ratio "${R[s5_chat:p99_ms]}" "${R[s5_echo:p99_ms]}")"
    goal 5 "p99 chat / echo" "${R[ratio:s5_p99]}" "<=" 3
    goal 5 "lost + duplicated" "$((${R[s5_chat:lost]:-1} + ${R[s5_chat:duplicated]:-1}))" "<=" 0
    goal 5 "sends unanswered at the end (the hub fell behind)" "${R[s5_chat:pending]:-n/a}" "<=" 0
fi
if on 6; then
    put ratio:s6_p99 "$(ratio "${R[s6_chat:p99_ms]}" "${R[s5_chat:p99_ms]:-}")"
fi
if on 7; then
    put ratio:s7_p99 "$(ratio "${R[s7_group:p99_ms]}" "${R[s5_chat:p99_ms]:-}")"
    put ratio:s7_p99_vs_echo "$(ratio "${R[s7_group:p99_ms]}" "${R[s5_echo:p99_ms]:-}")"
    goal 7 "p99 group / 1:1 (scenario 5)" "${R[ratio:s7_p99]}" "<=" 2
fi
if on 8; then
    goal 8 "connections per GB" "${R[s8:connections_per_gb]}" ">=" 5000
    put ratio:s8_rss_closed "$(ratio "${R[s8:rss_closed_kb]:-}" "${R[s8:rss_before_kb]:-}")"
    # Quick mode's few hundred connections on a ChatHost that already ran scenarios 5-7 say nothing about this.
    goal 8 "RSS 15 s after they closed / before they opened" "$(q "${R[ratio:s8_rss_closed]}" n/a)" "<=" 1.25
fi

# ---------------------------------------------------------------------------------------------------------
# Report: bench/results/<date>-<commit>[-quick].md and .json

COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
DIRTY="$(git status --porcelain -- src bench 2>/dev/null | head -1)"
STAMP="$(date -u +%F)-$COMMIT$([[ "$QUICK" == "1" ]] && echo -quick || true)"
OUT_MD="$RESULTS_DIR/$STAMP.md"
OUT_JSON="$RESULTS_DIR/$STAMP.json"
CPU_MODEL="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
MEM_GIB="$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
DOTNET_VERSION="$(dotnet --version)"
MARIADB_VERSION="$(sql "$BIG_DB" "SELECT VERSION()")"
mkdir -p "$RESULTS_DIR"

v() { echo "${R[$1]:-n/a}"; }
{
    echo "# make bench — $(date -u '+%F %H:%M') UTC, commit $COMMIT${DIRTY:+ (uncommitted changes)}$([[ "$QUICK" == "1" ]] && echo ', quick mode')"
    echo
    echo "- Machine: $CPU_MODEL, $(nproc) cores, $MEM_GIB GiB; .NET SDK $DOTNET_VERSION; MariaDB $MARIADB_VERSION; load average at the start $START_LOAD."
    echo "- Everything on this one machine: the hosts, MariaDB, Redis and the load generators share its cores, so latencies include queueing for the CPU. Compare ratios, not absolute figures."
    echo "- HTTP: wrk (closed loop, $HTTP_CONNECTIONS connections) for maximum rates; hey ($HEY_WORKERS workers) for fixed rates; the baseline's search answer is the WebApi's byte for byte: $(v s1:same_answer). ${WARMUP_SECONDS} s warm-up, then ${SECONDS_PER_RUN} s measured per run."
    echo "- Hub: bench/ChatLoad, $CHAT_CONNECTIONS connections, ${CHAT_WARMUP_SECONDS} s warm-up + ${CHAT_SECONDS} s measured per run, grace ${GRACE_SECONDS} s; groups of $GROUP_SIZE at $GROUP_RATE msg/s; $IDLE_CONNECTIONS idle connections."
    echo "- Data: $(for s in "${SIZES[@]}"; do printf '%s listings (%s) ' "$s" "${SEEDED[$s]}"; done); $USERS bench users. Build ${BUILD_SECONDS} s; scenarios ${MEASURE_SECONDS} s."
    echo
    echo "## Goals"
    echo
    echo "| scenario | what | value | goal | verdict |"
    echo "|---|---|---:|---|---|"
    for g in "${GOALS[@]}"; do IFS='|' read -r s w val lim verdict <<<"$g"; echo "| $s | $w | $val | $lim | $verdict |"; done
    echo
    echo "## Figures"
    echo
    echo "| run | req/s or msg/s | p50 ms | p99 ms | errors |"
    echo "|---|---:|---:|---:|---:|"
    for run in "s3_$SMALLEST" $(for s in "${SIZES[@]:1:${#SIZES[@]}-2}"; do echo "s3_$s"; done) s1_app s1_raw s1_app70 s1_raw70 s2_app s2_raw s4_login s4_search s4_search_loaded; do
        [[ -v "R[$run:p50_ms]" ]] || continue
        echo "| $run$([[ -v "R[$run:target_rps]" ]] && echo " (at $(v "$run:target_rps") req/s)") | $(v "$run:rps") | $(v "$run:p50_ms") | $(v "$run:p99_ms") | $(v "$run:errors") |"
    done
    echo
    for pair in s1 s2; do
        [[ -v "R[$pair:round_ratios]" ]] || continue
        echo "Scenario ${pair#s}'s maximum rates ran in $ROUNDS interleaved rounds of $((SECONDS_PER_RUN / ROUNDS)) s (the table shows their mean req/s and median p50/p99); WebApi / baseline per round: $(v "$pair:round_ratios"); the goal takes their median, $(v "$pair:ratio")."
        echo
    done
    if [[ -v "R[s4:ms_per_check]" ]]; then
        echo "Login ceiling: one password check takes $(v s4:ms_per_check) ms on one core, so $(nproc) cores could do $(v s4:ceiling_per_s) logins/s; logins during the loaded search run: $(v s4_login_bg:rps)/s."
        echo
    fi
    echo "| hub run | delivered/s | p50 ms | p95 ms | p99 ms | lost | dup | failed | pending | ChatHost CPU ms/msg | MariaDB CPU ms/msg |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for run in s5_chat s5_echo s6_chat s7_group; do
        [[ -v "R[$run:p99_ms]" ]] || continue
        echo "| $run | $(v "$run:rate") | $(v "$run:p50_ms") | $(v "$run:p95_ms") | $(v "$run:p99_ms") | $(v "$run:lost") | $(v "$run:duplicated") | $(v "$run:failed") | $(v "$run:pending") | $(v "$run:server_cpu_ms_per_message") | $(v "$run:db_cpu_ms_per_message") |"
    done
    echo
    if [[ -v "R[s8:kb_per_connection]" ]]; then
        echo "Density: $IDLE_CONNECTIONS idle connections; ChatHost RSS $(v s8:rss_before_kb) KiB before, $(v s8:rss_held_kb) KiB with them open, $(v s8:rss_closed_kb) KiB after they closed: $(v s8:kb_per_connection) KiB per connection, $(v s8:connections_per_gb) connections per GB; $(v s8:dropped) dropped."
        echo
    fi
    echo "Ratios: $(for k in "${ORDER[@]}"; do [[ "$k" == ratio:* ]] && printf '%s = %s; ' "${k#ratio:}" "${R[$k]}"; done)"
} >"$OUT_MD"

json_value() { [[ "$1" =~ ^-?[0-9]+(\.[0-9]+)?$ ]] && echo "$1" || jq -Rn --arg v "$1" '$v'; }
{
    printf '{"date":"%s","commit":"%s","quick":%s,' "$(date -u +%FT%TZ)" "$COMMIT" "$([[ "$QUICK" == "1" ]] && echo true || echo false)"
    printf '"machine":{"cpu":%s,"cores":%s,"memory_gib":%s,"dotnet_sdk":%s,"mariadb":%s,"load_at_start":%s},' \
        "$(json_value "$CPU_MODEL")" "$(nproc)" "$MEM_GIB" "$(json_value "$DOTNET_VERSION")" "$(json_value "$MARIADB_VERSION")" "$(json_value "$START_LOAD")"
    printf '"settings":{"seconds":%s,"warmup_seconds":%s,"rounds":%s,"sizes":[%s],"http_connections":%s,"chat_connections":%s,"chat_rate":%s,"chat_seconds":%s,"group_size":%s,"group_rate":%s,"idle_connections":%s},' \
        "$SECONDS_PER_RUN" "$WARMUP_SECONDS" "$ROUNDS" "$(IFS=,; echo "${SIZES[*]}")" "$HTTP_CONNECTIONS" "$CHAT_CONNECTIONS" "$CHAT_RATE" "$CHAT_SECONDS" "$GROUP_SIZE" "$GROUP_RATE" "$IDLE_CONNECTIONS"
    printf '"figures":{'
    sep=""
    for k in "${ORDER[@]}"; do printf '%s%s:%s' "$sep" "$(json_value "$k")" "$(json_value "${R[$k]}")"; sep=","; done
    printf '},"goals":['
    sep=""
    for g in "${GOALS[@]}"; do
        IFS='|' read -r s w val lim verdict <<<"$g"
        printf '%s{"scenario":%s,"what":%s,"value":%s,"goal":%s,"verdict":%s}' "$sep" "$s" "$(json_value "$w")" "$(json_value "$val")" "$(json_value "$lim")" "$(json_value "$verdict")"
        sep=","
    done
    printf ']}\n'
} | jq . >"$OUT_JSON"

cat "$OUT_MD"
log "written to ${OUT_MD#"$ROOT"/} and ${OUT_JSON#"$ROOT"/} (scenarios took ${MEASURE_SECONDS} s)"
