from django import template

from connect.forms import ReactionForm
from connect.selectors import needs_for_page, reactions_closed, reactions_for_page, reactions_shared_as
from initiatives.rules import is_initiator
from mokum.pagecache import later

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.inclusion_tag("connect/includes/reactions.html", takes_context=True)
def initiative_reactions(context, initiative):
    """Show the neighbours' reactions on an initiative, with the form to react where one may."""
    user = _user(context)
    if not user.has_perm("connect.view_reactions", initiative):
        return {"shown": False}
    shared_as = reactions_shared_as(initiative, user)
    moderator = shared_as.moderator
    can_react = user.has_perm("connect.add_reaction", initiative)
    return {
        "shown": True,
        "initiative": initiative,
        # Read when the template uses it: not at all when the list comes from the shared cache.
        "page": later(lambda: reactions_for_page(initiative, moderator=moderator)),
        "closed": reactions_closed(initiative),
        "shared_as": shared_as,
        "user": user,
        "moderator": moderator,
        "can_close": user.has_perm("connect.close_reactions", initiative),
        # Its own ids: the update form on the same page has a language field too.
        "form": ReactionForm(auto_id="reaction_%s") if can_react else None,
        "request": context.get("request"),
    }


@register.inclusion_tag("connect/includes/needs.html", takes_context=True)
def initiative_needs(context, initiative):
    """Show what an initiative needs, who helps, and to its initiators the offers to decide on."""
    user = _user(context)
    needs = needs_for_page(initiative, user)
    can_post = user.has_perm("connect.post_need", initiative)
    if not needs and not can_post:
        return {"shown": False}
    return {
        "shown": True,
        "initiative": initiative,
        "needs": needs,
        "user": user,
        "is_initiator": is_initiator(user, initiative),
        "can_post": can_post,
        "request": context.get("request"),
    }


@register.filter
def visible_helpers(need):
    """Return the accepted helpers of `need` who chose to be named."""
    return [offer for offer in need.shown_offers if offer.state == "accepted" and offer.show_name]


@register.filter
def unnamed_helper_count(need):
    """Return how many accepted helpers of `need` chose not to be named."""
    return sum(1 for offer in need.shown_offers if offer.state == "accepted" and not offer.show_name)


@register.filter
def own_offer(need, user):
    """Return the offer `user` made on `need`, if any."""
    if not user.is_authenticated:
        return None
    return next((offer for offer in need.shown_offers if offer.helper_id == user.pk), None)
