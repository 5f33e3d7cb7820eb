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


def area_choices() -> list:
    """Districts and communes grouped under their province, for a <select> with <optgroup>s.
    Abolished (pre-2025) units stay selectable: people and old papers still use them."""
    areas = list(Area.objects.select_related("parent").order_by("path"))
    by_id = {a.id: a for a in areas}
    groups: dict = {}
    for area in areas:
        if area.level == "province":
            continue
        ids = [int(p) for p in area.path.strip("/").split("/")]
        province = by_id.get(ids[0])
        label = f"{province.name} ({province.scheme})" if province else "—"
        parent = by_id.get(area.parent_id)
        name = f"{parent.name} – {area.name}" if parent and parent.level == "district" else area.name
        groups.setdefault(label, []).append((area.id, name))
    return list(groups.items())
