"""Model queries built and compiled once per process, then run again with a new value (prepared querysets).

Building and compiling an ORM query costs about as much as running a small one: an initiative's page query (its
weekly supports, themes, initiators and similar initiatives) took 3 ms to compile, more than PostgreSQL took to
run it once prepared. A page that runs the same query on every request compiles it once per database (and
shape, see below) and only puts in the value. The rows become model instances as the ORM makes them: through the
fields' converters, `Model.from_db`, the related objects of `select_related` and the annotations, on the database
the router chooses for reading (the replica where allowed, the primary after one's own write); `prefetch` names
lookups prefetched on the instances afterwards, as `prefetch_related` would.

    EVENTS = PreparedQuery(DialogueEvent, lambda pk: DialogueEvent.objects.filter(dialogue_id=pk))
    events = EVENTS(dialogue.pk, parent=dialogue, parent_field="dialogue")

The values are integers (ids) or text (a search, a slug) that the query passes to the database as they are: a
value the query changes on the way (a search's stems on SQLite, `icontains`) cannot be put in, and the query is
refused. `shape` is for what changes the query's text rather than a value in it (a day its weeks start from, which
filters are set, a page's place): each shape is compiled once, and only the most recent `shapes` are kept.
"""

from datetime import UTC, datetime, timedelta

from django.db import connections, router
from django.db.models import prefetch_related_objects
from django.db.models.query import get_related_populators

# Ids no page asks for (one per value, counting down from this one) and a text nobody types: their places among the
# compiled query's parameters are where each call's values go.
SENTINEL = -7_318_264_509
# How many shapes of one query a process keeps compiled, unless told (a day's query is used until the next day).
SHAPES_KEPT = 4


# A moment no page asks about (one per value, a second apart).
SENTINEL_MOMENT = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


def kind_of(value) -> type:
    """Return the kind of stand-in a value needs: int, str or datetime."""
    for kind in (str, datetime):
        if isinstance(value, kind):
            return kind
    return int


def sentinel(kind: type, number: int):
    """Return the stand-in of the value at `number` of type `kind` (int, str or datetime) while a query is built."""
    if kind is str:
        return f"zq{-SENTINEL}v{number}"
    if kind is datetime:
        return SENTINEL_MOMENT + timedelta(seconds=number)
    return SENTINEL - number


def value_places(sql: str, params: list, sentinels: list) -> list[tuple[int, int]]:
    """Return (place among `params`, which value goes there) for each stand-in in a built statement.

    Refuses a statement that lacks a value, or has one written into its text or changed on the way (`%…%`).
    """
    places = [(index, sentinels.index(param)) for index, param in enumerate(params) if param in sentinels]
    changed = [p for p in params if isinstance(p, str) and p not in sentinels and any(str(s) in p for s in sentinels)]
    missing = {number for _index, number in places} != set(range(len(sentinels)))
    if missing or changed or any(str(s) in sql for s in sentinels):
        raise ValueError("A prepared query must pass each of its values to the database as it is, as a parameter.")
    return places


def with_values(params: list, places: list, values, kinds) -> list:
    """Return `params` with the call's `values` in their places."""
    params = list(params)
    for index, number in places:
        value = values[number]
        params[index] = int(value) if kinds[number] is int else value
    return params


def _keep(store: dict, key, value, limit: int):
    """Keep `value` under `key` in `store`, letting go of the oldest entry beyond `limit`; return `value`."""
    if len(store) >= limit:
        store.pop(next(iter(store)), None)
    store[key] = value
    return value


class _Compiled:
    """A compiled query: its statement, where the value goes, and how its rows become instances."""

    def __init__(self, compiler, alias, sentinels: list):
        sql, params = compiler.as_sql()  # also sets the compiler's select, klass_info and annotation_col_map
        self.sql, self.params = sql, list(params)
        self.positions = value_places(sql, self.params, sentinels)
        klass_info = compiler.klass_info
        self.model = klass_info["model"]
        select_fields = klass_info["select_fields"]
        self.start, self.end = select_fields[0], select_fields[-1] + 1
        self.init_list = [column.target.attname for column, _sql, _alias in compiler.select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, compiler.select, alias)
        self.annotations = list(compiler.annotation_col_map.items())
        self.width = compiler.col_count if compiler.has_extra_select else None
        # The fields' converters (dates, JSON, decimals …), found once: looking them up took as long as applying them.
        self.converters = compiler.get_converters(
            [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        )


class PreparedQuery:
    def __init__(self, model, build, *, prefetch=(), shapes=SHAPES_KEPT):
        self.model = model
        self.build = build  # build(*values, *shape) -> a QuerySet of `model` that uses each of the values
        self.prefetch = tuple(prefetch)
        self.shapes = shapes
        self._compiled: dict[tuple, _Compiled] = {}

    def _compile(self, key: tuple) -> _Compiled:
        alias, kinds, shape = key
        sentinels = [sentinel(kind, number) for number, kind in enumerate(kinds)]
        queryset = self.build(*sentinels, *shape)
        if queryset._prefetch_related_lookups:
            raise ValueError("A prepared query prefetches through `prefetch=`, not prefetch_related().")
        compiled = _Compiled(queryset.query.get_compiler(using=alias), alias, sentinels)
        return _keep(self._compiled, key, compiled, self.shapes)

    def __call__(self, *values: int | str, shape: tuple = (), parent=None, parent_field: str = ""):
        """Return the instances for `values`; each knows `parent` as its `parent_field` (no query to read it back)."""
        hints = {"instance": parent} if parent is not None else {}
        alias = router.db_for_read(self.model, **hints)
        kinds = tuple(kind_of(value) for value in values)
        key = (alias, kinds, shape)
        compiled = self._compiled.get(key) or self._compile(key)
        params = with_values(compiled.params, compiled.positions, values, kinds)
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.width is not None:  # columns only the ordering needed
            rows = [row[: compiled.width] for row in rows]
        if compiled.converters:
            rows = self._converted(rows, compiled.converters, connections[alias])
        instances = [self._instance(compiled, row, alias) for row in rows]
        if parent is not None:
            remember = self.model._meta.get_field(parent_field).set_cached_value
            for instance in instances:
                remember(instance, parent)
        if self.prefetch and instances:
            prefetch_related_objects(instances, *self.prefetch)
        return instances

    @staticmethod
    def _converted(rows, converters: dict, connection) -> list:
        """Apply the fields' converters to the rows, as the ORM's compiler does (with this thread's connection)."""
        converters = list(converters.items())
        converted = []
        for row in map(list, rows):
            for position, (functions, expression) in converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            converted.append(row)
        return converted

    @staticmethod
    def _instance(compiled: _Compiled, row, alias: str):
        """Return the model instance of one converted row, as the ORM's ModelIterable makes it."""
        instance = compiled.model.from_db(alias, compiled.init_list, row[compiled.start : compiled.end])
        for populator in compiled.populators:
            populator.populate(row, instance)
        for name, position in compiled.annotations:
            setattr(instance, name, row[position])
        return instance


class PreparedStatement:
    """A statement of plain rows, built once per shape from stand-in values; each call puts its own values in.

    `build(*values, *shape)` returns (sql, params), e.g. from `queryset.query.sql_with_params()` and whatever is
    written around it. The values may be ids, text or moments (`now`).
    """

    def __init__(self, build, *, shapes=SHAPES_KEPT):
        self.build = build
        self.shapes = shapes
        self._built: dict[tuple, tuple] = {}

    def __call__(self, *values, shape: tuple = ()) -> tuple[str, list]:
        """Return the statement and its parameters for `values`."""
        kinds = tuple(kind_of(value) for value in values)
        key = (kinds, shape)
        built = self._built.get(key)
        if built is None:
            sentinels = [sentinel(kind, number) for number, kind in enumerate(kinds)]
            sql, params = self.build(*sentinels, *shape)
            params = list(params)
            built = _keep(self._built, key, (sql, params, value_places(sql, params, sentinels)), self.shapes)
        sql, params, places = built
        return sql, with_values(params, places, values, kinds)
