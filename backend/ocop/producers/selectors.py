"""Who may see which producers. Officers see only producers inside their areas; staff see all."""

from django.db.models import QuerySet

from ocop.areas.selectors import subtree_q

from .models import OcopCertificate, Producer, ProducerStatus


def officer_areas(user):
    if not user or not user.is_authenticated:
        return []
    return [a.area for a in user.officer_assignments.select_related("area")]


def is_officer(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_staff or user.officer_assignments.exists()))


def producers_for_officer(user) -> QuerySet[Producer]:
    if not user or not user.is_authenticated:
        return Producer.objects.none()
    if user.is_staff:
        return Producer.objects.all()
    areas = officer_areas(user)
    if not areas:
        return Producer.objects.none()
    return Producer.objects.filter(subtree_q(areas))


def certificates_for_officer(user) -> QuerySet[OcopCertificate]:
    producers = producers_for_officer(user)
    return OcopCertificate.objects.select_related("producer").filter(producer__in=producers.values("pk"))


def producers_for_member(user) -> QuerySet[Producer]:
    if not user or not user.is_authenticated:
        return Producer.objects.none()
    return Producer.objects.filter(members__user=user)


def public_producers() -> QuerySet[Producer]:
    return Producer.objects.filter(status=ProducerStatus.APPROVED)


def producers_near(province) -> QuerySet[Producer]:
    """Approved producers in a province of the current map, including those registered under the
    provinces merged into it in 2025 (their areas keep the old tree; `successor` links them)."""
    from django.db.models import Q
    from django.db.models.expressions import RawSQL

    merged_in = RawSQL("SELECT a.id FROM areas_area a JOIN areas_area old ON a.path LIKE old.path || '%%'"
                       " WHERE old.successor_id = %s", (province.pk,))
    return public_producers().filter(Q(area__path__startswith=province.path) | Q(area__in=merged_in))


def review_queue(user, *, area=None, status=ProducerStatus.SUBMITTED):
    queryset = producers_for_officer(user).select_related("area")
    if status:
        queryset = queryset.filter(status=status)
    if area is not None:
        queryset = queryset.filter(area__path__startswith=area.path)
    return queryset.order_by("submitted_at", "id")


def story(producer: Producer, language: str | None) -> str:
    """The producer's story in `language` (the Vietnamese one where it has none in it)."""
    language = (language or "vi")[:2]
    if language != "vi":
        translated = producer.translations.filter(language_code=language).values_list("description", flat=True).first()
        if translated:
            return translated
    return producer.description
