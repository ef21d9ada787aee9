"""Thin views: the coordinators' dashboard, its overdue list and spreadsheet exports, and the public statistics."""

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboard import selectors
from dashboard import statistics as stats
from dashboard.forms import StatisticsFilterForm
from dashboard.tables import EXPORT_FORMATS, csv_response, xlsx_response
from districts.models import District
from districts.workdays import local_date
from inbound.selectors import officials_away
from mokum.pagecache import Later, holidays_for_pages, later, shared_value
from privacy.services import access_log

OVERDUE_PAGE_SIZE = 50


def _filter_form(request, districts, *, now, staff=True):
    departments = selectors.department_choices(districts) if staff else None
    return StatisticsFilterForm(request.GET or None, departments=departments, today=local_date(now))


def _export_refused(request, status: int, reason: str):
    return render(request, "dashboard/export_refused.html", {"reason": reason}, status=status)


def _export_format(request) -> str:
    """Return the export format asked for ("" for the page itself)."""
    return request.GET.get("format", "")


def _bad_format(request):
    return _export_refused(
        request,
        400,
        _("A table can be downloaded as %(formats)s; “%(format)s” is not one of them.")
        % {"formats": " / ".join(EXPORT_FORMATS), "format": _export_format(request)[:20]},
    )


def _export(request, fmt: str, tables: dict, scope, now):
    """Return the table named by `?table=` as a CSV or .xlsx download, or say why not.

    `tables` maps names to tables, or to functions that make one (so an export computes only its own).
    """
    name = request.GET.get("table", "")
    table = tables.get(name)
    if callable(table):
        table = table()
    if table is None:
        reason = _("There is no such table. The tables of this page are: %(names)s.") % {"names": ", ".join(tables)}
        return _export_refused(request, 404, reason)
    access_log(request, "dashboard_export")
    filename = f"kracht-van-mokum-{scope}-{table.name}-{local_date(now).isoformat()}.{fmt}"
    respond = xlsx_response if fmt == "xlsx" else csv_response
    return respond(table, filename=filename, base_url=request.build_absolute_uri("/")[:-1])


def _render_dashboard(request, *, districts, district=None):
    fmt = _export_format(request)
    if fmt and fmt not in EXPORT_FORMATS:
        return _bad_format(request)
    now = timezone.now()
    if fmt:
        data = _dashboard_page(request, districts, now=now, export=True, compare=district is None)["data"]
        scope = district.slug if district else "amsterdam"
        return _export(request, fmt, data.tables, scope, now)
    # The page's content is the same for everyone who may see these districts' dashboard: rendered once per data
    # version and address ({% sharedcache %}); its figures are read only when it is not in the cache.
    page = Later(lambda: _dashboard_page(request, districts, now=now, export=False, compare=district is None))
    context = {name: later(lambda name=name: page()[name]) for name in ("data", "form", "query")}
    return render(
        request,
        "dashboard/dashboard.html",
        {
            **context,
            "district": district,
            "now": now,
            # Out-of-office notices, the same for everyone who sees these districts (a write raises the data version).
            "away": shared_value(
                ("officials-away", *(d.pk for d in districts)), lambda: officials_away(districts=districts, now=now)
            ),
            "page_key": (request.get_full_path(), tuple(d.pk for d in districts)),
        },
    )


def _dashboard_page(request, districts, *, now, export, compare):
    form = _filter_form(request, districts, now=now)
    data = selectors.dashboard_data(
        districts=districts,
        filters=form.filters(),
        now=now,
        holidays=holidays_for_pages(),
        compare=compare,
        charts=not export,
    )
    if export:
        return {"data": data}
    return {"data": data, "form": form, "query": form.query_string()}


@login_required
def index(request):
    """Show the city-wide dashboard to city coordinators; take a district's coordinator to their district."""
    user = request.user
    if not rules.has_perm("dashboard.view_dashboard", user):
        raise PermissionDenied(_("The dashboard is for the coordinators of the platform."))
    districts = selectors.dashboard_districts(user)
    if rules.has_perm("dashboard.view_city", user):
        return _render_dashboard(request, districts=districts)
    if len(districts) == 1:
        return redirect("dashboard:district", slug=districts[0].slug)
    return render(request, "dashboard/choose.html", {"districts": districts})


@login_required
def district_dashboard(request, slug):
    """Show one district's dashboard to its coordinators and to the city's."""
    district = get_object_or_404(District, slug=slug)
    if not rules.has_perm("dashboard.view_district", request.user, district):
        raise PermissionDenied(_("This dashboard is for the coordinators of %(district)s.") % {"district": district})
    return _render_dashboard(request, districts=[district], district=district)


@login_required
def overdue(request, slug=None):
    """List the overdue dialogues, most overdue first, filtered by band, theme and department."""
    if slug is None:
        if not rules.has_perm("dashboard.view_city", request.user):
            raise PermissionDenied(_("The city-wide overdue list is for the city's coordinators."))
        district, districts = None, list(District.objects.order_by("name"))
    else:
        district = get_object_or_404(District, slug=slug)
        if not rules.has_perm("dashboard.view_district", request.user, district):
            raise PermissionDenied(_("This list is for the coordinators of %(district)s.") % {"district": district})
        districts = [district]
    fmt = _export_format(request)
    if fmt and fmt not in EXPORT_FORMATS:
        return _bad_format(request)
    now = timezone.now()
    holidays = holidays_for_pages()
    form = _filter_form(request, districts, now=now)
    filters = form.filters()
    bands = stats.overdue_bands()
    band = request.GET.get("band", "")
    if band not in {b.key for b in bands}:
        band = ""
    dialogues = stats.filtered_dialogues(district_ids=[d.pk for d in districts], filters=filters)
    late = stats.overdue_dialogues(dialogues, now=now, holidays=holidays, band=band)
    if fmt:
        scope = district.slug if district else "amsterdam"
        # Only the table asked for is computed.
        tables = {
            "overdue": lambda: selectors.overdue_rows(late, now=now, holidays=holidays),
            "overdue_bands": lambda: selectors.bands_table(stats.overdue_counts(dialogues, now=now, holidays=holidays)),
        }
        return _export(request, fmt, tables, scope, now)
    page = Paginator(late, OVERDUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = form.query_string()
    if band:
        query = f"{query}&band={band}" if query else f"band={band}"
    context = {
        "district": district,
        "form": form,
        "bands": bands,
        "band": band,
        "counts": selectors.bands_table(stats.overdue_counts(dialogues, now=now, holidays=holidays)),
        "table": selectors.overdue_rows(page.object_list, now=now, holidays=holidays),
        "page": page,
        "query": query,
        "filter_query": form.query_string(),
    }
    return render(request, "dashboard/overdue.html", context)


def public_statistics(request):
    """Show everyone how responsive the municipality is, city-wide and per district (no personal data)."""
    now = timezone.now()
    districts = list(District.objects.order_by("name"))
    form = _filter_form(request, districts, now=now, staff=False)
    context = {
        "form": form,
        "statistics": selectors.public_statistics(districts=districts, filters=form.filters(), now=now, compare=True),
        "districts": districts,
    }
    return render(request, "dashboard/statistics.html", context)
