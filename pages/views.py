from django.conf import settings
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView, TemplateView

from districts.selectors import district_list, district_public_people


class StatementView(TemplateView):
    """A legal text (privacy, accessibility, terms) written out whole per language.

    Each text is one template per language (`pages/<statement>.<language>.html`) rather than dozens of
    message ids: legal prose reads, and is checked, as a whole. An unknown language gets the Dutch text.
    """

    statement = ""

    def get_template_names(self):
        return [
            f"pages/{self.statement}.{get_language()}.html",
            f"pages/{self.statement}.{settings.LANGUAGE_CODE}.html",
        ]


class ContactView(ListView):
    """Every district's contact details."""

    template_name = "pages/contact.html"
    context_object_name = "districts"

    def get_queryset(self):
        return district_list()


class DistrictContactView(DetailView):
    """One district's contact details and the people who answer."""

    template_name = "pages/district_contact.html"
    context_object_name = "district"

    def get_queryset(self):
        return district_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, people=district_public_people(self.object))
