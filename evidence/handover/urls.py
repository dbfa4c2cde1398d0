from django.urls import path

from evidence.handover import views

app_name = "handover"
urlpatterns = [
    path("packs/<uuid:pack_id>/share/", views.share_new, name="share"),
    path("packs/<uuid:pack_id>/shares/<uuid:share_id>/end/", views.share_end, name="end"),
    # The officer's link: short, so it can be read out or texted; says nothing about the user.
    path("s/<str:token>/", views.shared_link, name="link"),
    path("s/<str:token>/pdf/", views.shared_pdf, name="pdf"),
    path("s/<str:token>/zip/", views.shared_zip, name="zip"),
]
