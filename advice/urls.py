from django.urls import path

from advice import views

app_name = "advice"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("checklist/", views.checklist, name="checklist"),
    path("checklist/mark/", views.checklist_mark, name="checklist_mark"),
    path("<slug:slug>/", views.page, name="page"),
]
