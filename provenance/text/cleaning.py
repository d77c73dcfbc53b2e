"""Boilerplate removal for scraped article copies, recording every cut and why.

Scraped copies of news carry page furniture that is not part of the story: ad slots
("[ad_1]", "Advertisement"), teasers ("Read more:" and a headline), "the story continues below
the ad", weather and date widgets above the headline, share buttons, newsletter and cookie
prompts, comment forms, and "Related Articles" lists after the story. Left in, each becomes a
bogus claim. The rules below describe families of such lines, not the lines of one site.

They work on whole lines, with three small exceptions that cut inside a line (ad tokens, a
sentence-initial "Advertisement", a date glued to the first word). The rules are conservative:
a line that reports speech ("said", "told") is never taken for page furniture, and a teaser
heading takes the rest of the article with it only when what follows reads as teasers, not as
story. Every removed span is returned as a ``Removal`` with offsets into the input text;
control and zero-width characters are removed too, under the reason ``control_characters``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate, islice

from rapidfuzz import fuzz

from provenance.text.types import Cleaned, Removal

# Control characters (except tab and newline) and invisible characters that only break
# matching and offsets. Zero-width (non-)joiners and direction marks are kept: some scripts
# need them. Carriage returns are removed too; ``decode_bytes`` already turned them into "\n".
_INVISIBLE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u180e\u200b\u2060\ufeff]+")
_INVISIBLE_REASON = "control_characters"
# Outer whitespace and blank lines beyond one between paragraphs (see _whitespace_removals).
WHITESPACE_REASON = "whitespace"

_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?i:mon|tue(?:s)?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?i:day)?\.?"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"
)
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:\s*[aApP]\.?[mM]\.?)?(?:\s*[A-Z]{2,5})?)"
_STAMP = (
    rf"(?:(?:{_WEEKDAY},?\s+)?{_DATE}(?:\s*(?:[,|•·–—-]|at)?\s*{_TIME})?"
    rf"|{_TIME}\s*[,|•·–—-]?\s*(?:{_WEEKDAY},?\s+)?{_DATE}"
    r"|\d{1,3}\s+(?i:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+(?i:ago))"
)
_STAMP_LABEL = r"(?i:(?:first\s+|last\s+)?(?:published|updated|posted|modified))(?:\s+on)?\s*:?\s*"
# A line holding only dates/times, possibly labelled ("Updated: 3 hours ago | Published ...").
_DATE_LINE_RE = re.compile(
    rf"(?:{_STAMP_LABEL})?{_STAMP}(?:\s*[|•·,;/]?\s*(?:{_STAMP_LABEL})?(?:{_STAMP}|{_TIME}))*\.?"
)
_STAMP_LABEL_RE = re.compile(_STAMP_LABEL)
_TIME_OR_AGO_RE = re.compile(r"\d[:.]\d\d|\b(?i:ago)\b")
_TEMPERATURE_RE = re.compile(r"[-+−]?\d{1,3}(?:[.,]\d)?\s*[°º]?\s*[CF]")
_PLACE_WORD_RE = re.compile(r"[^\W\d_][^\W\d_'’.-]*")

# Cut inside a line: "[ad_1]" tokens and tagDiv's "spot_img" placeholders anywhere; an
# "Advertisement" label between sentences; a date glued to the first word ("2020Senior") or
# labelled in front of it ("date 2018-08-28 SAN JUAN ..."); a photo credit at the end of a
# caption ("... the quake. (AFP/Getty Images)", "Picture: Getty", "REUTERS/Jane Doe") or at
# its start ("AP/JANE DOE - Residents ..."). A caption that loses its credit stays a caption
# (``Cleaned.captions``).
_CREDIT_NAME = r"(?:[A-Z][\w.&'’/-]*|via|and|for|of)"
_INLINE_RE = re.compile(
    r"(?P<ad_marker>(?:\[\s*(?i:ad)(?:[\s_-]*\d+)?\s*\]|(?:spot_img)+)[ \t]*"
    r"|(?:^|(?<=[.!?\"”’)] ))(?:ADVERTISEMENT|Advertisement)[ \t]+(?=[A-Z\"“‘]))"
    rf"|(?P<date_header>^[ \t]*(?:{_WEEKDAY},?\s+)?{_DATE}(?=[A-Z])"
    rf"|^[ \t]*(?i:date|dated)\s*:?\s*{_DATE}(?:\s*{_TIME})?[ \t]+(?=\S))"
    r"|(?P<caption_credit>[ \t]*(?:"
    r"\((?:[^()\n]*[A-Za-z]/[A-Z][^()\n]*|[^()\n]*\b(?i:via|photo|photograph|getty\s+images"
    r"|file|handout)\b[^()\n]*)\)"
    rf"|\b(?i:photo(?:graph)?s?|pictures?|images?|credits?|video|footage)(?i:\s+credit)?\s*:"
    rf"\s*{_CREDIT_NAME}(?:[ ,]+{_CREDIT_NAME}){{0,6}}"
    r"|\b(?i:photo(?:graph)?)\s+by\s+[A-Z][^\n]{1,80}"
    r"|\b[A-Z]{2,}(?:\s+[A-Z]{2,})?/[A-Z][\w.'’ -]{1,40}"
    r"|\b(?:[A-Z][\w.'’-]+\s+){1,3}[A-Z][\w.'’-]+/(?:[\w ]{1,30}\s+)?via\s+[A-Z]{2,}"
    r")[ \t]*$"
    r"|^[ \t]*(?:photo_camera\s+)?[A-Z]{2,}(?:\s+PHOTO)?\s*/\s*(?:[A-Z][\w.'’-]*\s*/?\s*){1,5}"
    r"[ \t]*[-–—][ \t]+(?=[A-Z]))"
)
# Cheap tests that rule out most lines before _INLINE_RE scans them.
_INLINE_HINTS = ("[", "spot_img", "dvertisement", "DVERTISEMENT", "/", ":", "hoto", ")")
_GLUED_DATE_HINT_RE = re.compile(r"[ \t]*(?:[A-Za-z]{3,9}\.?,?\s+){0,2}\d")

_NETWORK = (
    r"(?:facebook|twitter|x|whatsapp|linkedin|telegram|reddit|pinterest|tumblr|e-?mail|print"
    r"|copy\s+link|messenger|viber|threads|bluesky|flipboard|share|tweet|adjust|comments?|save"
    r"|bookmark|listen|gift(?:\s+(?:this\s+)?article)?|(?:font|text)(?:\s+size)?|a-|a\+"
    r"|subscribe|forum|rss|reprints?)"
)
# Whole-line page furniture, one named group per reason; the first group that matches wins.
_LINE_RULES: tuple[tuple[str, str], ...] = (
    (
        "ad_marker",
        r"[-–—•·*=\s]*[\[(<{]?\s*(?:ads?|adverts?|advertisements?|advertising|sponsored"
        r"(?:\s+(?:content|post|links?))?|paid\s+(?:content|post)|promoted(?:\s+content)?)"
        r"(?:[\s_-]*\d+)?\s*[\])>}]?[-–—•·*=\s]*"
        r"|advertisement\s*[-–—:]?\s*scroll\s+(?:down\s+)?to\s+continue"
        r"(?:\s+(?:reading|with\s+content))?\.?"
        r"|(?:skip|close)\s+(?:this\s+)?ad(?:vertisement)?|ads?\s+by\s+\w+",
    ),
    (
        "continues_below_ad",
        r"(?:the\s+)?(?:story|article|text|content|report|news|post)\s+continues\s+"
        r"(?:below|after|under|beneath)(?:\s+(?:the|this|these))?(?:\s+(?:ads?|adverts?"
        r"|advertisements?|advertising|video|image|photo|gallery|break))?\s*[.…]*"
        r"|continue\s+reading(?:\s+(?:below|the\s+(?:main\s+)?(?:story|article)"
        r"|after\s+(?:the\s+)?(?:ad|advert|advertisement)))?\s*[.…»›>]*"
        r"|scroll\s+(?:down\s+)?to\s+(?:continue|read)(?:\s+(?:reading|the\s+article"
        r"|with\s+content))?\s*[.…]*",
    ),
    (
        "comment_footer",
        r"leave\s+a\s+(?:reply|comment)(?:\s+cancel\s+reply)?"
        r"|(?:post|add|write|submit)\s+(?:a\s+|your\s+)?comment"
        r"|comments?\s+(?:are|is)\s+closed\.?|(?:\d+|no)\s+(?:comments?|responses?|replies)"
        r"|comments?\s*(?:\(\d+\)|:)?|(?:show|view|load|hide|see|read)\s+(?:all\s+)?(?:\d+\s+)?"
        r"comments?|join\s+the\s+(?:conversation|discussion|debate)"
        r"|your\s+email\s+address\s+will\s+not\s+be\s+published\.?"
        r"(?:\s*required\s+fields\s+are\s+marked\s*\*?)?|required\s+fields\s+are\s+marked\s*\*?"
        r"|you\s+must\s+be\s+logged\s+in\s+to\s+(?:post\s+a\s+)?comment\.?"
        r"|be\s+the\s+first\s+to\s+comment\.?|save\s+my\s+name,?\s+email,?.{0,80}comment\.?"
        r"|(?:log|sign)\s+in\s+to\s+(?:comment|reply)\.?|have\s+your\s+say",
    ),
    (
        "navigation",
        r"back\s+to\s+top(?:\s+button)?"
        r"|(?:previous|prev|next|older|newer)\s+(?:post|article|story)"
        r"(?:\s*[|/]?\s*(?:previous|prev|next|older|newer)\s+(?:post|article|story))?"
        r"|skip\s+to\s+(?:main\s+)?(?:content|navigation)|home|menu|search|close|x|×|✕"
        r"|(?:(?:back|go|return)\s+to\s+)?(?:the\s+)?(?:top|bottom)\s+of\s+(?:the\s+)?page",
    ),
    (
        "newsletter_prompt",
        r"(?:sign\s+up|subscribe|register)(?:\s+(?:now|here|today|free))?\s+(?:for|to)\s+"
        r"(?:(?:our|my)\b.{0,120}|.{0,80}\bnewsletters?\b.{0,80})"
        r"|(?:get|receive|have)\b.{0,80}\b(?:delivered|sent)\s+(?:straight\s+|directly\s+)?"
        r"to\s+your\s+inbox\b.{0,80}"
        r"|click\s+here\s+to\s+(?:subscribe|sign\s+up|register)\b.{0,120}"
        r"|already\s+a\s+subscriber\??\s*(?:log|sign)\s+in.{0,40}|subscribers?\s+only"
        r"|support\s+(?:our|independent|quality)\s+journalism\b.{0,150}"
        r"|newsletters?(?:\s+sign[\s-]?up)?"
        r"|(?:sign\s+up|subscribe|register)(?:\s+(?:now|here|today|free))?(?:\s+(?:for|to)\s+.{0,80}"
        r"\b(?:subscriptions?|alerts?|updates|briefings?|digest|weekly|daily|bulletins?)\b.{0,40})?\.?"
        r"|(?:an?\s+)?(?:free\s+)?(?:(?:weekly|daily)\s+)?newsletter\s+(?:from|by|for)\b.{0,200}"
        r"|.{0,120}\bdelivered\s+(?:straight\s+|directly\s+)?to\s+your\s+inbox\b.{0,80}",
    ),
    (
        "cookie_notice",
        r"(?:we|this\s+(?:web)?site|our\s+(?:web)?site|this\s+page|\S+(?:\s+\S+){0,3})\s+uses?\s+"
        r"cookies\b.{0,500}"
        r"|by\s+(?:continuing|using|browsing)\b.{0,80}\b(?:(?:web)?site|page)\b.{0,200}"
        r"\b(?:cookies|privacy\s+policy|terms)\b.{0,200}"
        r"|(?:accept|allow|reject|decline|manage|customi[sz]e)(?:\s+all)?\s+cookies"
        r"(?:\s+(?:settings|preferences))?|cookie\s+(?:settings|preferences|policy|consent)",
    ),
    (
        "social_share",
        r"(?:share|tweet)(?:\s+(?:this|the))?(?:\s+(?:article|story|post|page))?"
        r"(?:\s+(?:on|via|with)\s+.{1,60})?\s*:?"
        rf"|{_NETWORK}(?:\s*(?:[,|•·/]|and|&)?\s*{_NETWORK})+"
        r"|follow\s+us\b.{0,150}|like\s+us\s+on\b.{0,150}|follow\s+for\s+more\b.{0,150}"
        r"|like\s+this\s*:|like\s+loading\s*[.…]*"
        r"|join\s+(?:us|our)\b.{0,40}\b(?:telegram|whatsapp|channel|community)\b.{0,80}",
    ),
    (
        "copyright",
        r"©.{0,250}|(?:\(c\)|copyright)\s*©?\s*\d{4}\b.{0,250}"
        r"|(?:[^.]{0,120}\.\s*)?all\s+rights\s+reserved\b.{0,150}",
    ),
    (
        "reading_time",
        r"\d{1,3}\s*[-–]?\s*min(?:ute)?s?\s+read|reading\s+time\s*:?\s*\d{1,3}\s*min(?:ute)?s?",
    ),
    ("call_to_action", r"(?:click|tap)\s+(?:here|to\s+(?:read|see|view|watch|listen))\b.{0,150}"),
    # Headings that open a list of teasers; see _mark_tail for when the list is cut.
    (
        "related_articles",
        r"(?:related(?:\s+(?:articles?|stories|posts?|news|content|coverage|reading|links?"
        r"|topics|videos?))?"
        r"|(?:more|other|latest|top|recent|popular|trending|similar|recommended|featured|major"
        r"|editor['’]?s\s+picks?)\s+(?:articles?|stories|news|posts?|headlines|videos?|reads?)"
        r"(?:\s+(?:from|in|on|about)\s+.{1,40})?"
        r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in)"
        r"|recommended(?:\s+for\s+you)?|(?:what\s+to\s+)?read\s+next"
        r"|most\s+(?:read|popular|viewed|shared)|(?:from\s+)?around\s+the\s+web"
        r"|trending(?:\s+(?:now|today|this\s+week|stories|topics))?|in\s+case\s+you\s+missed\s+it)"
        r"\s*:?",
    ),
    ("source_link", r"(?:original\s+)?source\s+(?:link|url)\s*:?"),
    # Reporting and editing credits, agency initials: "(Reporting by A; Editing by B)",
    # "jd/ab (Reuters, AFP)".
    (
        "credits",
        r"\(?\s*(?:(?:additional|further)\s+)?(?:reporting|writing|editing|compiled|written|edited"
        r"|produced|translated|research)\s+by\b[^()]{2,300}\)?\.?"
        r"|(?-i:[a-z]{1,4}(?:/[a-z]{1,4})+)(?:\s*\([^()\n]{2,80}\))?\.?"
        # "Reuters contributed to this report.", "Ana Ruiz in Lima contributed reporting."
        r"|(?-i:[A-Z][\w.'’-]*(?:\s+(?:and\s+|in\s+)?[A-Z][\w.'’-]*){0,5})\s+contributed\s+"
        r"(?:to\s+this\s+(?:report|story|article)|reporting)\.?",
    ),
    # Where the copy came from, on a line of its own: "Source: Xinhua", "(Agencies)",
    # "– AGENCY NAME"; the names are kept in ``Cleaned.copy_sources``.
    (
        "source_line",
        r"(?:sources?|via|courtesy(?:\s+of)?)\s*:\s*(?P<named_source>[^\n]{2,150}?)\.?"
        r"|[(\[]\s*(?:with\s+)?(?P<unnamed_agencies>agencies|agency\s+inputs?|wires?"
        r"|inputs\s+from\s+agencies)\s*[)\]]"
        # "(With inputs from PTI)", "With additional inputs from Reuters and AFP."
        r"|\(?\s*with\s+(?:additional\s+)?inputs?\s+from\s+(?P<inputs_from>[^()\n]{2,80}?)\s*\)?\.?"
        # "(Reuters)", "(AFP, dpa)": the agencies alone, in brackets, on a line of their own.
        r"|[(\[]\s*(?P<bracketed_source>(?-i:[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*|\s*[,/]\s*[A-Za-z][\w&.-]*)"
        r"{0,4}))"
        r"\s*[)\]]\.?"
        r"|[-–—]+\s*(?P<dashed_source>(?-i:[A-Z][A-Z&.-]+(?:\s+[A-Z][A-Z&.-]+){0,3}))"
        # "Source AP": no colon, an agency's initials.
        r"|sources?\s+(?P<initials_source>(?-i:[A-Z]{2,6}(?:\s+[A-Z]{2,6})?))\.?",
    ),
    # Bylines and stamps: "By Jane Doe and John Roe", "Posted by admin", "(@handle)",
    # "2018-04-05 02:08 | www.example.com | 2".
    (
        "byline",
        rf"(?:(?:posted|written|words|story|text)\s+)?by\s+(?!(?:{_WEEKDAY}|{_MONTH})\b)"
        r"(?-i:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
        r"(?:\s*(?:,|and|&)\s*(?-i:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}))*"
        r"(?:\s*[|,•·–—-]\s*.{0,80})?"
        r"|\(?@\w{2,30}\)?"
        rf"|{_STAMP}(?:\s*[|•·/]\s*(?:{_STAMP}|{_TIME}|(?:www\.)?[\w-]+(?:\.[\w-]+)+|\d{{1,6}}))+"
        # "Updated at 4:14 p.m. to add a comment".
        rf"|(?:this\s+(?:story|article|post)\s+(?:was|has\s+been)\s+)?(?:updated|corrected)"
        rf"\s+(?:at|on)\s+(?:{_TIME}|{_DATE}|{_WEEKDAY})\b.{{0,150}}"
        # "Jane Doe Staff Writer, Outlet.com", "Jane Doe, Senior Correspondent"
        r"|(?-i:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}),?\s+(?:staff|senior|chief|contributing"
        r"|special|associate|foreign|political|news)\s+(?:writer|reporter|correspondent|editor)s?"
        r"(?:\s*[,|•·–—-]\s*.{0,80})?",
    ),
    # "Jane Doe is a reporter for ...": a note about the author.
    (
        "author_bio",
        r"(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s+(?:is|was|has\s+been)\s+(?:a|an|the)\s+"
        r"(?:[\w-]+\s+){0,4}(?:reporter|correspondent|writer|journalist|editor|contributor|columnist"
        r"|producer|author|intern|freelancer|blogger)s?\b.{0,300}",
    ),
    # Where the page says its copy is someone else's: "This story has not been edited by ... and
    # is auto-generated from a syndicated feed", "This is part of the Daily Briefing, ...".
    (
        "syndication",
        r"\(?(?:this\s+(?:story|article|report|content|post|piece)\s+(?:has\s+not\s+been\s+edited"
        r"|is\s+(?:auto-?generated|published|republished|syndicated|reproduced)"
        r"|was\s+(?:originally\s+|first\s+)?(?:published|posted)|(?:first|originally)\s+"
        r"(?:appeared|published))|this\s+is\s+(?:part\s+of|an?\s+(?:excerpt|summary))\b"
        r"|(?:republished|reprinted|syndicated|reproduced)\s+(?:with|by|from|under)\b"
        r"|(?:originally|first)\s+(?:posted|published|appeared)\s+(?:by|on|in|at)\b"
        r"|our\s+standards\s*:"
        r"|(?:only\s+)?(?:the\s+)?headline\s+(?:and\s+picture\s+)?(?:of\s+this\s+\w+\s+)?"
        r"may\s+have\s+been\s+reworked|powered\s+by\s+(?:automated|machine)\s+translation"
        r"|(?:automated|machine)\s+translation).{0,400}",
    ),
    # Page widgets: tag lists, photo file names, comma lists of photographers ending in an
    # outlet ("Jane Doe, John Roe, SOME NETWORK").
    (
        "widget",
        r"(?:tags?|topics?|keywords?|categories|companies|filed\s+under)\s*:\s*#?[\w-]+"
        r"(?:\s*[,|]?\s*#?[\w-]+){0,20}"
        r"|(?=[\w.-]*_)(?=[\w.-]*\d{4})[\w-]{12,}(?:\.(?:jpe?g|png|gif|webp))?"
        r"|[\w-]+\.(?:jpe?g|png|gif|webp)"
        r"|watch\s+(?:[\w-]+\s+){0,2}live(?:\s+(?:tv|stream|now))?"
        r"|(?-i:(?:[A-Z][\w.'’-]+\s+){1,3}[A-Z][\w.'’-]+(?:,\s*(?:[A-Z][\w.'’-]+\s+){1,3}"
        r"[A-Z][\w.'’-]+)*,\s*(?:[A-Z]{2,}(?:\s+[A-Z]{2,}){1,3}|[A-Z]{4,}))",
    ),
)
# Reasons whose lines say where the copy came from: their names go in ``Cleaned.copy_sources``.
_COPY_SOURCE_REASONS = ("source_line", "credits", "agency_line")
# A line naming only an agency, with perhaps a place or a date after a comma, bar or dash:
# "AFP", "The Associated Press, Lima", "Xinhua | June 9".
_AGENCY_LINE_PARTS_RE = re.compile(r"\s*(?:[,|]|\s[–—-])\s*")
_MAX_AGENCY_LINE_WORDS = 8
_MAX_AGENCY_LINE_TAIL_WORDS = 4
_CREDIT_AGENCIES_RE = re.compile(r"^[a-z/]+\s*\(([^()]+)\)")
_LINE_RULES_RE = re.compile(
    "|".join(f"(?P<{reason}>{pattern})" for reason, pattern in _LINE_RULES), re.IGNORECASE
)
# Page furniture is short; a longer line is prose however it starts.
_MAX_FURNITURE_LINE = 600
# Page furniture never reports speech; this keeps "Sign up for the alerts by March, the
# regulator said" and the like.
_SPEECH_RE = re.compile(r"\b(?:said|says|told|according\s+to|announced)\b", re.IGNORECASE)

# "Read more:" and its kin, either alone (then the next line is the teaser) or with the teaser
# on the same line. Weak cues ("Related:", "More:") count only with a teaser after them.
_TEASER_CUE_RE = re.compile(
    r"(?:(?P<strong>read\s+more|read\s+also|also\s+read|see\s+also|read\s+next|must\s+read"
    r"|don[’']?t\s+miss|(?:click|tap)\s+to\s+play\s+video|play\s+video|watch(?:\s+the)?\s+video)"
    r"|(?P<weak>related(?:\s+(?:story|article|coverage|content|link))?|recommended"
    r"(?:\s+reading)?|more(?:\s+on\s+this(?:\s+(?:story|topic))?)?|watch|listen|video))"
    r"\s*(?:(?P<sep>[:|»›>–—-]+)\s*(?P<rest>.*))?",
    re.IGNORECASE,
)
_VIDEO_CUE_RE = re.compile(r"(?:click|tap|play|watch|video)\b", re.IGNORECASE)
_TRAILING_DATE_RE = re.compile(rf"\s*[-–—|]\s*{_DATE}\s*$")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
_QUOTES = "\"'“”‘’«»"
# A video embed repeats its title below the player; lines this similar to it are the repeats.
_VIDEO_TITLE_SIMILARITY = 70
_MAX_VIDEO_TITLE_REPEATS = 3

# Headings that open a list of teasers, and the reason for the lines under them.
_TAIL_REASONS = {"related_articles": "related_articles", "source_link": "site_footer"}
# Teasers with full-sentence summaries are cut only when they hold at most this share of the
# prose the story before them has, so that a mid-article heading keeps the story.
_TAIL_MAX_SHARE = 0.3
_MAX_TEASER_RUN = 8
_PROSE_END_RE = re.compile(r"[.!?][\"'”’»)\]]*$")
_MIN_PROSE_CHARS = 40
_MIN_PROSE_WORDS = 6
# Weather/date widgets sit above the story: the header zone ends at the second line of text.
_HEADER_TEXT_LINES = 2
_HEADER_ZONE_LINES = 12

# A reader comment thread: bulleted lines holding only a handle.
_COMMENT_HANDLE_RE = re.compile(r"[•·▪◦*-]\s*[\w.'’@-]+(?:\s+[\w.'’-]+){0,2}")
_MIN_COMMENT_HANDLES = 2
# An author's name alone on a line: two or three capitalised words ("Jane Doe", "JM Roe").
_NAME_LINE_RE = re.compile(r"[A-Z][\w'’.-]*[a-zA-Z](?:\s+[A-Z][\w'’.-]*[a-z][\w'’-]*){1,2}")
# A site user name at the foot of a post: one lower-case word ("admin", "newsdesk").
_HANDLE_RE = re.compile(r"[a-z][a-z0-9_.-]{2,20}")
# A kicker over the story: one to four words in capitals, without punctuation.
_KICKER_RE = re.compile(r"[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){0,3}")
_SIGNATURE_LINES_AFTER_TITLE = 2
_MIN_LINES_FOR_SIGNATURE = 4

_BLANK_RUN_RE = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")


@dataclass(slots=True)
class _Line:
    start: int  # offsets into the text with invisible characters dropped
    end: int  # end of the line's content
    stop: int  # end including the newline
    text: str  # content after inline cuts, stripped; what the rules look at
    cuts: list[tuple[int, int, str]] = field(default_factory=list)


def clean_article(text: str, *, is_agency: Callable[[str], bool] | None = None) -> Cleaned:
    """Remove boilerplate from an article's text; deterministic and idempotent.

    ``is_agency`` tells whether a name is a news agency's (the registry knows it as a wire or
    state agency): a line that names only one ("AFP", "The Associated Press, Lima") is the
    credit of the agency whose copy the page carries, and is cut as such.

    Returns the cleaned body (removed spans cut out, runs of blank lines collapsed to one,
    outer whitespace stripped) and the removals, with offsets into ``text``, in text order,
    adjacent removals of one reason merged. The body is exactly ``text`` without its removals:
    the collapsed whitespace is recorded too, under the reason ``whitespace``.
    """
    work, to_input, invisible_runs = _drop_invisible(text)
    lines = _split_lines(work)
    reasons: list[str | None] = [_line_reason(line) for line in lines]
    _mark_teasers(lines, reasons)
    _mark_tail(lines, reasons)
    _mark_header(lines, reasons)
    _mark_stamps(lines, reasons)
    _mark_repeated_title(lines, reasons)
    _mark_comments(lines, reasons)
    _mark_signatures(lines, reasons)
    if is_agency is not None:
        _mark_agency_lines(lines, reasons, is_agency)

    spans: list[tuple[int, int, str]] = []
    credited: list[int] = []  # where a caption lost its credit, in ``work``
    for line, reason in zip(lines, reasons, strict=True):
        if reason:
            spans.append((line.start, line.stop, reason))
        else:
            spans.extend(line.cuts)
            credited.extend(start for start, _, why in line.cuts if why == "caption_credit")
    if to_input is not None:
        spans = [(to_input[start], to_input[end - 1] + 1, reason) for start, end, reason in spans]
        spans.extend(_outside(invisible_runs, spans))
        credited = [to_input[position] for position in credited]
    removals = _with_whitespace(text, _merge(text, sorted(spans)))
    return Cleaned(
        body=_cut(text, removals),
        removals=removals,
        captions=tuple(_body_offset(removals, position) for position in credited),
        copy_sources=copy_sources_of((r.reason, r.text) for r in removals),
    )


def copy_sources_of(removals: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The outlets that removed source lines and credits name, from (reason, text) pairs, in
    order and once each: what an article's stored removals say of where its copy came from."""
    named: list[str] = []
    for reason, text in removals:
        if reason == "agency_line":
            named.extend(_agency_line_parts(line)[0] for line in text.splitlines() if line.strip())
        elif reason in _COPY_SOURCE_REASONS:
            for line in text.splitlines():
                named.extend(_named_sources(line.strip()))
    return tuple(dict.fromkeys(named))


def _named_sources(text: str) -> list[str]:
    """The outlets or sources a source line or a credit names: "Source: Xinhua" gives Xinhua,
    "jd/ab (Reuters, AFP)" gives Reuters and AFP."""
    match = _LINE_RULES_RE.fullmatch(text)
    if match is None:
        return []
    named = (
        match["named_source"]
        or match["dashed_source"]
        or match["initials_source"]
        or match["unnamed_agencies"]
    )
    if named:
        return [named.strip()]
    listed = match["inputs_from"] or match["bracketed_source"]
    if listed:
        return [name.strip() for name in re.split(r",|/|\band\b", listed) if name.strip()]
    inside = _CREDIT_AGENCIES_RE.search(text) if match.lastgroup == "credits" else None
    if inside is None:
        return []
    return [name.strip() for name in re.split(r",|\band\b", inside.group(1)) if name.strip()]


def _body_offset(removals: list[Removal], position: int) -> int:
    """Where a position of the text stands in the body (the start of a removal it falls in)."""
    removed = 0
    for removal in removals:
        if removal.start >= position:
            break
        removed += min(removal.end, position) - removal.start
    return position - removed


def _drop_invisible(text: str) -> tuple[str, list[int] | None, list[tuple[int, int, str]]]:
    """Text without invisible characters, a map from its offsets to ``text``'s, and the runs."""
    runs = [(m.start(), m.end(), _INVISIBLE_REASON) for m in _INVISIBLE_RE.finditer(text)]
    if not runs:
        return text, None, []
    pieces: list[str] = []
    to_input: list[int] = []
    previous = 0
    for start, end, _ in runs:
        pieces.append(text[previous:start])
        to_input.extend(range(previous, start))
        previous = end
    pieces.append(text[previous:])
    to_input.extend(range(previous, len(text)))
    return "".join(pieces), to_input, runs


def _split_lines(work: str) -> list[_Line]:
    lines = []
    start = 0
    while start < len(work):
        newline = work.find("\n", start)
        end = len(work) if newline == -1 else newline
        stop = end if newline == -1 else newline + 1
        lines.append(_line(work, start, end, stop))
        start = stop
    return lines


def _line(work: str, start: int, end: int, stop: int) -> _Line:
    raw = work[start:end]
    maybe_inline = any(hint in raw for hint in _INLINE_HINTS) or _GLUED_DATE_HINT_RE.match(raw)
    if not maybe_inline or not _INLINE_RE.search(raw):
        return _Line(start, end, stop, raw.strip())
    kept, cuts = _cut_inline(raw)
    return _Line(start, end, stop, kept.strip(), [(start + a, start + b, r) for a, b, r in cuts])


def _cut_inline(raw: str) -> tuple[str, list[tuple[int, int, str]]]:
    """What is left of a line after its inline markers, and the cuts (offsets into ``raw``).

    Matching repeats on what is left until nothing more matches, so that a marker uncovered by
    a cut ("[ad_2]June 2, 2024Floodwaters") goes in the same cleaning, not in a second one.
    """
    cuts: list[tuple[int, int, str]] = []
    kept, positions = raw, list(range(len(raw)))
    while found := [(m.start(), m.end(), m.lastgroup or "") for m in _INLINE_RE.finditer(kept)]:
        removed: set[int] = set()
        for first, last, reason in found:
            # A match on what is left may straddle an earlier cut: one cut per contiguous piece.
            run_start = positions[first]
            for k in range(first + 1, last):
                if positions[k] != positions[k - 1] + 1:
                    cuts.append((run_start, positions[k - 1] + 1, reason))
                    run_start = positions[k]
            cuts.append((run_start, positions[last - 1] + 1, reason))
            removed.update(range(first, last))
        positions = [p for i, p in enumerate(positions) if i not in removed]
        kept = "".join(raw[p] for p in positions)
    return kept, sorted(cuts)


def _line_reason(line: _Line) -> str | None:
    if not line.text:
        # A line that held only inline markers goes whole, newline included.
        return line.cuts[0][2] if line.cuts else None
    if len(line.text) > _MAX_FURNITURE_LINE or _SPEECH_RE.search(line.text):
        return None
    match = _LINE_RULES_RE.fullmatch(line.text)
    return match.lastgroup if match else None


def _mark_teasers(lines: list[_Line], reasons: list[str | None]) -> None:
    """Mark "Read more:"-style cues with their teaser headline, and video embeds."""
    for index, line in enumerate(lines):
        if reasons[index] or not line.text:
            continue
        match = _TEASER_CUE_RE.fullmatch(line.text)
        if not match:
            continue
        rest = (match["rest"] or "").strip()
        is_video = bool(_VIDEO_CUE_RE.match(line.text))
        reason = "video_embed" if is_video else "read_more"
        if rest:
            if not (_looks_like_headline(rest) or _URL_RE.fullmatch(rest)):
                continue
        elif not match["strong"]:
            continue
        reasons[index] = reason
        following = _next_text_lines(lines, reasons, index)
        if is_video:
            _mark_video_title_repeats(lines, reasons, following, rest.strip(_QUOTES))
        elif (
            # "Read more:" announces the teaser on the next line; "Read more »" ends one.
            ":" in (match["sep"] or "")
            and not rest
            and following
            and _looks_like_headline(lines[following[0]].text)
        ):
            reasons[following[0]] = reason


def _mark_video_title_repeats(
    lines: list[_Line], reasons: list[str | None], following: list[int], title: str
) -> None:
    if not title:
        return
    seen = [title.casefold()]
    for index in following[:_MAX_VIDEO_TITLE_REPEATS]:
        candidate = _TRAILING_DATE_RE.sub("", lines[index].text).casefold()
        if not _looks_like_headline(lines[index].text) or all(
            fuzz.token_sort_ratio(candidate, earlier) < _VIDEO_TITLE_SIMILARITY for earlier in seen
        ):
            return
        reasons[index] = "video_embed"
        seen.append(candidate)


def _mark_tail(lines: list[_Line], reasons: list[str | None]) -> None:
    """Cut a teaser list ("Related Articles", "Source link" and a site footer) to the end.

    Headings are tried from the last one back. One is cut with everything after it when that
    reads as teasers rather than story: no full sentences at all, or at least one headline per
    sentence and much less prose than the story before the heading has. A heading that fails
    loses only itself and the headline-like lines right under it.
    """
    prose = [
        0 if reason else _prose_chars(line.text)
        for line, reason in zip(lines, reasons, strict=True)
    ]
    prose_before = [0, *accumulate(prose)]
    cut = len(lines)
    headlines = sentences = 0  # unmarked lines between the heading being tried and the cut
    for index in range(len(lines) - 1, -1, -1):
        heading = reasons[index]
        if heading not in _TAIL_REASONS:
            if prose[index]:
                sentences += 1
            elif not heading and _looks_like_headline(lines[index].text):
                headlines += 1
            continue
        before = prose_before[index]
        after = prose_before[cut] - prose_before[index + 1]
        if before and (
            not sentences or (headlines >= sentences and after <= _TAIL_MAX_SHARE * before)
        ):
            for follower in range(index + 1, cut):
                if not reasons[follower] and lines[follower].text:
                    reasons[follower] = _TAIL_REASONS[heading]
            cut = index
            headlines = sentences = 0
        elif heading == "related_articles":
            for follower in _next_text_lines(lines, reasons, index):
                if not _looks_like_headline(lines[follower].text):
                    break
                reasons[follower] = heading
                headlines -= 1  # gone from the text a second cleaning would see


def _mark_header(lines: list[_Line], reasons: list[str | None]) -> None:
    """Mark weather and date widgets above the story and right under its headline."""
    candidates = (i for i, line in enumerate(lines) if line.text and not reasons[i])
    zone = list(islice(candidates, _HEADER_ZONE_LINES))
    is_temperature = [bool(_TEMPERATURE_RE.fullmatch(lines[i].text)) for i in zone]
    text_lines, first_text = 0, None
    for position, index in enumerate(zone):
        text = lines[index].text
        next_to_temperature = (position > 0 and is_temperature[position - 1]) or (
            position + 1 < len(zone) and is_temperature[position + 1]
        )
        if is_temperature[position] or (next_to_temperature and _looks_like_place(text)):
            reasons[index] = "weather_header"
        elif _DATE_LINE_RE.fullmatch(text):
            reasons[index] = "date_header"
        elif first_text is None or not _same_text(text, first_text):
            # (the title given again as the page's heading is no line of its own)
            first_text = first_text or text
            text_lines += 1
            if text_lines == _HEADER_TEXT_LINES:
                return


def _mark_stamps(lines: list[_Line], reasons: list[str | None]) -> None:
    """Mark the page's time stamps below the header too: a line of dates that is labelled
    ("Posted: Jun 16, 2016"), gives a time of day or says how long ago ("August 9, 2015 / 6:01
    AM / 2 years ago"). A bare date on its own line may head a part of the story, and stays."""
    for index, line in enumerate(lines):
        text = line.text
        if not text or reasons[index] or not _DATE_LINE_RE.fullmatch(text):
            continue
        if _STAMP_LABEL_RE.match(text) or _TIME_OR_AGO_RE.search(text):
            reasons[index] = "date_header"


def _mark_repeated_title(lines: list[_Line], reasons: list[str | None]) -> None:
    """Mark the title given again as the page's heading, above the story's first sentence: the
    page kept both its title and its heading, and the story has one headline."""
    texts = [i for i, line in enumerate(lines) if line.text and not reasons[i]]
    if not texts:
        return
    title = lines[texts[0]].text
    for index in texts[1:]:
        text = lines[index].text
        if _same_text(text, title):
            reasons[index] = "repeated_title"
        elif text.rstrip(_QUOTES + ")] ").endswith((".", "!", "?")):
            return  # the story has begun


def _mark_agency_lines(
    lines: list[_Line], reasons: list[str | None], is_agency: Callable[[str], bool]
) -> None:
    for index, line in enumerate(lines):
        text = line.text
        if not text or reasons[index] or len(text.split()) > _MAX_AGENCY_LINE_WORDS:
            continue
        name, after = _agency_line_parts(text)
        # What may follow the name is a place or a date, not a statement ("AFP - Police said
        # five died" is a story line).
        if len(after.split()) > _MAX_AGENCY_LINE_TAIL_WORDS or _SPEECH_RE.search(text):
            continue
        if is_agency(name):
            reasons[index] = "agency_line"


def _agency_line_parts(line: str) -> tuple[str, str]:
    """The name an agency line opens with, and what follows it after a comma, bar or dash."""
    parts = _AGENCY_LINE_PARTS_RE.split(line.strip(), maxsplit=1)
    return parts[0].strip(" ."), parts[1] if len(parts) > 1 else ""


def _same_text(one: str, other: str) -> bool:
    return one.split() == other.split()


def _mark_comments(lines: list[_Line], reasons: list[str | None]) -> None:
    """Cut a reader comment thread to the end: from the first of at least two bulleted lines
    that hold only a commenter's handle ("• jane_doe", "• Jane Doe")."""
    handles = [
        index
        for index, line in enumerate(lines)
        if not reasons[index] and _COMMENT_HANDLE_RE.fullmatch(line.text)
    ]
    if len(handles) < _MIN_COMMENT_HANDLES:
        return
    for index in range(handles[0], len(lines)):
        if not reasons[index] and lines[index].text:
            reasons[index] = "comments"


def _mark_signatures(lines: list[_Line], reasons: list[str | None]) -> None:
    """Mark the author's name on a line of its own: right under the title, above the story,
    or after the story's last paragraph ("Jane Doe", "admin"); and a kicker in capitals just
    under the title ("EXCLUSIVE", "FIRST ON THE SCENE")."""
    text_lines = [i for i, line in enumerate(lines) if line.text and not reasons[i]]
    if len(text_lines) < _MIN_LINES_FOR_SIGNATURE:
        return
    title, *rest = text_lines
    for index in rest[:_SIGNATURE_LINES_AFTER_TITLE]:
        text = lines[index].text
        if _KICKER_RE.fullmatch(text):
            reasons[index] = "section_label"
        elif _NAME_LINE_RE.fullmatch(text):
            following = text_lines[text_lines.index(index) + 1]
            if _prose_chars(lines[following].text):
                reasons[index] = "byline"
        else:
            break
    last = text_lines[-1]
    text = lines[last].text
    if (
        last != title
        and _prose_chars(lines[text_lines[-2]].text)
        and (_NAME_LINE_RE.fullmatch(text) or _HANDLE_RE.fullmatch(text))
    ):
        reasons[last] = "byline"


def _next_text_lines(lines: list[_Line], reasons: list[str | None], index: int) -> list[int]:
    """Indices of the non-blank, unmarked lines after ``index``, up to the next marked one."""
    found = []
    for following in range(index + 1, len(lines)):
        if reasons[following]:
            break
        if lines[following].text:
            found.append(following)
            if len(found) == _MAX_TEASER_RUN:
                break
    return found


def _looks_like_headline(text: str) -> bool:
    """Short, capitalised and without a sentence's final full stop (an ellipsis is fine)."""
    if not text or len(text) > 200 or len(text.split()) > 30 or text[0].islower():
        return False
    bare = text.rstrip(_QUOTES + ")] ")
    return bare.endswith(("...", "…")) or not bare.endswith((".", ",", ";", ":"))


def _looks_like_place(text: str) -> bool:
    words = text.replace(",", " ").split()
    return 0 < len(words) <= 4 and all(
        word[0].isupper() and _PLACE_WORD_RE.fullmatch(word) for word in words
    )


def _prose_chars(text: str) -> int:
    """How much story-like prose a line holds: full sentences, not headlines, teasers or dates.

    Lines that other rules may mark later (headlines, dates) never count, so that a second
    cleaning sees the same figures as the first.
    """
    if (
        len(text) < _MIN_PROSE_CHARS
        or not _PROSE_END_RE.search(text)
        or text.rstrip(_QUOTES + ")]").endswith(("...", "…"))
        or len(text.split()) < _MIN_PROSE_WORDS
        or _looks_like_headline(text)
        or _DATE_LINE_RE.fullmatch(text)
    ):
        return 0
    return len(text)


def _outside(
    runs: list[tuple[int, int, str]], spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """The invisible-character runs that no rule span already covers."""
    covered = sorted((start, end) for start, end, _ in spans)
    kept, position = [], 0
    for start, end, reason in runs:
        while position < len(covered) and covered[position][1] <= start:
            position += 1
        if position < len(covered) and covered[position][0] <= start:
            continue
        kept.append((start, end, reason))
    return kept


def _merge(text: str, spans: list[tuple[int, int, str]]) -> list[Removal]:
    """Removals in text order; neighbours of one reason join across blank lines.

    Only a span that ends a line may absorb the whitespace after it: joining across a newline
    inside a paragraph would glue two lines together.
    """
    merged: list[list] = []
    for start, end, reason in spans:
        if merged:
            last = merged[-1]
            gap = text[last[1] : start]
            if last[2] == reason and (not gap or (text[last[1] - 1] == "\n" and not gap.strip())):
                last[1] = end
                continue
        merged.append([start, end, reason])
    return [Removal(start, end, text[start:end], reason) for start, end, reason in merged]


def _with_whitespace(text: str, removals: list[Removal]) -> list[Removal]:
    """The removals plus outer whitespace and blank lines beyond one between paragraphs.

    Recorded like any other cut, so that the body is exactly the text without its removals and
    every offset into the body maps back to the text it came from. Whitespace next to a cut
    goes with that cut (the blank line a removed teaser leaves); the rest is ``whitespace``.
    """
    kept: list[tuple[int, int]] = []  # spans of ``text`` that survive the boilerplate cuts
    previous = 0
    for removal in removals:
        if removal.start > previous:
            kept.append((previous, removal.start))
        previous = removal.end
    if previous < len(text):
        kept.append((previous, len(text)))
    joined = "".join(text[start:end] for start, end in kept)
    first, last = len(joined) - len(joined.lstrip()), len(joined.rstrip())
    gaps = [(0, first), (max(first, last), len(joined))]
    for match in _BLANK_RUN_RE.finditer(joined, first, last):
        # Keep the run's first two newlines, "\n\n"; cut what stands between and after them.
        second = joined.index("\n", match.start() + 1)
        gaps += [(match.start() + 1, second), (second + 1, match.end())]
    spans = {(r.start, r.end): r.reason for r in removals}
    for start, end in _to_text_spans(kept, sorted(gap for gap in gaps if gap[0] < gap[1])):
        spans[(start, end)] = WHITESPACE_REASON
    # Glue each whitespace cut to the boilerplate cut it touches, if any.
    merged: list[list] = []
    for (start, end), reason in sorted(spans.items()):
        if merged and merged[-1][1] == start and WHITESPACE_REASON in (reason, merged[-1][2]):
            merged[-1][1] = end
            if merged[-1][2] == WHITESPACE_REASON:
                merged[-1][2] = reason
            continue
        merged.append([start, end, reason])
    return [Removal(start, end, text[start:end], reason) for start, end, reason in merged]


def _to_text_spans(
    kept: list[tuple[int, int]], ranges: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The spans of ``text`` that sorted ranges of the joined kept text cover, in one walk."""
    spans: list[tuple[int, int]] = []
    piece, offset = 0, 0  # the kept span being read and where it starts in the joined text
    for start, end in ranges:
        while start < end:
            while offset + kept[piece][1] - kept[piece][0] <= start:
                offset += kept[piece][1] - kept[piece][0]
                piece += 1
            kept_start, kept_end = kept[piece]
            stop = min(end, offset + kept_end - kept_start)
            spans.append((kept_start + start - offset, kept_start + stop - offset))
            start = stop
    return spans


def _cut(text: str, removals: list[Removal]) -> str:
    pieces, previous = [], 0
    for removal in removals:
        pieces.append(text[previous : removal.start])
        previous = removal.end
    pieces.append(text[previous:])
    return "".join(pieces)
