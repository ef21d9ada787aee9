from django.urls import path

from dashboard import views

app_name = "dashboard"

# Mounted at the site root (mokum/urls.py), so these are the full addresses.
urlpatterns = [
    path("dashboard/", views.index, name="index"),
    path("dashboard/overdue/", views.overdue, name="overdue"),
    path("dashboard/<slug:slug>/", views.district_dashboard, name="district"),
    path("dashboard/<slug:slug>/overdue/", views.overdue, name="district_overdue"),
    path("statistics/", views.public_statistics, name="statistics"),
]
