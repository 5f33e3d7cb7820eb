from django.urls import path

from . import orders, views

app_name = "checkout"

urlpatterns = [
    path("", views.address, name="start"),
    path("address/", views.address, name="address"),
    path("delivery/", views.delivery, name="delivery"),
    path("payment/", views.payment, name="payment"),
    path("payment/return/", views.payment_return, name="payment_return"),
    path("complete/<uuid:token>/", orders.complete, name="complete"),
]
