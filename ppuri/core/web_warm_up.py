"""What a web worker's first requests would otherwise wait for, loaded before it serves
(gunicorn_config.post_worker_init, after the task warm-ups such as the search analyser).

Measured in bench/load.py: with only the analyser loaded, the first search a fresh worker answered took
about 400 ms, later ones 60 ms — the URL patterns were read, every template of the page compiled and
the translation catalogues loaded on that request; and with those loaded, about 250 ms still: the
search's queries compiled for the first time, and the database's new backend reading the catalogue of
each table, and the facet values of the documents a search matches (search.doc_values: 300 ms for a
common word over a national import). So the warm-up loads every document's facet values and answers one
search as an anonymous visitor would. It writes nothing.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def web_warm_up() -> int:
    """Read the URL patterns, load each language's catalogue, search once and compile every template
    (Django's cached loader keeps them); returns how many templates were compiled."""
    get_resolver().url_patterns  # noqa: B018 - reading them populates the resolver
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("뿌리")
    from ppuri.search.doc_values import doc_values  # here: the search app is loaded by now
    from ppuri.search.selectors import search

    try:
        doc_values.load_all()
        search(query="열처리")
    except Exception:  # a database away at worker start must not stop Gunicorn: the first search waits
        logger.warning("web warm-up: the search could not be warmed", exc_info=True)
    engine = engines["django"]
    compiled = 0
    for name in _template_names():
        try:
            engine.get_template(name)
            compiled += 1
        except (TemplateDoesNotExist, TemplateSyntaxError, UnicodeDecodeError):
            logger.warning("web warm-up: template %s did not compile", name, exc_info=True)
    return compiled


def _template_names() -> list[str]:
    """Ppuri's own templates, by the names pages load them with."""
    folders: list[Path] = [Path(settings.BASE_DIR, "templates")]  # settings.TEMPLATES' DIRS
    folders += sorted(Path(settings.BASE_DIR, "ppuri").glob("*/templates"))
    names: dict[str, None] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            names[path.relative_to(folder).as_posix()] = None
    return list(names)
