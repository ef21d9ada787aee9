"""Writing many rows fast (COPY, with ids handed out here) and working-day arithmetic that remembers."""

import json
from datetime import date, datetime, time
from functools import lru_cache

from django.db import connection

from districts.workdays import AMSTERDAM, load_holidays, local_date, nth_working_day_after, working_days_between

# -- writing rows fast --------------------------------------------------------------------------------------------


class Writer:
    """Write rows in bulk: COPY on PostgreSQL, bulk_create elsewhere. Ids are handed out here, not by the database."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self._next = {}
        self.written = {}

    def ids(self, model, count: int) -> range:
        """Reserve `count` new primary keys of `model`."""
        if model not in self._next:
            last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            self._next[model] = last + 1
        start = self._next[model]
        self._next[model] += count
        return range(start, start + count)

    def write(self, model, columns: list[str], rows) -> int:
        """Insert `rows` (tuples in the order of `columns`, attribute names) into `model`'s table."""
        fields = [model._meta.get_field(name) for name in columns]
        # Columns left out get their field's default, as Model() would give them.
        given = {f.attname for f in fields}
        extra = [f for f in model._meta.concrete_fields if f.attname not in given and not f.primary_key]
        if extra:
            defaults = tuple(f.get_default() for f in extra)
            fields += extra
            columns = [*columns, *(f.attname for f in extra)]
            rows = (row + defaults for row in rows)
        json_columns = {index for index, f in enumerate(fields) if f.get_internal_type() == "JSONField"}
        count = 0
        if self.postgres:
            table = connection.ops.quote_name(model._meta.db_table)
            names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    if json_columns:
                        row = tuple(json.dumps(v) if i in json_columns else v for i, v in enumerate(row))
                    copy.write_row(row)
                    count += 1
        else:
            batch = []
            for row in rows:
                batch.append(model(**dict(zip(columns, row, strict=True))))
                if len(batch) >= 2000:
                    model.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
            model.objects.bulk_create(batch)
            count += len(batch)
        self.written[model._meta.label] = self.written.get(model._meta.label, 0) + count
        return count

    def finish(self):
        """Move each table's id sequence past the ids handed out here."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for model in self._next:
                table, pk = model._meta.db_table, model._meta.pk.column
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX({pk}), 1)) FROM {table}", [table, pk]
                )


# -- the calendar ----------------------------------------------------------------------------------------------


class Calendar:
    """Working-day arithmetic over the holiday table, remembered per (day, working days)."""

    def __init__(self):
        self.holidays = load_holidays()
        self._deadline = lru_cache(maxsize=None)(self._deadline_day)

    def _deadline_day(self, day: date, days: int) -> date:
        return nth_working_day_after(day, days, self.holidays)

    def deadline(self, moment: datetime, days: int) -> datetime:
        """Return the end of the `days`th working day after `moment` (as the services compute a deadline)."""
        day = self._deadline(local_date(moment), days)
        return datetime.combine(day, time.max, tzinfo=AMSTERDAM)

    def morning(self, after: datetime, days: int) -> datetime:
        """Return 07:00 on the `days`th working day after the day of `after` (when the morning scan runs)."""
        return datetime.combine(self._deadline(local_date(after), days), time(7), tzinfo=AMSTERDAM)

    def between(self, start: datetime, end: datetime) -> int:
        return working_days_between(start, end, self.holidays)
