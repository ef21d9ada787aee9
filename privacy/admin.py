from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mokum.admin import ReadOnlyMixin
from privacy.models import AccessLog, Erasure
from privacy.services import account_erase


@admin.action(
    description=gettext_lazy("End the selected accounts and erase their personal data"), permissions=["delete"]
)
def end_accounts(modeladmin, request, queryset):
    """End accounts (officials and coordinators too): what they said in a public role stays with the role."""
    queryset = queryset.exclude(erasure__isnull=False).exclude(pk=request.user.pk)
    if request.POST.get("post") == "yes":
        ended = sum(1 for user in queryset if account_erase(user=user, by=Erasure.By.ADMINISTRATOR) is not None)
        modeladmin.message_user(request, _("%(count)d accounts ended.") % {"count": ended}, messages.SUCCESS)
        return None
    return TemplateResponse(
        request,
        "privacy/admin_end_accounts.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("End accounts"),
            "people": queryset,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "actor_role", "what", "object_id", "path"]
    list_filter = ["what", "created_at"]
    search_fields = ["actor__email", "actor_role", "path"]
    date_hierarchy = "created_at"
    filter_horizontal = ["subjects"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = ["user_id", "by", "erased_at", "summary"]
    list_filter = ["by"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
