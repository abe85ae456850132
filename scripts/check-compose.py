"""`make checks`: docker-compose.yml as docker-compose reads it (`docker-compose config`), checked.

- gunicorn never faces the internet: only the proxy publishes a port (gunicorn alone did not survive
  100 slow clients; behind Caddy it answered every probe);
- every variable of .env.example reaches web, worker and migrate (the .env file is their env_file);
- the migrations run once, in the one-shot `migrate` service that web and worker wait for.

Run from a copy with .env.example as its .env, so that a clean clone is checked as it is.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PORTAL_SERVICES = ("migrate", "web", "worker")


def example_variables() -> list[str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return [line.split("=", 1)[0] for line in lines if "=" in line and not line.lstrip().startswith("#")]


def compose_config(compose_file: Path = ROOT / "docker-compose.yml") -> dict:
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(compose_file, Path(folder, "docker-compose.yml"))
        shutil.copy(ROOT / "Caddyfile", Path(folder, "Caddyfile"))
        shutil.copy(ROOT / ".env.example", Path(folder, ".env"))
        result = subprocess.run(["docker-compose", "config"], cwd=folder, capture_output=True, text=True)  # noqa: S603, S607
    if result.returncode:
        raise SystemExit(f"docker-compose config failed:\n{result.stderr}")
    return yaml.safe_load(result.stdout)


def problems(config: dict) -> list[str]:
    services = config["services"]
    found = []
    for name, service in services.items():
        if service.get("ports") and name != "proxy":
            found.append(f"{name} publishes a port: only the proxy may face the internet")
    for name in PORTAL_SERVICES:
        if name not in services:
            found.append(f"no {name} service")
            continue
        environment = services[name].get("environment", {})
        missing = [variable for variable in example_variables() if variable not in environment]
        if missing:
            found.append(f"{name} does not get {', '.join(missing)} from .env.example")
    for name in ("web", "worker"):
        condition = services.get(name, {}).get("depends_on", {}).get("migrate", {}).get("condition")
        if condition != "service_completed_successfully":
            found.append(f"{name} does not wait for the migrate service to complete")
        if "migrate" in str(services.get(name, {}).get("command", "")):
            found.append(f"{name} runs the migrations itself: only the migrate service does")
    return found


if __name__ == "__main__":
    found = problems(compose_config())
    for problem in found:
        print(f"docker-compose.yml: {problem}", file=sys.stderr)
    sys.exit(1 if found else 0)
