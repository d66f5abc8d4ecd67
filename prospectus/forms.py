"""The board's one form: ask for a new PDF of the prospectus."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.urls import reverse


class ExportForm(forms.Form):
    """No fields: pressing the button is the request; the service decides whether to start one."""

    def __init__(self, *args, running: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("prospectus:export_create")
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            Button.primary(
                "generate",
                "Generate the prospectus PDF" if not running else "Generate (one is in progress)",
            )
        )
