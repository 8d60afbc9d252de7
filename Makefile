# `make test` sets up a fresh Debian machine and runs the tests; a second run installs nothing.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Debian packages: cairo and pango for Manim's wheels, LaTeX for equations, the caption font,
# openssl for the gTTS stand-in's certificate, espeak-ng's library, program and data for the espeak voice,
# chromium for the page's tests and node with npm for axe-core, which the page's tests run in chromium.
APT_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config \
	texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm fonts-dejavu-core openssl \
	espeak-ng libespeak-ng1 chromium nodejs
# NodeSource's nodejs carries npm and conflicts with Debian's: ask for npm only where none is installed.
APT_PACKAGES += $(if $(shell command -v npm),,npm)
# Reinstall the project when its dependencies change.
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

.PHONY: test video setup system-packages clean

test: setup
	$(PY) -m pytest

video: setup
	$(PY) render.py

# npm's packages (axe-core), again when package-lock.json changes.
NODE_STAMP := node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1)

setup: system-packages $(STAMP) $(NODE_STAMP)

system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done | xargs); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "Missing Debian packages: $$missing. Install them with:"; \
		echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $$missing"; \
		exit 1; \
	fi; \
	echo "Installing Debian packages: $$missing"; \
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed: set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) node_modules .cache media .pytest_cache .hypothesis
