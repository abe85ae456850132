"""Run inside the environment the Dockerfile builds (uv.lock's `runtime` group): every module of the
portal imports there, but those of an optional group, which need it installed. A module that imports a
development-only package fails here, not in production.

Usage: python scripts/check-runtime.py   (with DJANGO_SETTINGS_MODULE and the settings' variables set)
"""

import importlib
import os
import pkgutil
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["cresol", "initiatives", "agenda", "blog", "veille"]
# Modules that only a deployment with an optional dependency group imports (pyproject.toml).
OPTIONAL = {"cresol.core.s3_storage": "s3"}

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cresol.settings")

import django  # noqa: E402

django.setup()
# Importing the WSGI application starts whitenoise, which warns that collectstatic has not run yet here.
warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")

failures = []
count = 0
for package_name in PACKAGES:
    package = importlib.import_module(package_name)
    for module in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
        if module.name in OPTIONAL:
            continue
        try:
            importlib.import_module(module.name)
            count += 1
        except Exception as error:  # noqa: BLE001 - every failure is reported, not just the first
            failures.append(f"{module.name}: {error.__class__.__name__}: {error}")
if failures:
    print("Modules that do not import in the runtime environment:", *failures, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"{count} modules import in the runtime environment")
