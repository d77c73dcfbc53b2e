"""Files to RawArticle records: dispatch by type, metadata, and whole-file refusals."""

import json
import re
from pathlib import Path

import pytest

from provenance.text.readers import iter_input_files, read_articles, read_path
from provenance.text.types import InputError, RawArticle

LIMIT = 1_000_000

STORY = (
    "Port strike halts grain exports for a third day\n"
    "\n"
    "Dock workers at the country's largest port extended their strike on Wednesday, "
    "leaving 40 grain ships waiting offshore, the port authority said.\n"
    "\n"
    "The union said talks with the government over pay had broken down.\n"
)

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head>
<title>Port strike halts grain exports | Harbour Herald</title>
<meta property="og:title" content="Port strike halts grain exports for a third day">
<meta property="og:site_name" content="Harbour Herald">
<meta property="article:published_time" content="2024-09-18T07:30:00Z">
<link rel="canonical" href="https://harbourherald.example/2024/09/port-strike">
<script>var tracker = "SCRIPT-PAYLOAD-1"; document.write("SCRIPT-PAYLOAD-2");</script>
<style>.byline { color: #333 } /* STYLE-PAYLOAD */</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Port strike halts grain exports for a third day</h1>
<p>Dock workers at the country's largest port extended their strike on Wednesday, leaving
40 grain ships waiting offshore, the port authority said.</p>
<script type="text/javascript">window.adSlot("SCRIPT-PAYLOAD-3");</script>
<p>The union said talks with the government over pay had broken down after the labour
ministry offered a 4% rise, well short of the 15% the workers are demanding.</p>
<p>Traders said wheat prices on the local exchange rose 3% on fears of shortages at mills
that depend on imported grain, and that some buyers were turning to rail shipments.</p>
</article>
<footer>Harbour Herald 2024</footer>
</body></html>
"""


def _jsonl(*records: object) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode()


# Plain text


@pytest.mark.parametrize("name", ["story.txt", "story.text", "story.md", "STORY.TXT"])
def test_plain_text_keeps_the_whole_body_and_takes_the_headline_as_title(name):
    [article] = read_articles(STORY.encode(), name=name, max_bytes=LIMIT)
    assert article.body == STORY
    assert article.title == "Port strike halts grain exports for a third day"
    assert article.body.startswith(article.title)


def test_markdown_heading_marks_are_not_part_of_the_title():
    [article] = read_articles(("# " + STORY).encode(), name="story.md", max_bytes=LIMIT)
    assert article.title == "Port strike halts grain exports for a third day"
    assert article.body == "# " + STORY


def test_title_skips_a_weather_and_date_widget_above_the_headline():
    text = "31 °C\nLagos\nFriday, May 3, 2024\n\n" + STORY
    [article] = read_articles(text.encode(), name="story.txt", max_bytes=LIMIT)
    assert article.title == "Port strike halts grain exports for a third day"
    assert article.body == text


@pytest.mark.parametrize(
    "text",
    [
        "Dock workers extended their strike on Wednesday.\nThe union said talks had failed.\n",
        "Port strike halts grain exports for a third day\n",
        ("word " * 40).strip() + "\nThe union said talks had failed.\n",
    ],
    ids=["first-line-is-a-sentence", "single-line", "first-line-too-long"],
)
def test_no_title_when_the_first_line_is_not_a_headline(text):
    [article] = read_articles(text.encode(), name="story.txt", max_bytes=LIMIT)
    assert article.title == ""
    assert article.body == text


# HTML


def test_html_gives_article_text_and_metadata_without_script_or_style():
    [article] = read_articles(ARTICLE_HTML.encode(), name="page.html", max_bytes=LIMIT)
    assert "PAYLOAD" not in article.body
    assert "tracker" not in article.body and "adSlot" not in article.body
    assert "40 grain ships waiting offshore" in article.body
    assert "well short of the 15% the workers are demanding" in article.body
    assert article.title == "Port strike halts grain exports for a third day"
    assert article.body.startswith(article.title)
    assert article.publisher == "Harbour Herald"
    assert article.url == "https://harbourherald.example/2024/09/port-strike"
    assert article.published.startswith("2024-09-18")


def test_html_with_nothing_but_scripts_is_refused():
    page = b"<html><head><script>var a = 'only code';</script></head><body></body></html>"
    with pytest.raises(InputError, match=r"^empty\.htm: no article text could be extracted"):
        read_articles(page, name="empty.htm", max_bytes=LIMIT)


def test_html_that_is_not_utf8_is_refused():
    page = ARTICLE_HTML.replace("country's", "pays côtier").encode("latin-1")
    with pytest.raises(InputError, match=r"^page\.html: not UTF-8 text"):
        read_articles(page, name="page.html", max_bytes=LIMIT)


# JSON Lines


def test_jsonl_reads_one_article_per_line_and_skips_blank_lines():
    data = _jsonl(
        {"body": "Strike enters third day.", "title": "Strike", "publisher": "Harbour Herald"},
        "",
        "   ",
        {
            "body": "Wheat prices rose 3%.",
            "url": "https://example.org/wheat",
            "published": "2024-09-18",
            "id": 17,  # unknown keys are ignored
        },
        {"body": "Talks collapse.", "published": "2024-09-18T07:30:00+02:00", "title": None},
    )
    articles = read_articles(data, name="batch.ndjson", max_bytes=LIMIT)
    assert articles == [
        RawArticle(body="Strike enters third day.", title="Strike", publisher="Harbour Herald"),
        RawArticle(
            body="Wheat prices rose 3%.", url="https://example.org/wheat", published="2024-09-18"
        ),
        RawArticle(body="Talks collapse.", published="2024-09-18T07:30:00+02:00"),
    ]


def test_jsonl_bodies_are_normalised_like_files():
    data = _jsonl({"body": "Line one\r\nJose\u0301 said"})
    [article] = read_articles(data, name="a.jsonl", max_bytes=LIMIT)
    assert article.body == "Line one\nJosé said"


def test_one_malformed_line_refuses_the_whole_file_naming_the_line():
    data = _jsonl({"body": "Fine."}, {"body": "Also fine."}, '{"body": "broken" "title": "x"}')
    with pytest.raises(InputError) as error:
        read_articles(data, name="articles.jsonl", max_bytes=LIMIT)
    assert str(error.value).startswith(
        "articles.jsonl line 3: invalid JSON: Expecting ',' delimiter"
    )


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"title": "No body"}, r"line 2: 'body' is required"),
        ({"body": None}, r"line 2: 'body' is required"),
        ({"body": 42}, r"line 2: 'body' must be a string, got a number"),
        ({"body": ["a"]}, r"line 2: 'body' must be a string, got an array"),
        ({"body": "  \n "}, r"line 2: 'body': no text"),
        ({"body": "x", "title": 7}, r"line 2: 'title' must be a string, got a number"),
        ({"body": "x", "publisher": {"n": 1}}, r"line 2: 'publisher' must be a string, got an"),
        ({"body": "x", "url": True}, r"line 2: 'url' must be a string, got true/false"),
        ({"body": "x", "url": "example.org/a"}, r"line 2: 'url' must be an http\(s\) address"),
        ({"body": "x", "published": "18/09/2024"}, r"line 2: 'published' must be an ISO 8601"),
        ({"body": "x", "published": "2024-02-30"}, r"line 2: 'published' must be an ISO 8601"),
        ([1, 2], r"line 2: expected a JSON object, got an array"),
        ("plain text", r"line 2: invalid JSON: Expecting value \(column 1\)"),
    ],
)
def test_jsonl_field_errors_refuse_the_file(record, message):
    data = _jsonl({"body": "A good first line."}, record)
    with pytest.raises(InputError, match=rf"^feed\.jsonl {message}"):
        read_articles(data, name="feed.jsonl", max_bytes=LIMIT)


def test_jsonl_with_only_blank_lines_is_refused():
    with pytest.raises(InputError, match=r"^feed\.jsonl: no "):
        read_articles(b"\n\n  \n", name="feed.jsonl", max_bytes=LIMIT)


def test_jsonl_limit_applies_to_each_article_not_the_whole_batch():
    small = {"body": "x" * 600}
    assert len(read_articles(_jsonl(small, small, small), name="a.jsonl", max_bytes=1000)) == 3
    with pytest.raises(InputError, match=r"^a\.jsonl line 2: too large"):
        read_articles(_jsonl(small, {"body": "x" * 2000}), name="a.jsonl", max_bytes=1000)


# Refusals common to every type


@pytest.mark.parametrize("name", ["a.txt", "a.html", "a.jsonl"])
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b" \n\n\t ", "no text"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "a GIF image"),
        (b"ok\x00\x00\x00\x10binary", "NUL bytes"),
        ("Réfugiés à Goma".encode("cp1252"), r"not UTF-8 text \(invalid byte 0xe9 at offset 1\)"),
    ],
)
def test_bad_bytes_are_refused_for_every_file_type(name, data, reason):
    with pytest.raises(InputError, match=rf"^{re.escape(name)}: .*{reason}"):
        read_articles(data, name=name, max_bytes=LIMIT)


@pytest.mark.parametrize("name", ["a.txt", "a.html"])
def test_oversized_text_and_html_are_refused(name):
    with pytest.raises(InputError, match=r"too large \(2\.0 KB; the limit is 1000 bytes\)"):
        read_articles(b"x" * 2048, name=name, max_bytes=1000)


@pytest.mark.parametrize("name", ["report.pdf", "notes.docx", "README"])
def test_unsupported_file_types_are_refused(name):
    with pytest.raises(InputError, match=r"unsupported file type .*expected one of .*\.jsonl"):
        read_articles(b"text", name=name, max_bytes=LIMIT)


# Paths and directories


def test_read_path_reads_a_file_and_names_it_in_errors(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    [article] = read_path(story, max_bytes=LIMIT, max_batch_bytes=LIMIT)
    assert article.body == STORY
    with pytest.raises(InputError, match=rf"^{re.escape(str(tmp_path))}/missing\.txt: cannot read"):
        read_path(tmp_path / "missing.txt", max_bytes=LIMIT, max_batch_bytes=LIMIT)


def test_read_path_refuses_an_oversized_file(tmp_path):
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"x" * 5000 + b"</p>")
    with pytest.raises(InputError, match=r"big\.html: too large"):
        read_path(big, max_bytes=1000, max_batch_bytes=10_000)


def test_read_path_bounds_a_json_lines_batch_by_its_own_limit(tmp_path):
    line = b'{"body": "The dam burst on Monday, officials said."}\n'
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(line * 40)
    assert len(read_path(batch, max_bytes=1000, max_batch_bytes=10_000)) == 40
    with pytest.raises(InputError, match=r"batch\.jsonl: too large"):
        read_path(batch, max_bytes=1000, max_batch_bytes=1000)


def test_iter_input_files_expands_directories_sorted_and_skips_hidden(tmp_path):
    for relative in [
        "b.txt",
        "a.jsonl",
        "sub/z.html",
        "sub/deeper/c.md",
        ".hidden.txt",
        ".git/config",
        "sub/.DS_Store",
    ]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    single = tmp_path / "sub" / "z.html"
    missing = tmp_path / "missing.txt"
    found = list(iter_input_files([tmp_path, single, missing]))
    assert [p.relative_to(tmp_path) for p in found] == [
        Path("a.jsonl"),
        Path("b.txt"),
        Path("sub/z.html"),
        Path("sub/deeper/c.md"),
        Path("sub/z.html"),
        Path("missing.txt"),
    ]
