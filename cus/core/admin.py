"""Django admin for centres, users (e-mail login), memberships and invitations, every change kept in the history.

The admin site is the platform operator's (active superusers only: ``cus.core.admin_access``); a centre's
administrator adds people through the API and the web UI, by invitation (``cus.core.invitations``)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm as BaseAdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Centre, IdempotencyKey, Invitation, InvitationStatus, Membership, TaskRun, User


class UserCreationForm(BaseAdminUserCreationForm):
    """The admin's add form for the e-mail login: e-mail, name, language and a password (or none)."""

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "language")

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("A user with this e-mail already exists."), code="unique")
        return email


class UserChangeForm(BaseUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "centre", "role", "provider", "partner", "is_active")
    autocomplete_fields = ("user", "centre")
    raw_id_fields = ("provider", "partner")


class UserMembershipInline(MembershipInline):
    fk_name = "user"


class CentreMembershipInline(MembershipInline):
    fk_name = "centre"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return super().get_queryset(request).select_related("user", "provider", "partner")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "language", "phone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "language", "usable_password", "password1",
                           "password2"),
            },
        ),
    )
    list_display = ("email", "first_name", "last_name", "language", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser", "language", "memberships__centre", "memberships__role")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    inlines = (UserMembershipInline,)

    def get_inlines(self, request: HttpRequest, obj: User | None) -> list[type[admin.options.InlineModelAdmin]]:
        # The add page is the short e-mail + password form; memberships come on the change page after it.
        return [] if obj is None else list(self.inlines)


@admin.register(Centre)
class CentreAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "municipality", "country", "language", "currency")
    list_filter = ("country", "language")
    search_fields = ("name", "code", "municipality")
    readonly_fields = ("created_at",)
    inlines = (CentreMembershipInline,)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "centre", "role", "provider", "partner", "is_active", "created_at")
    list_filter = ("centre", "role", "is_active")
    list_select_related = ("user", "centre", "provider", "partner")
    search_fields = ("user__email", "user__first_name", "user__last_name", "centre__name", "provider__name",
                     "partner__name")
    autocomplete_fields = ("user", "centre")
    raw_id_fields = ("provider", "partner")
    readonly_fields = ("created_at", "updated_at")


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):
    """Background jobs, read-only: the worker writes them; no history, they are not case data."""

    list_display = ("kind", "status", "centre", "created_by", "attempts", "created_at", "finished_at")
    list_filter = ("status", "kind", "centre")
    list_select_related = ("centre", "created_by")
    search_fields = ("id", "kind", "task_name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TaskRun | None = None) -> bool:
        return False


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    """Clients' Idempotency-Keys and what their first request created, read-only: written by cus.core.idempotency."""

    list_display = ("key", "endpoint", "user", "centre", "created_at")
    list_filter = ("endpoint",)
    list_select_related = ("user", "centre")
    search_fields = ("key",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: IdempotencyKey | None = None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    """Invitations to the centres, read-only: administrators invite and revoke through the API; the link's token is
    never stored, and its hash is not shown."""

    list_display = ("email", "centre", "role", "status", "invited_by", "created_at", "expires_at", "accepted_at")
    list_filter = ("centre", "role")
    list_select_related = ("centre", "invited_by")
    search_fields = ("email",)
    exclude = ("token_hash",)

    @admin.display(description=_("status"))
    def status(self, invitation: Invitation) -> str:
        return str(InvitationStatus(invitation.status).label)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Invitation | None = None) -> bool:
        return False
