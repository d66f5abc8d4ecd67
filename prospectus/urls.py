"""URLs for the board page, evidence lists and export downloads."""

app_name = "prospectus"

urlpatterns = []
