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
        # "start-up"), so look for "no word character" around it instead. Inside a lookahead,
        # so that a match never hides one starting later; the keywords as a trie (one branch
        # per shared beginning), which reads answers twice as fast as a flat alternation.
        self.stems = [key for key in self.owners if key.endswith("*")]
        self._stem_of: dict[str, str] = {}
        body = _trie_pattern(_trie(self.owners))
        self.pattern = (
            re.compile(rf"(?<!\w)(?=({body})(?!\w))", re.IGNORECASE) if self.owners else None
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
        """The keyword a match stands for: itself, or the longest stem it starts with
        (remembered: the same words come back in answer after answer)."""
        if found in self.owners:
            return found
        key = self._stem_of.get(found)
        if key is None:
            stems = (s for s in self.stems if found.startswith(s[:-1]))
            key = self._stem_of[found] = max(stems, key=len, default=found)
        return key


_END, _STEM = object(), object()


def _trie(keys) -> dict:
    """Normalised keywords as a trie of characters; a trailing * (any ending) is _STEM."""
    root: dict = {}
    for key in keys:
        node = root
        stem = key.endswith("*") and len(key) > 1
        for char in key.removesuffix("*") if stem else key:
            node = node.setdefault(char, {})
        if stem:
            node = node.setdefault(_STEM, {})
        node[_END] = {}
    return root


def _trie_pattern(node: dict) -> str:
    """The regular expression a trie stands for; optional tails, so the longest match comes
    first and a shorter one is tried when the longer is not followed by a word's end."""
    branches = []
    for char, child in node.items():
        if char is _END:
            continue
        piece = r"\w*" if char is _STEM else r"\s+" if char == " " else re.escape(char)
        branches.append(piece + _trie_pattern(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body


@lru_cache(maxsize=256)
def _matcher(keywords: tuple[str, ...]) -> KeywordMatcher:
    return KeywordMatcher({0: keywords})


def keywords_matched(*, text: str, keywords: list[str]) -> list[str]:
    """The keywords that occur in text as whole words or phrases, case-insensitively."""
    return _matcher(tuple(keywords)).find(text).get(0, [])
