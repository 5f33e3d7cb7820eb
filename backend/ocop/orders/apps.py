from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "ocop.orders"
    label = "orders"
