from django.urls import path

from initiatives import connecting_views, views
from initiatives.models import Report
from initiatives.workflow import Action

app_name = "initiatives"

urlpatterns = [
    path("", views.InitiativeListView.as_view(), name="list"),
    path("new/", views.InitiativeCreateView.as_view(), name="create"),
    path("mine/", views.MyInitiativesView.as_view(), name="mine"),
    path("intake/", views.IntakeQueueView.as_view(), name="intake"),
    path("moderation/", views.ModerationQueueView.as_view(), name="moderation"),
    path(
        "moderation/<int:pk>/hide/",
        views.ReportResolveView.as_view(outcome=Report.Outcome.HIDDEN),
        name="report_hide",
    ),
    path(
        "moderation/<int:pk>/dismiss/",
        views.ReportResolveView.as_view(outcome=Report.Outcome.DISMISSED),
        name="report_dismiss",
    ),
    path("networks/<slug:slug>/", views.NetworkDetailView.as_view(), name="network"),
    path("invitations/<str:token>/", views.InvitationView.as_view(), name="invitation"),
    path("<int:pk>/", views.InitiativeDetailView.as_view(), name="detail"),
    path("<int:pk>/join/", connecting_views.JoinRequestView.as_view(), name="join"),
    path(
        "join-requests/<int:pk>/accept/",
        connecting_views.JoinRequestAnswerView.as_view(accept=True),
        name="join_accept",
    ),
    path(
        "join-requests/<int:pk>/decline/",
        connecting_views.JoinRequestAnswerView.as_view(accept=False),
        name="join_decline",
    ),
    path("<int:pk>/link/", connecting_views.LinkView.as_view(), name="link"),
    path("<int:pk>/links/<int:link_pk>/remove/", connecting_views.UnlinkView.as_view(), name="unlink"),
    path("networks/<slug:slug>/invite/", connecting_views.NetworkInviteView.as_view(), name="network_invite"),
    path(
        "network-invitations/<int:pk>/accept/",
        connecting_views.NetworkInvitationAnswerView.as_view(accept=True),
        name="network_invitation_accept",
    ),
    path(
        "network-invitations/<int:pk>/decline/",
        connecting_views.NetworkInvitationAnswerView.as_view(accept=False),
        name="network_invitation_decline",
    ),
    path("<int:pk>/edit/", views.InitiativeEditView.as_view(), name="edit"),
    path("<int:pk>/support/", views.SupportView.as_view(), name="support"),
    path("<int:pk>/support/withdraw/", views.SupportWithdrawView.as_view(), name="support_withdraw"),
    path("<int:pk>/follow/", views.FollowView.as_view(), name="follow"),
    path("<int:pk>/unfollow/", views.UnfollowView.as_view(), name="unfollow"),
    path("<int:pk>/updates/new/", views.UpdatePostView.as_view(), name="post_update"),
    path("<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path("<int:pk>/report/", views.ReportView.as_view(), name="report"),
    path("<int:pk>/hide/", views.HideView.as_view(), name="hide"),
    path("<int:pk>/unhide/", views.UnhideView.as_view(), name="unhide"),
    path("<int:pk>/updates/<int:update_pk>/report/", views.ReportView.as_view(), name="report_update"),
    path("<int:pk>/updates/<int:update_pk>/hide/", views.HideView.as_view(), name="hide_update"),
    path("<int:pk>/updates/<int:update_pk>/unhide/", views.UnhideView.as_view(), name="unhide_update"),
]

# One confirmation page per status change, e.g. /initiatives/7/submit/ named "initiatives:submit".
urlpatterns += [
    path(f"<int:pk>/{action.replace('_', '-')}/", views.TransitionView.as_view(action=action), name=action)
    for action in Action.values
]
