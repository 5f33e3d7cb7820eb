"""Where the Stripe API lives: Stripe itself with real keys, localstripe otherwise."""

from django.conf import settings


def stripe_api_base() -> str:
    if not settings.USING_LOCALSTRIPE:
        return "https://api.stripe.com"
    from ocop.core.embedded import localstripe_url

    return localstripe_url(start=True)


def stripe_js_url() -> str:
    if not settings.USING_LOCALSTRIPE:
        return "https://js.stripe.com/v3/"
    return f"{stripe_api_base()}/js.stripe.com/v3/"
