from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard and statistics")

    def ready(self):
        from dashboard.aggregates import register_sqlite_percentile

        # The embedded SQLite database lacks percentile_cont; PostgreSQL has it (see dashboard/aggregates.py).
        connection_created.connect(register_sqlite_percentile, dispatch_uid="dashboard_sqlite_percentile")
