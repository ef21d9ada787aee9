from django.apps import AppConfig


class MokumConfig(AppConfig):
    """The project itself as an app: the page cache's invalidation (mokum/pagecache.py) and guarded lookups."""

    name = "mokum"
    verbose_name = "Kracht van Mokum"

    def ready(self):
        from mokum.lookups import register_lookups
        from mokum.pagecache import connect_signals

        connect_signals()
        register_lookups()
