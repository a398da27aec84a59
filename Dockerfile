# finbot: one image for the bot and its one-shot migration.
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
RUN pip install --no-cache-dir uv
WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-dev --no-install-project

COPY bot ./bot
COPY services ./services
COPY db ./db
COPY alembic ./alembic
COPY alembic.ini ./
COPY documents ./documents
RUN uv sync --locked --no-dev

RUN useradd --create-home finbot && chown -R finbot /app
USER finbot
ENV PATH="/app/.venv/bin:$PATH"
CMD ["finbot", "run"]
