from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("download/", views.download, name="download"),
    path("download/<str:token>/", views.export_file, name="export_file"),
    path("delete/", views.delete_account, name="delete_account"),
]
