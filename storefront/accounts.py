"""Shopper accounts: sign up, password reset (log-in and log-out are in views.py)."""

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.http import url_has_allowed_host_and_scheme

from ocop.accounts.services import register_user
from ocop.core import ratelimit
from ocop.core.errors import add_to_form

from .seller.forms import SignupForm


@ratelimit.rate_limit(ratelimit.SIGNUP)
def signup(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.user.is_authenticated:
        return redirect(next_url or "storefront:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = register_user(**form.cleaned_data, language_code=request.LANGUAGE_CODE)
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            login(request, user, backend="ocop.accounts.backends.AccountBackend")
            return redirect(next_url or "storefront:home")
    return render(request, "storefront/signup.html", {"form": form, "next": next_url})


class AccountLanguagePasswordResetForm(PasswordResetForm):
    """The reset e-mail in the account's language (as the API's), whatever page it was asked from;
    its link then opens the reset page in that language too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")  # as the log-in and sign-up pages say

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        with translation.override(getattr(context.get("user"), "language_code", "") or "vi"):
            super().send_mail(subject_template_name, email_template_name, context, from_email, to_email,
                              html_email_template_name)


@method_decorator(ratelimit.rate_limit(ratelimit.PASSWORD_RESET, account_field="email"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = AccountLanguagePasswordResetForm
    template_name = "storefront/password_reset.html"
    email_template_name = "storefront/email/password_reset.txt"
    subject_template_name = "storefront/email/password_reset_subject.txt"
    success_url = reverse_lazy("storefront:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "storefront/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "storefront/password_reset_confirm.html"
    success_url = reverse_lazy("storefront:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "storefront/password_reset_complete.html"
