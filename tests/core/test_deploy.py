"""What a deployment gets from the repository: the compose file as docker-compose reads it, the image's
build context, and the declared dependencies (issue 24, items 9 and 19 to 22)."""

import ast
import fnmatch
import importlib.util
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_check_compose():
    spec = importlib.util.spec_from_file_location("check_compose", ROOT / "scripts" / "check-compose.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_compose = load_check_compose()


@pytest.fixture(scope="module")
def config():
    return check_compose.compose_config()


def test_only_the_proxy_publishes_a_port_and_every_variable_reaches_web_worker_and_migrate(config):
    assert check_compose.problems(config) == []
    services = config["services"]
    assert [name for name, service in services.items() if service.get("ports")] == ["proxy"]
    variables = check_compose.example_variables()
    assert {"ADMIN_URL", "DJANGO_LOG_LEVEL", "PAGE_CACHE", "EMAIL_TIMEOUT", "GUNICORN_WORKERS"} <= set(variables)
    for name in ("web", "worker", "migrate"):
        assert set(variables) <= set(services[name]["environment"]), name
    # Compose's own values win over the .env file's.
    assert services["worker"]["environment"]["DATABASE_URL"].startswith("postgis://cresol:")
    assert services["web"]["environment"]["DJANGO_BEHIND_PROXY"] == "1"


def test_the_migrations_run_once_before_web_and_worker_start(config):
    services = config["services"]
    assert "migrate --no-input" in services["migrate"]["command"] and services["migrate"]["restart"] == "no"
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert "migrate" not in services[name]["command"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('      - "8000"\n', '      - "8000"\n    ports:\n      - "8000:8000"\n'), "web publishes a port"),
        (("command: gunicorn", "command: sh -c 'python manage.py migrate && gunicorn"), "web runs the migrations"),
    ],
)
def test_the_check_fails_on_a_compose_file_that_exposes_gunicorn_or_migrates_in_web(tmp_path, change, problem):
    """Positive controls: the check sees what it is there for."""
    text = (ROOT / "docker-compose.yml").read_text()
    old, new = change
    assert old in text
    changed = tmp_path / "docker-compose.yml"
    changed.write_text(
        text.replace(old, new, 1).replace(
            "--config gunicorn.conf.py cresol.wsgi\n", "--config gunicorn.conf.py cresol.wsgi'\n", 1
        )
        if "migrate &&" in new
        else text.replace(old, new, 1)
    )
    found = check_compose.problems(check_compose.compose_config(changed))
    assert any(problem in line for line in found), found


def ignored(path: str, patterns: list[str]) -> bool:
    """Whether docker build leaves `path` out of its context (the .dockerignore rules the file uses:
    a pattern matches the path or one of its folders, `**/` any depth, a `!` pattern takes back)."""
    result = False
    parts = path.split("/")
    candidates = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    for pattern in patterns:
        negated = pattern.startswith("!")
        rule = pattern.lstrip("!").rstrip("/")
        rules = [rule, rule.removeprefix("**/")] if rule.startswith("**/") else [rule]
        matched = any(
            fnmatch.fnmatchcase(candidate, variant) or fnmatch.fnmatchcase(candidate.split("/")[-1], variant)
            if variant != rule or rule.startswith("**/")
            else fnmatch.fnmatchcase(candidate, variant)
            for candidate in candidates
            for variant in rules
        )
        if matched:
            result = not negated
    return result


def test_the_image_gets_no_secret_no_local_environment_and_no_history():
    """Without a .dockerignore, the image carried .env (secret key, SMTP and S3 keys), .venv, var/, .git."""
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for path in [
        ".env",
        ".env.production",
        ".venv/bin/python",
        "var/media/a.webp",
        "var/private/ressources/a.pdf",
        ".git/config",
        "cresol/__pycache__/settings.cpython-312.pyc",
        "tests/conftest.py",
    ]:
        assert ignored(path, patterns), path
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()  # noqa: S607
    needed = [
        path
        for path in tracked
        if path.startswith(
            ("cresol/", "initiatives/", "agenda/", "blog/", "veille/", "templates/", "static/", "locale/")
        )
    ]
    needed += [
        "manage.py",
        "pyproject.toml",
        "uv.lock",
        "scripts/uv-requirements.txt",
        "gunicorn.conf.py",
        ".env.example",
        "scripts/backup.sh",
    ]
    assert len(needed) > 300
    assert not [path for path in needed if ignored(path, patterns)]


def test_every_variable_the_settings_and_gunicorn_read_is_in_the_example():
    """GUNICORN_* were read and listed nowhere, so docker-compose dropped them silently."""
    import re

    reading = re.compile(r"(?:env_\w+|os\.environ\.get|os\.getenv)\(\s*\"([A-Z_]+)\"")
    sources = [ROOT / "cresol" / "settings.py", ROOT / "gunicorn.conf.py"]
    read = {name for source in sources for name in reading.findall(source.read_text())}
    assert {"DJANGO_SECRET_KEY", "GUNICORN_WORKERS", "SITE_URL", "PAGE_CACHE_MAX_ENTRIES"} <= read
    assert read - set(check_compose.example_variables()) == set()


def declared_distributions() -> set[str]:
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]
    names = set()
    for requirement in [item for group in groups.values() for item in group if isinstance(item, str)]:
        name = requirement.split("[")[0].split("=")[0].split(">")[0].split("<")[0].strip()
        names.add(name.lower().replace("_", "-"))
    return names


# Modules of a group `make` never installs (pyproject.toml's "compare"), by the package that provides them.
NOT_INSTALLED = {"rest_framework": "djangorestframework", "drf_spectacular": "drf-spectacular"}


def test_every_package_the_code_and_the_tests_import_is_declared():
    """jsonschema was imported by the tests and declared nowhere: it came with another package."""
    distributions = packages_distributions()
    standard = set(sys.stdlib_module_names)
    own = {"cresol", "initiatives", "agenda", "blog", "veille", "tests", "bench", "common", "data", "throughput"}
    undeclared = {}
    for folder in ("cresol", "initiatives", "agenda", "blog", "veille", "tests", "bench", "scripts"):
        for source in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(source.read_text())):
                modules = []
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                for module in modules:
                    top = module.split(".")[0]
                    if top in standard or top in own:
                        continue
                    names = {
                        name.lower().replace("_", "-") for name in distributions.get(top, [NOT_INSTALLED.get(top, top)])
                    }
                    if not names & declared_distributions():
                        undeclared.setdefault(top, str(source.relative_to(ROOT)))
    # Django, psycopg and the others are there (a positive control on the reading itself).
    assert {"django", "psycopg", "pytest", "jsonschema"} <= declared_distributions()
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def runtime_closure(lock: dict, groups: list[str]) -> set[str]:
    """The names of every package uv.lock installs for these groups of the portal, dependencies included."""
    packages = {package["name"]: package for package in lock["package"]}
    root = packages["cresol-portal"]["dev-dependencies"]
    pending = [entry["name"] for group in groups for entry in root[group]]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending += [entry["name"] for entry in packages[name].get("dependencies", [])]
            for extra in packages[name].get("optional-dependencies", {}).values():
                pending += [entry["name"] for entry in extra]
    return seen


def test_the_lock_pins_every_package_with_its_hashes_and_the_s3_client_stays_optional():
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    registry = [package for package in lock["package"] if "registry" in package["source"]]
    assert len(registry) > 100
    for package in registry:
        files = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
        assert files and all(file["hash"].startswith("sha256:") for file in files), package["name"]
    # make, CI and the image install that lock, nothing else: uv (pinned with hashes) syncs it, locked.
    dockerfile, makefile = (ROOT / "Dockerfile").read_text(), (ROOT / "Makefile").read_text()
    assert "pip install --require-hashes -r scripts/uv-requirements.txt" in dockerfile
    assert (
        "uv sync --locked" in dockerfile and "--group runtime" in dockerfile and "pip install --group" not in dockerfile
    )
    assert "sync --quiet --locked" in makefile and "pip install --group" not in makefile
    runtime, with_s3 = runtime_closure(lock, ["runtime"]), runtime_closure(lock, ["runtime", "s3"])
    assert {"django", "psycopg", "procrastinate"} <= runtime
    assert {"boto3", "botocore", "django-storages"} <= with_s3
    assert not {"boto3", "botocore", "django-storages", "pytest", "mypy"} & runtime


def test_media_on_s3_without_the_s3_client_says_how_to_install_it():
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "cresol.settings",
        "DJANGO_DEBUG": "1",
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_BUCKET": "b",
        "MEDIA_S3_PRIVATE_BUCKET": "p",
        "DATABASE_URL": "postgis://postgres@127.0.0.1/none",
    }
    code = "import sys; sys.modules['storages'] = None; import django; django.setup()"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)  # noqa: S603
    assert result.returncode == 1
    assert "MEDIA_STORAGE=s3 needs the S3 client" in result.stderr and "WITH_S3=1" in result.stderr
    environment["MEDIA_STORAGE"] = "local"  # the same start without S3 works (a positive control)
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment).returncode == 0  # noqa: S603
