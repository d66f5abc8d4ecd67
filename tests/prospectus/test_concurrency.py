"""Two board members pressing Generate at the same moment on PostgreSQL start one export: the
partial unique constraint decides, and the loser is given the winner's export."""

import threading

import pytest
from django.db import connection

from prospectus import services
from prospectus.models import Export, Prospectus


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_generate_presses_make_one_export(llep, monkeypatch):
    # No render: the test is about who creates the export, not about the PDF.
    monkeypatch.setattr(services, "export_fail", lambda **kwargs: None)
    from prospectus import tasks

    monkeypatch.setattr(tasks.export_render, "delay", lambda *args, **kwargs: None)
    prospectus = Prospectus.objects.get(consultation=llep)
    barrier = threading.Barrier(6)
    results = []

    def press():
        try:
            barrier.wait()
            export, created = services.export_request(prospectus=prospectus, user=None)
            results.append((export.pk, created))
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 6
    assert Export.objects.count() == 1
    assert sum(created for _, created in results) == 1
    assert {pk for pk, _ in results} == {Export.objects.get().pk}
