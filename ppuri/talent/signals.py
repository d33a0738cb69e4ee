"""A hire: the tenure app starts following the employment (tenure.apps connects)."""

from django.dispatch import Signal

# sender=Application, application=… (stage 채용, with hired_on and hire_site)
application_hired = Signal()
