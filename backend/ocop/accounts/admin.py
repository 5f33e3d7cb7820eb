from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm

from .models import Address, OfficerAssignment, User


class OfficerAssignmentInline(admin.TabularInline):
    model = OfficerAssignment
    extra = 0
    raw_id_fields = ("area",)


class AddressInline(admin.StackedInline):
    model = Address
    extra = 0
    raw_id_fields = ("area",)


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "deletion_requested_at")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "phone", "language_code")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Account deletion", {"fields": ("deletion_requested_at",)}),
    )
    readonly_fields = ("deletion_requested_at",)
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [OfficerAssignmentInline, AddressInline]
