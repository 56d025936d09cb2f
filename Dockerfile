# Production image: PostgreSQL through DATABASE_URL, migrations applied by `girfec migrate`.
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /srv
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY alembic ./alembic
# The police adapter validates incident reports against the XSD published here.
COPY schemas ./schemas
RUN pip install -e . && useradd --system --uid 10001 girfec && mkdir -p var && chown girfec var
USER girfec
EXPOSE 8000
ENV LOG_JSON=true
CMD ["sh", "-c", "girfec migrate && uvicorn app.main:app --host 0.0.0.0 --port 8000 --proxy-headers"]
