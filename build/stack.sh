#!/usr/bin/env bash
# build/stack.sh — a private MariaDB 10.11 + Redis 7 for this checkout, run as
# plain background processes (no systemd, no `service`).
#
#   build/stack.sh up       start both (installs the Debian packages if missing)
#   build/stack.sh down     stop both (no error when not running)
#   build/stack.sh status   show what is running (exit 0 when both run, else 3)
#   build/stack.sh wait     wait until both answer (exit 1 on timeout)
#
# State lives under <repo>/.stack/ (git-ignored), or HOMELETTE_STACK_DIR.
# Environment:
#   HOMELETTE_STACK_DIR     state folder (default <repo>/.stack; make chaos runs a second stack under .stack/chaos)
#   HOMELETTE_DB_PORT       MariaDB TCP port on 127.0.0.1   (default 3306)
#   HOMELETTE_REDIS_PORT    Redis TCP port on 127.0.0.1     (default 6379)
#   HOMELETTE_DB_USER       application user                (default homelette)
#   HOMELETTE_DB_PASSWORD   application password            (default homelette)
#   HOMELETTE_STACK_TIMEOUT seconds to wait for a server    (default 60)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK_DIR="${HOMELETTE_STACK_DIR:-$ROOT/.stack}"

DB_DIR="$STACK_DIR/mariadb"
DB_DATA="$DB_DIR/data"
DB_PID="$DB_DIR/mariadb.pid"
DB_LOG="$DB_DIR/mariadb.log"
DB_PORT_FILE="$DB_DIR/port"
DB_SOCK="$DB_DIR/mariadb.sock"
# A unix socket path is limited to ~107 bytes; fall back to /tmp for deep checkouts.
if ((${#DB_SOCK} > 100)); then
    DB_SOCK="/tmp/homelette-mariadb-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1).sock"
fi

REDIS_DIR="$STACK_DIR/redis"
REDIS_PID="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"
REDIS_PORT_FILE="$REDIS_DIR/port"

DB_PORT="${HOMELETTE_DB_PORT:-3306}"
REDIS_PORT="${HOMELETTE_REDIS_PORT:-6379}"
DB_USER="${HOMELETTE_DB_USER:-homelette}"
DB_PASSWORD="${HOMELETTE_DB_PASSWORD:-homelette}"
TIMEOUT="${HOMELETTE_STACK_TIMEOUT:-60}"

# mariadbd / mariadb-install-db live in /usr/sbin, which a non-root PATH may lack.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

if [[ $EUID -eq 0 ]]; then
    RUN_USER=root
else
    RUN_USER="$(id -un)"
fi
# mariadb-install-db --auth-root-authentication-method=socket creates root@localhost
# and <--user>@localhost, both authenticated by the unix socket peer's OS user.
ADMIN_USER="$RUN_USER"

log() { printf '[stack] %s\n' "$*"; }
err() { printf '[stack] error: %s\n' "$*" >&2; }

usage() {
    cat >&2 <<'EOF'
usage: build/stack.sh up|down|status|wait
  up      start the private MariaDB and Redis (installs mariadb-server/redis-server if missing)
  down    stop them
  status  show whether each is running and on which port
  wait    wait until both answer
EOF
}

check_port_var() {
    local name="$1" value="$2"
    if ! [[ "$value" =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
        err "$name=$value is not a valid TCP port"
        exit 1
    fi
}

# pid_of FILE NAME: print the pid in FILE when that process is alive and is NAME.
pid_of() {
    local file="$1" name="$2" pid
    [[ -f "$file" ]] || return 1
    pid="$(tr -dc '0-9' <"$file" 2>/dev/null || true)"
    [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
    local cmdline
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    [[ "$cmdline" == *"$name"* ]] || return 1
    printf '%s\n' "$pid"
}

# port_in_use PORT: true when something accepts connections on 127.0.0.1:PORT
# or ss(8) shows a TCP listener on that port.
port_in_use() {
    local port="$1"
    if timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
        return 0
    fi
    if command -v ss >/dev/null 2>&1 && [[ -n "$(ss -Hltn "( sport = :$port )" 2>/dev/null)" ]]; then
        return 0
    fi
    return 1
}

recorded_port() { # FILE DEFAULT
    if [[ -f "$1" ]]; then tr -dc '0-9' <"$1"; else printf '%s' "$2"; fi
}

db_ping() {
    command -v mariadb-admin >/dev/null 2>&1 || return 1
    [[ -S "$DB_SOCK" ]] || return 1
    timeout 10 mariadb-admin --no-defaults --socket="$DB_SOCK" --user="$ADMIN_USER" \
        --connect-timeout=2 ping >/dev/null 2>&1
}

redis_ping() { # PORT
    command -v redis-cli >/dev/null 2>&1 || return 1
    [[ "$(timeout 5 redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" == "PONG" ]]
}

db_sql() { # run SQL on stdin as the admin user via the socket
    mariadb --no-defaults --socket="$DB_SOCK" --user="$ADMIN_USER" --batch --skip-column-names "$@"
}

# sql_str VALUE: a single-quoted SQL string literal.
sql_str() {
    local s="$1"
    s="${s//\\/\\\\}"
    s="${s//\'/\\\'}"
    printf "'%s'" "$s"
}

# ---------------------------------------------------------------------------
# packages

POLICY_RC_CREATED=0
cleanup() {
    if ((POLICY_RC_CREATED)); then
        rm -f /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=0
    fi
}
trap cleanup EXIT

ensure_packages() {
    local missing=() bin
    for bin in mariadbd mariadb-install-db mariadb mariadb-admin redis-server redis-cli; do
        command -v "$bin" >/dev/null 2>&1 || missing+=("$bin")
    done
    ((${#missing[@]} == 0)) && return 0

    if [[ $EUID -ne 0 ]]; then
        err "missing programs: ${missing[*]}"
        err "install them with:  sudo apt-get install -y mariadb-server mariadb-client redis-server"
        exit 1
    fi

    log "missing programs: ${missing[*]} — installing mariadb-server mariadb-client redis-server with apt-get"
    # Keep the packages' maintainer scripts from starting system-wide servers
    # that would hold ports 3306/6379 (honoured by invoke-rc.d and deb-systemd-invoke).
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 0755 /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=1
    fi
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        mariadb-server mariadb-client redis-server
    cleanup

    # Stop anything the install may have started anyway.
    if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
        systemctl stop mariadb redis-server >/dev/null 2>&1 || true
    fi
    if command -v service >/dev/null 2>&1; then
        service mariadb stop >/dev/null 2>&1 || true
        service redis-server stop >/dev/null 2>&1 || true
    fi
    local f pid
    for f in /run/mysqld/mysqld.pid /run/mysqld/mariadb.pid /run/redis/redis-server.pid; do
        if pid="$(pid_of "$f" mariadbd || pid_of "$f" mysqld || pid_of "$f" redis-server)"; then
            log "stopping system server pid $pid (from $f)"
            kill "$pid" 2>/dev/null || true
        fi
    done

    for bin in mariadbd mariadb-install-db mariadb mariadb-admin redis-server redis-cli; do
        if ! command -v "$bin" >/dev/null 2>&1; then
            err "$bin is still missing after apt-get install"
            exit 1
        fi
    done
}

# ---------------------------------------------------------------------------
# MariaDB

db_init() {
    [[ -d "$DB_DATA/mysql" ]] && return 0
    log "initialising MariaDB data directory $DB_DATA"
    rm -rf "$DB_DATA"
    mkdir -p "$DB_DATA"
    if ! mariadb-install-db --no-defaults --datadir="$DB_DATA" --user="$RUN_USER" \
        --auth-root-authentication-method=socket --skip-test-db \
        --skip-name-resolve >"$DB_DIR/install.log" 2>&1; then
        err "mariadb-install-db failed; last lines of $DB_DIR/install.log:"
        tail -n 30 "$DB_DIR/install.log" >&2 || true
        rm -rf "$DB_DATA"
        exit 1
    fi
}

db_start() {
    local pid
    if pid="$(pid_of "$DB_PID" mariadbd)"; then
        local running_port
        running_port="$(recorded_port "$DB_PORT_FILE" "?")"
        if [[ "$running_port" != "$DB_PORT" ]]; then
            err "our MariaDB (pid $pid) is already running on port $running_port, not $DB_PORT; run 'build/stack.sh down' first"
            exit 1
        fi
        if wait_for "MariaDB" db_ping 10; then
            log "MariaDB already running (pid $pid, port $DB_PORT)"
            return 0
        fi
        err "our MariaDB (pid $pid) is running but does not answer; see $DB_LOG or run 'build/stack.sh down'"
        exit 1
    fi
    rm -f "$DB_PID" "$DB_PORT_FILE"

    if port_in_use "$DB_PORT"; then
        err "port $DB_PORT is taken by another process; set HOMELETTE_DB_PORT=<free port> (and DB_PORT=<same> for make)"
        exit 1
    fi

    db_init
    rm -f "$DB_SOCK"
    local user_opt=()
    [[ $EUID -eq 0 ]] && user_opt=(--user=root)
    log "starting MariaDB on 127.0.0.1:$DB_PORT"
    # setsid + nohup: the server survives this script and its terminal.
    # 9>&-: the server must not inherit (and so hold forever) our lock.
    setsid nohup mariadbd --no-defaults \
        --datadir="$DB_DATA" \
        --socket="$DB_SOCK" \
        --port="$DB_PORT" \
        --bind-address=127.0.0.1 \
        --pid-file="$DB_PID" \
        --log-error="$DB_LOG" \
        "${user_opt[@]}" \
        --skip-name-resolve \
        --character-set-server=utf8mb4 \
        --collation-server=utf8mb4_unicode_ci \
        --innodb-buffer-pool-size=256M \
        --innodb-flush-log-at-trx-commit=2 \
        --max-connections=500 \
        --optimizer-switch=index_merge_intersection=off \
        </dev/null >>"$DB_LOG" 2>&1 9>&- &
    local bg=$!
    printf '%s\n' "$DB_PORT" >"$DB_PORT_FILE"

    local deadline=$((SECONDS + TIMEOUT))
    until db_ping; do
        if ! kill -0 "$bg" 2>/dev/null && ! pid_of "$DB_PID" mariadbd >/dev/null; then
            err "MariaDB exited during start-up; last lines of $DB_LOG:"
            tail -n 30 "$DB_LOG" >&2 || true
            rm -f "$DB_PORT_FILE"
            exit 1
        fi
        if ((SECONDS >= deadline)); then
            err "MariaDB did not answer within ${TIMEOUT}s; last lines of $DB_LOG:"
            tail -n 30 "$DB_LOG" >&2 || true
            kill "$bg" 2>/dev/null || true
            exit 1
        fi
        sleep 0.5
    done
    log "MariaDB is up (pid $(pid_of "$DB_PID" mariadbd || echo "$bg"))"
}

db_provision() {
    local u p host hosts sql
    u="$(sql_str "$DB_USER")"
    p="$(sql_str "$DB_PASSWORD")"
    sql="CREATE DATABASE IF NOT EXISTS \`homelette\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS \`homelette_test\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
    # Anonymous accounts (''@localhost) would shadow '<user>'@'%' for local connections.
    hosts="$(db_sql -e "SELECT Host FROM mysql.global_priv WHERE User=''")"
    while IFS= read -r host; do
        [[ -n "$host" ]] || continue
        sql+=$'\n'"DROP USER IF EXISTS ''@$(sql_str "$host");"
    done <<<"$hosts"
    for host in '%' localhost 127.0.0.1; do
        sql+="
CREATE USER IF NOT EXISTS $u@'$host' IDENTIFIED BY $p;
ALTER USER $u@'$host' IDENTIFIED BY $p;
GRANT ALL PRIVILEGES ON *.* TO $u@'$host' WITH GRANT OPTION;"
    done
    if ! db_sql <<<"$sql"; then
        err "could not create the databases/user in MariaDB"
        exit 1
    fi
}

db_stop() {
    local pid
    if ! pid="$(pid_of "$DB_PID" mariadbd)"; then
        rm -f "$DB_PID" "$DB_PORT_FILE"
        log "MariaDB not running"
        return 0
    fi
    log "stopping MariaDB (pid $pid)"
    timeout "$TIMEOUT" mariadb-admin --no-defaults --socket="$DB_SOCK" --user="$ADMIN_USER" \
        shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" MariaDB
    rm -f "$DB_PID" "$DB_PORT_FILE" "$DB_SOCK"
}

# ---------------------------------------------------------------------------
# Redis

redis_start() {
    local pid
    if pid="$(pid_of "$REDIS_PID" redis-server)"; then
        local running_port
        running_port="$(recorded_port "$REDIS_PORT_FILE" "?")"
        if [[ "$running_port" != "$REDIS_PORT" ]]; then
            err "our Redis (pid $pid) is already running on port $running_port, not $REDIS_PORT; run 'build/stack.sh down' first"
            exit 1
        fi
        if wait_for "Redis" "redis_ping $REDIS_PORT" 10; then
            log "Redis already running (pid $pid, port $REDIS_PORT)"
            return 0
        fi
        err "our Redis (pid $pid) is running but does not answer; see $REDIS_LOG or run 'build/stack.sh down'"
        exit 1
    fi
    rm -f "$REDIS_PID" "$REDIS_PORT_FILE"

    if port_in_use "$REDIS_PORT"; then
        err "port $REDIS_PORT is taken by another process; set HOMELETTE_REDIS_PORT=<free port> (and REDIS_PORT=<same> for make)"
        exit 1
    fi

    log "starting Redis on 127.0.0.1:$REDIS_PORT"
    if ! redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" \
        --daemonize yes --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" \
        --save "" --appendonly no </dev/null >>"$REDIS_LOG" 2>&1 9>&-; then
        err "redis-server failed to start; last lines of $REDIS_LOG:"
        tail -n 30 "$REDIS_LOG" >&2 || true
        exit 1
    fi
    printf '%s\n' "$REDIS_PORT" >"$REDIS_PORT_FILE"
    if ! wait_for "Redis" "redis_ping $REDIS_PORT" "$TIMEOUT"; then
        err "Redis did not answer within ${TIMEOUT}s; last lines of $REDIS_LOG:"
        tail -n 30 "$REDIS_LOG" >&2 || true
        exit 1
    fi
    log "Redis is up (pid $(pid_of "$REDIS_PID" redis-server || echo '?'))"
}

redis_stop() {
    local pid port
    if ! pid="$(pid_of "$REDIS_PID" redis-server)"; then
        rm -f "$REDIS_PID" "$REDIS_PORT_FILE"
        log "Redis not running"
        return 0
    fi
    port="$(recorded_port "$REDIS_PORT_FILE" "$REDIS_PORT")"
    log "stopping Redis (pid $pid)"
    timeout 30 redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 ||
        kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" Redis
    rm -f "$REDIS_PID" "$REDIS_PORT_FILE"
}

# ---------------------------------------------------------------------------
# helpers

# wait_for NAME COMMAND SECONDS
wait_for() {
    local name="$1" cmd="$2" secs="$3"
    local deadline=$((SECONDS + secs))
    until $cmd; do
        ((SECONDS >= deadline)) && return 1
        sleep 0.5
    done
}

# wait_gone PID NAME: wait for a process to exit, SIGKILL it after TIMEOUT.
wait_gone() {
    local pid="$1" name="$2"
    local deadline=$((SECONDS + TIMEOUT))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            err "$name (pid $pid) did not stop within ${TIMEOUT}s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 1
            break
        fi
        sleep 0.2
    done
}

lock() {
    mkdir -p "$DB_DIR" "$REDIS_DIR"
    exec 9>"$STACK_DIR/.lock"
    if ! flock -w 300 9; then
        err "another build/stack.sh is holding $STACK_DIR/.lock"
        exit 1
    fi
}

print_connection() {
    log "MariaDB: Server=127.0.0.1;Port=$DB_PORT;User ID=$DB_USER;Password=$DB_PASSWORD (databases homelette, homelette_test)"
    log "Redis: 127.0.0.1:$REDIS_PORT"
}

# ---------------------------------------------------------------------------
# commands

cmd_up() {
    check_port_var HOMELETTE_DB_PORT "$DB_PORT"
    check_port_var HOMELETTE_REDIS_PORT "$REDIS_PORT"
    if [[ "$DB_PORT" == "$REDIS_PORT" ]]; then
        err "HOMELETTE_DB_PORT and HOMELETTE_REDIS_PORT are both $DB_PORT"
        exit 1
    fi
    ensure_packages
    lock
    db_start
    db_provision
    redis_start
    print_connection
}

cmd_down() {
    lock
    db_stop
    redis_stop
}

cmd_status() {
    local pid rc=0
    if pid="$(pid_of "$DB_PID" mariadbd)"; then
        if db_ping; then
            log "MariaDB: running (pid $pid) on 127.0.0.1:$(recorded_port "$DB_PORT_FILE" '?'), socket $DB_SOCK"
        else
            log "MariaDB: process $pid alive but not answering"
            rc=3
        fi
    else
        log "MariaDB: stopped"
        rc=3
    fi
    if pid="$(pid_of "$REDIS_PID" redis-server)"; then
        local port
        port="$(recorded_port "$REDIS_PORT_FILE" "$REDIS_PORT")"
        if redis_ping "$port"; then
            log "Redis: running (pid $pid) on 127.0.0.1:$port"
        else
            log "Redis: process $pid alive but not answering"
            rc=3
        fi
    else
        log "Redis: stopped"
        rc=3
    fi
    return "$rc"
}

cmd_wait() {
    local port
    port="$(recorded_port "$REDIS_PORT_FILE" "$REDIS_PORT")"
    if ! wait_for MariaDB db_ping "$TIMEOUT"; then
        err "MariaDB did not answer within ${TIMEOUT}s (is it up? try 'build/stack.sh up')"
        exit 1
    fi
    if ! wait_for Redis "redis_ping $port" "$TIMEOUT"; then
        err "Redis did not answer on port $port within ${TIMEOUT}s (is it up? try 'build/stack.sh up')"
        exit 1
    fi
    log "MariaDB and Redis are answering"
}

case "${1:-}" in
up) cmd_up ;;
down) cmd_down ;;
status) cmd_status ;;
wait) cmd_wait ;;
-h | --help | help)
    usage
    exit 0
    ;;
*)
    usage
    exit 2
    ;;
esac
