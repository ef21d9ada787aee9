from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.views import set_language
from mokum import views

admin.site.site_header = "Kracht van Mokum"
admin.site.site_title = "Kracht van Mokum"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("language/", set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("accounts/my-data/", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("", include("dialogues.urls")),  # /dialogues/<id>/ and /inbox/
    path("support/", include("support.urls")),
    path("connect/", include("connect.urls")),
    path("districts/", include("districts.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("dashboard.urls")),  # /dashboard/… and /statistics/
    path("api/", include("api.urls")),
    path("", include("pages.urls")),  # /privacy/, /accessibility/, /terms/, /contact/
    path("admin/", admin.site.urls),
]

if settings.INBOUND_WEBHOOKS:
    # /inbound/<provider>/inbound/: a mail provider posts incoming mail here (inbound/signals.py).
    urlpatterns.append(path("inbound/", include("anymail.urls")))

handler500 = "mokum.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
