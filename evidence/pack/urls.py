from django.urls import path

from evidence.pack import views

app_name = "packs"
urlpatterns = [
    path("", views.pack_list, name="packs"),
    path("new/", views.pack_new, name="new"),
    path("<uuid:pack_id>/", views.pack_detail, name="pack"),
    path("<uuid:pack_id>/change/", views.pack_change, name="change"),
    path("<uuid:pack_id>/check/", views.pack_check, name="check"),
    path("<uuid:pack_id>/status/", views.pack_status, name="status"),
    path("<uuid:pack_id>/retry/", views.pack_retry, name="retry"),
    path("<uuid:pack_id>/delete/", views.pack_delete, name="delete"),
    path("<uuid:pack_id>/pdf/", views.pack_pdf, name="pdf"),
    path("<uuid:pack_id>/zip/", views.pack_zip, name="zip"),
]
