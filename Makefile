# Evidence Diary: `make run` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
GOVUK := node_modules/govuk-frontend/dist/govuk
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench venv assets runtime-packages system-packages migrate clean \
	prod-like prod-packages load drills

run: runtime-packages venv assets migrate
	@echo ""
	@echo "  Evidence Diary is running at http://$(HOST):$(PORT)/  (Ctrl-C stops the web server and the worker)"
	@echo ""
	@$(BIN)/python manage.py run_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

test: system-packages venv assets
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: venv
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable

# The virtualenv is rebuilt whenever pyproject.toml changes.
venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,ci]'
	touch $@

# GOV.UK Frontend is compiled from its Sass with our own font; its JS is served by us.
assets: static/build/main.css static/build/govuk-frontend.min.js
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@
static/build/main.css: node_modules/.installed static/scss/main.scss
	mkdir -p static/build
	npx sass --no-source-map --style=compressed --load-path=node_modules static/scss/main.scss $@
static/build/govuk-frontend.min.js: node_modules/.installed
	mkdir -p static/build
	cp $(GOVUK)/govuk-frontend.min.js $(GOVUK)/govuk-frontend.min.js.map static/build/

# Debian packages: libmagic to tell file types by their bytes, ffmpeg for video stills and Pango
# with HarfBuzz for WeasyPrint at run time; Chromium for the browser tests and poppler to read
# PDFs in them.
RUNTIME_DEBS := libmagic1 ffmpeg libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
TEST_DEBS := $(RUNTIME_DEBS) chromium poppler-utils
define install_debs
	@missing=""; for p in $(1); do \
	  dpkg -s $$p 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
endef

runtime-packages:
	$(call install_debs,$(RUNTIME_DEBS))

system-packages:
	$(call install_debs,$(TEST_DEBS))

bench: runtime-packages venv assets
	$(BIN)/python benchmarks/timeline.py
	$(BIN)/python benchmarks/evidence.py
	$(BIN)/python benchmarks/signup.py
	$(BIN)/python benchmarks/pack.py

# --- The production stack on loopback (deploy/, README "Deploying") ---------------------------
# nginx ends TLS in front of gunicorn; PostgreSQL, SeaweedFS S3, two task workers, housekeeping.
PROD_DEBS := $(RUNTIME_DEBS) nginx openssl curl
prod-packages:
	$(call install_debs,$(PROD_DEBS))

prod-like: prod-packages venv assets
	bash deploy/prod-like.sh

# 50 users for 3 minutes against a fresh prod-like stack (benchmarks/load.py, loopback only).
LOAD_USERS ?= 50
LOAD_TIME ?= 3m
load: prod-packages venv assets
	LOAD_USERS=$(LOAD_USERS) LOAD_TIME=$(LOAD_TIME) bash deploy/drills/load.sh

# The fault drills, a short load and the backup drill, as CI runs them.
drills: prod-packages venv assets
	bash deploy/drills/run.sh

clean:
	rm -rf static/build node_modules/.installed $(VENV)/.installed
