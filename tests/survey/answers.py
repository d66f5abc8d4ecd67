"""Complete, valid answers to the LLEP survey, section by section, as a browser posts them."""

SECTION_POSTS = {
    1: {
        "respondent_type": "business",
        "organisation": "Acme Hosiery Ltd",
        "sector": "textiles",
        "place": "leicester",
    },
    2: {
        "challenges": "Skills shortages and poor broadband hold us back.",
        "foundations__ideas": "4",
        "foundations__people": "5",
        "foundations__infrastructure": "3",
        "foundations__business-environment": "4",
        "foundations__place": "2",
    },
    3: {
        "grand_challenges": ["clean-growth", "ai-data-economy"],
        "priorities": "Apprenticeships in advanced manufacturing.",
        "interventions": "A low carbon fund for small firms.",
        "anything_else": "",
    },
    4: {"quote_ok": "yes", "contact_ok": "no", "name": "", "email": ""},
}
