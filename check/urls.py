from django.urls import path

from check import views

app_name = "check"
urlpatterns = [
    path("", views.check_page, name="check"),
    path("key/", views.key_page, name="keys"),
]
