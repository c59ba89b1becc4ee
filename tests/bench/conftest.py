"""Benchmarks run only when asked for (``-m bench``): ``make test`` collects them and skips them."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "bench" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="a benchmark: run it with `python -m pytest tests/bench -m bench`")
    for item in items:
        if item.get_closest_marker("bench"):
            item.add_marker(skip)
