"""The test session is self-contained: committed data, and an OCR cache outside the user's home."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.ocr.cache import default_cache_dir
from tests.conftest import GOLD, SEEDS, data_files


def test_ocr_cache_is_the_session_temporary_folder(ocr_cache_dir: Path) -> None:
    assert default_cache_dir(None) == ocr_cache_dir
    assert not ocr_cache_dir.is_relative_to(Path.home() / ".cache")


def test_every_gold_file_has_its_seed_dump() -> None:
    golds = data_files(GOLD, "*.json")
    assert [json.loads(p.read_text(encoding="utf-8"))["source"] for p in golds] == [
        p.name for p in data_files(SEEDS, "*.txt")
    ]


def test_data_lives_inside_the_repository() -> None:
    root = Path(__file__).resolve().parents[1]
    assert SEEDS.is_relative_to(root) and GOLD.is_relative_to(root)
