FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY config ./config
COPY provenance ./provenance
COPY annotations ./annotations
RUN pip install --no-cache-dir .
COPY . .
RUN useradd --create-home desk && chown -R desk /app
USER desk
EXPOSE 8000
