from django.db import models
from django.db.models import Q

PUBLIC_STATUSES = ("active", "realised", "stranded")


class InitiativeQuerySet(models.QuerySet):
    def public(self):
        """Return initiatives anyone may read: accepted, not hidden (withdrawn ones only once they were public)."""
        return self.filter(hidden_at__isnull=True).filter(
            Q(status__in=PUBLIC_STATUSES) | Q(status="withdrawn", accepted_at__isnull=False)
        )

    def of_initiator(self, user):
        """Return the initiatives `user` owns or co-owns."""
        return self.filter(initiator_links__user=user)
