"""Who sees which dashboard: a district's coordinators their own district, city coordinators every district.

The public statistics need no permission: they are aggregates without personal data.
"""

import rules

from accounts.rules import is_any_coordinator, is_city_coordinator, is_district_coordinator

# The internal dashboard at all (a coordinator of some district, or of the city).
rules.add_perm("dashboard.view_dashboard", is_any_coordinator | is_city_coordinator)
# One district's internal dashboard, its overdue list and its exports.
rules.add_perm("dashboard.view_district", is_district_coordinator | is_city_coordinator)
# Every district together and the comparison between them.
rules.add_perm("dashboard.view_city", is_city_coordinator)
