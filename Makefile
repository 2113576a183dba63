# Broadsheet: two commands set everything up on a fresh Debian 12 machine.
#   make render   install what is missing, then render the sample to out/jiangbei-2023.pdf
#   make test     install what is missing, then run the test suite
#   make test-fast the same, without the tests that lay out whole features (marked slow)
# Both are idempotent: the second run only checks and goes straight to work.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# System packages: Pango (WeasyPrint's text layout), HarfBuzz subsetting
# (without it WeasyPrint subsets CJK fonts with fontTools, ~10 s slower a
# spread), fontconfig, the CJK fonts the built-in font sets name (noto: Noto
# CJK and LXGW WenKai; classic: AR PL UMing and UKai; wenkai), poppler for looking.
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
	fontconfig fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai fonts-arphic-uming fonts-arphic-ukai \
	poppler-utils
# For the tests (and the live preview's benchmark) only: Chromium, the browser
# Playwright drives — Debian's build, never one Playwright downloads.
TEST_APT_PACKAGES := chromium

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: render test test-fast system venv spread bench placeholders picture lint clean help serve gallery

help:
	@echo "make render   set up and render the sample to out/jiangbei-2023.pdf"
	@echo "make test     set up and run the tests"
	@echo "make test-fast  the tests that lay out no whole feature (a minute, not many)"
	@echo "make spread   render the sample as one double-width sheet"
	@echo "make bench    run the benchmarks in bench/"
	@echo "make serve    the live preview of the sample on http://127.0.0.1:8000/"
	@echo "make gallery  the sample in every layout × paper: out/gallery/jiangbei-2023/gallery.png"

render: venv
	$(BIN)/broadsheet render

spread: venv
	$(BIN)/broadsheet render --as spread -o out/jiangbei-2023-spread.pdf

test: EXTRA_APT_PACKAGES := $(TEST_APT_PACKAGES)
test: venv
	$(BIN)/python -m pytest

test-fast: EXTRA_APT_PACKAGES := $(TEST_APT_PACKAGES)
test-fast: venv
	$(BIN)/python -m pytest -m "not slow"

serve: venv
	$(BIN)/broadsheet serve

gallery: venv
	$(BIN)/broadsheet preview --gallery

bench: EXTRA_APT_PACKAGES := $(TEST_APT_PACKAGES)
bench: venv
	$(BIN)/python bench/run.py

placeholders: venv
	$(BIN)/python scripts/make_placeholders.py

system:
	@missing=""; \
	for p in $(APT_PACKAGES) $(EXTRA_APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

venv: system $(STAMP)

$(STAMP): pyproject.toml
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

clean:
	rm -rf $(VENV) out build *.egg-info

# The README's pictures: the spread (rendered as one sheet, rasterised) and
# the layout gallery's contact sheet (in 256 colours, to keep it small).
picture: venv
	$(BIN)/broadsheet render --as spread -q -o out/readme-spread.pdf
	pdftoppm -r 24 -png -singlefile out/readme-spread.pdf docs/spread
	$(BIN)/broadsheet preview --gallery -q --dpi 24 -o out/readme-gallery
	$(BIN)/python -c "from PIL import Image; Image.open('out/readme-gallery/gallery.png').quantize(256).save('docs/gallery.png', optimize=True)"

lint: venv
	$(BIN)/python -m pip install -q ruff
	$(BIN)/ruff check builder tests bench scripts
