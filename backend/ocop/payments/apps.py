from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "ocop.payments"
    label = "payments"
