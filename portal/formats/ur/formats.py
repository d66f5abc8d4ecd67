"""The 12-hour clock with the language's own before-noon and after-noon words ("9:30 AM" with
Django's "AM"/"PM" as our catalogue translates them), as CLDR and Django's Hindi formats write
it; numbers grouped in thousands ("100,000"), Latin digits, as CLDR writes Urdu.
docs/decisions/0914-dates-times-and-no-english-left.md"""

TIME_FORMAT = "g:i A"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
