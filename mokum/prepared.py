"""Model queries built and compiled once per process, then run again with a new value (prepared querysets).

Building and compiling an ORM query costs about as much as running a small one. A page that runs the same query on
every request (a dialogue's messages and its events) compiles it once per database and only puts in the value.
The rows become model instances as the ORM makes them: through the fields' converters and `Model.from_db`, on the
database the router chooses for reading (the replica where allowed, the primary after one's own write).

    EVENTS = PreparedQuery(DialogueEvent, lambda pk: DialogueEvent.objects.filter(dialogue_id=pk))
    events = EVENTS(dialogue.pk, parent=dialogue, parent_field="dialogue")

Only for a plain query of one model (no select_related, no annotations); the value must be an integer (an id).
"""

from django.db import connections, router

# An id no page asks for: its place among the compiled query's parameters is where each call's value goes.
SENTINEL = -7_318_264_509


class PreparedQuery:
    def __init__(self, model, build):
        self.model = model
        self.build = build  # build(value) -> a QuerySet of `model` that uses `value`
        self._compiled: dict[str, tuple] = {}

    def _compile(self, alias: str) -> tuple:
        compiler = self.build(SENTINEL).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        positions = [index for index, param in enumerate(params) if param == SENTINEL]
        klass_info = compiler.klass_info or {}
        if not positions or klass_info.get("related_klass_infos") or compiler.annotation_col_map:
            raise ValueError("A prepared query reads one model, without related models or annotations, by a value.")
        columns = [column for column, _sql, _alias in compiler.select]
        names = [column.target.attname for column in columns]
        converters = compiler.get_converters(columns)
        return sql, list(params), positions, names, converters

    def __call__(self, value: int, *, parent=None, parent_field: str = ""):
        """Return the instances for `value`; each knows `parent` as its `parent_field` (no query to read it back)."""
        hints = {"instance": parent} if parent is not None else {}
        alias = router.db_for_read(self.model, **hints)
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiled = self._compiled[alias] = self._compile(alias)
        sql, params, positions, names, converters = compiled
        params = list(params)
        for index in positions:
            params[index] = int(value)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = [self._converted(row, converters, connection) for row in rows]
        from_db = self.model.from_db
        instances = [from_db(alias, names, row) for row in rows]
        if parent is not None:
            remember = self.model._meta.get_field(parent_field).set_cached_value
            for instance in instances:
                remember(instance, parent)
        return instances

    @staticmethod
    def _converted(row, converters, connection) -> list:
        """Apply the fields' converters to one row, as the ORM's compiler does."""
        row = list(row)
        for position, (functions, expression) in converters.items():
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        return row
