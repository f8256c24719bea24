# goftar: the same app as `make run`, in a container. Minimal on purpose; the scale-out issue
# hardens it (multi-stage build, healthcheck, prestart migrations).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite:////data/goftar.db \
    SEEDS_DIR=/app/seeds

WORKDIR /app
COPY pyproject.toml README.md ./
COPY app ./app
COPY migrations ./migrations
RUN pip install . && useradd --create-home --uid 10001 goftar && mkdir /data && chown goftar /data
COPY seeds ./seeds

USER goftar
VOLUME ["/data"]
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
