from django.db.models import Q, QuerySet

from .models import Area


def areas_within(areas) -> QuerySet[Area]:
    """Every area inside any of `areas` (themselves included): one prefix query per root."""
    condition = Q(pk__in=[])
    for area in areas:
        condition |= Q(path__startswith=area.path)
    return Area.objects.filter(condition)


def subtree_q(areas, field: str = "area") -> Q:
    """A filter for rows whose `field` lies inside any of `areas`."""
    condition = Q(pk__in=[])
    for area in areas:
        condition |= Q(**{f"{field}__path__startswith": area.path})
    return condition
