from django.urls import path

from advice import views

app_name = "advice"
urlpatterns = [
    path("", views.landing, name="landing"),
]
