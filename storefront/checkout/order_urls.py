from django.urls import path

from . import orders

app_name = "orders"

urlpatterns = [
    path("", orders.order_list, name="list"),
    path("<uuid:token>/", orders.order_detail, name="detail"),
]
