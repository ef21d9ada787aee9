from django import template

from privacy.register import register_rows

register = template.Library()


@register.inclusion_tag("privacy/_register_table.html")
def privacy_register_table():
    """Render the register of personal data as a table, in the active language."""
    return {"privacy_register": register_rows()}
