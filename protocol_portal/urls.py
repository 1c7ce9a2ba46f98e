import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe

from core.history import history_urlpatterns

from . import accounts, dashboard, needs, search, site_settings, views
from .reports import views as reports
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.root, name="root"),
    path("healthz", views.health, name="health"),
    path("exit/", views.quick_exit, name="quick_exit"),
    # Before the admin's own: its login would take a password without the second factor.
    path("admin/login/", accounts.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        login_not_required(require_safe(sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("safety/", views.safety, name="safety"),
    path("network/", views.network, name="network"),
    path("manage/", dashboard.dashboard, name="dashboard"),
    path("manage/needs/", needs.needs_page, name="needs"),
    path("manage/search/", search.workspace_search, name="manage_search"),
    path(
        "manage/site-settings/<int:pk>/",
        site_settings.site_settings_edit,
        name="manage_site_settings",
    ),
    *history_urlpatterns(
        "manage/site-settings/<int:pk>/",
        url_name="manage_site_settings",
        record_for=site_settings._get_site_settings_for_user,
    ),
    path(
        "manage/projects/<int:pk>/report/",
        reports.funder_report,
        name="manage_project_report",
    ),
    path(
        "manage/projects/<int:pk>/report.xlsx",
        reports.funder_report_xlsx,
        name="manage_project_report_xlsx",
    ),
    path(
        "manage/projects/<int:pk>/report/records/<slug:figure>/",
        reports.funder_report_records,
        name="manage_project_report_records",
    ),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/login/code/", accounts.login_code, name="login_code"),
    path("accounts/security/", accounts.security, name="account_security"),
    path("accounts/two-factor/", accounts.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/qr.svg", accounts.two_factor_qr, name="two_factor_qr"),
    path(
        "accounts/two-factor/recovery-codes/",
        accounts.recovery_codes_new,
        name="recovery_codes_new",
    ),
    path("accounts/two-factor/off/", accounts.two_factor_disable, name="two_factor_disable"),
    path(
        "accounts/password_reset/",
        accounts.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("partners.urls")),
    path("meetings/", include("meetings.urls")),
    path("measures/", include("measures.urls")),
    path("", include("reminders.urls")),
    path("", include("core.urls")),
)


def development_media():
    """Public uploads (logos, public photos) for everyone, served by Django in development only;
    production serves MEDIA_ROOT from the proxy or the storage. Private files are elsewhere and
    never served from here."""
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<path>.*)$", views.development_media, name="media")]


if settings.DEBUG:
    urlpatterns += development_media()

handler500 = "protocol_portal.views.server_error"
