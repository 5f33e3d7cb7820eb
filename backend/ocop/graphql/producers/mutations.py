import graphene
from django.core.exceptions import ValidationError

from ocop.producers import services
from ocop.producers.errors import ProducerErrorCode as ProducerErrorCodeValues

from ..core.enums import LanguageCodeEnum, language_tag
from ..core.ids import decode_id
from ..core.mutations import AUTHENTICATED, OFFICER, BaseMutation
from ..core.scalars import Upload
from .types import OcopCertificate, Producer, ProducerDocument, ProducerDocumentKindEnum, ProducerLegalFormEnum

ProducerErrorCode = graphene.Enum("ProducerErrorCode", [(c.name, c.name) for c in ProducerErrorCodeValues])


class ProducerError(graphene.ObjectType):
    field = graphene.String(description="Name of the input field that caused the error, or null.")
    message = graphene.String()
    code = ProducerErrorCode(required=True)


class ProducerTranslationInput(graphene.InputObjectType):
    language_code = LanguageCodeEnum(required=True)
    description = graphene.String(description="The story in that language; empty removes it.")


class ProducerInput(graphene.InputObjectType):
    legal_form = ProducerLegalFormEnum()
    name = graphene.String()
    registration_number = graphene.String()
    registration_date = graphene.Date()
    registration_issuer = graphene.String()
    representative = graphene.String()
    area = graphene.ID(description="ID of an Area (district or commune).")
    address = graphene.String()
    phone = graphene.String(description="Vietnamese phone number, e.g. 0912 345 678.")
    email = graphene.String()
    description = graphene.String()
    bank_name = graphene.String()
    bank_account_number = graphene.String()
    bank_account_name = graphene.String()
    translations = graphene.List(graphene.NonNull(ProducerTranslationInput),
                                 description="The story in other languages than Vietnamese (English).")


def _not_found(field="id"):
    return ValidationError({field: ValidationError("Producer not found.", code="not_found")})


def _producer_pk(global_id):
    pk = decode_id(global_id, "Producer")
    if pk is None:
        raise _not_found()
    return pk


def _service_data(data):
    cleaned = {}
    for key, value in data.items():
        if key == "legal_form" and value is not None:
            value = getattr(value, "value", value)
        if key == "area" and value is not None:
            value = decode_id(value, "Area") or -1
        if key == "registration_date" and value is not None:
            value = value.isoformat()
        if key == "translations" and value is not None:  # [{languageCode: EN, description}] → {"en": {…}}
            value = {language_tag(item.language_code).split("-", 1)[0]: {"description": item.description or ""}
                     for item in value}
        cleaned[key] = value
    return cleaned


class ProducerMutation(BaseMutation):
    class Meta:
        abstract = True

    permission = AUTHENTICATED
    error_type = ProducerError
    error_code_enum = ProducerErrorCode


class ProducerRegister(ProducerMutation):
    """Start a producer as a draft; the caller becomes its owner."""

    class Arguments:
        input = ProducerInput(required=True)

    producer = graphene.Field(Producer)
    errors = graphene.List(graphene.NonNull(ProducerError), required=True)

    @classmethod
    def perform(cls, info, input):
        return {"producer": services.register_producer(user=info.context.user, data=_service_data(input))}


class ProducerUpdate(ProducerMutation):
    class Arguments:
        id = graphene.ID(required=True)
        input = ProducerInput(required=True)

    producer = graphene.Field(Producer)
    errors = graphene.List(graphene.NonNull(ProducerError), required=True)

    @classmethod
    def perform(cls, info, id, input):
        return {"producer": services.update_producer(user=info.context.user, producer_id=_producer_pk(id),
                                                     data=_service_data(input))}


class ProducerSubmit(ProducerMutation):
    class Arguments:
        id = graphene.ID(required=True)

    producer = graphene.Field(Producer)
    errors = graphene.List(graphene.NonNull(ProducerError), required=True)

    @classmethod
    def perform(cls, info, id):
        return {"producer": services.submit_producer(user=info.context.user, producer_id=_producer_pk(id))}


class ProducerDocumentUpload(ProducerMutation):
    """Upload a registration paper (PDF, JPEG or PNG, content-checked, at most 10 MB) as multipart."""

    class Arguments:
        producer_id = graphene.ID(required=True)
        kind = ProducerDocumentKindEnum(required=True)
        file = Upload(required=True)

    document = graphene.Field(ProducerDocument)
    errors = graphene.List(graphene.NonNull(ProducerError), required=True)

    @classmethod
    def perform(cls, info, producer_id, kind, file):
        document = services.upload_document(user=info.context.user, producer_id=_producer_pk(producer_id),
                                            kind=getattr(kind, "value", kind), uploaded_file=file)
        return {"document": document}


class _Decision(ProducerMutation):
    class Meta:
        abstract = True

    permission = OFFICER
    decide = None

    @classmethod
    def perform(cls, info, id, reason=None):
        kwargs = {"officer": info.context.user, "producer_id": _producer_pk(id)}
        if reason is not None or cls.reason_arg:
            kwargs["reason"] = reason or ""
        return {"producer": cls.decide(**kwargs)}

    reason_arg = False


class ProducerApprove(_Decision):
    class Arguments:
        id = graphene.ID(required=True)

    producer = graphene.Field(Producer)
    errors = graphene.List(graphene.NonNull(ProducerError), required=True)
    decide = staticmethod(services.approve_producer)


class ProducerReject(_Decision):
    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    producer = graphene.Field(Producer)
    errors = graphene.List(graphene.NonNull(ProducerError), required=True)
    decide = staticmethod(services.reject_producer)
    reason_arg = True


class ProducerSuspend(_Decision):
    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    producer = graphene.Field(Producer)
    errors = graphene.List(graphene.NonNull(ProducerError), required=True)
    decide = staticmethod(services.suspend_producer)
    reason_arg = True


class ProducerReinstate(_Decision):
    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String()

    producer = graphene.Field(Producer)
    errors = graphene.List(graphene.NonNull(ProducerError), required=True)
    decide = staticmethod(services.reinstate_producer)
    reason_arg = True


def _certificate_pk(global_id):
    pk = decode_id(global_id, "OcopCertificate")
    if pk is None:
        raise ValidationError({"id": ValidationError("Certificate not found.", code="not_found")})
    return pk


class OcopCertificateVerify(ProducerMutation):
    permission = OFFICER

    class Arguments:
        id = graphene.ID(required=True)

    certificate = graphene.Field(OcopCertificate)
    errors = graphene.List(graphene.NonNull(ProducerError), required=True)

    @classmethod
    def perform(cls, info, id):
        return {"certificate": services.verify_certificate(officer=info.context.user, certificate_id=_certificate_pk(id))}


class OcopCertificateRevoke(ProducerMutation):
    permission = OFFICER

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    certificate = graphene.Field(OcopCertificate)
    errors = graphene.List(graphene.NonNull(ProducerError), required=True)

    @classmethod
    def perform(cls, info, id, reason):
        return {"certificate": services.revoke_certificate(officer=info.context.user,
                                                           certificate_id=_certificate_pk(id), reason=reason)}
