"""Members' Markdown is rendered in time that grows linearly with its length, whatever it holds.

Python-Markdown, used before, was quadratic on runs of "[" (6,000 took 14 s): a member could hold a
server thread for minutes with one preview. Doubling a pathological text must about double the time
(a quadratic renderer would take four times as long; the test allows 3.5 for a noisy machine);
bench/markdown.py gives the figures.
"""

import gc
import statistics
import time

import pytest

from cresol.core.markdown import render_markdown


def median_time(text: str) -> float:
    timings = []
    gc.disable()  # a collection in the middle of one run is noise, not the renderer's work
    try:
        for _ in range(3):
            started = time.perf_counter()
            render_markdown(text, anchors=True)
            timings.append(time.perf_counter() - started)
    finally:
        gc.enable()
    return statistics.median(timings)


@pytest.mark.parametrize("pattern", ["[", "![", "*a"])
def test_pathological_markdown_takes_linear_time(pattern):
    short, long = pattern * (10_000 // len(pattern)), pattern * (20_000 // len(pattern))
    ratio = median_time(long) / median_time(short)
    assert ratio < 3.5, f"doubling {pattern!r} multiplied the time by {ratio:.1f}"  # quadratic: 4


def test_the_renderer_still_renders_what_members_write():
    html = render_markdown(
        "## Un lieu\n\n## Un lieu\n\n- *a*\n- ~~b~~\n\n| x | y |\n|---|---|\n| 1 | 2 |", anchors=True
    )
    assert '<h2 id="un-lieu">Un lieu</h2>' in html and '<h2 id="un-lieu-2">Un lieu</h2>' in html
    assert "<em>a</em>" in html and "<s>b</s>" in html and "<td>1</td>" in html
