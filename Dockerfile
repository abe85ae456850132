# The portal's image: Python 3.12 with the GDAL/GEOS/PROJ libraries GeoDjango needs and the Pango and
# font WeasyPrint draws the printable PDFs with, served by gunicorn, static files by whitenoise.
# `docker compose up` runs it beside PostGIS.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends libgdal32 libgeos-c1v5 libproj25 postgresql-client \
       libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Exactly what uv.lock pins, hashes checked, into the image's Python; the S3 client only when the
# deployment stores its media on S3 (docker compose build --build-arg WITH_S3=1).
ARG WITH_S3=0
COPY scripts/uv-requirements.txt scripts/
COPY pyproject.toml uv.lock ./
RUN pip install --require-hashes -r scripts/uv-requirements.txt \
    && UV_PROJECT_ENVIRONMENT=/usr/local UV_PYTHON_DOWNLOADS=never uv sync --locked --inexact --no-cache \
       --no-default-groups --group runtime $([ "$WITH_S3" = 1 ] && echo --group s3) \
    && pip uninstall --yes uv

COPY . .
# collectstatic needs settings that load; these throwaway values are never used at run time.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only-$(python -c "import secrets; print(secrets.token_urlsafe(60))") \
    DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --no-input -v 0

RUN useradd --system --uid 1000 --home /app cresol && mkdir -p /app/var/media /app/var/private && chown -R cresol /app/var
USER cresol

EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "cresol.wsgi"]
