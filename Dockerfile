FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# Runtime dependencies only, each checked against its hash in the lock (make lock writes it);
# this layer is rebuilt only when the lock changes. The lock's own pip goes first, by hash, as
# in the Makefile: an older pip refuses a locked package's extras in hash mode.
COPY requirements/runtime.txt ./requirements/
RUN awk '/^pip==/{p=1} p{print; if ($0 !~ /\\$/) exit}' requirements/runtime.txt > /tmp/pip-lock.txt \
    && pip install --no-cache-dir --no-deps --require-hashes -r /tmp/pip-lock.txt \
    && pip install --no-cache-dir --require-hashes -r requirements/runtime.txt
COPY pyproject.toml README.md ./
COPY config ./config
COPY provenance ./provenance
COPY annotations ./annotations
# The project itself, with the build backend from the lock: nothing here is resolved again.
RUN pip install --no-cache-dir --no-deps --no-build-isolation .
COPY . .
# The exports folder exists in the image, owned by the app's user, so that the named volume
# mounted on it (docker-compose.yml) starts with that owner.
RUN mkdir -p /app/var/exports && useradd --create-home desk && chown -R desk /app
USER desk
EXPOSE 8000
