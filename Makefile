.PHONY: setup run test lint format bench

setup:
	bash scripts/setup.sh

run: setup
	.venv/bin/python app.py

test: setup
	bash scripts/test.sh

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy assistant ingest vectorstore policyqa prompts places app.py

format: setup
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench: setup
	.venv/bin/policyqa bench-ingest
