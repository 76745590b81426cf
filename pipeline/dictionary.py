"""The data dictionary: one line on what each exported column means.

It is printed by `python -m pipeline columns [TABLE]` and written as the `columns` sheet of
every xlsx export, so that an analyst who opens a file knows what `key`, `rule` or `start`
hold without reading the code. A column shared by several tables means the same thing in all
of them, unless the table overrides it. A test checks that every exported column has a line.
"""

from __future__ import annotations

#: Meanings shared by every table that has the column.
COMMON: dict[str, str] = {
    "article_id": "identifier of the source article (the file name, or the `id` of a JSON record)",
    "published": "publication date of the article (empty when the article gives none)",
    "article_title": "title of the source article",
    "url": "address of the source article, when known",
    "source": "site or publisher of the article, when known",
    "evidence": "the sentence of the article the row was read from (check any value against it)",
    "rule": "id of the rule entry in pipeline/rules/*.toml that made the row (to trace it)",
    "start": "character offset where the row's text starts in the normalised article text "
    "(title line, then one paragraph per line)",
    "end": "character offset where the row's text ends (exclusive) in the normalised text",
    "mentions": "how many times the article names it",
    "province": "the province or centrally-run city (`tỉnh X`, `thành phố Y`) it belongs to",
    "locality": "the place it is attached to, as written (`tỉnh Quảng Ninh`)",
    "locality_code": "gazetteer code of that place (text: keep the leading zero, `01` is Hà Nội)",
    "code": "gazetteer code of the place (text: keep the leading zero, `01` is Hà Nội)",
    "new_province": "the province it belongs to after the 2025 merger of provinces",
    "new_ward": "the ward or commune it became after the 2025 reorganisation, when known",
    "era": "administrative map the article was read in: `old` (before 1 July 2025, 63 "
    "provinces, districts) or `new` (34 provinces, communes and wards under them)",
    "new_units": "with --era new: the units that succeeded it on 1 July 2025",
    "new_codes": "with --era new: gazetteer codes (new map) of those successor units",
    "type": "administrative type: tỉnh, thành phố, quận, huyện, thị xã, phường, xã, thị trấn, "
    "đặc khu",
    "name": "name without its type word (`Quảng Ninh`)",
    "titles": "every title of the person, `; `-separated (`Chủ tịch UBND tỉnh`)",
    "person_id": "identifier of the person across articles (pipeline/registry.py)",
    "person_name": "name of the official who stated the commitment, as in the registry",
    "person_rule": "how the person was matched across articles (registry rule id)",
    "n_articles": "number of articles that name it",
    "first_seen": "publication date of the first article that names it",
    "last_seen": "publication date of the last article that names it",
}

#: Meanings of columns particular to one table (or overriding a shared meaning there).
TABLE: dict[str, dict[str, str]] = {
    "commitments": {
        "actor": "the public body or official committing (`UBND tỉnh Quảng Ninh`); empty: unknown",
        "deadline": "the year the target is due, empty when none is written",
        "values": "every figure of the target, in base units (VND, %, m, ha...), `; `-separated",
        "official": "the official who stated the commitment, when the sentence names one",
        "period_start": "first year of the period the target covers (`giai đoạn 2021-2025`)",
        "period_end": "last year of that period",
        "figure_units": "unit of each of `values`, in the same order (`VND; %`)",
        "modality": "the word that makes it a commitment (`phấn đấu`, `sẽ`, `yêu cầu`...)",
        "sector": "sector of the target (education, health, transport...; `other` if none)",
        "key": "the target's own words, used to tell two targets of one sentence apart",
        "amount_vnd": "the target's money value in đồng (the largest of its amounts in VND: "
        "a total, not its parts), empty when it has none",
        "deadline_date": "last day the target may be reached, when the text writes a day, "
        "month, quarter, year end or period end (`quý II/2022` → 2022-06-30)",
        "locality": "the actor's place, linked to the gazetteer (from the actor's name, else "
        "from the post of the official who stated it)",
        "locality_rule": "how the actor's place was found (registry rule id)",
        "score": "the keep/drop model's probability (0-1) that the clause is a commitment: "
        "filter on it to trade recall for precision",
    },
    "officials": {
        "name": "full name of the person as written",
        "locality": "the place of the person's post, as written (`tỉnh Quảng Ninh`)",
        "organization": "the body the post belongs to (`UBND`, `Sở Y tế`), when written",
        "mentions": "how many times the article names the person",
        "scope": "`domestic` (a Vietnamese post) or `foreign` (a foreign government or body)",
        "level": "`central`, `province`, `district` or `commune`, from the title and locality",
        "title_norm": "the titles spelt one way for grouping (`Phó Chủ tịch UBND` and `Phó chủ "
        "tịch UBND` are one title), `; `-separated",
    },
    "localities": {
        "parent": "the unit that contains it, when the article says (`huyện X` of a `xã`)",
        "province": "the province it lies in (itself for a province)",
    },
    "figures": {
        "text": "the figure as written (`1.134 tỷ đồng`)",
        "kind": "money, percent or quantity",
        "value": "exact value in base units (`1.134 tỷ đồng` → 1134000000000)",
        "value_max": "upper bound of a range (`từ 5 đến 7 ha`), empty otherwise",
        "unit": "base unit: VND, USD, %, m, ha, người...",
        "qualifier": "more_than, less_than, approx, at_least or at_most; empty for exact",
    },
    "articles": {
        "published_at": "publication date and time as the source wrote it",
        "n_paragraphs": "number of body paragraphs",
        "n_sentences": "number of sentences",
        "n_tokens": "number of words (underthesea tokens)",
        "text_sha256": "hash of the normalised text (a changed article gets a new hash)",
    },
    "people": {
        "name": "the spelling of the name seen most often",
        "province": "province of the person's posts, empty for national posts",
        "locality": "the place most often attached to the person's posts",
        "titles": "every title seen, in order of first appearance, `; `-separated",
        "mentions": "number of mentions over all articles",
        "name_variants": "other spellings of the name seen",
    },
    "people_titles": {
        "name": "name of the person",
        "title": "one title of the person in this article",
    },
    "places": {
        "place_id": "identifier of the place (its gazetteer code, else its name)",
        "mentions": "number of mentions over all articles",
    },
}


def meaning(table: str, column: str) -> str:
    """The one-line meaning of `column` in `table` ("" when the dictionary lacks it)."""
    return TABLE.get(table, {}).get(column) or COMMON.get(column, "")
