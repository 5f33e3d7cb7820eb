from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Province / city")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune / ward")


class Area(models.Model):
    """An administrative unit. Pre-2025 (three tiers) and post-2025 (two tiers) units live side by
    side, told apart by `scheme`; a commune under a province directly is just a shorter path.

    `path` is the chain of ids from the root ("/3/17/152/"), so "inside my areas" is a prefix query.
    """

    scheme = models.CharField(_("scheme"), max_length=16, default="2025",
                              help_text=_("Which administrative map the code belongs to, e.g. 2008 or 2025."))
    code = models.CharField(_("official code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, editable=False, db_index=True)
    valid_until = models.DateField(_("abolished on"), null=True, blank=True)
    successor = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("merged into"))

    class Meta:
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="area_unique_code_per_scheme")]
        indexes = [models.Index(fields=["path"], name="area_path_prefix", opclasses=["varchar_pattern_ops"])]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        creating = self.pk is None
        super().save(*args, **kwargs)
        expected = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if self.path != expected:
            old = self.path
            self.path = expected
            type(self).objects.filter(pk=self.pk).update(path=expected)
            if not creating and old:
                from django.db.models import Value
                from django.db.models.functions import Concat, Substr

                type(self).objects.filter(path__startswith=old).exclude(pk=self.pk).update(
                    path=Concat(Value(expected), Substr("path", len(old) + 1))
                )

    @property
    def is_current(self) -> bool:
        return self.valid_until is None

    def ancestors(self):
        ids = [int(part) for part in self.path.strip("/").split("/") if part]
        by_id = {a.id: a for a in Area.objects.filter(id__in=ids)}
        return [by_id[i] for i in ids if i in by_id]

    def full_name(self) -> str:
        return ", ".join(a.name for a in reversed(self.ancestors()))
