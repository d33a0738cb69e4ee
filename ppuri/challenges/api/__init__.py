"""Limit-technology desk API (한계기술 자문): challenges, their triage and routing to experts, offers,
consultations, results and ratings, and the experts' professional profiles.

Visibility comes from challenges.selectors (404 for what the caller may not see), permissions and
states from challenges.services (403 for what the caller sees but may not do; 422 for a wrong state,
as everywhere else in this API). Challenges are posted as JSON like sourcing requests: files are
attached on the web form or through `files`.

One module per sub-domain: `cases` (the case's steps), `offers` (an expert's inbox), `experts`,
`files`; `schemas` and `rendering` (what a caller sees, by who they are) are shared by them.
"""

from ninja import Router

from ppuri.challenges.api import cases, experts, files, offers

router = Router(tags=["challenges"])
for part in (cases, offers, experts, files):
    router.add_router("", part.router)
