"""Members' Markdown at its worst: the renderer's time on pathological text, against ordinary prose.

Each input is as long as the longest post body the form accepts (100,000 characters). The floor is
the same length of ordinary paragraphs, rendered in the same run; the ratio is what a hostile text
costs more than a real one. Medians of 5 runs. Python-Markdown, used before, took 14 s for 6,000 "[".

Usage: .venv/bin/python bench/markdown.py [--length 100000] [--runs 5]
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cresol.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

from common import median_seconds  # noqa: E402

PATHOLOGICAL = {
    "crochets [": "[",
    "images ![": "![",
    "liens [a](": "[a](",
    "emphases *a": "*a",
    "balises <a ": "<a ",
    "citations > ": "> ",
    "listes - ": "- ",
    "accents graves `": "`",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from cresol.core.markdown import render_markdown

    prose = "Une ressourcerie **collecte**, répare et revend à petit prix. [Lien](https://example.org)\n\n"
    floor = median_seconds(lambda: render_markdown((prose * (args.length // len(prose) + 1))[: args.length]), args.runs)
    print(f"Floor: {args.length:,} characters of ordinary prose rendered in {floor * 1000:.0f} ms (median)")
    worst = 0.0
    for name, pattern in PATHOLOGICAL.items():
        text = (pattern * (args.length // len(pattern) + 1))[: args.length]
        seconds = median_seconds(lambda text=text: render_markdown(text, anchors=True), args.runs)
        worst = max(worst, seconds)
        print(f"  {name:<18} {seconds * 1000:8.0f} ms   ratio {seconds / floor:5.1f}")
    print(f"Worst case: {worst:.2f} s for {args.length:,} characters (the form's maximum)")


if __name__ == "__main__":
    main()
