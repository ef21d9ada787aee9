from django.utils import timezone
from django.views.generic import DetailView, ListView

from districts.selectors import district_list, district_public_people
from districts.workdays import local_date


class DistrictListView(ListView):
    template_name = "districts/district_list.html"
    context_object_name = "districts"

    def get_queryset(self):
        return district_list()


class DistrictDetailView(DetailView):
    template_name = "districts/district_detail.html"
    context_object_name = "district"

    def get_queryset(self):
        return district_list()

    def get_context_data(self, **kwargs):
        from dashboard.forms import StatisticsFilterForm
        from dashboard.selectors import public_statistics

        now = timezone.now()
        # Public figures of the last 12 months (aggregates only, no personal data); /statistics/ has the filters.
        filters = StatisticsFilterForm(today=local_date(now)).filters()
        statistics = public_statistics(districts=[self.object], filters=filters, now=now, compare=False)
        return super().get_context_data(**kwargs, people=district_public_people(self.object), statistics=statistics)
