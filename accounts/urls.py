from django.urls import path

from accounts import views
from accounts.email_code import email_code
from accounts.sessions import sessions

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.your_account, name="your_account"),
    path("account/details/", views.profile, name="profile"),
    path("account/activity/", views.activity, name="activity"),
    path("account/download/", views.download_everything, name="download_everything"),
    path(
        "account/download/<uuid:export_id>/",
        views.download_everything_file,
        name="download_everything_file",
    ),
    path("account/delete/", views.delete_account, name="delete_account"),
    # Served in place of allauth's page at the same address (config/urls.py lists ours first).
    path("accounts/confirm-email/", email_code, name="email_code"),
    path("accounts/sessions/", sessions, name="sessions"),
    path("exit/", views.exit_now, name="exit"),
    path("session/status/", views.session_status, name="session_status"),
    path("session/keep-alive/", views.session_keep_alive, name="session_keep_alive"),
]
