"""The replica router's decisions (mokum/dbrouter.py): which reads go to the replica, read-your-writes after a
write, transactions and migrations on the primary. A real streaming replica: `make replica-demo`."""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from accounts.models import User
from mokum import dbrouter
from mokum.dbrouter import PIN_COOKIE, ReplicaMiddleware, ReplicaRouter, read_database

router = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch, settings):
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    settings.REPLICA_PIN_SECONDS = 15


def decide(method, path, *, cookies=None):
    """Run `path` through the middleware and return where the view's reads went, and the response."""
    request = getattr(RequestFactory(), method.lower())(path)
    request.COOKIES.update(cookies or {})
    request.resolver_match = resolve(path)
    seen = {}

    def view(request):
        seen["read"] = router.db_for_read(User)
        seen["write"] = router.db_for_write(User)
        return HttpResponse("ok")

    middleware = ReplicaMiddleware(view)

    def through(request):
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware.get_response = through
    response = middleware(request)
    return seen, response


@pytest.mark.parametrize(
    "path", ["/dashboard/", "/dashboard/west/", "/dashboard/west/overdue/", "/statistics/", "/api/v1/initiatives/"]
)
def test_dashboards_statistics_exports_and_the_api_read_from_the_replica(with_replica, path):
    seen, _response = decide("GET", path)
    assert seen == {"read": "replica", "write": "default"}


@pytest.mark.parametrize(
    "path", ["/", "/initiatives/", "/initiatives/1/", "/dialogues/1/", "/inbox/", "/accounts/profile/"]
)
def test_every_other_page_reads_from_the_primary(with_replica, path):
    seen, _response = decide("GET", path)
    assert seen["read"] == "default"


def test_a_write_pins_the_writer_to_the_primary_for_a_while(with_replica):
    seen, response = decide("POST", "/dashboard/west/")
    assert seen["read"] == "default", "the request that writes reads from the primary"
    assert response.cookies[PIN_COOKIE]["max-age"] == 15
    seen, _response = decide("GET", "/dashboard/west/", cookies={PIN_COOKIE: "1"})
    assert seen["read"] == "default", "their next pages read their own writes"
    seen, response = decide("GET", "/dashboard/west/")
    assert seen["read"] == "replica" and PIN_COOKIE not in response.cookies, "everyone else: the replica"


def test_without_a_replica_everything_reads_from_the_primary():
    seen, response = decide("GET", "/dashboard/west/")
    assert seen["read"] == "default"
    assert read_database() == "default"


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_reads_go_to_the_primary(with_replica):
    with dbrouter.reading_from_replica():
        assert read_database() == "replica"
        with transaction.atomic():
            assert read_database() == "default"
        with dbrouter.pinned_to_primary():
            assert read_database() == "default"
    assert read_database() == "default", "tasks and commands read from the primary unless they ask"


def test_migrations_only_on_the_primary():
    assert router.allow_migrate("default", "initiatives") is True
    assert router.allow_migrate("replica", "initiatives") is False
