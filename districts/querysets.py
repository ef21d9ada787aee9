from django.db import models


class DepartmentQuerySet(models.QuerySet):
    def serving(self, district):
        """Return the departments an official of `district` can belong to: city-wide ones and its own."""
        return self.filter(models.Q(district__isnull=True) | models.Q(district=district))
