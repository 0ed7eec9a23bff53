# Homelette — developer entry points.  `make` (or `make help`) lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Targets depend on each other's side effects (stack before migrations, stop before start).
.NOTPARALLEL:

# ---------------------------------------------------------------------------
# Settings (override on the command line: make test DB_PORT=3307)
DB_PORT ?= $(if $(HOMELETTE_DB_PORT),$(HOMELETTE_DB_PORT),3306)
REDIS_PORT ?= $(if $(HOMELETTE_REDIS_PORT),$(HOMELETTE_REDIS_PORT),6379)
CONFIGURATION ?= Debug
SOLUTION ?= Homelette.sln
WEBAPI_PROJECT ?= src/WebApi/WebApi.csproj
CHATHOST_PROJECT ?= src/ChatHost/ChatHost.csproj
WEBAPI_URLS ?= http://0.0.0.0:5001
CHATHOST_URLS ?= http://0.0.0.0:5002
# Extra arguments for dotnet test, e.g. make test TEST_ARGS="--filter FullyQualifiedName~Auth"
TEST_ARGS ?=
COMPOSE ?= docker compose

DEV_DB_CONNECTION := Server=127.0.0.1;Port=$(DB_PORT);Database=homelette;User ID=homelette;Password=homelette
TEST_DB_CONNECTION := Server=127.0.0.1;Port=$(DB_PORT);Database=homelette_test;User ID=homelette;Password=homelette
REDIS_CONNECTION := 127.0.0.1:$(REDIS_PORT)

STACK := HOMELETTE_DB_PORT=$(DB_PORT) HOMELETTE_REDIS_PORT=$(REDIS_PORT) build/stack.sh
DEV_ENV := ConnectionStrings__Default='$(DEV_DB_CONNECTION)' ConnectionStrings__Redis='$(REDIS_CONNECTION)'
TEST_ENV := ConnectionStrings__Default='$(TEST_DB_CONNECTION)' ConnectionStrings__Redis='$(REDIS_CONNECTION)'
EF_ARGS := --project src/Infrastructure --startup-project src/WebApi --configuration $(CONFIGURATION)
# docker compose refuses to read the file without JWT_KEY; only `start` really needs it.
COMPOSE_NO_KEY := JWT_KEY="$${JWT_KEY:-unused-by-this-command}" $(COMPOSE)

# The migration message, read from the environment in the recipes (safe with any quotes).
export message

.PHONY: help stack-up stack-down stack-status tools run test format seed bench bench-quick chaos chaos-quick soak \
	build start stop restart clean migrate-create migrate-apply migrate

help: ## Show this list of targets
	@echo "Usage: make <target> [DB_PORT=$(DB_PORT)] [REDIS_PORT=$(REDIS_PORT)] [CONFIGURATION=$(CONFIGURATION)]"
	@echo
	@awk 'BEGIN { FS = ":.*## " } /^[a-zA-Z0-9_-]+:.*## / { printf "  %-16s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# ---------------------------------------------------------------------------
# Local services (private MariaDB + Redis under .stack/)

stack-up: ## Start the private MariaDB and Redis for this checkout (installs them if missing)
	@$(STACK) up

stack-down: ## Stop the private MariaDB and Redis
	@$(STACK) down

stack-status: ## Show whether the private MariaDB and Redis are running
	@$(STACK) status || true

# ---------------------------------------------------------------------------
# .NET

tools: ## Restore the local dotnet tools (dotnet-ef, nswag)
	dotnet tool restore

run: stack-up tools migrate-apply ## Build, migrate, and run WebApi (:5001) and ChatHost (:5002); Ctrl-C stops both
	dotnet build $(SOLUTION) -c $(CONFIGURATION)
	@set -m; pids=""; \
	stop() { trap - INT TERM EXIT; for p in $$pids; do kill -TERM -- -$$p 2>/dev/null || true; done; wait; }; \
	trap stop INT TERM EXIT; \
	export $(DEV_ENV) ASPNETCORE_ENVIRONMENT=Development; \
	ASPNETCORE_URLS='$(WEBAPI_URLS)' dotnet run --no-build --no-launch-profile -c $(CONFIGURATION) \
		--project $(WEBAPI_PROJECT) & pids="$$pids $$!"; \
	ASPNETCORE_URLS='$(CHATHOST_URLS)' dotnet run --no-build --no-launch-profile -c $(CONFIGURATION) \
		--project $(CHATHOST_PROJECT) & pids="$$pids $$!"; \
	echo "WebApi on $(WEBAPI_URLS), ChatHost on $(CHATHOST_URLS); Ctrl-C stops both."; \
	rc=0; wait -n || rc=$$?; \
	echo "An app exited (status $$rc); stopping the other."; exit $$rc

# SkipNSwag: the tests build the WebApi without rewriting src/Client/openapi.json, so a stale checked-in document
# (an API change whose regenerated document and client were not committed) fails OpenApiTests.
# After the tests, the quick fault runs (make chaos-quick: every fault of make chaos, fewer clients, a 1-minute soak)
# and the quick benchmark (every scenario of make bench, small and short) prove the faults are survived and the
# benchmark harness still runs; their reports go under .stack/. Both are skipped when TEST_ARGS narrows the run.
test: stack-up tools ## Run all tests against the private stack (databases homelette_test_*), then the quick fault runs and benchmark
	env -u ASPNETCORE_ENVIRONMENT -u DOTNET_ENVIRONMENT $(TEST_ENV) \
		dotnet test $(SOLUTION) -c $(CONFIGURATION) -p:SkipNSwag=true --logger "console;verbosity=normal" $(TEST_ARGS)
	$(if $(strip $(TEST_ARGS)),,@$(MAKE) --no-print-directory chaos-quick)
	$(if $(strip $(TEST_ARGS)),,@$(MAKE) --no-print-directory bench-quick BENCH_RESULTS_DIR="$(CURDIR)/.stack/bench-results")

bench: stack-up ## Benchmarks against their baselines, every scenario (~25 min): writes bench/results/<date>-<commit>.md/.json
	HOMELETTE_DB_PORT=$(DB_PORT) HOMELETTE_REDIS_PORT=$(REDIS_PORT) bench/bench.sh

bench-quick: stack-up ## The same, small and short (under 2 min after the Release build); make test runs it
	BENCH_QUICK=1 HOMELETTE_DB_PORT=$(DB_PORT) HOMELETTE_REDIS_PORT=$(REDIS_PORT) bench/bench.sh

# The fault runs use a stack of their own (.stack/chaos, ports CHAOS_DB_PORT/CHAOS_REDIS_PORT, default 3308/6381),
# because they kill, pause and stop its servers; see chaos/chaos.sh for the settings.
chaos: stack-up ## Faults and abuse (~45 min): kill/pause MariaDB, stop Redis, SIGTERM the hosts, a 30-min soak, then the abuse tests
	chaos/chaos.sh
	env -u ASPNETCORE_ENVIRONMENT -u DOTNET_ENVIRONMENT $(TEST_ENV) \
		dotnet test $(SOLUTION) -c $(CONFIGURATION) -p:SkipNSwag=true --filter "Category=Chaos" --logger "console;verbosity=normal"

chaos-quick: ## Every fault run with fewer clients (40 chat clients instead of 100) and a 1-minute soak (make test runs it)
	chaos/chaos.sh --quick

soak: ## The soak alone: 1,000 hub connections and steady REST load for SOAK_MINUTES (default 30)
	chaos/chaos.sh soak

format: ## Check formatting (dotnet format --verify-no-changes)
	dotnet format $(SOLUTION) --verify-no-changes

seed: stack-up ## Seed demo users and listings around Isla Vista: make seed [USERS=200 LISTINGS=1000]
	export $(DEV_ENV); \
	dotnet run --project tools/Seeder -c $(CONFIGURATION) -- \
		--users $(or $(USERS),200) --listings $(or $(LISTINGS),1000) --photos --reset

# ---------------------------------------------------------------------------
# EF Core migrations (local dotnet-ef tool)

migrate-create: stack-up ## Add a migration: make migrate-create message="add users table"
	@name="$$(printf '%s' "$${message:-}" | sed -E 's/[^[:alnum:]]+/ /g' \
		| awk '{ for (i = 1; i <= NF; i++) printf "%s%s", toupper(substr($$i, 1, 1)), substr($$i, 2) }')"; \
	if [[ -z "$$name" ]]; then \
		echo 'error: message is empty; usage: make migrate-create message="add users table"' >&2; exit 1; \
	fi; \
	if [[ "$$name" =~ ^[0-9] ]]; then name="M$$name"; fi; \
	dotnet tool restore; \
	echo "Creating migration $$name"; \
	export $(DEV_ENV); \
	dotnet ef migrations add "$$name" $(EF_ARGS) --output-dir Data/Migrations

migrate-apply: stack-up tools ## Apply pending migrations to the dev database (homelette)
	export $(DEV_ENV) ASPNETCORE_ENVIRONMENT=Development; \
	dotnet ef database update $(EF_ARGS)

migrate: ## Add a migration and apply it: make migrate message="add users table"
	@$(MAKE) --no-print-directory migrate-create
	@$(MAKE) --no-print-directory migrate-apply

# ---------------------------------------------------------------------------
# Docker Compose (needs a Docker engine; `start` needs JWT_KEY)

build: ## Build the Docker images (docker compose build)
	$(COMPOSE_NO_KEY) build

start: ## Start everything in Docker in the background (needs JWT_KEY)
	$(COMPOSE) up -d

stop: ## Stop the Docker containers (docker compose down)
	$(COMPOSE_NO_KEY) down

restart: stop start ## Stop then start the Docker containers

clean: ## Remove the Docker containers AND volumes (asks first; FORCE=1 skips the question)
	@if [[ "$(FORCE)" == "1" ]]; then answer=y; \
	else read -r -p "Delete all volumes? [y/N] " answer || answer=n; fi; \
	case "$$answer" in \
		[yY] | [yY][eE][sS]) $(COMPOSE_NO_KEY) down -v ;; \
		*) echo "Nothing deleted." ;; \
	esac
