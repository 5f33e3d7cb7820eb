"""The search service: one entry point, PostgreSQL behind it (Elasticsearch joins in #6's next step).

Queries are folded like the documents (lower case, no tone marks, đ → d), so "mat ong" finds
"Mật ong". Each word matches as a prefix (as-you-type); a query with a typo ("mat onng") still
finds what is close by trigram word similarity. Name matches rank above description matches
(weights A..D in the vector)."""

import logging
import re

from django.db.models import F, FloatField, QuerySet
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
    from . import elastic

    if elastic.enabled():
        try:
            ids = elastic.search_ids(normalized)
        except elastic.SearchUnavailable as exc:
            elastic.mark_degraded(exc)
        else:
            position = RawSQL("-array_position(%s::bigint[], catalog_product.id)", (ids,), output_field=FloatField())
            return queryset.filter(pk__in=ids).annotate(search_rank=position).order_by(F("search_rank").desc(), "pk")
    return _postgres_search(queryset, normalized)


def _postgres_search(queryset: QuerySet, normalized: str) -> QuerySet:
    tsquery = " & ".join(f"{term}:*" for term in normalized.split())
    matches_text = RawSQL("catalog_product.search_vector @@ to_tsquery('simple', %s)", (tsquery,))
    close_enough = RawSQL("%s <%% lower(ocop_unaccent(catalog_product.name))", (normalized,))
    prefix = normalized.replace("%", "").replace("_", "") + "%"
    # A bonus when the name starts with the query. `search_document` begins with the folded name,
    # so a prefix match on it says the same without folding the name again for every match
    # (ocop_unaccent on 14,000 names cost ~30 ms of a broad search on 100,000 products).
    text_rank = RawSQL(
        "ts_rank(catalog_product.search_vector, to_tsquery('simple', %s)) * 4"
        " + (catalog_product.search_document LIKE %s)::int",
        (tsquery, prefix), output_field=FloatField(),
    )
    typo_rank = RawSQL("word_similarity(%s, lower(ocop_unaccent(catalog_product.name)))", (normalized,),
                       output_field=FloatField())
    # Words as typed first (two GIN index lookups); only when that finds nothing does the slower
    # typo-tolerant trigram match on the folded name take over.
    exact = queryset.annotate(_text=matches_text).filter(_text=True)
    if exact.exists():
        matched = exact.annotate(search_rank=text_rank)
    else:
        matched = queryset.annotate(_close=close_enough).filter(_close=True).annotate(search_rank=typo_rank)
    return matched.order_by(F("search_rank").desc(), "pk")


def backend_name() -> str:
    from . import elastic

    return "elasticsearch" if elastic.enabled() else "postgres"


__all__ = ["search_products", "normalize_query", "backend_name"]
