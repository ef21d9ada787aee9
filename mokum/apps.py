from django.apps import AppConfig


class MokumConfig(AppConfig):
    """The project itself as an app: connects the page cache's invalidation (mokum/pagecache.py)."""

    name = "mokum"
    verbose_name = "Kracht van Mokum"

    def ready(self):
        from mokum.pagecache import connect_signals

        connect_signals()
