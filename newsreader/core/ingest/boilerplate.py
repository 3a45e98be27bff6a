"""Lines that are page furniture rather than article: ads, prompts, notices, menus, footers."""

from __future__ import annotations

import re

__all__ = ["ends_article", "is_boilerplate", "is_promo", "is_soft_end"]

# A whole short line that is one of these is furniture.
_EXACT = re.compile(
    r"^(?:advertisements?(?:\s+below)?|advertising|sponsored(?:\s+content)?|ad|ads|"
    r"story continues below(?:\s+advertisement)?|continue reading(?:\s+below)?|"
    r"share(?:\s+this(?:\s+(?:post|article|story|page))?)?|share (?:on|via|by|to|with) [\w ]{1,20}|"
    r"tweet|email|e-mail|print|facebook|twitter|x|whatsapp|linkedin|pinterest|reddit|"
    r"telegram|copy link|copied|link copied|comments?|\d+\s+comments?|view comments|"
    r"show comments|load comments|leave a (?:reply|comment)|post a comment|reply|"
    r"source link|source|read more|read next|more|see more|show more|load more|"
    r"related(?:\s+(?:articles?|stories|posts|content|coverage|news|topics|links))?|"
    r"more (?:from|on|in|stories|news)\b.*|you (?:may|might) also like|recommended(?:\s+for you)?|"
    r"trending(?:\s+now)?|most (?:popular|read|viewed|shared)|popular|latest(?:\s+news)?|"
    r"top stories|editor'?s picks|don'?t miss|watch|listen|video|photos?|gallery|"
    r"skip to (?:main )?content|menu|search|close|open|log ?in|sign ?in|sign ?up|"
    r"register|subscribe|subscribe now|newsletter|newsletters|home|back to top|"
    r"accept(?:\s+all)?(?:\s+cookies)?|reject(?:\s+all)?|manage (?:cookies|preferences|settings)|"
    r"cookie (?:policy|settings)|privacy(?:\s+policy)?|terms(?:\s+(?:of\s+(?:use|service)|"
    r"and conditions))?|contact(?:\s+us)?|about(?:\s+us)?|careers|sitemap|rss|"
    r"all rights reserved\.?|tags?:?|topics?:?|filed under:?|categories:?|"
    r"next (?:article|story|post)|previous (?:article|story|post)|click here|"
    r"follow us(?:\s+on\s+\w+)?|image|caption|expand|enlarge|toggle caption|hide caption|"
    r"loading\.*|please wait\.*|next|previous|prev|page \d+(?: of \d+)?)[\s.!:>»›]*$",
    re.I,
)

# Phrases that mark a line as furniture wherever they appear in a line of modest length.
# Grouped by first letter, so a scan tries one group per position, not every phrase.
_PHRASES = re.compile(
    r"(?:©|\(c\)\s*\d{4}|^advertisement"
    r"|a(?:ll rights reserved|lready a subscriber)"
    r"|b(?:y (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:site|website)"
    r"|reaking news alerts|ecome a (?:member|subscriber))"
    r"|c(?:opyright\s+(?:©\s*)?\d{4}|ookie policy|lick (?:here to|to (?:share|print|email))"
    r"|omments? (?:are|is) closed)"
    r"|download (?:our|the) app"
    r"|enable javascript"
    r"|follow us on"
    r"|got a tip"
    r"|in your inbox"
    r"|javascript is disabled"
    r"|l(?:ike us on facebook|earn how your comment data is processed|og in to (?:comment|reply))"
    r"|newsletter"
    r"|opens in (?:a )?new window"
    r"|privacy policy"
    r"|re(?:quired fields are marked|ad (?:more|also|the full story)\s*:"
    r"|lated (?:articles?|stories|coverage)\s*:|port a(?:n error| typo))"
    r"|s(?:ubscribe (?:here|now|today|to (?:our|the))|ign up (?:here|now|for (?:our|the|free))"
    r"|hare (?:this (?:post|article|story)|(?:on|via) (?:facebook|twitter|whatsapp|email))"
    r"|ee (?:more|also|the full story)\s*:|end (?:us )?(?:a )?tips?\b"
    r"|upport (?:our|independent) journalism|tory continues below)"
    r"|t(?:his (?:site uses akismet|(?:article|story) (?:was|has been) (?:originally )?"
    r"(?:published|produced|updated))|o your inbox|erms of (?:use|service))"
    r"|uses cookies"
    r"|we use cookies"
    r"|y(?:our (?:email address will not be published|browser does not support)|ou must be logged in))",
    re.I,
)

# _PHRASES without IGNORECASE, for lower-cased text: its letters are all lower case. The
# same test, faster, unless the text holds one of the few characters that IGNORECASE
# matches to an ASCII letter but lower() does not turn into it (İ, ı, ſ and the Kelvin sign).
_PHRASES_LOWER = re.compile(_PHRASES.pattern)
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def _has_phrase(text: str) -> bool:
    if _FOLDS_TO_ASCII.search(text):
        return _PHRASES.search(text) is not None
    return _PHRASES_LOWER.search(text.lower()) is not None


# After one of these the rest of the page is furniture (comments, footers of the article).
_END_MARKERS = re.compile(
    r"^(?:source link|leave a (?:reply|comment)|post a comment|add a comment|"
    r"\[?\s*(?:\d+\s+)?(?:top rated |reader |user )?comments?(?:\s*\(\d+\))?\s*\]?|"
    r"(?:show|view|read|load) (?:all )?(?:\d+ )?comments|join the (?:conversation|discussion)|"
    r"kommentare|commentaires|comentarios|commenti|комментарии|评论|留言|コメント|댓글|"
    r"about the author|tags?|filed under)[\s.!:]*$",
    re.I,
)

# After one of these comes a list of other articles, but the article may resume (an inline widget).
_SOFT_END_MARKERS = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|posts|content|coverage|news|links|reading))?|"
    r"more (?:from|in|on|stories|news)\b.*|you (?:may|might) also like|recommended(?:\s+for you)?|"
    r"read (?:next|more|also)|see also|also read|most (?:popular|read|viewed|shared)|"
    r"trending(?:\s+(?:now|news|stories))?|top stories|editor'?s picks|don'?t miss|"
    r"(?:latest|recent) (?:news|stories|posts|articles)|"
    r"lesen sie auch|mehr zum thema|à lire aussi|lire aussi|leia também|leia mais|"
    r"читайте также|相关(?:新闻|文章|阅读)|関連記事|관련기사)[\s.!:>»›]*$",
    re.I,
)


# Calls to subscribe or sign up; the line under one (same paragraph) is its blurb.
_PROMO = re.compile(
    r"\b(?:subscribe|sign up|newsletters?|alerts|download (?:our|the) app|join (?:our|the) mailing list)\b",
    re.I,
)


def is_promo(line: str) -> bool:
    """True for a short call to subscribe or sign up ("Subscribe to our newsletter")."""
    text = line.strip()
    return len(text.split()) <= 12 and _PROMO.search(text) is not None


def is_boilerplate(line: str) -> bool:
    """True when a line is page furniture rather than article text."""
    text = line.strip()
    if not text:
        return False
    if len(text) <= 80 and _EXACT.match(text):
        return True
    words = len(text.split())
    return words <= 40 and _has_phrase(text)


def ends_article(line: str) -> bool:
    """True for markers after which no article text follows ("Source link", "Comments")."""
    text = line.strip()
    return len(text) <= 60 and _END_MARKERS.match(text) is not None


def is_soft_end(line: str) -> bool:
    """True for headings of lists of other articles ("Related", "Most read")."""
    text = line.strip()
    return len(text) <= 60 and _SOFT_END_MARKERS.match(text) is not None
