from django.http import JsonResponse
from django.urls import include, path, re_path
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter

from api import neighbours, views

app_name = "api"

router = DefaultRouter()
router.register("districts", views.DistrictViewSet, basename="district")
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("dialogues", views.DialogueViewSet, basename="dialogue")
router.register("statistics", views.StatisticsViewSet, basename="statistics")
router.register("reactions", neighbours.ReactionViewSet, basename="reaction")
router.register("needs", neighbours.NeedViewSet, basename="need")


def schema(request, *args, **kwargs):
    """Serve the OpenAPI schema; drf-spectacular is imported on the first request for it, not in every process."""
    from drf_spectacular.views import SpectacularAPIView

    return SpectacularAPIView.as_view()(request, *args, **kwargs)


def not_found(request, rest=""):
    """Answer an address under /api/v1/ that names no endpoint with a JSON 404, as the schema documents."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


# Mounted at /api/ (mokum/urls.py).
urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", schema, name="schema"),
    re_path(r"^v1/(?P<rest>.*)$", not_found),
]
