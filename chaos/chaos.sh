#!/usr/bin/env bash
# chaos/chaos.sh — the fault runs of issue 6 against real processes (make chaos, make chaos-quick).
#
#   chaos/chaos.sh [--quick] [fault...]     faults: db-kill redis-stop db-pause shutdown soak (default: all)
#
# It builds the WebApi, the ChatHost, the seeder and the fault runner (chaos/Chaos) in Release, starts a stack of its
# own (MariaDB + Redis from build/stack.sh under .stack/chaos, on their own ports, so that killing them never touches
# the stack of make run or make test), and runs the faults one after the other. Each fault starts its own hosts, breaks
# something on purpose (kill -9, SIGSTOP, SIGTERM, a stopped Redis), prints its figures and checks its goals. The report
# goes to CHAOS_OUT/report.md with the hosts' logs beside it. Exit status 1 when a goal is missed.
#
# Environment:
#   CHAOS_DB_PORT, CHAOS_REDIS_PORT   the chaos stack's ports (default 3308, 6381)
#   CHAOS_PORT_BASE                   hosts listen on BASE+1..BASE+4 on 127.0.0.1 (default 5600)
#   CHAOS_OUT                         report and logs (default .stack/chaos-results/<UTC time>)
#   SOAK_MINUTES, SOAK_CONNECTIONS    the soak's steady phase and hub connections (default 30 and 1000; quick 1 and 200)
#   CHAOS_BUILD=0                     skip the Release build (when it is fresh)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
QUICK=()
FAULTS=()
for arg in "$@"; do
    case "$arg" in
    --quick) QUICK=(--quick) ;;
    *) FAULTS+=("$arg") ;;
    esac
done
((${#FAULTS[@]} > 0)) || FAULTS=(all)

DB_PORT="${CHAOS_DB_PORT:-3308}"
REDIS_PORT="${CHAOS_REDIS_PORT:-6381}"
PORT_BASE="${CHAOS_PORT_BASE:-5600}"
STACK_DIR="$ROOT/.stack/chaos"
OUT="${CHAOS_OUT:-$ROOT/.stack/chaos-results/$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
log() { printf '[chaos] %s\n' "$*"; }

for port in $((PORT_BASE + 1)) $((PORT_BASE + 2)) $((PORT_BASE + 3)) $((PORT_BASE + 4)); do
    if timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
        echo "error: something already listens on 127.0.0.1:$port; set CHAOS_PORT_BASE to a free range" >&2
        exit 1
    fi
done

stack() { HOMELETTE_STACK_DIR="$STACK_DIR" HOMELETTE_DB_PORT="$DB_PORT" HOMELETTE_REDIS_PORT="$REDIS_PORT" build/stack.sh "$@"; }
# The faults kill, pause and stop this stack's servers; whatever state they end in, stop them when the run ends.
cleanup() {
    local pid
    pid="$(cat "$STACK_DIR/mariadb/mariadb.pid" 2>/dev/null || true)"
    [[ -n "$pid" ]] && kill -CONT "$pid" 2>/dev/null || true
    stack down >/dev/null 2>&1 || true
}
trap cleanup EXIT
stack up

if [[ "${CHAOS_BUILD:-1}" == "1" ]]; then
    log "building the hosts, the seeder and the fault runner (Release)"
    timeout 900 dotnet build chaos/chaos.slnf -c Release -p:SkipNSwag=true -v quiet -nologo >"$OUT/build.log" 2>&1 \
        || { tail -30 "$OUT/build.log" >&2; exit 1; }
fi

# The soak holds 1,000 connections in one process and as many in the runner.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
SOAK=()
[[ -n "${SOAK_MINUTES:-}" ]] && SOAK+=(--soak-minutes "$SOAK_MINUTES")
[[ -n "${SOAK_CONNECTIONS:-}" ]] && SOAK+=(--soak-connections "$SOAK_CONNECTIONS")

dotnet chaos/Chaos/bin/Release/net10.0/Homelette.Chaos.dll \
    --root "$ROOT" --stack-dir "$STACK_DIR" --db-port "$DB_PORT" --redis-port "$REDIS_PORT" --port-base "$PORT_BASE" \
    --api-dll "$ROOT/src/WebApi/bin/Release/net10.0/Homelette.WebApi.dll" \
    --chathost-dll "$ROOT/src/ChatHost/bin/Release/net10.0/Homelette.ChatHost.dll" \
    --seeder-dll "$ROOT/tools/Seeder/bin/Release/net10.0/Homelette.Seeder.dll" \
    --out "$OUT" "${QUICK[@]}" "${SOAK[@]}" "${FAULTS[@]}"
