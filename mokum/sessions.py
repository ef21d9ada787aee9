"""Sessions in the database, read through the shared cache: no query per request, and no log-out when Redis is down.

Every write goes to the database first (it is the truth) and then to the cache; a read asks the cache and, when
the session is not there or Redis cannot be reached, the database. So with Redis down everyone stays logged in
and every write is kept; pages only take one query more.

A copy in the cache lives at most SESSION_CACHE_SECONDS (not the session's whole life): when a session changed or
ended while Redis was unreachable, but kept its data (a network split rather than a restart), the copy that
missed the change is gone that long after Redis is back. Logging out ends the session in the database at once;
only a copied cookie could use the old copy, within that bound. A password change logs the other sessions out at
once regardless, because the user's password hash in the session is checked against the database on every request.
"""

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

KEY_PREFIX = "mokum.session:"


class SessionStore(CachedDBStore):
    cache_key_prefix = KEY_PREFIX

    def _cache_seconds(self, expiry_age: int) -> int:
        return max(0, min(expiry_age, settings.SESSION_CACHE_SECONDS))

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # an invalid key (see Django's cached_db); Redis errors are ignored by the cache itself
            data = None
        if data is None:
            stored = self._get_session_from_db()
            if not stored:
                return {}
            data = self.decode(stored.session_data)
            self._cache.set(self.cache_key, data, self._cache_seconds(self.get_expiry_age(expiry=stored.expire_date)))
        return data

    def save(self, must_create=False):
        # The database first (DBStore.save), then the cache, for at most SESSION_CACHE_SECONDS.
        super(CachedDBStore, self).save(must_create)
        self._cache.set(self.cache_key, self._session, self._cache_seconds(self.get_expiry_age()))
