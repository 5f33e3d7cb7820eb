from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ocop.search"
    label = "search"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from ocop.catalog.models import Product

        from . import indexing

        post_save.connect(indexing.product_saved, sender=Product, dispatch_uid="search-product-saved")
        post_delete.connect(indexing.product_deleted, sender=Product, dispatch_uid="search-product-deleted")
