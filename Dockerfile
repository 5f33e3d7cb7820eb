# Production image: gunicorn behind a proxy; PostgreSQL, Redis and Elasticsearch come from compose.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 OCOP_VAR_DIR=/var/lib/ocop
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN useradd --system ocop && mkdir -p /var/lib/ocop && chown ocop /var/lib/ocop
USER ocop
EXPOSE 8000
CMD ["gunicorn", "ocop.wsgi:application", "--chdir", "backend", "--bind", "0.0.0.0:8000", "--workers", "3"]
