from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.your_account, name="your_account"),
    path("account/details/", views.profile, name="profile"),
    path("exit/", views.exit_now, name="exit"),
    path("session/status/", views.session_status, name="session_status"),
    path("session/keep-alive/", views.session_keep_alive, name="session_keep_alive"),
]
