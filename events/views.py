"""Round-table pages for stakeholders."""

from django.shortcuts import render

from events.selectors import round_tables_listed
from portal.selectors import consultation_current


def round_table_list(request):
    consultation = consultation_current()
    round_tables = round_tables_listed(consultation=consultation) if consultation else []
    return render(request, "events/list.html", {"round_tables": round_tables})
