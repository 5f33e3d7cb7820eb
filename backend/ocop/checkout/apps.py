from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "ocop.checkout"
    label = "checkout"
