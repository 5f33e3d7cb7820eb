"""The search service: one entry point, PostgreSQL behind it (Elasticsearch joins in #6's next step).

Queries are folded like the documents (lower case, no tone marks, đ → d), so "mat ong" finds
"Mật ong". The last word matches as a prefix (as-you-type: "mat o" finds "Mật ong"), the words
before it as typed: a space after a word says it is finished, so "ca phe" does not also match
"cao", "cam" or "canh" (and the index reads one word's entries instead of every word starting
with it). A query with a typo ("mat onng") still finds what is close by trigram word similarity. Name matches rank above description matches
(weights A..D in the vector)."""

import logging
import re
from dataclasses import dataclass

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
    tsquery = text_query(normalized.split())
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


@dataclass(frozen=True)
class TextMatch:
    """One way of matching a query in the listing table (search_listedproduct, alias `l`): the
    condition, the relevance of a match (higher first) and their parameters (named)."""

    condition: str
    rank: str
    params: dict


# A listing compares a document's start with the query on the first characters only
# (ListedProduct.document_start); a longer query reads the product's whole document.
DOCUMENT_START_CHARS = 64


def listing_matches(normalized: str, *, elasticsearch: bool = True) -> list[TextMatch]:
    """The ways a listing tries, in order, until one finds something; the same matching and
    ranking as search_products() (Elasticsearch's ids when it is up, unless told not to ask it;
    else the words as typed, then the typo-tolerant match on the folded name)."""
    from . import elastic

    if elasticsearch and elastic.enabled():
        try:
            ids = elastic.search_ids(normalized)
        except elastic.SearchUnavailable as exc:
            elastic.mark_degraded(exc)
        else:
            return [TextMatch("l.product_id = ANY(%(es_ids)s)",
                              "-array_position(%(es_ids)s::bigint[], l.product_id)::float", {"es_ids": ids})]
    tsquery = text_query(normalized.split(), whole=_words_no_other_word_starts_with)
    starts_with = ("l.document_start LIKE %(q_prefix)s" if len(normalized) <= DOCUMENT_START_CHARS else
                   "(SELECT p.search_document FROM catalog_product p WHERE p.id = l.product_id) LIKE %(q_prefix)s")
    words = TextMatch("l.search_vector @@ to_tsquery('simple', %(q_tsquery)s)",
                      f"ts_rank(l.search_vector, to_tsquery('simple', %(q_tsquery)s)) * 4 + ({starts_with})::int",
                      {"q_tsquery": tsquery, "q_prefix": normalized + "%"})
    close = TextMatch("%(q)s <%% l.name", "word_similarity(%(q)s, l.name)", {"q": normalized})
    return [words, close]


def text_query(terms: list[str], whole=None) -> str:
    """The tsquery for the folded query words: every word but the last as it is, the last as a
    prefix, unless `whole(terms)` says no other word starts with it (then as it is: the same
    products, a cheaper lookup)."""
    last = terms[-1]
    if whole is None or last not in whole([last]):
        last = f"{last}:*"
    return " & ".join([*terms[:-1], last])


def _words_no_other_word_starts_with(terms: list[str]) -> set[str]:
    """The query words that are a prefix of no other indexed word: matching one of them as a
    prefix (`mat:*`) or as itself (`mat`) finds and ranks the same products, and the second is
    the cheaper lookup in the GIN index (search.models.SearchLexeme, a word never removed)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t FROM unnest(%s::text[]) AS t WHERE NOT EXISTS (SELECT 1 FROM search_searchlexeme w"
            " WHERE w.word > t AND w.word < t || chr(1114111))", (terms,))
        return {row[0] for row in cursor.fetchall()}


def backend_name() -> str:
    from . import elastic

    return "elasticsearch" if elastic.enabled() else "postgres"


__all__ = ["search_products", "listing_matches", "normalize_query", "backend_name"]
