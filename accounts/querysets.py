from django.db import models


class RoleQuerySet(models.QuerySet):
    def coordinators(self, district):
        """Return the coordinator memberships of `district`."""
        return self.filter(kind="coordinator", district=district)

    def officials(self, district=None):
        """Return official memberships, of one district when given."""
        qs = self.filter(kind="official")
        return qs if district is None else qs.filter(district=district)

    def board_members(self, district):
        """Return the district board members of `district`."""
        return self.filter(kind="official", job_title="board_member", district=district)
