"""The generic page parser keeps all of the article and nothing but the article.

Pages here are small, written for the tests, in the markup shapes of Vietnamese news CMSes
(class names as the sites use them) on a made-up host, so no site adapter applies: what a
page from an unknown site gets. Every furniture rule has negative cases: sentences shaped like
it that are article text and must stay.
"""

from __future__ import annotations

import pytest

from pipeline.scrape import parse_page
from pipeline.scrape.sites import load_sites

URL = "https://baothu.example.vn/kinh-te/tinh-dau-tu-giao-thong-778899.html"
P1 = "UBND tỉnh đã phê duyệt kế hoạch đầu tư 1.200 tỷ đồng cho giao thông nông thôn năm 2025."
P2 = "Công trình hoàn thành trong năm 2026, nối 12 xã miền núi với quốc lộ."


def page(body: str, head: str = "", before: str = "") -> str:
    """An article page of an unknown site whose body container holds `body`."""
    return f"""<html lang="vi"><head><meta charset="utf-8">
    <meta property="og:title" content="Tỉnh đầu tư giao thông nông thôn">
    <meta property="og:description" content="Tỉnh dành 1.200 tỷ đồng cho đường nông thôn.">
    <meta property="article:published_time" content="2025-05-09T11:02:00+07:00">{head}
    </head><body><div class="logo"><h1>Báo Thử</h1></div>{before}
    <div class="article-content"><p>{P1}</p>{body}<p>{P2}</p></div></body></html>"""


def body_of(html: str) -> list[str]:
    record = parse_page(html, url=URL)
    assert record["extractor"].startswith("generic:")
    return record["paragraphs"]


# ---------------------------------------------------------------------------------- captions
@pytest.mark.parametrize(
    "markup",
    [
        pytest.param(
            '<figure><img src="a.jpg"><figcaption>Đường mới ở xã Tà Xùa.</figcaption></figure>',
            id="figcaption",
        ),
        pytest.param(
            '<figure type="Photo"><img src="a.jpg"><figcaption class="PhotoCMS_Caption">'
            "<p>Đường mới ở xã Tà Xùa.</p></figcaption></figure>",
            id="photocms-caption",
        ),
        pytest.param(
            '<div class="image"><img src="a.jpg"><p class="image-caption">Đường mới ở xã Tà Xùa.'
            "</p></div>",
            id="image-caption-class",
        ),
        pytest.param(
            '<table class="picture"><tr><td><img src="a.jpg"></td></tr><tr><td class="caption">'
            "Đường mới ở xã Tà Xùa.</td></tr></table>",
            id="table-picture",
        ),
        pytest.param(
            '<figure class="tplCaption"><img src="a.jpg"><figcaption><p class="Image">'
            "Đường mới ở xã Tà Xùa. Ảnh: Minh Anh</p></figcaption></figure>",
            id="vnexpress-p-image",
        ),
        pytest.param(
            '<figure class="image"><img src="a.jpg"><p>Đường mới ở xã Tà Xùa.</p></figure>',
            id="figure-with-image-no-figcaption",
        ),
        pytest.param("<p>Đường mới ở xã Tà Xùa. Ảnh: Hồng Khanh</p>", id="text-anh-credit"),
        pytest.param("<p>Đường mới ở xã Tà Xùa - Ảnh: T.T.</p>", id="text-dash-anh-initials"),
        pytest.param("<p>Đường mới ở xã Tà Xùa (Ảnh: TL)</p>", id="text-bracket-credit"),
        pytest.param("<p>Đường mới ở xã Tà Xùa (Ảnh minh hoạ)</p>", id="text-anh-minh-hoa"),
    ],
)
def test_captions_never_enter_the_body(markup: str) -> None:
    assert body_of(page(markup)) == [P1, P2]


@pytest.mark.parametrize(
    "paragraph",
    [
        pytest.param(
            "Triển lãm Ảnh: Hà Nội xưa và nay thu hút 5.000 lượt khách.", id="anh-title-mid"
        ),
        pytest.param("Ảnh hưởng của bão làm 3 cây cầu bị sập.", id="anh-huong"),
        pytest.param(
            "Ông An nói: “Ảnh chụp cho thấy công trình chậm 2 tháng so với kế hoạch”.",
            id="quote-about-a-photo",
        ),
        pytest.param(
            "Sở đã gửi văn bản (kèm ảnh hiện trường) tới UBND huyện vào ngày 5/3.",
            id="bracket-anh-mid-sentence",
        ),
    ],
)
def test_sentences_about_photos_stay(paragraph: str) -> None:
    assert body_of(page(f"<p>{paragraph}</p>")) == [P1, paragraph, P2]


def test_a_data_table_in_a_figure_stays() -> None:
    table = (
        '<figure class="table"><table><tr><td>Huyện</td><td>Vốn (tỷ đồng)</td></tr>'
        "<tr><td>Bắc Hà</td><td>120</td></tr></table></figure>"
    )
    assert body_of(page(table)) == [P1, "Huyện | Vốn (tỷ đồng)", "Bắc Hà | 120", P2]


def test_a_photo_story_keeps_its_captions() -> None:
    """When the body is nothing but captions, they are the article."""
    captions = [
        f"Khung cảnh thứ {n} của tuyến đường mới qua 12 xã miền núi, dài hơn 40 km, "
        "được người dân đón nhận trong ngày thông xe."
        for n in range(1, 5)
    ]
    figures = "".join(
        f'<figure><img src="{n}.jpg"><figcaption>{c}</figcaption></figure>'
        for n, c in enumerate(captions)
    )
    html = page(figures).replace(f"<p>{P1}</p>", "").replace(f"<p>{P2}</p>", "")
    assert body_of(html) == captions


def test_a_photo_heavy_article_still_loses_its_captions() -> None:
    """Captions outweighing the text do not make a photo story while there is text."""
    captions = "".join(
        f'<figure><img src="{n}.jpg"><figcaption>Đoàn đại biểu dâng hương tại nghĩa trang '
        f"liệt sĩ tỉnh, sáng 11-10, trong lần viếng thứ {n} của đoàn. Ảnh: THUẬN VĂN"
        "</figcaption></figure>"
        for n in range(6)
    )
    assert body_of(page(captions)) == [P1, P2]


# ------------------------------------------------------------- header, date lines, boxes
HEADER = (
    "<h1>Tỉnh đầu tư giao thông nông thôn</h1>"
    '<div class="meta"><a href="/tac-gia/lan-huong.htm">Lan Hương</a>'
    "<time>Thứ sáu, 09/05/2025 - 11:02</time></div>"
    "<h2>(Báo Thử) - Tỉnh dành 1.200 tỷ đồng cho đường nông thôn.</h2>"
)


def test_the_article_header_inside_the_container_is_not_body() -> None:
    html = page("").replace(f"<p>{P1}</p>", HEADER + f"<p>{P1}</p>")
    assert body_of(html) == [P1, P2]


def test_a_later_quote_of_the_sapo_stays() -> None:
    repeat = "<p>Tỉnh dành 1.200 tỷ đồng cho đường nông thôn.</p>"
    assert body_of(page(repeat)) == [P1, "Tỉnh dành 1.200 tỷ đồng cho đường nông thôn.", P2]


@pytest.mark.parametrize(
    "line",
    [
        "Thứ bảy, 07/03/2026 - 08:07",
        "07/03/2026 08:06 GMT+7",
        "Thứ Hai, 13/05/2024 - 06:00 (GMT+7)",
        "Cập nhật: 09/10/2025 17:55",
        "2026-03-07 08:07",
    ],
)
def test_date_lines_are_not_body(line: str) -> None:
    assert body_of(page(f"<p>{line}</p>")) == [P1, P2]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Ngày 07/03/2026, UBND tỉnh khởi công tuyến đường dài 12 km.",
        "Thứ bảy (7/3), tỉnh tổ chức lễ thông xe cầu Bến Thủy 3.",
        "Từ 8:00 đến 17:00 hằng ngày, bệnh viện tiếp nhận 300 ca khám.",
        "Chủ nhật tuần này, 2.000 người dân tham gia dọn vệ sinh bờ sông.",
    ],
)
def test_sentences_with_dates_stay(paragraph: str) -> None:
    assert body_of(page(f"<p>{paragraph}</p>")) == [P1, paragraph, P2]


@pytest.mark.parametrize(
    "markup",
    [
        pytest.param(
            '<div type="RelatedNewsBox"><ul><li><h4>Hà Nội khởi công 5 cây cầu</h4>'
            "<p>Sapo bài khác về cầu.</p></li></ul></div>",
            id="cms-related-box",
        ),
        pytest.param(
            '<article class="story"><h2>Hà Nội khởi công 5 cây cầu</h2>'
            "<p>Sapo bài khác về cầu.</p></article>",
            id="inline-story-card",
        ),
        pytest.param(
            '<div class="box-readmore"><p>Hà Nội khởi công 5 cây cầu</p></div>', id="readmore"
        ),
        pytest.param("<p>Xem thêm: Hà Nội khởi công 5 cây cầu</p>", id="xem-them-line"),
        pytest.param("<p>&gt;&gt; Hà Nội khởi công 5 cây cầu</p>", id="arrow-line"),
        pytest.param(
            '<p><a href="/ha-noi-khoi-cong-5-cay-cau.html">Hà Nội khởi công 5 cây cầu</a></p>',
            id="link-only-paragraph",
        ),
        pytest.param("<p>© 2025 Báo Thử. Bản quyền thuộc về Báo Thử.</p>", id="copyright"),
    ],
)
def test_read_also_boxes_and_related_stories_are_not_body(markup: str) -> None:
    assert body_of(page(markup)) == [P1, P2]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Xem thêm chi tiết tại website của Sở Tài chính, người dân có thể gọi 1900 1234.",
        "Mời độc giả đóng góp ý kiến cho dự thảo trước ngày 5/3.",
        "Chia sẻ với phóng viên, ông An cho biết huyện cần thêm 30 tỷ đồng.",
        "Bản quyền tác giả được bảo hộ 50 năm theo Luật Sở hữu trí tuệ.",
        "Tin liên quan đến vụ việc đã được Công an tỉnh xác minh trong 2 ngày.",
        "Quảng cáo sai sự thật bị phạt tới 100 triệu đồng.",
    ],
)
def test_sentences_shaped_like_boxes_stay(paragraph: str) -> None:
    assert body_of(page(f"<p>{paragraph}</p>")) == [P1, paragraph, P2]


def test_a_link_inside_a_sentence_stays() -> None:
    sentence = 'Theo <a href="/so-gtvt">Sở Giao thông vận tải</a>, 40% vốn đã giải ngân.'
    assert body_of(page(f"<p>{sentence}</p>"))[1] == (
        "Theo Sở Giao thông vận tải, 40% vốn đã giải ngân."
    )


# ------------------------------------------------------------------------------- metadata
@pytest.mark.parametrize(
    ("before", "head", "title"),
    [
        pytest.param(
            "<h1 class='detail-title'>Tỉnh đầu tư mạnh cho giao thông nông thôn</h1>",
            "",
            "Tỉnh đầu tư mạnh cho giao thông nông thôn",
            id="visible-h1-over-og-title",
        ),
        pytest.param("", "", "Tỉnh đầu tư giao thông nông thôn", id="logo-h1-is-not-the-title"),
    ],
)
def test_title_is_the_visible_h1(before: str, head: str, title: str) -> None:
    assert parse_page(page("", head=head, before=before), url=URL)["title"] == title


def test_without_og_title_the_h1_that_matches_the_title_tag_is_the_title() -> None:
    html = (
        page("", before="<h1>Tỉnh đầu tư giao thông</h1>")
        .replace('<meta property="og:title" content="Tỉnh đầu tư giao thông nông thôn">', "")
        .replace("</head>", "<title>Tỉnh đầu tư giao thông | Báo Thử</title></head>")
    )
    assert parse_page(html, url=URL)["title"] == "Tỉnh đầu tư giao thông"


@pytest.mark.parametrize(
    ("before", "body", "authors"),
    [
        pytest.param(
            '<div class="detail-author"><p class="name" data-role="author">Minh Chiến </p></div>',
            "",
            ["Minh Chiến"],
            id="byline-block",
        ),
        pytest.param(
            "", '<p style="text-align: right;"><strong>HOÀNG LAN</strong></p>', [], id="not-last"
        ),
    ],
)
def test_authors_from_the_byline_block(before: str, body: str, authors: list[str]) -> None:
    assert parse_page(page(body, before=before), url=URL)["authors"] == authors


def test_a_closing_right_aligned_name_is_the_byline() -> None:
    html = page("").replace(
        f"<p>{P2}</p>", f'<p>{P2}</p><p style="text-align:right"><b>HOÀNG LAN - MINH AN</b></p>'
    )
    record = parse_page(html, url=URL)
    assert record["authors"] == ["Hoàng Lan", "Minh An"]
    assert record["paragraphs"] == [P1, P2]


@pytest.mark.parametrize(
    "closing",
    [
        "Hà Nội, ngày 5 tháng 3 năm 2025",
        "Tỉnh sẽ khởi công thêm 3 tuyến đường.",
        "Nguồn: Sở Giao thông vận tải",
    ],
)
def test_a_closing_right_aligned_line_that_is_not_a_name_is_not_a_byline(closing: str) -> None:
    html = page("").replace(f"<p>{P2}</p>", f'<p>{P2}</p><p align="right">{closing}</p>')
    assert parse_page(html, url=URL)["authors"] == []


def test_published_at_takes_the_seconds_the_page_declares() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2025-05-09T11:02:37.000 +07:00"}</script>'
    )
    html = page("", head=head).replace("2025-05-09T11:02:00+07:00", "2025-05-09 11:02")
    assert parse_page(html, url=URL)["published_at"] == "2025-05-09T11:02:37+07:00"


@pytest.mark.parametrize(
    ("sapo", "expected"),
    [
        pytest.param("(Dân trí) - Tỉnh dành 1.200 tỷ đồng.", "Tỉnh dành 1.200 tỷ đồng.", id="dt"),
        pytest.param(
            "(Chinhphu.vn) - Tỉnh dành 1.200 tỷ đồng.", "Tỉnh dành 1.200 tỷ đồng.", id="cp"
        ),
        pytest.param("(VTC News) - Tỉnh dành 1.200 tỷ đồng.", "Tỉnh dành 1.200 tỷ đồng.", id="vtc"),
        pytest.param("(NLĐO)- Tỉnh dành 1.200 tỷ đồng.", "Tỉnh dành 1.200 tỷ đồng.", id="nldo"),
        pytest.param(
            "(Nghệ An) Tỉnh dành 1.200 tỷ đồng.", "(Nghệ An) Tỉnh dành 1.200 tỷ đồng.", id="no-dash"
        ),
        pytest.param(
            "(2025) - Năm bản lề của tỉnh.", "(2025) - Năm bản lề của tỉnh.", id="a-year-stays"
        ),
    ],
)
def test_agency_tag_leaves_the_sapo(sapo: str, expected: str) -> None:
    html = page("").replace("Tỉnh dành 1.200 tỷ đồng cho đường nông thôn.", sapo)
    assert parse_page(html, url=URL)["sapo"] == expected


def test_the_generic_rules_are_data() -> None:
    defaults = load_sites().defaults
    assert "figcaption" in defaults.captions
    assert {p.id for p in defaults.caption_text} >= {"photo-credit-end", "photo-credit-bracket"}
    assert "date-line" in {p.id for p in defaults.drop_text}


def test_escaped_metadata_is_decoded() -> None:
    """Some CMSes escape JSON-LD and meta values twice ("Chi&amp;#7871;n" for "Chiến")."""
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Chi&amp;#7871;n l&amp;#432;&amp;#7907;c giao thông", '
        '"author": [{"@type": "Person", "name": "NH&amp;#7852;T XUÂN"}]}</script>'
    )
    html = (
        page("", head=head)
        .replace('<meta property="og:title" content="Tỉnh đầu tư giao thông nông thôn">', "")
        .replace("Tỉnh dành 1.200 tỷ đồng cho đường nông thôn.", "Th&amp;#225;ng 3 tỉnh làm đường.")
    )
    record = parse_page(html, url=URL)
    assert record["title"] == "Chiến lược giao thông"
    assert record["authors"] == ["Nhật Xuân"]
    assert record["sapo"] == "Tháng 3 tỉnh làm đường."


def test_the_visible_sapo_wins_over_og_description() -> None:
    before = '<div class="sapo_detail">Tỉnh dành 1.200 tỷ đồng cho 40 km đường nông thôn.</div>'
    record = parse_page(page("", before=before), url=URL)
    assert record["sapo"] == "Tỉnh dành 1.200 tỷ đồng cho 40 km đường nông thôn."


def test_a_printed_date_is_read_when_the_page_declares_none() -> None:
    before = '<span class="post-time"> - 07/03/2026 08:47</span>'
    html = page("", before=before).replace(
        '<meta property="article:published_time" content="2025-05-09T11:02:00+07:00">', ""
    )
    assert parse_page(html, url=URL)["published_at"] == "2026-03-07T08:47:00+07:00"


def test_a_site_adds_its_caption_selectors_as_data(tmp_path) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text(
        '[sites.baothu]\nname = "Báo Thử"\nhosts = ["baothu.example.vn"]\nshort = "bt"\n'
        'body = ["div.article-content"]\ncaptions = ["div.chu-thich"]\n',
        encoding="utf-8",
    )
    html = page('<div class="chu-thich">Đường mới ở xã Tà Xùa</div>')
    assert parse_page(html, url=URL)["paragraphs"] == [P1, "Đường mới ở xã Tà Xùa", P2]
    record = parse_page(html, url=URL, sites_file=str(sites))
    assert record["extractor"] == "site:baothu"
    assert record["paragraphs"] == [P1, P2]
