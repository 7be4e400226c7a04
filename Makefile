.PHONY: setup demo test bench samples golden

setup:
	bash .ci/setup

# Run the main job on the bundled sample reports.
demo: setup
	@echo "demo: extracting the $(words $(wildcard samples/pdf/*.pdf)) sample PDFs into out/ (the scans are OCR'd: 1-2 minutes)"
	python3 -m cli extract samples/pdf/*.pdf -o out --csv  # the `lakip` command, whatever PATH pip chose

test: setup
	python3 -m pytest -q

bench: setup
	python3 benchmarks/run.py

# Regenerate the sample PDFs (explicit; tests never rewrite them).
samples:
	python3 -m samples.generate --style all --scanned
