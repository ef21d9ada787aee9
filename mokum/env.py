"""Read settings from environment variables, naming the variable when a value is bad."""

import os
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name, default=None, *, environ=os.environ):
    """Return the variable as a stripped string, or the default when it is unset or empty."""
    value = environ.get(name, "").strip()
    return value if value else default


def env_bool(name, default=False, *, environ=os.environ):
    """Return the variable as a boolean; refuse anything that is not a clear yes or no."""
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}.")


def env_int(name, default, *, minimum=None, environ=os.environ):
    """Return the variable as a whole number of at least `minimum`."""
    raw = env_str(name, environ=environ)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name, default=(), *, environ=os.environ):
    """Return the variable as a list split on commas, without empty items."""
    raw = env_str(name, environ=environ)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


# How many times a connection runs a statement before it is prepared (psycopg's default).
PREPARE_THRESHOLD = 5


def env_database(name, default, *, environ=os.environ):
    """Return a Django DATABASES entry parsed from a database URL (PostgreSQL or SQLite)."""
    raw = env_str(name, default, environ=environ)
    scheme = urlparse(raw).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ImproperlyConfigured(f"{name} must be a postgres:// or sqlite:/// URL, not {raw!r}.")
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database, e.g. postgres://user@host:5432/mokum.")
    if scheme == "sqlite":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    elif env_bool("DATABASE_PREPARED_STATEMENTS", True, environ=environ):
        # The values go to PostgreSQL apart from the statement, and a statement a connection has run
        # PREPARE_THRESHOLD times is prepared: parsed and planned once (README, "Performance"). Off for a
        # connection pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
        config["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": PREPARE_THRESHOLD}
    return config


def env_redis_url(name, *, environ=os.environ):
    """Return a redis:// URL, or None when the variable is unset (tasks then run in-process)."""
    raw = env_str(name, environ=environ)
    if raw is None:
        return None
    parsed = urlparse(raw)
    if parsed.scheme not in {"redis", "rediss"} or not parsed.hostname:
        raise ImproperlyConfigured(f"{name} must be a redis:// URL such as redis://127.0.0.1:6379/0, not {raw!r}.")
    return raw


def env_email_url_port(name, default, *, environ=os.environ):
    """Return a TCP port number."""
    port = env_int(name, default, minimum=1, environ=environ)
    if port > 65535:
        raise ImproperlyConfigured(f"{name} must be a port number up to 65535, not {port}.")
    return port


def env_cache(name, *, redis_url=None, environ=os.environ):
    """Return Django's CACHES entry: `locmem://` or a redis:// URL; unset, Redis next to the broker, else local memory.

    Without the variable and with a broker URL the cache lives on the same Redis server, one database number
    above the broker's (redis://host:6379/0 → /1), so emptying the cache never touches the broker's queues.
    A Redis cache ignores connection errors: when Redis is down, pages are served uncached, never broken.
    """
    raw = env_str(name, environ=environ)
    if raw is None and redis_url is not None:
        parsed = urlparse(redis_url)
        database = int((parsed.path or "/0").strip("/") or 0) + 1
        raw = parsed._replace(path=f"/{database}").geturl()
    if raw is None or raw == "locmem://":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "mokum"}
    parsed = urlparse(raw)
    if parsed.scheme not in {"redis", "rediss"} or not parsed.hostname:
        raise ImproperlyConfigured(
            f"{name} must be locmem:// or a redis:// URL such as redis://127.0.0.1:6379/1, not {raw!r}."
        )
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": raw,
        "KEY_PREFIX": "mokum",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }
