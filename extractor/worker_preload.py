"""Imported once by the batch fork server: loads the pipeline and warms its caches, so every
file's worker process is forked ready to extract (see ``extractor.bulk``)."""

from extractor.pipeline import warm_up

warm_up()
