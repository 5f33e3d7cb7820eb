"""Our descriptions are plain text; Saleor's are EditorJS documents in a JSONString. These turn
one into the other, so a Saleor storefront renders ours and a Saleor client can send its own."""

from __future__ import annotations

import html
import re

BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
SEO_DESCRIPTION_CHARS = 300


def to_editorjs(text: str | None) -> dict | None:
    """Blank lines part paragraphs; a single line break stays a <br>. Text is escaped, since
    clients put a paragraph's text into the page as HTML."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return None
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [html.escape(line.strip(), quote=False) for line in paragraph.strip().split("\n")]
        blocks.append({"type": "paragraph", "data": {"text": "<br>".join(lines)}})
    return {"blocks": blocks}


def _block_text(block: dict) -> str:
    data = block.get("data") or {}
    if isinstance(data.get("items"), list):
        return "\n".join(_inline_text(item if isinstance(item, str) else (item or {}).get("content", ""))
                         for item in data["items"])
    return _inline_text(data.get("text", ""))


def _inline_text(value) -> str:
    text = BREAK.sub("\n", str(value or ""))
    return html.unescape(TAG.sub("", text)).strip()


def from_editorjs(value) -> str:
    """Plain text from what a client sent as a description: an EditorJS document, or plain text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict) and isinstance(value.get("blocks"), list):
        parts = [_block_text(block) for block in value["blocks"] if isinstance(block, dict)]
        return "\n\n".join(part for part in parts if part)
    return str(value).strip()


def seo_description(text: str | None) -> str | None:
    """The first sentences of a description, on one line, for search engines and link previews."""
    flat = " ".join((text or "").split())
    if not flat:
        return None
    if len(flat) <= SEO_DESCRIPTION_CHARS:
        return flat
    return flat[:SEO_DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"


class DescribedResolvers:
    """Saleor's description (EditorJS JSON) and SEO fields, from our plain name and description.
    Mixed into Product, Category and Collection."""

    @staticmethod
    def resolve_description(root, info):
        return to_editorjs(root.description)

    @staticmethod
    def resolve_seo_title(root, info):
        return root.name

    @staticmethod
    def resolve_seo_description(root, info):
        return seo_description(root.description)
