# goftar in a container. docs/deployment.md says how to run it (one container with SQLite on a
# volume, compose with PostgreSQL, scale-out); tests/test_container.py runs this file's CMD and
# HEALTHCHECK in the project's venv, so keep them in the exec (JSON) form.
ARG PYTHON_IMAGE=python:3.12-slim

# The builder installs the dependencies into a venv. They are read from pyproject.toml alone, so
# this layer is rebuilt when the dependencies change, not at every edit of the code. Every
# dependency ships a wheel or is pure Python: no compiler here either. The base image's pip
# installs into the venv, so the venv (and the final image) carries no pip of its own.
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore
RUN python -m venv --without-pip /opt/venv
WORKDIR /src
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && pip --python /opt/venv/bin/python install --no-cache-dir -r requirements.txt

# The final image: the venv, the code, the migrations and the seeds; no build tools, not root.
FROM ${PYTHON_IMAGE}
# STARTUP_TASKS=false: `python -m app prestart` in the CMD migrates and ingests once per
# container, under a database-wide lock, before the workers start; the workers only serve.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/goftar.db \
    SEEDS_DIR=/app/seeds \
    STARTUP_TASKS=false \
    PORT=8000 \
    WEB_CONCURRENCY=2
RUN groupadd --system --gid 10001 goftar \
    && useradd --system --uid 10001 --gid goftar --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin goftar \
    && mkdir /data \
    && chown goftar:goftar /data
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
# Root owns the code: the server can write only to /data.
COPY pyproject.toml ./
COPY migrations ./migrations
COPY seeds ./seeds
COPY app ./app

USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['PORT'] + '/healthz', timeout=4)"]
# exec: the server replaces the shell, so `docker stop`'s SIGTERM reaches it and it drains
# requests. `python -m app serve` is uvicorn with the limits of app/server.py (PORT,
# WEB_CONCURRENCY, HEADER_TIMEOUT, MAX_CONNECTIONS) and the app's own access line.
CMD ["sh", "-c", "python -m app prestart && exec python -m app serve --host 0.0.0.0"]
