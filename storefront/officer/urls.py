from django.urls import path

from . import views

app_name = "officer"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("producers/<int:producer_id>/", views.review, name="review"),
    path("producers/<int:producer_id>/decide/", views.decide, name="decide"),
    path("producers/<int:producer_id>/documents/<int:document_id>/", views.document_file, name="document_file"),
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/<int:certificate_id>/decide/", views.certificate_decide, name="certificate_decide"),
]
