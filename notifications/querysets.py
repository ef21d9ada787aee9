from django.db import models


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        """Return notifications not read yet."""
        return self.filter(read_at__isnull=True)

    def undelivered(self, before):
        """Return notifications still waiting for their e-mail that were created before `before`."""
        return self.filter(email_status="pending", created_at__lt=before)
