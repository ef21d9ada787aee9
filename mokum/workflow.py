"""The one workflow core: a transition table of edges, and the one engine that takes an edge.

Dialogues, initiatives and support requests each keep their table in `<app>/workflow.py` and their `Flow`
(how to lock, who may, what each named effect does, where the history goes, who hears of it) in
`<app>/services.py`. `take` is the only code that moves any of them:

1. lock the row (select_for_update) and refuse a stale form where the model has a version;
2. look the edge up: not in the table → `NotAllowed`;
3. check the permission (django-rules, through the flow) → `Refused`;
4. check the edge's required fields and its named checks → `MissingField` (field → message);
5. run the edge's guards (time windows and the like) → `NotAllowed`;
6. run the edge's effects, move the state, raise the version, save with a history entry;
7. write the edge's notices (their e-mails leave after commit) and hand `Step.after_commit` callbacks to
   `transaction.on_commit`, so nothing leaves the building when the transaction rolls back.

What an edge does is data on the edge (effects, checks, guards and notices by name); the flow holds the
small named handlers. A refusal changes nothing: the transaction rolls back with everything it wrote.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

# Clock values of an edge: the current turn's clock keeps running, or nobody is waited on any more.
KEEP = "keep"
STOP = "stop"


# -- one error family -------------------------------------------------------------------------------


class WorkflowError(Exception):
    """Anything the workflow refuses. Each app's errors (DialogueError, InitiativeError, SupportError) are these."""


class _Refusal(WorkflowError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(_Refusal):
    """The table has no such edge from the current state, or a guard (a deadline, a window) holds it back."""


class Refused(_Refusal):
    """The person may not take the edge."""


class StaleVersion(_Refusal):
    """Someone else changed the row since the form was shown."""


class MissingField(WorkflowError, ValidationError):
    """Fields the edge needs are missing or wrong: a ValidationError of field → message, so forms show each."""

    def __init__(self, problems: Mapping[str, Any]):
        ValidationError.__init__(self, dict(problems))


# -- the table --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """A notification an edge sends: its kind, to which audiences (named by the flow), with which extras."""

    kind: str
    to: tuple[str, ...]
    extra: tuple[str, ...] = ()
    link: str = ""


@dataclass(frozen=True)
class Edge:
    """One step: where it leads, who may take it, what it needs, and what happens on it (all as data).

    `who` is a side the app's rules map to a predicate (dialogues) or a permission name (initiatives,
    support). `clock` is KEEP, STOP or the name of the setting that gives the new turn's working days,
    and `waiting_on` whose turn it is then. `checks` add field problems, `guards` refuse the step
    (NotAllowed), `effects` change what hangs on the row; each is the name of a handler of the flow.
    """

    target: str
    who: str
    waiting_on: str = KEEP
    clock: str = KEEP
    required: tuple[str, ...] = ()
    reason_is_internal: bool = False
    checks: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    notices: tuple[Notice, ...] = ()

    @property
    def handlers(self) -> tuple[str, ...]:
        """Return the names of every handler the edge needs."""
        return self.checks + self.guards + self.effects


class Table(dict[tuple[str, str], Edge]):
    """A transition table: (state, action) → Edge, with the questions every app asks of its table."""

    def __init__(
        self,
        edges: Mapping[Any, Edge] | Iterable[tuple[Any, Edge]] = (),
        *,
        order: Sequence[str] = (),
    ):
        super().__init__(edges)
        self.order = list(order)

    def attach(self, **per_action: Mapping[str, Any]) -> None:
        """Give each edge what its action does wherever it is taken: `attach(effects=EFFECTS)` sets the
        `effects` of every edge of an action in EFFECTS to EFFECTS[action]."""
        for (state, action), edge in list(self.items()):
            changes = {name: values[action] for name, values in per_action.items() if action in values}
            self[(state, action)] = replace(edge, **changes)

    def lookup(self, state: str, action: str) -> Edge | None:
        """Return the edge for `action` in `state`, or None when the table does not have it."""
        return self.get((state, action))

    def actions_from(self, state: str) -> list[str]:
        """Return the actions the table allows in `state`, in the table's order of actions (or its own)."""
        actions = [action for (source, action) in self if source == state]
        if self.order:
            return [action for action in self.order if action in actions]
        return actions

    def states_for(self, who: str) -> frozenset[str]:
        """Return the states in which `who` (a side or a permission) can take some edge."""
        return frozenset(state for (state, _action), edge in self.items() if edge.who == who)

    def sides_of(self, action: str) -> set[str]:
        """Return who may take `action`, over every state where the table has it."""
        return {edge.who for (_state, name), edge in self.items() if name == action}

    def handler_names(self) -> set[str]:
        """Return every handler name the table's edges use (a test checks the flow has them all)."""
        return {name for edge in self.values() for name in edge.handlers}

    def describe(self, *, group: Sequence[str] = (), group_name: str = "open") -> str:
        """Return the table as a Mermaid state diagram.

        An action that leaves every state of `group` alike (withdraw, close) is drawn once, from `group_name`.
        """
        everywhere = set()
        if group:
            actions = dict.fromkeys(action for (_state, action) in self)
            everywhere = {
                action
                for action in actions
                if all((state, action) in self and self[(state, action)].target != state for state in group)
            }
        lines = ["stateDiagram-v2"]
        for (state, action), edge in self.items():
            if edge.target != state and action not in everywhere:
                lines.append(f"    {state} --> {edge.target}: {action} ({edge.who})")
        for action in sorted(everywhere):
            edge = self[(group[0], action)]
            lines.append(f"    {group_name} --> {edge.target}: {action} ({edge.who}), from every {group_name} state")
        return "\n".join(lines)


# -- the engine -------------------------------------------------------------------------------------


@dataclass
class Step:
    """One edge being taken: the locked row, what was asked, and what the handlers collect on the way."""

    obj: Any
    action: str
    edge: Edge
    actor: Any
    now: datetime
    fields: dict[str, Any]
    from_state: str
    # What the history entry records besides the state (a message's id, the official's name, ...).
    params: dict[str, Any] = field(default_factory=dict)
    # What the flow keeps for its handlers (holidays, the previous supporter, ...).
    context: dict[str, Any] = field(default_factory=dict)
    _after_commit: list[Callable[[], None]] = field(default_factory=list)

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the transaction commits; never when it rolls back."""
        self._after_commit.append(callback)


class Flow:
    """How one app's rows go through the engine; the app subclasses it next to its services.

    The defaults fit a model with a `status` field, permission names as `who`, and no version.
    """

    table: Table
    model: Any
    state_field = "status"
    version_field: str | None = None
    related: tuple[str, ...] = ()
    not_allowed_error: type[NotAllowed] = NotAllowed
    refused_error: type[Refused] = Refused
    stale_error: type[StaleVersion] = StaleVersion
    field_messages: Mapping[str, Any] = {}

    # Handlers by name: checks return problems (field → message), guards and effects return nothing.
    def handler(self, name: str) -> Callable[[Step], Any]:
        return getattr(self, f"_{name}")

    def lock(self, obj):
        """Return the row, locked until the transaction ends."""
        query = self.model.objects.select_for_update(of=("self",))
        if self.related:
            query = query.select_related(*self.related)
        return query.get(pk=obj.pk)

    def not_allowed_message(self, obj) -> str:
        raise NotImplementedError

    def stale_message(self, obj) -> str:
        raise NotImplementedError

    def refusal(self, step: Step) -> str:
        """Return why the actor may not take the edge, or "" when they may (default: the permission `who`)."""
        if step.actor is not None and step.actor.has_perm(step.edge.who, step.obj):
            return ""
        return self.refused_message(step)

    def refused_message(self, step: Step) -> str:
        raise NotImplementedError

    def prepare(self, step: Step) -> None:
        """Fill in defaults before the fields are checked (nothing by default)."""

    def missing_message(self, step: Step, name: str) -> Any:
        return self.field_messages[name]

    def field_problems(self, step: Step) -> dict[str, Any]:
        """Return problems with the fields whatever the edge (too long, say); none by default."""
        return {}

    def invalid(self, problems: dict[str, Any]) -> Exception:
        """Return the error for field problems (the app may turn them into its own error)."""
        return MissingField(problems)

    def save_with_history(self, step: Step) -> None:
        """Save the moved row and append its history entry."""
        raise NotImplementedError

    def audience(self, step: Step, name: str) -> list:
        """Return the people an audience name of a notice stands for."""
        return getattr(self, f"_to_{name}")(step)

    def announce(self, step: Step, notice: Notice, people: list) -> None:
        """Write the notification of `notice` to `people` (its e-mails leave after commit)."""
        raise NotImplementedError


def _check_fields(flow: Flow, step: Step) -> None:
    problems: dict[str, Any] = {}
    for name in step.edge.required:
        if not step.fields.get(name):
            problems[name] = str(flow.missing_message(step, name))
    problems.update(flow.field_problems(step))
    for name in step.edge.checks:
        # The first problem of a field is the one to fix first.
        for key, problem in (flow.handler(name)(step) or {}).items():
            problems.setdefault(key, problem)
    if problems:
        raise flow.invalid(problems)


def take(
    flow: Flow,
    *,
    obj,
    action: str,
    actor,
    fields: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    expected_version: int | None = None,
    context: Mapping[str, Any] | None = None,
) -> Step:
    """Take `action` on `obj` as `actor` (None: the platform itself) and return the step taken.

    Locks the row, refuses a stale version, looks the edge up, checks the permission, the required fields
    and the edge's checks and guards, runs its effects, moves the state, saves with a history entry and
    writes its notices; callbacks of the step run after commit. Any refusal raises and changes nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = flow.lock(obj)
        version = getattr(locked, flow.version_field) if flow.version_field else None
        if expected_version is not None and version is not None and version != expected_version:
            raise flow.stale_error(flow.stale_message(locked))
        state = getattr(locked, flow.state_field)
        edge = flow.table.lookup(state, action)
        if edge is None:
            raise flow.not_allowed_error(flow.not_allowed_message(locked))
        step = Step(
            obj=locked,
            action=action,
            edge=edge,
            actor=actor,
            now=now,
            fields=dict(fields or {}),
            from_state=state,
            context=dict(context or {}),
        )
        refusal = flow.refusal(step)
        if refusal:
            raise flow.refused_error(refusal)
        flow.prepare(step)
        _check_fields(flow, step)
        for name in (*edge.guards, *edge.effects):
            flow.handler(name)(step)
        setattr(locked, flow.state_field, edge.target)
        if flow.version_field:
            setattr(locked, flow.version_field, getattr(locked, flow.version_field) + 1)
        flow.save_with_history(step)
        for notice in edge.notices:
            people = [person for name in notice.to for person in flow.audience(step, name)]
            flow.announce(step, notice, people)
        for callback in step._after_commit:
            transaction.on_commit(callback)
    return step
