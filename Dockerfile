# The portal's image: Python 3.12 with the GDAL/GEOS/PROJ libraries GeoDjango needs, served by
# gunicorn, static files by whitenoise. `docker compose up` runs it beside PostGIS.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends libgdal32 libgeos-c1v5 libproj25 postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN pip install --upgrade "pip>=25.1" && pip install --group runtime

COPY . .
# collectstatic needs settings that load; these throwaway values are never used at run time.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only-$(python -c "import secrets; print(secrets.token_urlsafe(60))") \
    DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --no-input -v 0

RUN useradd --system --uid 1000 --home /app cresol && mkdir -p /app/var/media /app/var/private && chown -R cresol /app/var
USER cresol

EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "cresol.wsgi"]
