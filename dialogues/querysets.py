from django.db import models


class DialogueQuerySet(models.QuerySet):
    def open(self):
        """Return dialogues that have not ended."""
        return self.filter(state__in=self.model.State.open())

    def public(self):
        """Return dialogues anyone may read: those of public initiatives."""
        from initiatives.models import Initiative

        return self.filter(initiative__in=Initiative.objects.public())

    def overdue(self, now):
        """Return open dialogues whose current turn's deadline has passed."""
        return self.open().filter(deadline_at__lt=now)

    def assigned_to(self, user):
        """Return dialogues on which `user` is an assigned official now."""
        return self.filter(assignments__official=user, assignments__ended_at__isnull=True)


class CommitmentQuerySet(models.QuerySet):
    def live(self):
        """Return commitments of outcomes that still stand (not sent back, not lapsed with the dialogue)."""
        outcome = self.model._meta.get_field("outcome").related_model  # models.py imports this module
        return self.exclude(outcome__status__in=outcome.Status.void())

    def overdue(self, today):
        """Return open commitments of standing outcomes past their due date."""
        return self.live().filter(status=self.model.Status.OPEN, due_date__lt=today)
