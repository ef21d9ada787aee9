"""The "similar initiatives" block of an initiative's page: `{% initiative_similar initiative %}`."""

from django import template

from initiatives.networks import networks_active_in
from initiatives.similarity import connections_for_page

register = template.Library()


@register.inclusion_tag("initiatives/includes/similar.html", takes_context=True)
def initiative_similar(context, initiative):
    """Show similar and linked initiatives, and to initiators their open requests to join and network invitations."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {**connections_for_page(initiative, user), "user": user, "request": request}


@register.inclusion_tag("initiatives/includes/district_networks.html")
def district_networks(district):
    """Show the networks active in a district, with how many of its public initiatives each carries (one query)."""
    return {"district": district, "networks": networks_active_in(district)}
