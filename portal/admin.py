"""Project-wide admin adjustments."""

from django.contrib import admin
from sequences.models import Sequence

# Case-number counters are internal: editing one by hand would break gapless numbering.
if admin.site.is_registered(Sequence):
    admin.site.unregister(Sequence)
