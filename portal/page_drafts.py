"""Draft translations of the information pages' wording, keyed by the English (portal/drafts.py);
not yet checked by a qualified translator."""

PAGE_DRAFTS: dict[str, dict[str, str]] = {"gu": {}, "pa": {}, "ur": {}, "pl": {}}
