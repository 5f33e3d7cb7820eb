from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "storefront"
    label = "storefront"

    def ready(self):
        from . import cart  # noqa: F401  (connects the cart merge to user_logged_in)
