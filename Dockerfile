# The production image: gunicorn for the site, the same image runs the Celery worker and beat.
FROM python:3.12-slim

ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 DEBUG=false
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app

COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY . .
RUN DEBUG=true python manage.py compilemessages --ignore=.venv -v 0 \
    && DEBUG=true STATIC_MANIFEST=true python manage.py collectstatic --noinput -v 0 \
    && useradd --system --uid 1000 mokum && mkdir -p /app/media && chown mokum /app/media

USER mokum
EXPOSE 8000
CMD ["gunicorn", "mokum.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
