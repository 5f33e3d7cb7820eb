# The producer's catalogue portal (/seller/products/): list, create, edit, photos, stock, CSV.
from django.urls import path

from . import products

urlpatterns = [
    path("", products.product_list, name="products"),
    path("new/", products.product_create, name="product_create"),
    path("import/", products.product_import, name="product_import"),
    path("export.csv", products.product_export, name="product_export"),
    path("<int:product_id>/", products.product_edit, name="product_edit"),
    path("<int:product_id>/publish/", products.product_publish, name="product_publish"),
    path("<int:product_id>/duplicate/", products.product_duplicate, name="product_duplicate"),
    path("<int:product_id>/delete/", products.product_delete, name="product_delete"),
    path("<int:product_id>/variants/", products.variant_list, name="product_variants"),
    path("<int:product_id>/variants/new/", products.variant_edit, name="variant_create"),
    path("<int:product_id>/variants/<int:variant_id>/", products.variant_edit, name="variant_edit"),
    path("<int:product_id>/variants/<int:variant_id>/delete/", products.variant_delete, name="variant_delete"),
    path("<int:product_id>/photos/", products.product_photos, name="product_photos"),
    path("<int:product_id>/photos/<int:media_id>/", products.photo_update, name="photo_update"),
]
