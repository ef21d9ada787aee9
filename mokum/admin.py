"""What the apps' admins share."""


class ReadOnlyMixin:
    """Show records in the admin without adding, changing or deleting them: they change through the services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
