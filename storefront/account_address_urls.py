from django.urls import path

from . import account_addresses

app_name = "account_addresses"

urlpatterns = [
    path("", account_addresses.address_list, name="list"),
    path("new/", account_addresses.address_new, name="new"),
    path("<int:pk>/", account_addresses.address_edit, name="edit"),
    path("<int:pk>/delete/", account_addresses.address_delete, name="delete"),
    path("<int:pk>/default/", account_addresses.address_default, name="default"),
]
