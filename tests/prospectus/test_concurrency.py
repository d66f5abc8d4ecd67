"""Two board members pressing Generate at the same moment on PostgreSQL start one export: the
partial unique constraint decides, and the loser is given the winner's export."""

import pytest

from prospectus import services
from prospectus.models import Export, Prospectus
from tests.together import together


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_generate_presses_make_one_export(llep, monkeypatch):
    # No render: the test is about who creates the export, not about the PDF.
    monkeypatch.setattr(services, "export_fail", lambda **kwargs: None)
    from prospectus import tasks

    monkeypatch.setattr(tasks.export_render, "delay", lambda *args, **kwargs: None)
    prospectus = Prospectus.objects.get(consultation=llep)

    def press():
        export, created = services.export_request(prospectus=prospectus, user=None)
        return export.pk, created

    results = together(*[press] * 6)
    assert all(isinstance(result, tuple) for result in results), results
    assert Export.objects.count() == 1
    assert sum(created for _, created in results) == 1
    assert {pk for pk, _ in results} == {Export.objects.get().pk}
