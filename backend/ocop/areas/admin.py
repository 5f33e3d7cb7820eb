from django.contrib import admin

from .models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "scheme", "level", "parent", "valid_until")
    list_filter = ("scheme", "level")
    search_fields = ("name", "code")
    raw_id_fields = ("parent", "successor")
