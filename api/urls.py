from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from api import views

app_name = "api"

router = DefaultRouter()
router.register("districts", views.DistrictViewSet, basename="district")
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("dialogues", views.DialogueViewSet, basename="dialogue")
router.register("statistics", views.StatisticsViewSet, basename="statistics")

# Mounted at /api/ (mokum/urls.py).
urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
