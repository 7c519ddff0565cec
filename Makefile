# The README's two commands: `make run` (console chat on SQLite) and `make test`.
# Both create the virtual environment and install from pyproject.toml when needed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PACKAGES := $(VENV)/.packages-stamp
INSTALLED := $(VENV)/.installed-stamp
CATALOGS := locales/messages.pot $(wildcard locales/*/LC_MESSAGES/messages.po)

.PHONY: run test lint catalogs clean

run: $(INSTALLED)
	$(BIN)/p2c-bot migrate
	$(BIN)/p2c-bot chat

test: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/coverage erase
	$(BIN)/coverage run -m pytest -n auto --dist worksteal
	$(BIN)/coverage combine --quiet
	$(BIN)/coverage report

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Re-extract every user-facing text, merge it into each language's catalog, and check
# the catalogs (what is left to translate is listed, and the target fails).
catalogs: $(PACKAGES)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k 'NP_:1,2' --no-location --sort-output \
		--project p2c-bot -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales --no-fuzzy-matching \
		--ignore-obsolete
	$(BIN)/python -m bot.catalog_check locales

$(PACKAGES): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "p2c-bot needs Python 3.11 or newer (set PYTHON=python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(PACKAGES)

# Installed: the packages, and catalogs that compile with every text translated (checked
# again whenever a catalog changes), so nothing runs with a text missing.
$(INSTALLED): $(PACKAGES) $(CATALOGS)
	$(BIN)/python -m bot.catalog_check locales
	touch $(INSTALLED)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .import_linter_cache
