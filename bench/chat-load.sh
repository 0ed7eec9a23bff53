#!/usr/bin/env bash
# bench/chat-load.sh — how fast does one ChatHost deliver private messages under load, and what does the chat's
# persistence cost compared with a bare hub?
#
# Runs the WebApi (Release, only to migrate the throwaway database homelette_bench_chat and sign the bench users
# in) and one ChatHost (Release) on 127.0.0.1. The load client (bench/ChatLoad) opens BENCH_CONNECTIONS
# authenticated hub connections, one per user, pairs connection i with i + N/2, and sends private_message
# {recipient_id, content, client_message_id} to the partner at BENCH_RATE messages per second in total for
# BENCH_SECONDS (after BENCH_WARMUP_SECONDS unmeasured). It prints send→receive latency p50/p95/p99, lost
# (acknowledged, never received) and duplicated messages, the achieved rate, and the ChatHost's VmRSS before
# connecting, with every connection open and after they closed. Then the same load runs against a bare echo hub
# in the same ChatHost process (/bench/echo, mapped because Bench__EchoHub=true: the same deliveries through the
# same Redis backplane, no database) and the script prints p99(chat) / p99(echo) (goal: at most 3). Figures go
# to bench/results/chat-load-<date>.md (chat-load-<date>-quick.md with BENCH_QUICK=1).
#
#   bench/chat-load.sh                 # 1,000 connections, 500 msg/s, 30 s warm-up + 60 s per hub: about 7 minutes
#   BENCH_QUICK=1 bench/chat-load.sh   # 100 connections, 100 msg/s, 10 s per hub: under 2 minutes
#
# Environment (all optional; BENCH_QUICK=1 changes the defaults shown in brackets):
#   BENCH_CONNECTIONS=1000 [100]   hub connections (= bench users), even; one connection per user
#   BENCH_RATE=500 [100]           messages per second, all pairs together; at most 2.5 per connection, because
#                                  the ChatHost allows a user 30 messages per 10 s
#   BENCH_SECONDS=60 [10]          measured seconds per hub
#   BENCH_WARMUP_SECONDS=30 [2]    unmeasured seconds at the same rate just before; the default lets the runtime
#                                  finish recompiling the hot code (tiered JIT), which took about 25 s of load
#                                  (dotnet-counters, dotnet.jit.compiled_methods), so the chat run, which comes
#                                  first, is not measured colder than the echo run after it
#   BENCH_GRACE_SECONDS=10 [5]     after the last send, how long to wait for answers and deliveries
#   BENCH_RESEED=0                 1: drop homelette_bench_chat first (users and all); 0 reuses its users
#   BENCH_API_PORT=5491            loopback port of the WebApi
#   BENCH_CHAT_PORT=5492           loopback port of the ChatHost
#   BENCH_REDIS_DB=5               Redis database of the ChatHost (the tests use 1 and 2)
#   BENCH_CONNECT_PARALLEL=16      connections opened at a time
#   BENCH_QUIET_LOAD=1.5           before the chat run, wait (at most BENCH_QUIET_WAIT=120 [0] s) until the
#                                  1-minute load average is below this; the load is written to the results
#   BENCH_KEEP_LOGS=0              1: keep the hosts' and the load client's logs (a temporary folder, named at the
#                                  end) even when the run succeeds; they are always kept when it fails
#   HOMELETTE_DB_PORT=3306, HOMELETTE_REDIS_PORT=6379   the local stack (build/stack.sh), as for make
#
# It sends traffic to 127.0.0.1 only, every step has a time limit, and everything it started is stopped on exit
# (the shared MariaDB and Redis keep running). Needs curl and the mariadb/mysql client that build/stack.sh installs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="$ROOT/bench"
cd "$ROOT"

QUICK="${BENCH_QUICK:-0}"
if [[ "$QUICK" == "1" ]]; then
    CONNECTIONS="${BENCH_CONNECTIONS:-100}"
    RATE="${BENCH_RATE:-100}"
    SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
    WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-2}"
    GRACE_SECONDS="${BENCH_GRACE_SECONDS:-5}"
    QUIET_WAIT="${BENCH_QUIET_WAIT:-0}"
    RESULTS="$BENCH_DIR/results/chat-load-$(date +%F)-quick.md"
else
    CONNECTIONS="${BENCH_CONNECTIONS:-1000}"
    RATE="${BENCH_RATE:-500}"
    SECONDS_PER_RUN="${BENCH_SECONDS:-60}"
    WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-30}"
    GRACE_SECONDS="${BENCH_GRACE_SECONDS:-10}"
    QUIET_WAIT="${BENCH_QUIET_WAIT:-120}"
    RESULTS="$BENCH_DIR/results/chat-load-$(date +%F).md"
fi
RESEED="${BENCH_RESEED:-0}"
API_PORT="${BENCH_API_PORT:-5491}"
CHAT_PORT="${BENCH_CHAT_PORT:-5492}"
REDIS_DB="${BENCH_REDIS_DB:-5}"
CONNECT_PARALLEL="${BENCH_CONNECT_PARALLEL:-16}"
QUIET_LOAD="${BENCH_QUIET_LOAD:-1.5}"
KEEP_LOGS="${BENCH_KEEP_LOGS:-0}"
DB_PORT="${HOMELETTE_DB_PORT:-3306}"
REDIS_PORT="${HOMELETTE_REDIS_PORT:-6379}"
GOAL_RATIO=3

DB_NAME="homelette_bench_chat"
EMAIL_PREFIX="bench-chat-"
EMAIL_DOMAIN="@bench.homelette.test"
# Throwaway accounts in a throwaway database on loopback.
PASSWORD="bench-chat-password"
API_BASE="http://127.0.0.1:$API_PORT"
CHAT_BASE="http://127.0.0.1:$CHAT_PORT"
API_DIR="$ROOT/src/WebApi/bin/Release/net10.0"
CHAT_DIR="$ROOT/src/ChatHost/bin/Release/net10.0"
LOAD_DLL="$ROOT/bench/ChatLoad/bin/Release/net10.0/Homelette.Bench.ChatLoad.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for value in "$CONNECTIONS" "$RATE" "$SECONDS_PER_RUN" "$WARMUP_SECONDS" "$GRACE_SECONDS" "$API_PORT" "$CHAT_PORT" \
    "$REDIS_DB" "$CONNECT_PARALLEL" "$QUIET_WAIT"; do
    [[ "$value" =~ ^[0-9]+$ ]] || { echo "error: BENCH_* settings are whole numbers (got '$value')" >&2; exit 2; }
done
((CONNECTIONS >= 2 && CONNECTIONS % 2 == 0 && CONNECTIONS <= 20000)) || { echo "error: BENCH_CONNECTIONS must be even, 2..20000" >&2; exit 2; }
((RATE >= 1 && RATE * 2 <= CONNECTIONS * 5)) || { echo "error: BENCH_RATE must be 1..2.5 x BENCH_CONNECTIONS (the ChatHost allows a user 30 messages per 10 s)" >&2; exit 2; }
((SECONDS_PER_RUN >= 1 && SECONDS_PER_RUN <= 600)) || { echo "error: BENCH_SECONDS must be 1..600" >&2; exit 2; }
((WARMUP_SECONDS <= 60 && GRACE_SECONDS >= 1 && GRACE_SECONDS <= 120)) || { echo "error: BENCH_WARMUP_SECONDS ≤ 60, BENCH_GRACE_SECONDS 1..120" >&2; exit 2; }
((API_PORT != CHAT_PORT)) || { echo "error: BENCH_API_PORT and BENCH_CHAT_PORT must differ" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/chat-load.XXXXXX")"
API_PID=""
CHAT_PID=""
LOAD_PID=""

log() { printf '[bench %3ds] %s\n' "$SECONDS" "$*" >&2; }

stop_pid() { # PID: TERM, then KILL after 10 s
    local pid="$1"
    [[ -n "$pid" ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

finish() {
    local rc=$?
    stop_pid "$LOAD_PID"
    stop_pid "$CHAT_PID"
    stop_pid "$API_PID"
    rm -f "$WORK/tokens.tsv"
    if ((rc == 0)) && [[ "$KEEP_LOGS" == "1" ]]; then
        log "logs kept in $WORK (BENCH_KEEP_LOGS=1)"
    elif ((rc == 0)); then
        rm -rf "$WORK"
    else
        log "failed (status $rc); logs kept in $WORK"
    fi
}
trap finish EXIT
trap 'exit 130' INT TERM

connection() { echo "Server=127.0.0.1;Port=$DB_PORT;Database=$DB_NAME;User ID=homelette;Password=homelette"; }

sql() { # SQL [DATABASE]: prints the result without headers
    local client
    client="$(command -v mariadb || command -v mysql)"
    timeout 120 "$client" -h127.0.0.1 -P"$DB_PORT" -uhomelette -phomelette -N -B -e "$1" ${2:+"$2"}
}

redis() { timeout 30 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" -n "$REDIS_DB" "$@"; }

wait_for_url() { # URL PID NAME LOG: until URL answers 2xx (60 s)
    for _ in $(seq 1 120); do
        if curl -fs --max-time 2 -o /dev/null "$1"; then
            return 0
        fi
        kill -0 "$2" 2>/dev/null || break
        sleep 0.5
    done
    tail -30 "$4" >&2
    echo "error: the $3 did not answer on $1 within 60 s" >&2
    exit 1
}

load1() { cut -d' ' -f1 /proc/loadavg; }

cpu_ticks() { # PID: user + system clock ticks so far
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

wait_for_idle() { # PID: until the process uses under 5% of a core over a second (at most 60 s)
    local before after
    for _ in $(seq 1 60); do
        before="$(cpu_ticks "$1")"
        sleep 1
        after="$(cpu_ticks "$1")"
        ((after - before < 5)) && return 0
    done
    log "the ChatHost was still busy after 60 s"
}

wait_for_quiet() {
    local waited=0
    while awk -v l="$(load1)" -v q="$QUIET_LOAD" 'BEGIN { exit !(l >= q) }' && ((waited < QUIET_WAIT)); do
        ((waited == 0)) && log "load average $(load1) >= $QUIET_LOAD: waiting up to ${QUIET_WAIT} s for the machine to quieten"
        sleep 5
        waited=$((waited + 5))
    done
    log "load average $(load1)"
}

# ---------------------------------------------------------------------------------------------------------
# Prerequisites: the stack and Release builds

log "local stack (MariaDB :$DB_PORT, Redis :$REDIS_PORT)"
if ! HOMELETTE_DB_PORT="$DB_PORT" HOMELETTE_REDIS_PORT="$REDIS_PORT" timeout 300 build/stack.sh up >"$WORK/stack.log" 2>&1; then
    # Another checkout's stack (build/stack.sh keeps one per checkout) may already serve these ports: use it.
    if sql "SELECT 1" >/dev/null 2>&1 && [[ "$(redis PING 2>/dev/null)" == "PONG" ]]; then
        log "using the MariaDB and Redis already answering on :$DB_PORT and :$REDIS_PORT"
    else
        cat "$WORK/stack.log" >&2
        exit 1
    fi
fi

for port in "$API_PORT" "$CHAT_PORT"; do
    if curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$port/"; then
        echo "error: something already answers on 127.0.0.1:$port; set BENCH_API_PORT / BENCH_CHAT_PORT to free ports" >&2
        exit 1
    fi
done

log "building the WebApi, the ChatHost and the load client (Release)"
# One build of the three (bench/chat-load.slnf) shares the projects they have in common.
timeout 900 dotnet build bench/chat-load.slnf -c Release -p:SkipNSwag=true -v quiet -nologo >"$WORK/build.log" 2>&1 \
    || { tail -30 "$WORK/build.log" >&2; exit 1; }

# One signing key for both hosts, made for this run; the hosts run as Production.
JWT_KEY="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
HOST_ENV=(ASPNETCORE_ENVIRONMENT=Production "Jwt__Key=$JWT_KEY" "ConnectionStrings__Default=$(connection)")

# ---------------------------------------------------------------------------------------------------------
# Database, users and tokens (through the WebApi)

if [[ "$RESEED" == "1" ]]; then
    log "dropping $DB_NAME (BENCH_RESEED=1)"
    sql "DROP DATABASE IF EXISTS $DB_NAME"
fi

log "starting the WebApi on $API_BASE against $DB_NAME (applies migrations)"
(
    cd "$API_DIR"
    exec env "${HOST_ENV[@]}" ASPNETCORE_URLS="$API_BASE" Database__MigrateOnStartup=true \
        ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT,defaultDatabase=$REDIS_DB" dotnet Homelette.WebApi.dll
) >"$WORK/webapi.log" 2>&1 &
API_PID=$!
wait_for_url "$API_BASE/health/ready" "$API_PID" WebApi "$WORK/webapi.log"

template="${EMAIL_PREFIX}00000${EMAIL_DOMAIN}"
if [[ "$(sql "SELECT COUNT(*) FROM users WHERE Email = '$template'" "$DB_NAME")" == "0" ]]; then
    log "registering the template user $template"
    status="$(curl -s --max-time 60 -o "$WORK/register.json" -w '%{http_code}' -H 'Content-Type: application/json' \
        -d "{\"email\":\"$template\",\"password\":\"$PASSWORD\",\"first_name\":\"Bench\",\"last_name\":\"Template\"}" \
        "$API_BASE/api/auth/register")"
    [[ "$status" == "201" ]] || { echo "error: registration answered $status: $(head -c 300 "$WORK/register.json")" >&2; exit 1; }
fi
existing="$(sql "SELECT COUNT(*) FROM users WHERE Email LIKE '${EMAIL_PREFIX}%${EMAIL_DOMAIN}' AND Email <> '$template'" "$DB_NAME")"
if ((existing < CONNECTIONS)); then
    # Registration hashes each password (PBKDF2): copy the template's hash instead, so every user has its password.
    log "adding bench users up to $CONNECTIONS (had $existing), sharing the template's password hash"
    sql "INSERT IGNORE INTO users (Id, Email, NormalizedEmail, PasswordHash, FirstName, LastName, ShowOnlineStatus, CreatedAt, UpdatedAt)
         SELECT UUID(), CONCAT('$EMAIL_PREFIX', LPAD(s.seq, 5, '0'), '$EMAIL_DOMAIN'),
                UPPER(CONCAT('$EMAIL_PREFIX', LPAD(s.seq, 5, '0'), '$EMAIL_DOMAIN')),
                t.PasswordHash, 'Bench', CONCAT('User ', s.seq), 1, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
         FROM seq_1_to_$CONNECTIONS s JOIN users t ON t.Email = '$template'" "$DB_NAME"
else
    log "$DB_NAME already holds $existing bench users; reusing them"
fi

# Every run starts without conversations or messages, so runs compare; and without presence left by a killed run.
sql "SET FOREIGN_KEY_CHECKS = 0; TRUNCATE TABLE chat_changes; TRUNCATE TABLE messages;
     TRUNCATE TABLE conversation_participants; TRUNCATE TABLE conversations; SET FOREIGN_KEY_CHECKS = 1;" "$DB_NAME"
redis --scan --pattern 'homelette:presence:*' | while read -r key; do redis DEL "$key" >/dev/null; done

log "signing $CONNECTIONS users in"
login_started=$(date +%s.%N)
( umask 077 && : >"$WORK/tokens.tsv" )
timeout $((120 + CONNECTIONS / 2)) dotnet "$LOAD_DLL" login --api "$API_BASE" --count "$CONNECTIONS" --password "$PASSWORD" \
    --email-format "${EMAIL_PREFIX}{0:D5}${EMAIL_DOMAIN}" --parallel $(($(nproc) * 2)) --out "$WORK/tokens.tsv" &
LOAD_PID=$!
wait "$LOAD_PID"
LOAD_PID=""
LOGIN_SECONDS="$(awk -v s="$login_started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')"
stop_pid "$API_PID"
API_PID=""

# ---------------------------------------------------------------------------------------------------------
# The ChatHost under test, with the echo hub

# The MariaDB server's process, for its CPU time per message (shared: it includes whatever else uses it meanwhile).
DB_PID="$(ss -Hltnp "( sport = :$DB_PORT )" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"

PREFIX="homelette-bench-chat-$$"
log "starting the ChatHost on $CHAT_BASE (Redis database $REDIS_DB, channel prefix $PREFIX, echo hub on)"
(
    cd "$CHAT_DIR"
    exec env "${HOST_ENV[@]}" ASPNETCORE_URLS="$CHAT_BASE" Bench__EchoHub=true Chat__RedisChannelPrefix="$PREFIX" \
        ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT,defaultDatabase=$REDIS_DB" dotnet Homelette.ChatHost.dll
) >"$WORK/chathost.log" 2>&1 &
CHAT_PID=$!
wait_for_url "$CHAT_BASE/health/ready" "$CHAT_PID" ChatHost "$WORK/chathost.log"

field() { # RESULT_LINE NAME
    sed -E "s/.*[[:space:]]$2=([^[:space:]]+).*/\1/" <<<"$1"
}

declare -A R
START_LOAD=""
run_load() { # LABEL HUB_PATH
    local label="$1" out="$WORK/load-$1.txt" line name
    timeout $((120 + CONNECTIONS / 2 + WARMUP_SECONDS + SECONDS_PER_RUN + 3 * GRACE_SECONDS)) \
        dotnet "$LOAD_DLL" run --hub "$CHAT_BASE$2" --tokens "$WORK/tokens.tsv" --label "$label" \
        --connections "$CONNECTIONS" --rate "$RATE" --seconds "$SECONDS_PER_RUN" --warmup "$WARMUP_SECONDS" \
        --grace "$GRACE_SECONDS" --connect-parallel "$CONNECT_PARALLEL" --prewarm 10 --server-pid "$CHAT_PID" ${DB_PID:+--db-pid "$DB_PID"} >"$out" 2> >(tee "$WORK/load-$label.err" >&2) &
    LOAD_PID=$!
    wait "$LOAD_PID"
    LOAD_PID=""
    kill -0 "$CHAT_PID" 2>/dev/null || { tail -30 "$WORK/chathost.log" >&2; echo "error: the ChatHost died" >&2; exit 1; }
    line="$(grep '^RESULT ' "$out" || true)"
    [[ -n "$line" ]] || { cat "$out" >&2; echo "error: the load client gave no result" >&2; exit 1; }
    for name in connections target_rate send_rate sent acked failed pending received lost duplicated misrouted rate p50_ms p95_ms \
        p99_ms max_ms ack_p50_ms ack_p99_ms max_lag_ms connect_s server_cpu_ms_per_message db_cpu_ms_per_message client_cpu_ms_per_message dropped error_events rss_before_kb rss_open_kb \
        rss_loaded_kb rss_closed_kb kb_per_connection; do
        R[$label:$name]="$(field "$line" "$name")"
    done
}

wait_for_quiet
START_LOAD="$(load1)"
log "chat hub (/socket): persisting, presence, rate limit, Redis backplane"
run_load chat /socket
wait_for_idle "$CHAT_PID"
ECHO_LOAD="$(load1)"
log "echo hub (/bench/echo): the same deliveries through the same backplane, nothing stored"
run_load echo /bench/echo
stop_pid "$CHAT_PID"
CHAT_PID=""

# ---------------------------------------------------------------------------------------------------------
# Report

mib() { awk -v k="$1" 'BEGIN { if (k ~ /^[0-9]+$/) printf "%.0f", k / 1024; else print "n/a" }'; }
# A latency percentile is "inf" when it falls among messages that never arrived (or calls never answered) by the
# end of the grace period: more than BENCH_GRACE_SECONDS, and shown so.
ms() { [[ "$1" == inf ]] && echo "> ${GRACE_SECONDS} s" || echo "$1"; }
RATIO="$(awk -v a="${R[chat:p99_ms]}" -v b="${R[echo:p99_ms]}" 'BEGIN {
    if (a == "inf" && b ~ /^[0-9.]+$/) print "∞"
    else if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b
    else print "n/a" }')"
VERDICT="$(awk -v r="$RATIO" -v g="$GOAL_RATIO" 'BEGIN { if (r == "n/a") print "?"; else if (r == "∞" || r > g) print "over the goal"; else print "ok" }')"

table() {
    echo "| hub | connections | rate msg/s (target) | p50 ms | p95 ms | p99 ms | max ms | sent | lost | duplicated | failed | RSS before MiB | RSS open MiB | RSS after load MiB | RSS closed MiB | KiB / connection |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    local label title
    for label in chat echo; do
        [[ "$label" == chat ]] && title="chat \`/socket\`" || title="echo \`/bench/echo\`"
        echo "| $title | ${R[$label:connections]} | ${R[$label:rate]} (${R[$label:target_rate]}) | $(ms "${R[$label:p50_ms]}") | $(ms "${R[$label:p95_ms]}") | $(ms "${R[$label:p99_ms]}") | $(ms "${R[$label:max_ms]}") | ${R[$label:sent]} | ${R[$label:lost]} | ${R[$label:duplicated]} | ${R[$label:failed]} | $(mib "${R[$label:rss_before_kb]}") | $(mib "${R[$label:rss_open_kb]}") | $(mib "${R[$label:rss_loaded_kb]}") | $(mib "${R[$label:rss_closed_kb]}") | ${R[$label:kb_per_connection]} |"
    done
    echo
    echo "p99(chat) / p99(echo) = **$RATIO** (goal ≤ $GOAL_RATIO: $VERDICT)"
}

details() {
    echo "| hub | send rate msg/s | acknowledged | received | pending at the end | misrouted | unexpected closes | error events | ack p50 ms | ack p99 ms | CPU ms / answered call: ChatHost | MariaDB | load client | connect s | client's worst lag behind schedule ms |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    local label
    for label in chat echo; do
        echo "| $label | ${R[$label:send_rate]} | ${R[$label:acked]} | ${R[$label:received]} | ${R[$label:pending]} | ${R[$label:misrouted]} | ${R[$label:dropped]} | ${R[$label:error_events]} | $(ms "${R[$label:ack_p50_ms]}") | $(ms "${R[$label:ack_p99_ms]}") | ${R[$label:server_cpu_ms_per_message]} | ${R[$label:db_cpu_ms_per_message]} | ${R[$label:client_cpu_ms_per_message]} | ${R[$label:connect_s]} | ${R[$label:max_lag_ms]} |"
    done
}

log_summary() { # LOG: its warnings and errors, "N x level category: first line of the message", most frequent first
    awk '/^(warn|fail|crit): / {
            key = $1 " " $2
            if ((getline line) > 0) {
                sub(/^ +/, "", line); sub(/ \[Parameters=.*/, "", line); gsub(/ \([0-9,.]+ms\)/, "", line)
                key = key " " substr(line, 1, 200)
            }
            n[key]++
        }
        END { for (k in n) print n[k] " x " k }' "$1" 2>/dev/null | sort -rn | head -8
}

notes() { # what a reader should not miss; nothing when all is well
    local label lines=()
    for label in chat echo; do
        ((${R[$label:lost]} > 0)) && lines+=("$label: ${R[$label:lost]} acknowledged messages never arrived (lost).")
        ((${R[$label:duplicated]} > 0)) && lines+=("$label: ${R[$label:duplicated]} duplicate deliveries.")
        ((${R[$label:failed]} > 0)) && lines+=("$label: ${R[$label:failed]} sends failed (the load client's log names the errors).")
        ((${R[$label:pending]} > 0)) && lines+=("$label: ${R[$label:pending]} of ${R[$label:sent]} sends were still unanswered when the grace period ended: the hub did not keep up with ${R[$label:target_rate]} msg/s on this machine, so latency grew with the queue.")
        ((${R[$label:misrouted]} > 0)) && lines+=("$label: ${R[$label:misrouted]} messages reached the wrong connection.")
        ((${R[$label:dropped]} > 0)) && lines+=("$label: ${R[$label:dropped]} connections were closed by the server during the run.")
    done
    while read -r line; do
        lines+=("load client: $line")
    done < <(cat "$WORK"/load-*.err 2>/dev/null | grep -E 'send failures|first error event|first unexpected close|connections closed' | grep -v -E '^\[chat-load\] ([0-9]+) of \1 connections closed' | sed 's/^\[chat-load\] //')
    while read -r line; do
        lines+=("ChatHost log: $line")
    done < <(log_summary "$WORK/chathost.log")
    local races
    races="$(awk '/^[a-z]+: / { inside = ($0 ~ /^fail: Microsoft\.EntityFrameworkCore\.Update\[10000\]/) }
                  inside && /IX_conversations_DirectKey/ { n++; inside = 0 } END { print n + 0 }' "$WORK/chathost.log" 2>/dev/null || echo 0)"
    ((${races:-0} > 0)) && lines+=("$races of the failed saves are \"Duplicate entry … for key 'IX_conversations_DirectKey'\": both members of a new pair sent their first message at about the same time and both tried to start their direct conversation. The ChatHost handles it (one conversation, both messages stored), but EF Core logs the failed insert at error level first.")
    ((${R[chat:pending]} + ${R[echo:pending]} > 0)) && grep -q "Failed to invoke hub method" "$WORK/chathost.log" 2>/dev/null \
        && lines+=("\"Failed to invoke hub method\" and the connection errors with it are the calls still queued when the load client closed its connections at the end: the server cancels them.")
    awk -v l="$START_LOAD" -v c="$(nproc)" 'BEGIN { exit !(l > c) }' \
        && lines+=("The 1-minute load average was $START_LOAD on $(nproc) cores when the chat run started (it also counts this script's own build and logins of the minute before, unless BENCH_QUIET_WAIT let it settle): the CPU was contended, so latencies may be inflated; compare runs on a quiet machine.")
    ((${#lines[@]} == 0)) && return 0
    echo
    echo "Notes:"
    echo
    printf -- '- %s\n' "${lines[@]}"
}

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain -- src bench/ChatLoad 2>/dev/null)" ]]; then
    commit="$commit (with uncommitted changes)"
fi
cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || echo unknown)"
memory="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
runtime="$(dotnet --list-runtimes 2>/dev/null | awk '/Microsoft.AspNetCore.App/ { v = $2 } END { print v ? v : "unknown" }')"
sdk="$(dotnet --version 2>/dev/null || echo unknown)"
mariadb_version="$(sql "SELECT VERSION()" 2>/dev/null || echo unknown)"
redis_version="$(redis INFO server 2>/dev/null | awk -F: '/^redis_version/ { print $2 }' | tr -d '\r')"
# The settings this run was given (the rest are the defaults of its mode).
mode="$(env | { grep -E '^BENCH_[A-Z_]+=' || true; } | sort | tr '\n' ' ' | sed 's/ $//')"
mode="${mode:-defaults}"

mkdir -p "$(dirname "$RESULTS")"
{
    echo "# Chat load: private messages through one ChatHost, and the same load through a bare echo hub"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, by \`bench/chat-load.sh\` ($mode)."
    echo
    echo "- Machine: $cpu, $(nproc) cores, $memory; .NET $runtime (SDK $sdk); MariaDB $mariadb_version; Redis ${redis_version:-unknown}. The ChatHost (Release, Production), MariaDB, Redis and the load client share the machine."
    echo "- Load: $CONNECTIONS connections (one per user, WebSockets, JSON protocol) on one ChatHost, $((CONNECTIONS / 2)) pairs; each connection sends \`private_message\` to its partner, $RATE messages/s in total ($(awk -v r="$RATE" -v n="$CONNECTIONS" 'BEGIN { printf "%.2f", r / n }') per connection), on a fixed schedule that does not wait for answers; ${WARMUP_SECONDS} s warm-up, then ${SECONDS_PER_RUN} s measured; up to ${GRACE_SECONDS} s grace for stragglers."
    echo "- Latency: from just before the client sends to the partner's \`private_message\` event, both in the load client (one monotonic clock; the send time travels in \`client_message_id\`), over the messages sent in the measured seconds. The chat hub acknowledges only after the commit to MariaDB, then delivers through the Redis backplane."
    echo "- Rate: the measured messages received, per second from the first measured send to the last of their arrivals (the load client's own send rate is in the second table)."
    echo "- Lost: acknowledged by the server but not received by the end of the grace period. Duplicated: receipts beyond the first. Failed: the hub call failed (e.g. \`rate_limited\`, \`unavailable\`)."
    echo "- Memory: the ChatHost's VmRSS before connecting (after 10 connections exchanged a few messages and closed, so that one-time start-up costs are already in it), with every connection open (3 s after the last opened, before sending), at the end of the load, and 3 s after all closed; KiB per connection = (open − before) / connections. RSS includes the garbage collector's slack, so take the per-connection figure as an estimate. The echo run follows the chat run in the same process, whose heap has already grown, so its per-connection figure is not comparable."
    echo "- CPU ms / answered call: user + system CPU time of the ChatHost, of the MariaDB server (shared with anything else using it meanwhile) and of the load client, from the first measured send to the end of the grace period, divided by the hub calls answered in that time. Less sensitive to other load on the machine than latency is, though not immune; at a low rate it also includes the cost of threads waking up and spinning for each message."
    echo "- A latency shown as \"> ${GRACE_SECONDS} s\" falls among measured messages that had not arrived when the grace period ended (those count as infinitely late rather than being left out)."
    echo "- Echo hub: \`/bench/echo\` (\`Bench:EchoHub\`), the same \`private_message\` → recipient's \`private_message\` + sender's \`message_delivered\` + return value through the same Redis backplane, with no database, presence, rate limit or block check."
    echo "- Users: $CONNECTIONS bench users in \`$DB_NAME\` signed in through the WebApi in ${LOGIN_SECONDS} s; conversations and messages emptied before the run."
    echo "- 1-minute load average at the start of the chat run: $START_LOAD (the idle ChatHost included; above $(nproc) means something else was competing for the CPU); at the start of the echo run: $ECHO_LOAD (after waiting for the ChatHost to go idle; a 1-minute average, so it still carries the chat run that just ended)."
    echo
    table
    echo
    details
    notes
} >"$RESULTS"

echo
table
echo
details
notes
echo
echo "Written to ${RESULTS#"$ROOT"/}"
