"""Log-in by e-mail and password (Django's ModelBackend), and the signed-in user read once per
request together with whether they are an area officer or a producer member: every page's header
asks both, which were two more queries on every page; and with the default delivery address the
home page starts from."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from .models import OfficerAssignment, User


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        from ocop.producers.models import ProducerMember

        user = (User._default_manager.filter(pk=user_id)
                .select_related("default_shipping_address")  # the home page's "producers near you"
                .annotate(has_officer_areas=Exists(OfficerAssignment.objects.filter(user=OuterRef("pk"))),
                          has_producer_memberships=Exists(ProducerMember.objects.filter(user=OuterRef("pk"))))
                .first())
        return user if user is not None and self.user_can_authenticate(user) else None


PATH = "ocop.accounts.backends.AccountBackend"
