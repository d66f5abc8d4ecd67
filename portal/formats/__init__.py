"""Date and time formats for the languages Django has none for (FORMAT_MODULE_PATH): the 12-hour
clock as Gujarati, Punjabi and Urdu readers expect it (docs/decisions/0914)."""
