from django.urls import path

from diary import views

app_name = "diary"
urlpatterns = [
    path("notes/", views.timeline, name="timeline"),
    path("notes/filter/", views.timeline_filter, name="timeline_filter"),
    path("notes/new/", views.incident_new, name="incident_new"),
    path("notes/quick/", views.quick_note, name="quick_note"),
    path("notes/deleted/", views.deleted_list, name="deleted"),
    path("notes/autosave/", views.incident_autosave, name="incident_autosave"),
    path("notes/<uuid:incident_id>/", views.incident_detail, name="incident"),
    path("notes/<uuid:incident_id>/edit/", views.incident_edit, name="incident_edit"),
    path("notes/<uuid:incident_id>/history/", views.incident_history, name="incident_history"),
    path("notes/<uuid:incident_id>/delete/", views.incident_delete, name="incident_delete"),
    path("notes/<uuid:incident_id>/restore/", views.incident_restore, name="incident_restore"),
    path("people/", views.person_list, name="people"),
    path("people/new/", views.person_form, name="person_new"),
    path("people/<uuid:person_id>/", views.person_detail, name="person"),
    path("people/<uuid:person_id>/edit/", views.person_form, name="person_edit"),
    path("people/<uuid:person_id>/delete/", views.person_delete, name="person_delete"),
    path("contacts/", views.contact_list, name="contacts"),
    path("contacts/new/", views.contact_form, name="contact_new"),
    path("contacts/<uuid:contact_id>/edit/", views.contact_form, name="contact_edit"),
    path("contacts/<uuid:contact_id>/delete/", views.contact_delete, name="contact_delete"),
]
