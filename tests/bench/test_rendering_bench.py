"""Benchmark: rendering a typical month's report (PDF, XLSX, CSV, participants CSV) from its figures.

Prints the CPU and wall time of one rendering (not a timed assertion: machines and their load differ; the
figure to watch is the CPU time, which was under 2 s for this month on a developer's laptop).

    python -m pytest tests/bench -m bench -s -k rendering
"""

from __future__ import annotations

import time

import pytest

from cus.reports.rendering import render_all

from ..reports.test_rendering import report_data

REPEAT = 3


@pytest.mark.bench
def test_a_typical_month_renders_in_a_couple_of_seconds_of_cpu():
    render_all(report_data(services=1, contracts=1))  # WeasyPrint's fonts and Pango load once per process
    cpu, wall = [], []
    for _ in range(REPEAT):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        files = render_all(report_data(services=15, contracts=30))
        # CPU time of this process: rendering is single-threaded, and wall time depends on the machine's load.
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
    sizes = ", ".join(f"{file.format} {file.size / 1024:.0f} KiB" for file in files)
    print(f"\nreport rendering (15 service types, 30 contract lines; best of {REPEAT}): "
          f"{min(cpu):.2f} s CPU, {min(wall):.2f} s wall; {sizes}")
    assert files
