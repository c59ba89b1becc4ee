# CUS production image: gunicorn (web), Celery worker and beat all run from it (see docker-compose.yml).
# Build: docker build -t cus .      Configuration: environment variables only (README.md, docker-compose.yml).

# --- the web UI, built once (skipped while the project has no frontend/package.json) --------------------
FROM node:22-slim AS frontend
WORKDIR /src
# The whole (small, .dockerignore'd) context: frontend/ may not exist yet, and COPY of a missing folder fails.
COPY . ./
RUN if [ -f frontend/package.json ]; then cd frontend && npm ci --no-audit --no-fund && npm run build; \
    else mkdir -p frontend/dist; fi

# --- the application ----------------------------------------------------------------------------------
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    CUS_DATA_DIR=/data \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media

# WeasyPrint's Pango and HarfBuzz, fonts with Polish/Czech/Slovenian diacritics, gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# PYTHONPATH puts /app first: gunicorn, celery and manage.py all run this copy, with its compiled translations
# and built frontend, rather than the one pip installs into site-packages along with the dependencies.
COPY pyproject.toml README.md ./
COPY cus/ ./cus/
COPY worker/ ./worker/
RUN pip install .
COPY manage.py ./
COPY --from=frontend /src/frontend/dist/ ./frontend/dist/

# Build-time steps get a throwaway key and data folder: no secret or database is baked into the image.
RUN export SECRET_KEY=build-only-not-a-secret CUS_DATA_DIR=/tmp/build \
    && (cd cus && python ../manage.py compilemessages -v 0) \
    && python manage.py collectstatic --noinput -v 0 \
    && rm -rf /tmp/build

RUN useradd --system --uid 1000 --home-dir /app cus \
    && mkdir -p /data/media \
    && chown -R cus:cus /data
USER cus
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os,urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:8000/healthz/', headers={'Host': os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0], 'X-Forwarded-Proto': 'https'}), timeout=4)"]

CMD ["gunicorn", "cus.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
