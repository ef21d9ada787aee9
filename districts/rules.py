"""Who may keep the working-day calendar: the coordinators (district or city-wide), in the admin."""

import rules

from accounts.rules import is_any_coordinator, is_city_coordinator

keeps_calendar = is_any_coordinator | is_city_coordinator

# The admin asks for the app ("districts") before it lists any of its models.
rules.add_perm("districts", keeps_calendar)
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"districts.{_action}_holiday", keeps_calendar)
