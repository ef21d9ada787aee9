from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogues.errors import DialogueError
from initiatives.models import Initiative
from privacy.services import access_log
from support import ics, selectors, services, workflow
from support.filters import SchemeFilter
from support.forms import (
    AgreedPointsForm,
    ArticleForm,
    AssignForm,
    CloseForm,
    ConfirmForm,
    EventForm,
    SchemeForm,
    SupportRequestForm,
)
from support.models import Article, Event, Registration, Scheme, SupportRequest
from support.services import SupportError


def _posted(request):
    """Return the submitted data of a POST (bound even when empty), None for a GET."""
    return request.POST if request.method == "POST" else None


def overview(request):
    """What help there is: the needs, open schemes, the latest guides, upcoming events and your own requests."""
    now = timezone.now()
    user = request.user
    context = {
        "needs": SupportRequest.Need.choices,
        "schemes": Scheme.objects.published()
        .open_on(timezone.localdate(now))
        .prefetch_related("themes", "districts")[:6],
        # Guides in the page's language first; Dutch ones where there are none (yet) in Turkish or Arabic.
        "articles": selectors.article_list(language=get_language()).filter(
            language__in={get_language(), settings.LANGUAGE_CODE}
        )[:4],
        "events": selectors.event_list(now=now)[:4],
        "initiatives": list(selectors.initiatives_asking_help(user)),
        "my_requests": list(selectors.support_requests_of_initiatives(user)[:20]),
        "my_registrations": list(selectors.my_registrations(user, now=now)),
    }
    return render(request, "support/overview.html", context)


# --- Support requests ---------------------------------------------------------------------------------------------


def _initiative_from_query(request):
    try:
        pk = int(request.GET.get("initiative", ""))
    except ValueError:
        raise Http404(_("Choose the initiative you need help for.")) from None
    return get_object_or_404(Initiative.objects.select_related("district"), pk=pk)


@login_required
def request_create(request):
    initiative = _initiative_from_query(request)
    if not request.user.has_perm("support.add_request", initiative):
        raise PermissionDenied(_("Only the initiators of this initiative can ask for help for it."))
    initial = {"need": request.GET["need"]} if request.GET.get("need") in SupportRequest.Need.values else {}
    form = SupportRequestForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            support_request = services.support_request_create(
                initiative=initiative, actor=request.user, **form.cleaned_data
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            answer_time = selectors.support_answer_time(initiative, now=timezone.now())
            messages.success(request, _("Your request for help has been sent. %(next)s") % {"next": answer_time})
            return redirect(support_request)
    schemes = selectors.schemes_for_initiative(initiative, today=timezone.localdate())
    context = {
        "form": form,
        "initiative": initiative,
        "schemes": schemes,
        "answer_time": selectors.support_answer_time(initiative, now=timezone.now()),
    }
    return render(request, "support/request_form.html", context)


def _visible_request(request, pk):
    support_request = selectors.support_request_for(request.user, pk)
    if support_request is None:
        raise Http404(_("There is no support request here, or you may not see it."))
    return support_request


@login_required
def request_detail(request, pk):
    support_request = _visible_request(request, pk)
    access_log(request, "support_request", obj=support_request, subjects=support_request.initiative.initiators.all())
    context = {
        "support_request": support_request,
        "initiative": support_request.initiative,
        "schemes": selectors.schemes_for_initiative(support_request.initiative, today=timezone.localdate()),
        "history": support_request.history.select_related("history_user").order_by("history_date")[:50],
    }
    return render(request, "support/request_detail.html", context)


def _take_step(request, support_request, form, action, **kwargs):
    try:
        services.support_request_transition(
            support_request=support_request, action=action, actor=request.user, **kwargs
        )
    except SupportError as error:
        form.add_error(None, str(error))
        return None
    return redirect(support_request)


@login_required
def request_assign(request, pk):
    support_request = _visible_request(request, pk)
    if not request.user.has_perm("support.assign_request", support_request):
        raise PermissionDenied(_("Only the district’s coordinators assign supporters, while the request is open."))
    action = workflow.ASSIGN if support_request.status == SupportRequest.Status.NEW else workflow.REASSIGN
    supporters = services.district_supporters(support_request.initiative.district_id)
    initial = {
        "supporter": support_request.supporter_id,
        "due_date": support_request.due_date or services.default_due_date(now=timezone.now()),
    }
    form = AssignForm(_posted(request), supporters=supporters, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _take_step(request, support_request, form, action, **form.cleaned_data)
        if response:
            messages.success(request, _("The supporter has been told."))
            return response
    return render(
        request,
        "support/request_assign.html",
        {"support_request": support_request, "form": form, "reassign": action == workflow.REASSIGN},
    )


@login_required
def request_start(request, pk):
    support_request = _visible_request(request, pk)
    if not request.user.has_perm("support.start_request", support_request):
        raise PermissionDenied(_("Only the assigned supporter can start work on this request."))
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        response = _take_step(request, support_request, form, workflow.START)
        if response:
            messages.success(request, _("The initiators can see that you are working on it."))
            return response
    return render(request, "support/request_start.html", {"support_request": support_request, "form": form})


@login_required
def request_close(request, pk):
    support_request = _visible_request(request, pk)
    user = request.user
    outcomes = []
    if user.has_perm("support.close_request", support_request):
        outcomes = [workflow.FINISH, workflow.DECLINE]
    elif user.has_perm("support.decline_new_request", support_request):
        outcomes = [workflow.DECLINE]
    if not outcomes:
        raise PermissionDenied(_("You may not close this request."))
    form = CloseForm(_posted(request), outcomes=outcomes)
    if request.method == "POST" and form.is_valid():
        response = _take_step(
            request, support_request, form, form.cleaned_data["outcome"], note=form.cleaned_data["note"]
        )
        if response:
            messages.success(request, _("The request is closed and the initiators have been told."))
            return response
    return render(request, "support/request_close.html", {"support_request": support_request, "form": form})


@login_required
def inbox(request):
    """A supporter's open requests, due soonest first; a coordinator's requests waiting for a supporter."""
    if not request.user.has_perm("support.use_inbox"):
        raise PermissionDenied(_("The support inbox is for supporters and coordinators."))
    context = {
        "today": timezone.localdate(),
        "mine": list(selectors.supporter_inbox(request.user)),
        "waiting": list(selectors.coordinator_queue(request.user)),
        "district_open": list(selectors.coordinator_open_requests(request.user)),
    }
    return render(request, "support/inbox.html", context)


# --- Catalogue ----------------------------------------------------------------------------------------------------


def scheme_list(request):
    schemes = SchemeFilter(request.GET or None, queryset=selectors.scheme_list(request.user), request=request)
    page = Paginator(schemes.qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "support/scheme_list.html",
        {"filter": schemes, "page": page, "query": query.urlencode(), "today": timezone.localdate()},
    )


def scheme_detail(request, pk):
    scheme = get_object_or_404(Scheme.objects.prefetch_related("themes", "districts"), pk=pk)
    if not request.user.has_perm("support.view_scheme", scheme):
        raise Http404(_("This scheme is not published."))
    return render(request, "support/scheme_detail.html", {"scheme": scheme, "today": timezone.localdate()})


def _catalogue_keeper(request):
    if not request.user.is_authenticated:
        return False
    if not request.user.has_perm("support.manage_catalogue"):
        raise PermissionDenied(_("Only coordinators keep the catalogue and the guides."))
    return True


def _scheme_form(request, scheme):
    form = SchemeForm(_posted(request), instance=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_save(
                actor=request.user,
                scheme=form.save(commit=False),
                themes=form.cleaned_data["themes"],
                districts=form.cleaned_data["districts"],
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The scheme is saved."))
            return redirect(scheme)
    return render(request, "support/scheme_form.html", {"form": form, "scheme": scheme})


@login_required
def scheme_create(request):
    _catalogue_keeper(request)
    return _scheme_form(request, Scheme())


@login_required
def scheme_edit(request, pk):
    _catalogue_keeper(request)
    return _scheme_form(request, get_object_or_404(Scheme, pk=pk))


def article_list(request):
    articles = selectors.article_list(language=get_language(), user=request.user)
    category = request.GET.get("category", "")
    if category in Article.Category.values:
        articles = articles.filter(category=category)
    return render(
        request,
        "support/article_list.html",
        {"articles": articles, "categories": Article.Category.choices, "category": category},
    )


def article_detail(request, slug):
    article = get_object_or_404(Article, slug=slug)
    if not request.user.has_perm("support.view_article", article):
        raise Http404(_("This guide is not published."))
    return render(request, "support/article_detail.html", {"article": article})


def _article_form(request, article):
    form = ArticleForm(_posted(request), instance=article)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_save(actor=request.user, article=form.save(commit=False))
        except SupportError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, _("The guide is saved."))
            return redirect(article)
    return render(request, "support/article_form.html", {"form": form, "article": article})


@login_required
def article_create(request):
    _catalogue_keeper(request)
    return _article_form(request, Article(language=get_language()))


@login_required
def article_edit(request, slug):
    _catalogue_keeper(request)
    return _article_form(request, get_object_or_404(Article, slug=slug))


# --- Events -------------------------------------------------------------------------------------------------------


def event_list(request):
    now = timezone.now()
    events = selectors.event_list(now=now)
    kind = request.GET.get("kind", "")
    if kind in Event.Kind.values:
        events = events.filter(kind=kind)
    return render(
        request,
        "support/event_list.html",
        {"events": events[:100], "kinds": Event.Kind.choices, "kind": kind},
    )


def _visible_event(request, pk):
    event = selectors.event_for(request.user, pk)
    if event is None:
        raise Http404(_("There is no event here."))
    return event


def event_detail(request, pk):
    event = _visible_event(request, pk)
    registration = selectors.registration_of(request.user, event)
    context = {
        "event": event,
        "registration": registration,
        "waiting_position": selectors.waiting_position(registration),
        "is_over": event.ends_at <= timezone.now(),
        "places_left": max(event.capacity - event.confirmed_count, 0),
    }
    return render(request, "support/event_detail.html", context)


@login_required
@require_POST
def event_register(request, pk):
    event = _visible_event(request, pk)
    try:
        registration = services.event_register(event=event, user=request.user)
    except SupportError as error:
        messages.error(request, str(error))
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered. We look forward to seeing you."))
        else:
            messages.warning(
                request, _("The event is full, so you are on the waiting list. We will tell you when a place frees up.")
            )
    return redirect(event)


@login_required
def event_cancel(request, pk):
    event = _visible_event(request, pk)
    registration = selectors.registration_of(request.user, event)
    if registration is None:
        messages.error(request, _("You are not registered for this event."))
        return redirect(event)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_cancel(registration=registration, actor=request.user)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your registration is cancelled."))
            return redirect(event)
    return render(request, "support/event_cancel.html", {"event": event, "registration": registration, "form": form})


def _event_form(request, event):
    districts = selectors.event_districts_for(request.user)
    city_wide = request.user.has_perm("support.organise_event_in", None)
    form = EventForm(_posted(request), instance=event, districts=districts, city_wide_allowed=city_wide)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(actor=request.user, event=form.save(commit=False))
        except SupportError as error:
            form.add_error("capacity", str(error))
        else:
            messages.success(request, _("The event is saved."))
            return redirect(event)
    return render(request, "support/event_form.html", {"form": form, "event": event})


@login_required
def event_create(request):
    if not request.user.has_perm("support.add_event"):
        raise PermissionDenied(_("Only coordinators organise events."))
    return _event_form(request, Event())


@login_required
def event_edit(request, pk):
    event = _visible_event(request, pk)
    if not request.user.has_perm("support.change_event", event):
        raise PermissionDenied(_("Only the organiser and the coordinators can change this event."))
    return _event_form(request, get_object_or_404(Event, pk=pk))


@login_required
def event_attendees(request, pk):
    event = _visible_event(request, pk)
    if not request.user.has_perm("support.view_attendees", event):
        raise PermissionDenied(_("Only the organiser and the coordinators see who comes."))
    confirmed, waiting = selectors.event_attendees(event)
    access_log(request, "attendee_list", obj=event, subjects=[r.user for r in [*confirmed, *waiting]])
    return render(request, "support/event_attendees.html", {"event": event, "confirmed": confirmed, "waiting": waiting})


@login_required
def event_agreed_points(request, pk):
    """Put what was agreed at an event on the record of the dialogue it is about."""
    event = _visible_event(request, pk)
    if not request.user.has_perm("support.post_agreed_points", event):
        raise PermissionDenied(_("Only the organiser and the coordinators post the agreed points of this event."))
    form = AgreedPointsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = services.event_post_agreed_points(
                event=event, actor=request.user, text=form.cleaned_data["text"]
            )
        except DialogueError as error:
            form.add_error(None, error.message)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The agreed points are on the dialogue’s record."))
            return redirect(dialogue)
    return render(request, "support/event_agreed_points.html", {"event": event, "form": form})


def event_ics(request, pk):
    event = _visible_event(request, pk)
    return _calendar_response(ics.calendar_for([event], request=request), f"event-{event.pk}.ics")


def event_feed(request):
    events = Event.objects.published().upcoming(timezone.now()).select_related("district")[:500]
    return _calendar_response(ics.calendar_for(events, request=request), "kracht-van-mokum.ics", inline=True)


def _calendar_response(body: bytes, filename: str, *, inline=False):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
