"""Archipel O Centre's map at national scale: 1,000, 20,000 and 100,000 published initiatives over France.

For each size, in its own growing database (`cresol_bench_map`, or BENCH_DATABASE):
1. Views: the tiles a 1280x900 screen asks for, at the zooms people use (France, the region, a city,
   a street), each tile's server time in process (whole Django stack, page cache off) against the
   tile's SQL alone run by PostgreSQL (target: ratio at most 1.3), the view's total server time
   (target: 150 ms) and its bytes gzipped (target: 50 KB). Medians of --runs.
2. Clusters on screen: headless Chromium, from navigation start to the clusters drawn on /carte/
   served by gunicorn with production settings (target: 1 s), and with the CPU throttled 4x to stand
   for a phone (target: 1.5 s). Medians of --browser-runs cold loads.
3. The partners' GeoJSON of every initiative: bytes a feature, time, and the peak memory of the
   gunicorn worker that streams it against its peak after a small page (target: flat, growth under
   a quarter of the document).
4. The list /initiatives/: its first, middle and last pages.
With --algorithms: grid snapping against ST_ClusterDBSCAN and ST_ClusterKMeans on the France view.

Usage: .venv/bin/python bench/map.py [--sizes 1000,20000,100000] [--runs 7] [--browser-runs 5]
"""

import argparse
import math
import os
import random
import statistics
import sys
import time

os.environ.setdefault("BENCH_DATABASE", "cresol_bench_map")

from common import BENCH_PORT, bench_database_url, median_seconds, production_server, setup  # noqa: E402

# Where people live in France, roughly: (lon, lat, weight, spread in degrees). Initiatives follow people:
# most near cities, the rest across the country.
CITIES = [
    (2.35, 48.86, 10, 0.35),
    (4.84, 45.76, 4, 0.3),
    (5.37, 43.30, 4, 0.3),
    (1.44, 43.60, 3, 0.3),
    (-1.55, 47.22, 3, 0.3),
    (-0.58, 44.84, 3, 0.3),
    (3.06, 50.63, 3, 0.3),
    (7.75, 48.58, 2, 0.25),
    (-1.68, 48.11, 2, 0.3),
    (3.88, 43.61, 2, 0.3),
    (7.26, 43.70, 2, 0.2),
    (0.69, 47.39, 2, 0.3),
    (1.91, 47.90, 2, 0.3),
    (2.40, 47.08, 1, 0.3),
    (5.04, 47.32, 1, 0.3),
    (3.09, 45.78, 1, 0.3),
    (0.34, 46.58, 1, 0.3),
    (1.26, 45.83, 1, 0.3),
    (4.03, 49.26, 1, 0.3),
    (6.18, 48.69, 1, 0.3),
    (5.72, 45.19, 1, 0.3),
    (-4.49, 48.39, 1, 0.3),
    (0.10, 49.49, 1, 0.3),
    (2.30, 49.89, 1, 0.3),
]
FRANCE = (-4.8, 42.4, 8.2, 51.0)  # a box around mainland France for the scattered rest
SCREEN = (1280, 900)
# The views of the benchmark: a name, the centre and the zoom.
VIEWS = [
    ("France", 2.5, 46.6, 6),
    ("Centre-Val de Loire", 1.7, 47.5, 7),
    ("Tours", 0.69, 47.39, 11),
    ("Paris", 2.35, 48.86, 10),
    ("Paris, closer", 2.35, 48.86, 13),
    ("Paris, a street", 2.35, 48.86, 16),
]
TARGETS = {"view_ms": 150, "ratio": 1.3, "view_kb": 50, "clusters_s": 1.0, "phone_s": 1.5}


def place(rng: random.Random) -> tuple[float, float]:
    if rng.random() < 0.3:
        return rng.uniform(FRANCE[0], FRANCE[2]), rng.uniform(FRANCE[1], FRANCE[3])
    lon, lat, _weight, spread = rng.choices(CITIES, weights=[c[2] for c in CITIES])[0]
    return lon + rng.gauss(0, spread), lat + rng.gauss(0, spread * 0.7)


def seed(count: int) -> None:
    """Published initiatives up to `count`, placed over France, through the section's batch service."""
    from django.contrib.gis.geos import Point
    from django.db import connection

    from initiatives.generator import build, save_generated
    from initiatives.models import Initiative

    present = Initiative.objects.published().count()
    missing = count - present
    if missing <= 0:
        return
    print(f"Seeding {missing:,} initiatives over France…", flush=True)
    rng = random.Random(count)  # noqa: S311 - reproducible bench data
    for start in range(0, missing, 20_000):
        initiatives = build(min(20_000, missing - start), seed=count + start, slug_prefix=f"fr{present + start}-")
        for initiative in initiatives:
            initiative.point = Point(*place(rng), srid=4326)
        save_generated(initiatives)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE initiatives_initiative")  # the visibility map an index-only scan reads


def tiles_of_view(lon: float, lat: float, zoom: int) -> list[tuple[int, int, int]]:
    """The tiles a SCREEN-sized map centred there at `zoom` asks for (as static/js/map.js computes
    them: tiles of zoom - 1, drawn twice their size)."""
    zoom -= 1
    world = 256 * 2**zoom
    half_w, half_h = SCREEN[0] / 4, SCREEN[1] / 4  # the screen, in the tiles' pixels
    x = (lon + 180) / 360 * world
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * world
    last = 2**zoom - 1
    columns = range(max(0, int((x - half_w) // 256)), min(last, int((x + half_w) // 256)) + 1)
    rows = range(max(0, int((y - half_h) // 256)), min(last, int((y + half_h) // 256)) + 1)
    return [(zoom, column, row) for column in columns for row in rows]


def bench_views(runs: int) -> list[dict]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from initiatives import clusters

    settings.PAGE_CACHE = False  # the view's own work, not a cached copy of it
    # As in production: no query log kept by the debug cursor on either side of the comparison.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_ENCODING="gzip")
    results = []
    for name, lon, lat, zoom in VIEWS:
        tiles = tiles_of_view(lon, lat, zoom)
        view_times, sql_times, sizes = [], [], 0
        for z, x, y in tiles:
            url = f"/carte/grappes/{z}/{x}/{y}.geojson"

            def view(url=url):
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                return response.content

            sql, params = clusters.tile_sql(None, z, x, y, url_prefix="/i/")  # as the view: every published one

            def alone(sql=sql, params=params):
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    return cursor.fetchone()[0]

            body = view()  # warm both sides before timing
            alone()
            sizes += len(body)
            view_times.append(median_seconds(view, runs))
            sql_times.append(median_seconds(alone, runs))
        results.append(
            {
                "name": name,
                "zoom": zoom,
                "tiles": len(tiles),
                "view_ms": sum(view_times) * 1000,
                "slowest_tile_ms": max(view_times) * 1000,
                "sql_ms": sum(sql_times) * 1000,
                "ratio": sum(view_times) / sum(sql_times),
                "gzip_kb": sizes / 1024,
            }
        )
    return results


def bench_algorithms(runs: int) -> dict:
    """The France view's points clustered three ways by PostgreSQL, in the same run."""
    from django.db import connection

    points = "SELECT id, map_x, map_y, point FROM initiatives_initiative WHERE status = 'published'"
    cell = 85 / (256 * 2**6)  # an 85-pixel cell on a screen at zoom 6, in the map's unit
    queries = {  # constants of this script
        "grid (GROUP BY of the cell)": f"SELECT count(*) FROM (SELECT floor(map_x / {cell}), floor(map_y / {cell}), "  # noqa: S608
        f"count(*), avg(map_x), avg(map_y) FROM ({points}) p GROUP BY 1, 2) c",
        "ST_ClusterDBSCAN (eps = the cell)": f"SELECT count(*) FROM (SELECT c, count(*), avg(map_x) FROM ("  # noqa: S608
        f"SELECT map_x, ST_ClusterDBSCAN(ST_MakePoint(map_x, map_y), {cell}, 1) OVER () AS c FROM ({points}) p"
        ") d GROUP BY c) e",
        "ST_ClusterKMeans (k = 200)": "SELECT count(*) FROM (SELECT c, count(*) FROM (SELECT "  # noqa: S608
        f"ST_ClusterKMeans(ST_MakePoint(map_x, map_y), 200) OVER () AS c FROM ({points}) p) d GROUP BY c) e",
    }
    timings = {}
    for name, sql in queries.items():

        def run(sql=sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)  # noqa: S608 - constants of this script
                return cursor.fetchone()[0]

        run()
        timings[name] = median_seconds(run, max(3, runs // 2)) * 1000
    return timings


def bench_list(runs: int) -> dict:
    from django.conf import settings
    from django.test import Client

    from initiatives.models import Initiative
    from initiatives.views import PAGE_SIZE

    settings.PAGE_CACHE = False
    client = Client(HTTP_HOST="localhost")
    last = max(1, math.ceil(Initiative.objects.published().count() / PAGE_SIZE))
    timings = {}
    for page in sorted({1, last // 2 or 1, last}):

        def get(page=page):
            assert client.get("/initiatives/", {"page": page}).status_code == 200

        get()
        timings[page] = median_seconds(get, runs) * 1000
    return timings


def worker_peak_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


def bench_server(browser_runs: int) -> dict:
    """gunicorn with two workers (the browser asks for a screen's tiles at once): the browser's loads,
    then the full GeoJSON and the peak memory of the worker that served it."""
    import httpx
    from playwright.sync_api import sync_playwright

    server = production_server(workers=2)
    base = f"http://127.0.0.1:{BENCH_PORT}"
    try:
        result = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
            )
            for label, throttle in (("clusters_s", 1), ("phone_s", 4)):
                timings = []
                for _ in range(browser_runs + 1):  # the first load warms the server; it is not counted
                    context = browser.new_context(viewport={"width": SCREEN[0], "height": SCREEN[1]})
                    page = context.new_page()
                    if throttle > 1:
                        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
                    page.goto(f"{base}/carte/")
                    page.wait_for_selector("html[data-map-ready]", timeout=60_000)
                    page.wait_for_selector(".marker-cluster", state="visible")
                    timings.append(page.evaluate("performance.now()") / 1000)
                    context.close()
                result[label] = statistics.median(timings[1:])
                result[label + "_runs"] = timings[1:]
            browser.close()

        with open(f"/proc/{server.pid}/task/{server.pid}/children") as children:
            workers = [int(pid) for pid in children.read().split()]
        httpx.get(f"{base}/initiatives/", timeout=60)
        before = {pid: worker_peak_kb(pid) for pid in workers}
        start = time.perf_counter()
        size = 0
        with httpx.stream("GET", f"{base}/carte/initiatives.geojson", timeout=300) as response:
            for chunk in response.iter_bytes():
                size += len(chunk)
        result["geojson_s"] = time.perf_counter() - start
        result["geojson_bytes"] = size
        grown = max(workers, key=lambda pid: worker_peak_kb(pid) - before[pid])  # the one that served it
        result["peak_before_kb"], result["peak_after_kb"] = before[grown], worker_peak_kb(grown)
        return result
    finally:
        server.terminate()
        server.wait(timeout=10)


def report(size: int, views: list[dict], lists: dict, served: dict, algorithms: dict | None) -> bool:
    print(f"\n=== {size:,} published initiatives ===")
    print(f"{'view':<22}{'zoom':>5}{'tiles':>6}{'server ms':>11}{'slowest':>9}{'SQL ms':>8}{'ratio':>7}{'gzip KB':>9}")
    for v in views:
        print(
            f"{v['name']:<22}{v['zoom']:>5}{v['tiles']:>6}{v['view_ms']:>11.1f}{v['slowest_tile_ms']:>9.1f}"
            f"{v['sql_ms']:>8.1f}{v['ratio']:>7.2f}{v['gzip_kb']:>9.1f}"
        )
    print(
        "Clusters on screen: {:.2f} s (runs {}), CPU 4x slower: {:.2f} s (runs {})".format(
            served["clusters_s"],
            ", ".join(f"{t:.2f}" for t in served["clusters_s_runs"]),
            served["phone_s"],
            ", ".join(f"{t:.2f}" for t in served["phone_s_runs"]),
        )
    )
    growth = served["peak_after_kb"] - served["peak_before_kb"]
    print(
        f"Full GeoJSON: {served['geojson_bytes']:,} bytes, {served['geojson_bytes'] / size:.0f} bytes a feature,"
        f" {served['geojson_s']:.2f} s; worker peak memory {served['peak_before_kb'] / 1024:.0f} MB before,"
        f" {served['peak_after_kb'] / 1024:.0f} MB after (+{growth / 1024:.1f} MB)"
    )
    print("List /initiatives/: " + ", ".join(f"page {page}: {ms:.0f} ms" for page, ms in lists.items()))
    if algorithms:
        print(
            "Clustering the France view in PostgreSQL: "
            + ", ".join(f"{name}: {ms:.0f} ms" for name, ms in algorithms.items())
        )
    ratio = statistics.median(v["ratio"] for v in views)
    print(f"Median ratio of the views, server against PostgreSQL alone: {ratio:.2f}")
    return (
        all(v["view_ms"] <= TARGETS["view_ms"] and v["gzip_kb"] <= TARGETS["view_kb"] for v in views)
        and ratio <= TARGETS["ratio"]
        and served["clusters_s"] <= TARGETS["clusters_s"]
        and served["phone_s"] <= TARGETS["phone_s"]
        and growth * 1024 < served["geojson_bytes"] / 4
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000,100000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--browser-runs", type=int, default=5)
    parser.add_argument("--algorithms", action="store_true")
    args = parser.parse_args()

    setup(bench_database_url())
    from initiatives.models import Initiative

    if Initiative.objects.count() > int(args.sizes.split(",")[0]):
        sys.exit(f"{os.environ['BENCH_DATABASE']} holds more initiatives than the first size: drop it first.")
    ok = True
    for size in (int(value) for value in args.sizes.split(",")):
        seed(size)
        views = bench_views(args.runs)
        lists = bench_list(args.runs)
        algorithms = bench_algorithms(args.runs) if args.algorithms else None
        served = bench_server(args.browser_runs)
        ok = report(size, views, lists, served, algorithms) and ok
    print("\nTargets met." if ok else "\nSome targets are missed.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
