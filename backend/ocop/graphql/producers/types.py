import graphene
from graphene import relay
from graphql_relay import to_global_id

from ocop.producers import models, selectors

from ..catalog.translations import LanguageDisplay, pick_translation, translation_field
from ..core.connection import CountableConnection


def _can_see_private(info, producer) -> bool:
    """Members of the producer and officers whose areas contain it see its private details."""
    user = info.context.user
    if not user.is_authenticated:
        return False
    cache = info.context.__dict__.setdefault("_producer_access", {})
    if producer.pk not in cache:
        cache[producer.pk] = (selectors.producers_for_member(user).filter(pk=producer.pk).exists()
                              or selectors.producers_for_officer(user).filter(pk=producer.pk).exists())
    return cache[producer.pk]


ProducerLegalFormEnum = graphene.Enum("ProducerLegalForm", [(v.upper(), v) for v in models.LegalForm.values])
ProducerStatusEnum = graphene.Enum("ProducerStatus", [(v.upper(), v) for v in models.ProducerStatus.values])
ProducerDocumentKindEnum = graphene.Enum("ProducerDocumentKind", [(v.upper(), v) for v in models.DocumentKind.values])
OcopProductGroupEnum = graphene.Enum("OcopProductGroup", [(v.upper(), v) for v in models.ProductGroup.values])
OcopCertificateStatusEnum = graphene.Enum("OcopCertificateStatus",
                                          [(v.upper(), v) for v in models.CertificateStatus.values])
OcopAuthorityLevelEnum = graphene.Enum("OcopAuthorityLevel", [(v.upper(), v) for v in models.AuthorityLevel.values])
AreaLevelEnum = graphene.Enum("AreaLevel", [("PROVINCE", "province"), ("DISTRICT", "district"), ("COMMUNE", "commune")])


class Area(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    level = AreaLevelEnum(required=True)
    scheme = graphene.String(required=True, description="Administrative map the code belongs to (2008, 2025).")
    parent = graphene.Field(lambda: Area)
    is_current = graphene.Boolean(required=True)

    class Meta:
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, pk):
        from ocop.areas.models import Area as AreaModel

        return AreaModel.objects.filter(pk=pk).first()

    @staticmethod
    def resolve_parent(root, info):
        return root.parent

    @staticmethod
    def resolve_is_current(root, info):
        return root.is_current


class OcopCertificate(graphene.ObjectType):
    product_name = graphene.String(required=True)
    decision_number = graphene.String(required=True)
    decision_date = graphene.Date(required=True)
    issuing_authority = graphene.String(required=True)
    authority_level = OcopAuthorityLevelEnum(required=True)
    product_group = OcopProductGroupEnum(required=True)
    stars = graphene.Int(required=True)
    score = graphene.Int()
    valid_until = graphene.Date(required=True)
    status = OcopCertificateStatusEnum(required=True)
    is_verified = graphene.Boolean(required=True)
    shows_stars = graphene.Boolean(required=True, description="Verified, valid and within its dates.")

    class Meta:
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, pk):
        return models.OcopCertificate.objects.filter(pk=pk).first()

    @staticmethod
    def resolve_is_verified(root, info):
        return root.verified_at is not None

    @staticmethod
    def resolve_shows_stars(root, info):
        return root.shows_stars


class ProducerEvent(graphene.ObjectType):
    date = graphene.DateTime(required=True)
    action = graphene.String(required=True)
    from_status = graphene.String()
    to_status = graphene.String()
    reason = graphene.String()
    actor_name = graphene.String()

    @staticmethod
    def resolve_date(root, info):
        return root.created_at

    @staticmethod
    def resolve_actor_name(root, info):
        return root.actor.get_full_name() if root.actor_id else None


class ProducerDocument(graphene.ObjectType):
    kind = ProducerDocumentKindEnum(required=True)
    content_type = graphene.String(required=True)
    size = graphene.Int(required=True)
    created = graphene.DateTime(required=True)

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_created(root, info):
        return root.created_at


class ProducerTranslation(graphene.ObjectType):
    """The producer's story in another language than Vietnamese."""

    id = graphene.ID(required=True)
    language = graphene.Field(LanguageDisplay, required=True)
    description = graphene.String(required=True)

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("ProducerTranslation", root.pk)

    @staticmethod
    def resolve_language(root, info):
        return root.language_code


class Producer(graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    legal_form = ProducerLegalFormEnum(required=True)
    description = graphene.String(required=True)
    translation = translation_field(ProducerTranslation)
    area = graphene.Field(Area, required=True)
    status = ProducerStatusEnum(required=True)
    certificates = graphene.List(graphene.NonNull(OcopCertificate), required=True,
                                 description="Public: certificates that show stars; members and officers: all.")
    # Private: members of the producer and officers of its area only (null for others).
    status_reason = graphene.String()
    registration_number = graphene.String()
    representative = graphene.String()
    address = graphene.String()
    phone = graphene.String(description="E.164, e.g. +84912345678.")
    email = graphene.String()
    events = graphene.List(graphene.NonNull(ProducerEvent))
    documents = graphene.List(graphene.NonNull(ProducerDocument))
    products = graphene.Field("ocop.graphql.catalog.types.ProductCountableConnection", first=graphene.Int(),
                              last=graphene.Int(), after=graphene.String(), before=graphene.String(),
                              channel=graphene.String(), description="Its products on sale (the public listing).")

    class Meta:
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, pk):
        from .schema import visible_producers

        return visible_producers(info.context.user).filter(pk=pk).first()

    @staticmethod
    def resolve_products(root, info, channel=None, **page):
        from ..catalog.resolvers import producer_products

        return producer_products(info, root, channel=channel, **page)

    @staticmethod
    def resolve_area(root, info):
        return root.area

    @staticmethod
    def resolve_translation(root, info, language_code):
        """The story in that language (its language without the region too), null without one."""
        return pick_translation({t.language_code.lower(): t for t in root.translations.all() if t.description},
                                language_code)

    @staticmethod
    def resolve_certificates(root, info):
        certificates = list(root.certificates.all())
        if _can_see_private(info, root):
            return certificates
        return [c for c in certificates if c.shows_stars]


def _private(field):
    def resolver(root, info):
        return getattr(root, field) if _can_see_private(info, root) else None
    return resolver


for _field in ("status_reason", "registration_number", "representative", "address", "phone", "email"):
    setattr(Producer, f"resolve_{_field}", staticmethod(_private(_field)))
Producer.resolve_events = staticmethod(
    lambda root, info: list(root.events.select_related("actor").order_by("created_at", "id"))
    if _can_see_private(info, root) else None)
Producer.resolve_documents = staticmethod(
    lambda root, info: list(root.documents.all()) if _can_see_private(info, root) else None)


class ProducerCountableConnection(CountableConnection):
    class Meta:
        node = Producer


def _plain(field):
    # Model fields may hold Django's TextChoices members; GraphQL enums want the plain value.
    def resolver(root, info):
        value = getattr(root, field)
        return None if value is None else str(value)
    return resolver


for _type, _fields in ((Producer, ("status", "legal_form")), (ProducerDocument, ("kind",)),
                       (OcopCertificate, ("status", "product_group", "authority_level")), (Area, ("level",))):
    for _field in _fields:
        setattr(_type, f"resolve_{_field}", staticmethod(_plain(_field)))
