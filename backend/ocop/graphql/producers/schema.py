import graphene
from django.db.models import Q

from ocop.core.text import fold_vietnamese
from ocop.producers import selectors
from ocop.producers.models import Producer as ProducerModel

from ..core.connection import paginate
from ..core.ids import decode_id
from . import mutations
from .types import Producer, ProducerCountableConnection, ProducerStatusEnum


def visible_producers(user):
    """Anyone: approved producers. Members: also their own. Officers: also those in their areas."""
    condition = Q(pk__in=selectors.public_producers().values("pk"))
    if user.is_authenticated:
        condition |= Q(pk__in=selectors.producers_for_member(user).values("pk"))
        condition |= Q(pk__in=selectors.producers_for_officer(user).values("pk"))
    return ProducerModel.objects.filter(condition).select_related("area")


class ProducerFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(ProducerStatusEnum))
    area = graphene.ID(description="Producers inside this area (any level).")
    search = graphene.String()


class ProducerQueries(graphene.ObjectType):
    producer = graphene.Field(Producer, id=graphene.ID(), slug=graphene.String(),
                              description="A producer by ID or slug: public if approved, else for its members and officers.")
    producers = graphene.ConnectionField(ProducerCountableConnection, filter=ProducerFilterInput())

    @staticmethod
    def resolve_producer(root, info, id=None, slug=None):
        queryset = visible_producers(info.context.user)
        if id is not None:
            pk = decode_id(id, "Producer")
            return queryset.filter(pk=pk).first() if pk else None
        if slug is not None:
            return queryset.filter(slug=slug).first()
        return None

    @staticmethod
    def resolve_producers(root, info, filter=None, **kwargs):
        queryset = visible_producers(info.context.user)
        filter = filter or {}
        if filter.get("status"):
            queryset = queryset.filter(status__in=[getattr(s, "value", s) for s in filter["status"]])
        if filter.get("area"):
            from ocop.areas.models import Area

            area = Area.objects.filter(pk=decode_id(filter["area"], "Area") or 0).first()
            queryset = queryset.filter(area__path__startswith=area.path) if area else queryset.none()
        if filter.get("search"):
            queryset = queryset.filter(name__unaccent__icontains=fold_vietnamese(filter["search"]))
        return paginate(queryset.order_by("name", "pk").prefetch_related("translations"), ProducerCountableConnection,
                        **kwargs)


class ProducerMutations(graphene.ObjectType):
    producer_register = mutations.ProducerRegister.Field()
    producer_update = mutations.ProducerUpdate.Field()
    producer_submit = mutations.ProducerSubmit.Field()
    producer_document_upload = mutations.ProducerDocumentUpload.Field()
    producer_approve = mutations.ProducerApprove.Field()
    producer_reject = mutations.ProducerReject.Field()
    producer_suspend = mutations.ProducerSuspend.Field()
    producer_reinstate = mutations.ProducerReinstate.Field()
    ocop_certificate_verify = mutations.OcopCertificateVerify.Field()
    ocop_certificate_revoke = mutations.OcopCertificateRevoke.Field()
