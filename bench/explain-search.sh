#!/usr/bin/env bash
# bench/explain-search.sh — the SQL that GET /api/listings really sends, and MariaDB's plan for each.
#
# Runs the WebApi (Release) against a seeded database (default homelette_bench_100k, made by
# bench/search-growth.sh or the seeder), sends one request per filter and sort of the search, takes the
# statements exactly as the server received them from MariaDB's general query log (on only for those
# requests, then set back), and runs EXPLAIN and ANALYZE FORMAT=JSON on each. Writes everything to
# bench/results/explain-search-<date>.md; docs/explain/listing-search.md is the reading of that file.
#
#   bench/explain-search.sh
#   EXPLAIN_DB=homelette_bench_1k bench/explain-search.sh
#
# Environment: EXPLAIN_DB, BENCH_PORT (default 5392), HOMELETTE_DB_PORT, HOMELETTE_REDIS_PORT.
# Loopback only; every step has a time limit. The general log is global to the server: other clients'
# statements logged meanwhile are ignored (only this WebApi's connections are read) and the log settings are
# restored on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DB="${EXPLAIN_DB:-homelette_bench_100k}"
PORT="${BENCH_PORT:-5392}"
DB_PORT="${HOMELETTE_DB_PORT:-3306}"
REDIS_PORT="${HOMELETTE_REDIS_PORT:-6379}"
BASE="http://127.0.0.1:$PORT"
API_DIR="$ROOT/src/WebApi/bin/Release/net10.0"
OUT="$ROOT/bench/results/explain-search-$(date +%F).md"
CONNECTION="Server=127.0.0.1;Port=$DB_PORT;Database=$DB;User ID=homelette;Password=homelette"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

[[ "$DB" =~ ^[A-Za-z0-9_]+$ ]] || { echo "error: EXPLAIN_DB must be a plain database name" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/explain-search.XXXXXX")"
API_PID=""
LOG_RESTORE=""
CLIENT="$(command -v mariadb || command -v mysql)"

log() { printf '[explain] %s\n' "$*" >&2; }

# sql [DATABASE] SQL: raw tab-separated output without headers
sql() {
    if (($# == 2)); then
        timeout 120 "$CLIENT" -h127.0.0.1 -P"$DB_PORT" -uhomelette -phomelette -N -B -r -e "$2" "$1"
    else
        timeout 120 "$CLIENT" -h127.0.0.1 -P"$DB_PORT" -uhomelette -phomelette -N -B -r -e "$1"
    fi
}

finish() {
    local rc=$?
    if [[ -n "$LOG_RESTORE" ]]; then
        sql "$LOG_RESTORE" || log "could not restore the general log settings: $LOG_RESTORE"
    fi
    if [[ -n "$API_PID" ]] && kill -0 "$API_PID" 2>/dev/null; then
        kill -TERM "$API_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$API_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$API_PID" 2>/dev/null || true
    fi
    if ((rc == 0)); then rm -rf "$WORK"; else log "failed (status $rc); logs kept in $WORK"; fi
}
trap finish EXIT
trap 'exit 130' INT TERM

listings="$(sql "$DB" "SELECT COUNT(*) FROM listings")" \
    || { echo "error: no database $DB; seed it first (bench/search-growth.sh)" >&2; exit 1; }
if curl -s --max-time 1 -o /dev/null "$BASE/health"; then
    echo "error: something already answers on $BASE; set BENCH_PORT to a free port" >&2
    exit 1
fi

log "building the WebApi (Release)"
timeout 900 dotnet build -c Release src/WebApi -v quiet -nologo >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; exit 1; }

# A demo owner with a rented listing signs in for the signed-in cases.
read -r owner_id email <<<"$(sql "$DB" "SELECT u.Id, u.Email FROM users u JOIN listings l ON l.OwnerId = u.Id WHERE l.Status = 1 ORDER BY u.Id LIMIT 1")"
soon="$(date -u -d '+14 days' +%F)"
later="$(date -u -d '+200 days' +%F)"

# name | path | "auth" when signed in. Paths with CURSOR:<sort>:<query> fetch page 1 first and ask for page 2.
CASES=(
    "newest (default sort, no filter)|/api/listings|"
    "newest, signed in (is_favorite)|/api/listings|auth"
    "sort=price_asc|/api/listings?sort=price_asc|"
    "sort=price_desc|/api/listings?sort=price_desc|"
    "price_min + price_max|/api/listings?price_min=1000&price_max=2000|"
    "bedrooms (exact)|/api/listings?bedrooms=2|"
    "bedrooms_min|/api/listings?bedrooms_min=3|"
    "bathrooms_min|/api/listings?bathrooms_min=2|"
    "city|/api/listings?city=Goleta|"
    "city + bedrooms (exact)|/api/listings?city=Goleta&bedrooms=2|"
    "price_max + bedrooms_min + city (benchmark)|/api/listings?price_max=2000&bedrooms_min=1&city=Isla%20Vista|"
    "property_type|/api/listings?property_type=studio|"
    "start_date|/api/listings?start_date=$soon|"
    "end_date|/api/listings?end_date=$later|"
    "roommates_max|/api/listings?roommates_max=0|"
    "amenities + sort=price_asc (benchmark)|/api/listings?amenities=wifi,laundry&sort=price_asc|"
    "amenities, rare combination|/api/listings?amenities=air_conditioning,pets_allowed|"
    "amenities, all eleven (no listing has them all)|/api/listings?amenities=wifi,water,electricity,gas,trash,laundry,parking,furnished,air_conditioning,pets_allowed,private_bathroom|"
    "near + radius_km=2 + sort=distance (benchmark)|/api/listings?near=34.4133,-119.8610&radius_km=2&sort=distance|"
    "near + radius_km=0.1 + sort=distance|/api/listings?near=34.4133,-119.8610&radius_km=0.1&sort=distance|"
    "near + radius_km=2, newest|/api/listings?near=34.4133,-119.8610&radius_km=2|"
    "bbox (benchmark)|/api/listings?bbox=-119.8760,34.4060,-119.8460,34.4200|"
    "bbox, small|/api/listings?bbox=-119.8650,34.4090,-119.8550,34.4150|"
    "bbox, small box with few listings (Santa Barbara)|/api/listings?bbox=-119.7000,34.4300,-119.6960,34.4330|"
    "q, common word|/api/listings?q=balcony|"
    "q, word that matches nothing|/api/listings?q=xylophone|"
    "owner_id|/api/listings?owner_id=$owner_id|"
    "status=rented (own listings)|/api/listings?status=rented|auth"
    "cursor: newest page 2|CURSOR:/api/listings|"
    "cursor: price_asc page 2|CURSOR:/api/listings?sort=price_asc|"
    "cursor: distance page 2|CURSOR:/api/listings?near=34.4133,-119.8610&radius_km=2&sort=distance|"
)

# Only statements from connections opened after this moment to $DB are read back.
read -r old_general old_output <<<"$(sql "SELECT @@GLOBAL.general_log, @@GLOBAL.log_output")"
LOG_RESTORE="SET GLOBAL general_log = $old_general; SET GLOBAL log_output = '$old_output';"
started="$(sql "SELECT NOW(6)")"
sql "SET GLOBAL log_output = 'TABLE'; SET GLOBAL general_log = 1;"

log "starting the WebApi on $BASE against $DB ($listings listings)"
(
    cd "$API_DIR"
    exec env ASPNETCORE_URLS="$BASE" ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Default="$CONNECTION" \
        Database__MigrateOnStartup=true ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" dotnet Homelette.WebApi.dll
) >"$WORK/webapi.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 120); do
    curl -fs --max-time 2 -o /dev/null "$BASE/health" && break
    kill -0 "$API_PID" 2>/dev/null || { tail -30 "$WORK/webapi.log" >&2; exit 1; }
    sleep 0.5
done

token="$(curl -fsS --max-time 30 -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"homelette-demo\"}" "$BASE/api/auth/login" \
    | grep -o '"access_token":"[^"]*"' | cut -d'"' -f4)"
[[ -n "$token" ]] || { echo "error: could not sign in as $email" >&2; exit 1; }

# Statements of this WebApi: its connections are the ones opened to $DB since $started.
threads="SELECT thread_id FROM mysql.general_log WHERE event_time >= '$started' AND command_type = 'Connect' AND argument LIKE '% on $DB %'"
STATEMENT_END='-- end of statement'
statements_since() { # every search statement since MARK, oldest first, each followed by a $STATEMENT_END line
    sql "SELECT CONCAT(argument, '\\n$STATEMENT_END') FROM mysql.general_log WHERE event_time > '$1'
         AND thread_id IN ($threads) AND command_type = 'Query' AND argument LIKE 'SELECT %FROM \`listings\` AS \`l\`%'
         ORDER BY event_time"
}

# EXPLAIN as a Markdown table, without the long possible_keys column.
explain_table() {
    sql "$DB" "EXPLAIN $1" | awk -F'\t' '
        BEGIN { print "| id | select_type | table | type | key | key_len | ref | rows | Extra |"; print "|---|---|---|---|---|---|---|---:|---|" }
        { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $6, $7, $8, $9, $10 }'
}

# One line from ANALYZE FORMAT=JSON (python3, when there is one): time, how listings were read, rows, filesort.
PYTHON="$(command -v python3 || true)"
ANALYZE_SUMMARY='
import json, sys
plan = json.load(sys.stdin)["query_block"]
tables, sorts = [], []
def walk(node):
    if isinstance(node, dict):
        if node.get("table_name") == "l":
            tables.append(node)
        if "filesort" in node:
            sorts.append(node["filesort"])
        for value in node.values():
            walk(value)
    elif isinstance(node, list):
        for value in node:
            walk(value)
walk(plan)
t = tables[0]
key = t.get("key") or " ∩ ".join(m["range"]["key"] for m in t.get("index_merge", {}).get("intersect", []))
parts = ", ".join(t.get("used_key_parts", []))
sort = "then a filesort of those rows (top %s kept)" % sorts[0].get("r_limit", "?") if sorts else "no filesort"
print("ANALYZE: %.1f ms; listings read by `%s` (%s%s): %s rows read, %s%% kept; %s." % (
    plan.get("r_total_time_ms", 0), key, t["access_type"], ", on " + parts if parts else "",
    round(t.get("r_rows", 0)), round(t.get("r_filtered", 100)), sort))
'

index=0
for case in "${CASES[@]}"; do
    IFS='|' read -r name path auth <<<"$case"
    headers=()
    [[ "$auth" == "auth" ]] && headers=(-H "Authorization: Bearer $token")
    if [[ "$path" == CURSOR:* ]]; then
        first="${path#CURSOR:}"
        cursor="$(curl -fsS --max-time 60 "${headers[@]}" "$BASE$first" | grep -o '"next_cursor":"[^"]*"' | cut -d'"' -f4)"
        separator="?"
        [[ "$first" == *\?* ]] && separator="&"
        path="$first${separator}cursor=$cursor"
    fi
    mark="$(sql "SELECT NOW(6)")"
    sleep 0.01
    status="$(curl -s --max-time 60 -o "$WORK/response.json" -w '%{http_code}' "${headers[@]}" "$BASE$path")"
    [[ "$status" == "200" ]] || { echo "error: $path answered $status: $(head -c 300 "$WORK/response.json")" >&2; exit 1; }
    items="$({ grep -o '"id":"' "$WORK/response.json" || true; } | wc -l)"
    index=$((index + 1))
    # A request may send several statements (growing circles, the newest-first word window): keep them all.
    statements_since "$mark" | awk -v prefix="$WORK/case-$index-" -v end="$STATEMENT_END" '
        $0 == end { n++; next } { print > (prefix (n + 1) ".sql") }'
    count="$(find "$WORK" -name "case-$index-*.sql" | wc -l)"
    ((count > 0)) || { echo "error: no statement logged for $path" >&2; exit 1; }
    printf '%s\t%s\t%s\t%s\t%s\n' "$index" "$name" "${path/cursor=*/cursor=…}" "$items" "$count" >>"$WORK/cases.tsv"
    log "$index. $name: $items items, $count statement(s)"
done

sql "$LOG_RESTORE"
LOG_RESTORE=""

mkdir -p "$(dirname "$OUT")"
{
    echo "# EXPLAIN of the listing search at $listings listings"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)$([[ -n "$(git status --porcelain -- src)" ]] && echo ' (src/ has uncommitted changes)'), database $DB, MariaDB $(sql "SELECT VERSION()"), by \`bench/explain-search.sh\`."
    echo "Each statement is the one the WebApi sent (from the general query log, values inlined by the driver)."
    echo
    echo "Indexes of \`listings\`:"
    echo
    echo '```'
    sql "$DB" "SELECT INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) FROM information_schema.STATISTICS
               WHERE TABLE_SCHEMA = '$DB' AND TABLE_NAME = 'listings' GROUP BY INDEX_NAME ORDER BY INDEX_NAME" | column -t
    echo '```'
    while IFS=$'\t' read -r index name path items count; do
        echo
        echo "## $index. $name"
        echo
        echo "\`GET $path\` → $items items, $count statement(s)"
        for k in $(seq 1 "$count"); do
            statement="$(cat "$WORK/case-$index-$k.sql")"
            echo
            ((count > 1)) && { echo "Statement $k of $count:"; echo; }
            echo '```sql'
            printf '%s\n' "$statement"
            echo '```'
            echo
            explain_table "$statement"
            echo
            analyze="$(sql "$DB" "ANALYZE FORMAT=JSON $statement")"
            if [[ -n "$PYTHON" ]]; then
                printf '%s' "$analyze" | "$PYTHON" -c "$ANALYZE_SUMMARY"
                echo
            fi
            echo "<details><summary>ANALYZE FORMAT=JSON</summary>"
            echo
            echo '```json'
            printf '%s\n' "$analyze"
            echo '```'
            echo
            echo "</details>"
        done
    done <"$WORK/cases.tsv"
} >"$OUT"

log "written to ${OUT#"$ROOT"/}"
