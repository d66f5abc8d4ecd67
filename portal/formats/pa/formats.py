"""The 12-hour clock with the language's own before-noon and after-noon words ("9:30 AM" with
Django's "AM"/"PM" as our catalogue translates them), as CLDR and Django's Hindi formats write
it. docs/decisions/0914-dates-and-times-per-language.md"""

TIME_FORMAT = "g:i A"
