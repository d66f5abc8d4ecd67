"""The open data: the Frictionless Data Package validates with the `frictionless` package, its
fields are what the files hold, and erasing a person takes their answers out of it."""

import csv
import io
import json

from django.urls import reverse

from portal.privacy import personal_data_erase
from results.models import Redaction

from .test_publishing import _body, everything_public


def _download(client, tmp_path) -> dict:
    package = json.loads(_body(client.get(reverse("results_files:datapackage"))))
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    for name in ("responses", "notes"):
        (tmp_path / f"{name}.csv").write_text(
            _body(client.get(reverse("results_files:data_file", args=[name, "csv"]))),
            encoding="utf-8",
        )
    return package


def test_the_data_package_validates_with_frictionless(client, published, tmp_path):
    from frictionless import validate

    _download(client, tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.stats["tasks"] == 2


def test_the_package_describes_every_field_the_csv_holds(client, published, tmp_path):
    package = _download(client, tmp_path)
    assert package["licenses"][0]["name"] == "OGL-UK-3.0"
    assert "Open Government Licence v3.0" in package["licenses"][0]["title"]
    assert package["sources"] and "redacted" in package["redaction_policy"]
    for resource in package["resources"]:
        with open(tmp_path / resource["path"], encoding="utf-8") as f:
            header = next(csv.reader(f))
        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == header
        assert all(field["description"] and field["type"] for field in fields)
    responses = next(r for r in package["resources"] if r["name"] == "responses")
    names = {f["name"] for f in responses["schema"]["fields"]}
    assert {"name", "email", "job_title"}.isdisjoint(names)
    assert "answer_test_challenges" in names


def test_a_formula_in_an_answer_is_not_run_by_a_spreadsheet(client, published):
    from survey.models import Answer

    Answer.objects.filter(text="Skills are scarce on the M1 corridor.").update(text="=HYPERLINK(1)")
    rows = list(
        csv.DictReader(
            io.StringIO(
                _body(client.get(reverse("results_files:data_file", args=["responses", "csv"])))
            )
        )
    )
    assert "'=HYPERLINK(1)" in [r["answer_test_challenges"] for r in rows]


def test_erasing_a_person_removes_their_answers_from_the_published_data(
    client, published, moderator
):
    from results.redaction import redaction_save
    from survey.models import Answer

    r1 = published.data.responses["r1"]
    answer = Answer.objects.get(response=r1, text="Skills are scarce on the M1 corridor.")
    redaction_save(item=answer, text="Skills are [redacted].", reason="personal", user=moderator)
    assert r1.reference in everything_public(client)

    report = personal_data_erase(email="alice.smithson@example.com")

    text = everything_public(client)
    assert r1.reference not in text
    assert "Skills are" not in text
    assert not Redaction.objects.filter(answer__response=r1).exists()
    assert any("from the published results" in line for line in report.lines())
