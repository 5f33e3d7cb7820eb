from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ocop.search"
    label = "search"
