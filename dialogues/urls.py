from django.urls import path

from dialogues import views

app_name = "dialogues"

# Mounted at the site root (mokum/urls.py), so these are the full addresses.
urlpatterns = [
    path("dialogues/<int:pk>/", views.dialogue_detail, name="detail"),
    path("dialogues/<int:pk>/<slug:action>/", views.dialogue_act, name="act"),
    path("dialogues/commitments/<int:pk>/done/", views.commitment_done, name="commitment_done"),
    path("dialogues/commitments/<int:pk>/drop/", views.commitment_drop_view, name="commitment_drop"),
    path("initiatives/<int:initiative_pk>/dialogues/new/", views.dialogue_open_view, name="open"),
    path("inbox/", views.inbox, name="inbox"),
]
