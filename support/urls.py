from django.urls import path

from support import views

app_name = "support"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("inbox/", views.inbox, name="inbox"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/assign/", views.request_assign, name="request_assign"),
    path("requests/<int:pk>/start/", views.request_start, name="request_start"),
    path("requests/<int:pk>/close/", views.request_close, name="request_close"),
    path("schemes/", views.scheme_list, name="schemes"),
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("articles/", views.article_list, name="articles"),
    path("articles/new/", views.article_create, name="article_create"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("articles/<slug:slug>/edit/", views.article_edit, name="article_edit"),
    path("events/", views.event_list, name="events"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/feed.ics", views.event_feed, name="event_feed"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/register/", views.event_register, name="event_register"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/attendees/", views.event_attendees, name="event_attendees"),
    path("events/<int:pk>/agreed-points/", views.event_agreed_points, name="event_agreed_points"),
    path("events/<int:pk>/event.ics", views.event_ics, name="event_ics"),
]
