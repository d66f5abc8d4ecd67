"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Import every view and the admin now (through the URLconf), then set all that the process has
# made so far aside from the cyclic garbage collector: it lives as long as the process. A full
# collection that scanned it took 100 to 140 ms, inside whichever request it fell on; it now
# scans only what requests make (about 25 ms). See docs/decisions/0105.
get_resolver().url_patterns  # noqa: B018 - imported for its side effect
gc.freeze()
