# `make run` sets up and starts everything on embedded defaults; `make test` sets up and runs every test.
SHELL := /bin/bash
PY311 ?= python3.11
PY310 ?= $(shell PYENV_VERSION=3.10.13 pyenv which python3 2>/dev/null || command -v python3.10)
VENV := .venv
BOTVENV := .venv-bot
PIP_FLAGS := -q --disable-pip-version-check

.PHONY: run run-cluster test bench setup browser nginx dovecot clean

setup: $(VENV)/.installed $(BOTVENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(VENV)/bin/python || $(PY311) -m venv $(VENV)
	$(VENV)/bin/pip install $(PIP_FLAGS) --upgrade pip
	$(VENV)/bin/pip install $(PIP_FLAGS) -e '.[dev]'
	touch $@

$(BOTVENV)/.installed: bot/requirements.txt
	test -x $(BOTVENV)/bin/python || $(PY310) -m venv $(BOTVENV)
	$(BOTVENV)/bin/pip install $(PIP_FLAGS) 'pip<25'
	$(BOTVENV)/bin/pip install $(PIP_FLAGS) -r bot/requirements.txt
	touch $@

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

run: setup
	$(VENV)/bin/frontdoor run

# Debian's nginx, unpacked into .state/nginx (no service is installed or started): the cluster's front
NGINX := .state/nginx/usr/sbin/nginx
nginx: $(NGINX)
$(NGINX):
	mkdir -p .state/nginx/deb
	cd .state/nginx/deb && { apt-get download -q nginx 2>/dev/null || { apt-get update -qq && apt-get download -q nginx; }; }
	dpkg -x .state/nginx/deb/nginx_*.deb .state/nginx
	touch $@

# Debian's Dovecot, unpacked into .state/dovecot (no service is installed or started): the real IMAP server of the
# inbound mail tests (tests/api/inbound/dovecot.py). Its libraries look for modules under one fixed path; the
# patch rewrites that path (same length) to a link the tests make, so nothing is written outside the checkout and /tmp
DOVECOT := .state/dovecot/usr/sbin/dovecot
dovecot: $(DOVECOT)
$(DOVECOT):
	mkdir -p .state/dovecot/deb
	cd .state/dovecot/deb && { apt-get download -q dovecot-core dovecot-imapd 2>/dev/null || { apt-get update -qq && apt-get download -q dovecot-core dovecot-imapd; }; }
	for deb in .state/dovecot/deb/*.deb; do dpkg -x $$deb .state/dovecot; done
	$(PY311) tests/api/inbound/dovecot.py patch .state/dovecot
	touch $@

# Replicas behind nginx on PostgreSQL and Redis (docs/deploy.md); FRONTDOOR_DATABASE_URL/FRONTDOOR_REDIS_URL override
run-cluster: setup nginx
	$(VENV)/bin/frontdoor run-cluster

test: setup browser nginx dovecot
	$(VENV)/bin/pytest

bench: setup
	$(VENV)/bin/python -m bench

clean:
	rm -rf $(VENV) $(BOTVENV) .state var bot/models
