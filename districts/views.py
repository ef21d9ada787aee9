from django.views.generic import DetailView, ListView

from districts.selectors import district_list, district_public_people


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
        return super().get_context_data(**kwargs, people=district_public_people(self.object))
