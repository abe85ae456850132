"""Archipel O Centre at scale: 20,000 published initiatives.

1. GeoJSON size: bytes per feature of /carte/initiatives.geojson (target: under 200).
2. GeoJSON speed: the view (whole Django stack, in process) against PostgreSQL alone building the
   same FeatureCollection with json_agg + ST_AsGeoJSON (target: at most 2x), medians of 9 runs.
3. Clusters on screen: in headless Chromium, the time from navigation start to the clusters drawn on
   /carte/ served by gunicorn with production settings (target: under 2 s), median of 5 cold loads.

Usage: .venv/bin/python bench/map.py [--count 20000] [--runs 9]
"""

import argparse
import os
import statistics
import sys

from common import BENCH_PORT, bench_database_url, median_seconds, production_server, setup

BASELINE_SQL = """
SELECT json_build_object('type', 'FeatureCollection', 'features', json_agg(json_build_object(
    'type', 'Feature', 'id', i.id, 'geometry', ST_AsGeoJSON(i.point, 5)::json,
    'properties', json_build_object('name', i.name, 'url', '/i/' || i.id, 'theme', i.main_theme_id))))::text
FROM initiatives_initiative i WHERE i.status = 'published'
"""


def seed(count: int) -> None:
    from django.core.management import call_command

    from initiatives.models import Initiative

    missing = count - Initiative.objects.published().count()
    if missing > 0:
        print(f"Seeding {missing} initiatives…", flush=True)
        call_command("seed_initiatives", count=missing, seed=count)


def bench_geojson(runs: int) -> dict:
    import gzip

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.PAGE_CACHE = False  # the view's own work, not a cached copy of it
    client = Client(HTTP_HOST="localhost")

    def view():
        response = client.get("/carte/initiatives.geojson")
        assert response.status_code == 200
        return response.content

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL)
            return cursor.fetchone()[0]

    body = view()  # warm caches on both sides before timing
    baseline()
    from initiatives.models import Initiative

    features = Initiative.objects.published().count()
    view_time = median_seconds(view, runs)
    baseline_time = median_seconds(baseline, runs)
    return {
        "features": features,
        "bytes": len(body),
        "bytes_per_feature": len(body) / features,
        "gzip_bytes": len(gzip.compress(body)),
        "view_ms": view_time * 1000,
        "baseline_ms": baseline_time * 1000,
        "ratio": view_time / baseline_time,
    }


def bench_browser(runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    server = production_server()
    port = BENCH_PORT
    try:
        timings = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
            )
            for _ in range(runs + 1):  # the first load warms the server; it is not counted
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(f"http://127.0.0.1:{port}/carte/")
                page.wait_for_selector("html[data-map-ready]", timeout=60_000)
                page.wait_for_selector(".marker-cluster", state="visible")
                timings.append(page.evaluate("performance.now()") / 1000)
                context.close()
            browser.close()
        return {"clusters_s": statistics.median(timings[1:]), "runs": timings[1:]}
    finally:
        server.terminate()
        server.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--browser-runs", type=int, default=5)
    args = parser.parse_args()

    url = bench_database_url()
    setup(url)
    seed(args.count)
    geo = bench_geojson(args.runs)
    print(f"GeoJSON: {geo['features']} features, {geo['bytes']:,} bytes, {geo['bytes_per_feature']:.1f} bytes/feature"
          f" ({geo['gzip_bytes']:,} bytes gzipped)")  # fmt: skip
    print(f"GeoJSON view {geo['view_ms']:.0f} ms vs PostgreSQL json_agg alone {geo['baseline_ms']:.0f} ms"
          f" (medians of {args.runs}): ratio {geo['ratio']:.2f}")  # fmt: skip
    browser = bench_browser(args.browser_runs)
    print(f"Clusters on screen in Chromium: median {browser['clusters_s']:.2f} s after navigation start"
          f" (runs: {', '.join(f'{t:.2f}' for t in browser['runs'])})")  # fmt: skip
    ok = geo["bytes_per_feature"] < 200 and geo["ratio"] <= 2 and browser["clusters_s"] < 2
    print("Targets met." if ok else "Some targets are missed.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
