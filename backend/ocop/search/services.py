"""The search service: one entry point, PostgreSQL behind it (Elasticsearch joins in #6's next step).

Queries are folded like the documents (lower case, no tone marks, đ → d), so "mat ong" finds
"Mật ong". Each word matches as a prefix (as-you-type); a query with a typo ("mat onng") still
finds what is close by trigram word similarity. Name matches rank above description matches
(weights A..D in the vector)."""

import logging
import re

from django.db.models import F, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from ocop.core.text import fold_vietnamese

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
TERM = re.compile(r"[a-z0-9]+")


def normalize_query(query: str | None) -> str:
    """Folded, lower-case words of the query, at most MAX_TERMS of them; '' if nothing searchable."""
    folded = fold_vietnamese((query or "")[:MAX_QUERY_CHARS]).lower()
    return " ".join(TERM.findall(folded)[:MAX_TERMS])


def search_products(query: str, *, queryset: QuerySet | None = None) -> QuerySet:
    """Products matching `query`, annotated with `search_rank` and ordered by it (best first)."""
    from ocop.catalog.models import Product

    queryset = queryset if queryset is not None else Product.objects.all()
    normalized = normalize_query(query)
    if not normalized:
        return queryset.none()
    tsquery = " & ".join(f"{term}:*" for term in normalized.split())
    matches_text = RawSQL("catalog_product.search_vector @@ to_tsquery('simple', %s)", (tsquery,))
    close_enough = RawSQL("%s <%% catalog_product.search_document", (normalized,))
    rank = RawSQL(
        "ts_rank_cd(catalog_product.search_vector, to_tsquery('simple', %s), 1) * 4"
        " + word_similarity(%s, lower(ocop_unaccent(catalog_product.name)))"
        " + (lower(ocop_unaccent(catalog_product.name)) LIKE %s)::int",
        (tsquery, normalized, normalized.replace("%", "").replace("_", "") + "%"), output_field=FloatField(),
    )
    return (
        queryset.annotate(_text=matches_text, _close=close_enough)
        .filter(Q(_text=True) | Q(_close=True))
        .annotate(search_rank=rank)
        .order_by(F("search_rank").desc(), "pk")
    )


def backend_name() -> str:
    return "postgres"


__all__ = ["search_products", "normalize_query", "backend_name"]
