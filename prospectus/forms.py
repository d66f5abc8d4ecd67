"""The board's one form: ask for a new PDF of the prospectus, of record or a draft."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.urls import reverse


class ExportForm(forms.Form):
    """No fields: the button pressed is the request (a draft or the board's PDF of record); the
    service decides whether to start one. Each button shows only to those allowed to press it."""

    def __init__(
        self, *args, running: bool = False, record: bool = True, draft: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("prospectus:export_create")
        self.helper.form_method = "post"
        busy = " (one is in progress)" if running else ""
        buttons = []
        if record:
            buttons.append(Button.primary("generate", f"Generate the prospectus PDF{busy}"))
        if draft:
            buttons.append(Button.secondary("draft", f"Build a draft PDF{busy}"))
        self.helper.layout = Layout(*buttons)
