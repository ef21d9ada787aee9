from django.db import models
from django.db.models import Exists, OuterRef, Q


class SupportRequestQuerySet(models.QuerySet):
    def open(self):
        """Return requests that are not done or declined."""
        return self.filter(status__in=self.model.Status.open())

    def overdue(self, today):
        """Return open requests whose due date lies before `today`."""
        return self.open().filter(due_date__lt=today)


class SchemeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def open_on(self, today):
        """Return schemes that accept applications on `today`: rolling or before the deadline, and already open."""
        return self.filter(Q(deadline__isnull=True) | Q(deadline__gte=today)).filter(
            Q(opens_on__isnull=True) | Q(opens_on__lte=today)
        )

    def for_district(self, district):
        """Return schemes open to `district`: those naming it and the city-wide ones (naming no district)."""
        through = self.model.districts.through
        named = through.objects.filter(scheme_id=OuterRef("pk"))
        return self.filter(Q(Exists(named.filter(district_id=getattr(district, "pk", district)))) | ~Exists(named))

    def with_any_theme(self, themes):
        """Return schemes that share at least one theme with `themes` (Theme objects, ids or a queryset)."""
        through = self.model.themes.through
        return self.filter(Exists(through.objects.filter(scheme_id=OuterRef("pk"), theme_id__in=themes)))


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def upcoming(self, now):
        """Return events that have not ended yet, soonest first."""
        return self.filter(ends_at__gte=now).order_by("starts_at", "id")
