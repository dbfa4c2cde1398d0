from django.urls import path

from evidence import views

app_name = "evidence"
urlpatterns = [
    path("", views.file_list, name="files"),
    path("filter/", views.file_filter, name="file_filter"),
    path("upload/", views.upload, name="upload"),
    path("items/new/", views.item_new, name="item_new"),
    path("deleted/", views.deleted_list, name="deleted"),
    path("<uuid:exhibit_id>/", views.exhibit_detail, name="exhibit"),
    path("<uuid:exhibit_id>/edit/", views.exhibit_edit, name="exhibit_edit"),
    path("<uuid:exhibit_id>/transcript/", views.exhibit_transcript, name="transcript"),
    path("<uuid:exhibit_id>/original/", views.exhibit_original, name="original"),
    path("<uuid:exhibit_id>/preview/<str:size>/", views.exhibit_preview, name="preview"),
    path("<uuid:exhibit_id>/retry/", views.exhibit_retry_preview, name="retry_preview"),
    path("<uuid:exhibit_id>/delete/", views.exhibit_delete, name="exhibit_delete"),
    path("<uuid:exhibit_id>/restore/", views.exhibit_restore, name="exhibit_restore"),
]
