# SCR Tracker production image: gunicorn serving the app, WhiteNoise serving the static files.
# Build:  docker build -t scr-tracker .            (with S3 evidence storage: --build-arg UV_EXTRAS="--extra s3")
# Run:    see docker-compose.yml and docs/operations.md.
#
# Base images are pinned by version tag; bump them deliberately (docs/operations.md, "Upgrades").
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# --- 1. Front-end assets (GOV.UK Frontend styles and scripts) into static/dist/ -----------------
FROM ${NODE_IMAGE} AS static
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build_static.mjs scripts/
COPY static/src static/src
RUN npm run build

# --- 2. Python dependencies from uv.lock into /opt/venv ---------------------------------------
FROM ${PYTHON_IMAGE} AS python-deps
ARG UV_VERSION=0.13.9
# Extra dependency sets, e.g. "--extra s3" for S3-compatible evidence storage.
ARG UV_EXTRAS=""
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
ENV UV_PROJECT_ENVIRONMENT=/opt/venv UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /build
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project ${UV_EXTRAS}

# --- 3. The runtime image -----------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
# Pango and HarfBuzz for WeasyPrint's PDFs, fonts as a fallback to the ones the app ships,
# the PostgreSQL 15 client for deploy/backup.sh and deploy/restore.sh, time zone data.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-liberation2 \
        postgresql-client-15 tzdata \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 scr \
    && useradd --system --uid 10001 --gid scr --home-dir /app --no-create-home --shell /usr/sbin/nologin scr

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=scr_tracker.settings.production \
    EVIDENCE_ROOT=/var/lib/scr-tracker/evidence \
    PORT=8000

WORKDIR /app
COPY --from=python-deps /opt/venv /opt/venv
COPY --chown=root:root . .
COPY --from=static /build/static/dist static/dist

# Static files are collected, hashed and compressed once, here; the image never writes to /app.
# The settings need a secret key to load: this throwaway one exists only during this command.
RUN SECRET_KEY=collectstatic-only-not-used-at-run-time python manage.py collectstatic --no-input -v 0 \
    && mkdir -p "$EVIDENCE_ROOT" /backups \
    && chown scr:scr "$EVIDENCE_ROOT" /backups \
    && chmod 0750 "$EVIDENCE_ROOT" /backups

USER scr
EXPOSE 8000
ENTRYPOINT ["deploy/entrypoint.sh"]
CMD ["web"]
