from django.urls import path

from connect import views

app_name = "connect"

# Mounted at /connect/ (mokum/urls.py); the sections on an initiative's page link here.
urlpatterns = [
    path("district/", views.DistrictNeedsView.as_view(), name="district"),
    path("skills/", views.SkillsView.as_view(), name="skills"),
    path("initiatives/<int:pk>/react/", views.ReactView.as_view(), name="react"),
    path("initiatives/<int:pk>/close-reactions/", views.CloseReactionsView.as_view(), name="close_reactions"),
    path("initiatives/<int:pk>/open-reactions/", views.OpenReactionsView.as_view(), name="open_reactions"),
    path("initiatives/<int:pk>/needs/new/", views.NeedCreateView.as_view(), name="need_create"),
    path("reactions/<int:pk>/reply/", views.ReplyView.as_view(), name="reply"),
    path("reactions/<int:pk>/report/", views.ReportReactionView.as_view(), name="report"),
    path("reactions/<int:pk>/hide/", views.HideReactionView.as_view(), name="hide"),
    path("reactions/<int:pk>/unhide/", views.UnhideReactionView.as_view(), name="unhide"),
    path("reactions/<int:pk>/keep/", views.DismissReportsView.as_view(), name="dismiss_reports"),
    path("needs/<int:pk>/offer/", views.OfferView.as_view(), name="offer"),
    path("needs/<int:pk>/met/", views.NeedMetView.as_view(), name="need_met"),
    path("offers/<int:pk>/accept/", views.OfferAcceptView.as_view(), name="offer_accept"),
    path("offers/<int:pk>/decline/", views.OfferDeclineView.as_view(), name="offer_decline"),
]
