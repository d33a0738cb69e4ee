"""An employment ended: the incentives release what is no longer owed (incentives.apps connects)."""

from django.dispatch import Signal

# sender=Employment, employment=…, actor=…
employment_separated = Signal()
