"""Log-in by e-mail and password (Django's ModelBackend), and the signed-in user read once per
request together with whether they are an area officer or a producer member and how many items
their cart holds: every page's header asks all three, which were three more queries on every page;
and with the default delivery address the home page starts from."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef, Subquery, Sum

from .models import OfficerAssignment, User


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        from ocop.checkout.models import Checkout, CheckoutLine
        from ocop.producers.models import ProducerMember

        # The cart is the account's most recently changed checkout (storefront.cart.current_checkout).
        cart = Checkout.objects.filter(user=OuterRef(OuterRef("pk"))).order_by("-last_change").values("pk")[:1]
        items = (CheckoutLine.objects.filter(checkout_id=Subquery(cart)).values("checkout_id")
                 .annotate(n=Sum("quantity")).values("n")[:1])
        user = (User._default_manager.filter(pk=user_id)
                .select_related("default_shipping_address")  # the home page's "producers near you"
                .annotate(has_officer_areas=Exists(OfficerAssignment.objects.filter(user=OuterRef("pk"))),
                          has_producer_memberships=Exists(ProducerMember.objects.filter(user=OuterRef("pk"))),
                          cart_items=Subquery(items))
                .first())
        return user if user is not None and self.user_can_authenticate(user) else None


PATH = "ocop.accounts.backends.AccountBackend"
