# The two README commands. Each sets up .venv from the project's own files first,
# so both work on a fresh machine; the set-up is skipped when pyproject.toml is unchanged.
# The venv has the extras the tests and `make train-ner` use (train: torch, onnx; hanlp);
# predicting needs none of them (`pip install .`, docs/api.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# dvc.yaml commands call `python`: it must be the project's environment.
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: repro test lint train-ner train-segment browser dashboard

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,train,hanlp]'
	touch $(STAMP)

## Run the whole pipeline on the bundled seeds (outputs/*.parquet).
repro: $(STAMP)
	$(BIN)/dvc repro

# Debian's Chromium and a CJK font for the dashboard's browser tests (Playwright drives the
# system browser; nothing is downloaded by Playwright itself).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@if ! command -v chromium >/dev/null || ! fc-list :lang=zh | grep -q .; then \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; \
	fi

## Run the test suite (fetches the pkuseg model through its DVC stage first).
test: $(STAMP) browser
	$(BIN)/dvc repro fetch_models
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

## Serve the dashboard over outputs/ on http://127.0.0.1:8050 (run `make repro` first).
dashboard: $(STAMP)
	$(BIN)/python -m pipeline.dashboard

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Retrain the NER model into models/ner/ (about 50 minutes on 2 cores; needs
## ../shared/data and the LAC files from fetch_models), then re-evaluate.
## train_ner is frozen so that a plain `dvc repro` never retrains: this target runs the
## stage's command itself and records the result in dvc.lock with `dvc commit`.
train-ner: $(STAMP)
	$(BIN)/dvc repro fetch_models
	$(BIN)/python -m pipeline.stages.train_ner
	$(BIN)/dvc commit --force train_ner
	$(BIN)/dvc repro evaluate_ner

## Retrain the line model of page splitting into models/segment/ (about 2 minutes; needs
## ../shared/data, and takes labelled pages of your own paper from labelled_pages/), then
## re-split and re-evaluate. Frozen like train_ner.
train-segment: $(STAMP)
	$(BIN)/python -m pipeline.stages.train_segment
	$(BIN)/dvc commit --force train_segment
	$(BIN)/dvc repro segment evaluate_segment
