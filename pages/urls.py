from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("privacy/", views.StatementView.as_view(statement="privacy"), name="privacy"),
    path("accessibility/", views.StatementView.as_view(statement="accessibility"), name="accessibility"),
    path("terms/", views.StatementView.as_view(statement="terms"), name="terms"),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("contact/<slug:slug>/", views.DistrictContactView.as_view(), name="district_contact"),
]
