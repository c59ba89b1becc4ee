"""/api/v1/: every app registers its viewsets on one router."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from cus.api.accounts import auth, mfa, password, users
from cus.catalogue import api as catalogue_api
from cus.clients import api as clients_api
from cus.contracts import api as contracts_api
from cus.deliveries import api as deliveries_api
from cus.notifications import api as notifications_api
from cus.planning import api as planning_api
from cus.plans import api as plans_api
from cus.privacy import api as privacy_api
from cus.quality import api as quality_api
from cus.reports import api as reports_api
from cus.retention import api as retention_api
from cus.volunteers import api as volunteers_api

router = DefaultRouter()
router.register("centres", users.CentreViewSet, basename="centre")
router.register("users", users.UserViewSet, basename="user")
router.register("users", auth.UserUnlockViewSet, basename="user-unlock")  # only POST users/{id}/unlock/
router.register("memberships", users.MembershipViewSet, basename="membership")
router.register("invitations", users.InvitationViewSet, basename="invitation")
router.register("invitation-links", users.InvitationLinkViewSet, basename="invitation-link")
catalogue_api.register(router)
clients_api.register(router)
contracts_api.register(router)
plans_api.register(router)
deliveries_api.register(router)
volunteers_api.register(router)
notifications_api.register(router)
reports_api.register(router)
planning_api.register(router)
quality_api.register(router)
retention_api.register(router)
privacy_api.register(router)

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="auth-token"),
    path("auth/login/", auth.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", auth.LogoutView.as_view(), name="auth-logout"),
    path("auth/csrf/", auth.CsrfView.as_view(), name="auth-csrf"),
    path("auth/mfa/verify/", auth.MfaVerifyView.as_view(), name="auth-mfa-verify"),
    path("auth/password-reset/", password.PasswordResetRequestView.as_view(), name="auth-password-reset"),
    path("auth/password-reset/confirm/", password.PasswordResetConfirmView.as_view(),
         name="auth-password-reset-confirm"),
    path("centre/security/", users.CentreSecurityView.as_view(), name="centre-security"),
    path("centre/settings/", users.CentreSettingsView.as_view(), name="centre-settings"),
    path("centre/logo/", users.CentreLogoView.as_view(), name="centre-logo"),
    path("reminder-settings/", notifications_api.ReminderSettingsView.as_view(), name="reminder-settings"),
    path("reminder-settings/<str:kind>/", notifications_api.ReminderSettingView.as_view(), name="reminder-setting"),
    path("centre/plan-rules/", plans_api.PlanRulesView.as_view(), name="plan-rules"),
    path("log-rules/", deliveries_api.LogRulesView.as_view(), name="log-rules"),
    path("log-rules/daily-limits/<uuid:service_type>/", deliveries_api.DailyLimitView.as_view(), name="daily-limit"),
    path("me/", auth.MeView.as_view(), name="me"),
    path("overview/", reports_api.OverviewView.as_view(), name="overview"),
    path("overview/contracts/<uuid:pk>/", reports_api.ContractBurnView.as_view(), name="overview-contract"),
    path("me/password/", password.PasswordChangeView.as_view(), name="me-password"),
    path("me/mfa/", mfa.MfaStatusView.as_view(), name="me-mfa"),
    path("me/mfa/totp/", mfa.TotpStartView.as_view(), name="me-mfa-totp"),
    path("me/mfa/totp/confirm/", mfa.TotpConfirmView.as_view(), name="me-mfa-totp-confirm"),
    path("me/mfa/recovery-codes/", mfa.RecoveryCodesView.as_view(), name="me-mfa-recovery-codes"),
    path("me/mfa/disable/", mfa.MfaDisableView.as_view(), name="me-mfa-disable"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI: its initialising script is a file of its own (?script), not inline, for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="core/swagger_ui.html"),
         name="docs"),
    path("", include(router.urls)),
]
