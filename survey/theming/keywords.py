"""Finding a theme's keywords in an answer: whole words or phrases, any case; a trailing * for
any ending."""

import re
from functools import lru_cache


def _normal(words: str) -> str:
    return " ".join(words.lower().split())


class KeywordMatcher:
    """Every theme's keywords in one pattern, so a text is read once however many keywords
    there are (the learned suggester reads 100,000 answers at a time). Whole words or phrases,
    any case, any spacing; overlapping keywords ("low carbon", "carbon") are each found."""

    def __init__(self, keywords: dict):
        self.owners: dict[str, list[tuple[object, str]]] = {}
        self.order = {
            owner: {w: i for i, w in enumerate(words)} for owner, words in keywords.items()
        }
        for owner, words in keywords.items():
            for word in dict.fromkeys(words):
                self.owners.setdefault(_normal(word), []).append((owner, word))
        # \b cannot be used at a keyword edge that is not a word character ("R&D",
        # "start-up"), so look for "no word character" around it instead. Longest first, and
        # inside a lookahead, so that a match never hides one starting later.
        bodies = sorted((_body(key) for key in self.owners), key=len, reverse=True)
        self.stems = [key for key in self.owners if key.endswith("*")]
        self.pattern = (
            re.compile(rf"(?<!\w)(?=((?:{'|'.join(bodies)}))(?!\w))", re.IGNORECASE)
            if bodies
            else None
        )

    def find(self, text: str) -> dict:
        """Owner -> the keywords found in text, each once, in the order the owner lists them."""
        if self.pattern is None or not text:
            return {}
        found: dict = {}
        for key in {self._key(_normal(m.group(1))) for m in self.pattern.finditer(text)}:
            for owner, word in self.owners.get(key, ()):
                found.setdefault(owner, []).append(word)
        return {owner: sorted(words, key=self.order[owner].get) for owner, words in found.items()}

    def _key(self, found: str) -> str:
        if found in self.owners:
            return found
        return max((s for s in self.stems if found.startswith(s[:-1])), key=len, default=found)


def _body(key: str) -> str:
    # A trailing * stands for any ending ("apprentice*": apprentices, apprenticeship); anywhere
    # else it is an asterisk.
    stem = key.endswith("*") and len(key) > 1
    body = r"\s+".join(re.escape(part) for part in key.removesuffix("*").split()) if stem else None
    return body + r"\w*" if stem else r"\s+".join(re.escape(part) for part in key.split())


@lru_cache(maxsize=256)
def _matcher(keywords: tuple[str, ...]) -> KeywordMatcher:
    return KeywordMatcher({0: keywords})


def keywords_matched(*, text: str, keywords: list[str]) -> list[str]:
    """The keywords that occur in text as whole words or phrases, case-insensitively."""
    return _matcher(tuple(keywords)).find(text).get(0, [])
