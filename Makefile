# Khabarnama: build, serve and test the site. `make help` lists the targets.
# The first target that needs Python creates .venv from the pinned requirements.

PYTHON3 ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PELICAN := $(VENV)/bin/pelican
INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PORT ?= 8000
BIND ?= 127.0.0.1
PELICANOPTS ?=

.DEFAULT_GOAL := help
.PHONY: help html serve devserver publish clean test lint bench venv venv-dev

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# The plugins are the package `khabarnama` (plugins/), installed editable so
# that an edit under plugins/ needs no reinstall.
$(VENV)/.site-installed: requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt $(VENV)/.site-installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

venv: $(VENV)/.site-installed ## Create .venv with what the build needs
venv-dev: $(VENV)/.dev-installed ## Add what the tests and benchmarks need

# Build into a staging folder of its own and publish it in one atomic rename
# (output is a symbolic link to output.site.<id>, replaced only when the whole
# build succeeded); builds of the same output take turns (flock), and Ctrl-C
# or a failure removes the staging folder: see plugins/build.py.
define build
	$(PY) -m khabarnama.build --into $(OUTPUTDIR) $(INPUTDIR) -s $(1) --fatal warnings --log-handler plain $(PELICANOPTS)
endef

html: $(VENV)/.site-installed ## Build the site into output/
	$(call build,$(CONFFILE))

publish: $(VENV)/.site-installed ## Build the deployable site (absolute SITEURL, feeds)
	$(call build,$(PUBLISHCONF))

serve: html ## Build, then serve output/ on http://$(BIND):$(PORT)/
	$(PELICAN) --listen -s $(CONFFILE) -o $(OUTPUTDIR) -b $(BIND) -p $(PORT)

devserver: $(VENV)/.site-installed ## Rebuild on every change and serve
	$(PELICAN) -lr $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b $(BIND) -p $(PORT) $(PELICANOPTS)

test: $(VENV)/.dev-installed node_modules/.installed ## Check content/, then run every test (pytest)
	@$(MAKE) --no-print-directory check
	$(PY) -m pytest

bench: $(VENV)/.dev-installed node_modules/.installed ## Run the benchmarks; tables go to bench/results/
	@mkdir -p bench/results
	@for bench in $(patsubst %/bench.py,%,$(wildcard bench/*/bench.py)); do echo "== $$bench"; $(PY) -m $$(echo $$bench | tr / .).bench || exit 1; done

lint: $(VENV)/.dev-installed ## ruff and djhtml (templates), as pre-commit runs them
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check theme/templates/*.html

clean: ## Remove the built site and caches
	rm -rf $(OUTPUTDIR) $(OUTPUTDIR).partial.* $(OUTPUTDIR).site.* cache test-artifacts .pytest_cache
	rm -f $(dir $(OUTPUTDIR)).$(notdir $(OUTPUTDIR)).lock $(dir $(OUTPUTDIR)).$(notdir $(OUTPUTDIR)).link.*

# Contributor workflow (issue 6): content checks and new-file templates.
.PHONY: check fix article entry glossary-report

check: $(VENV)/.site-installed ## Check content/: one line per problem; errors fail, warnings do not
	$(PY) -m khabarnama.content_checks --settings $(CONFFILE) --content $(INPUTDIR)

fix: $(VENV)/.site-installed ## Rewrite what check knows the fix for (presentation forms, Arabic ك ي); prints the diff
	$(PY) -m khabarnama.content_checks.fix --settings $(CONFFILE) --content $(INPUTDIR)

glossary-report: $(VENV)/.site-installed ## Likely missed glossary mentions, frequent unlinked names, one-word aliases (links nothing)
	$(PY) -m khabarnama.glossary.report --settings $(CONFFILE) --content $(INPUTDIR)

article: $(VENV)/.site-installed ## New article from scaffold/: make article SLUG=lavrov-visit-2021
	$(PY) -m khabarnama.content_checks.scaffold article "$(SLUG)" --settings $(CONFFILE) --content $(INPUTDIR)

entry: $(VENV)/.site-installed ## New glossary entry: make entry KIND=people SLUG=sergey-lavrov
	$(PY) -m khabarnama.content_checks.scaffold entry "$(SLUG)" --kind "$(KIND)" --settings $(CONFFILE) --content $(INPUTDIR)

.PHONY: font-refresh
font-refresh: $(VENV)/.site-installed ## Derive the Urdu font subset again from today's text (rewrites theme/fontsubset-lock/)
	rm -rf theme/fontsubset-lock
	@$(MAKE) --no-print-directory html

.PHONY: bench-quick
bench-quick: $(VENV)/.dev-installed ## Scale benchmark at N = 100 and 1,000 only (~2 min); bench/results/scale-quick.*
	@mkdir -p bench/results
	$(PY) -m bench.scale.bench --quick

.PHONY: bench-10k
bench-10k: $(VENV)/.dev-installed ## Daily publishing on 10,000 articles, lock only (~15 min); bench/results/publish-10k.*
	@mkdir -p bench/results
	$(PY) -m bench.publish.bench --n 10000 --days 2 --per-day 5 --modes lock --out publish-10k
