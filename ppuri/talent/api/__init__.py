"""Talent API: postings (public reads; company members write), the seeker's profile and matches, the
company's matches among discoverable seekers, applications and their stages. Visibility and what each
caller sees of a seeker come from talent.selectors; writes from talent.services.

One module per sub-domain: `jobs`, `seekers` (profile and matches), `applications` (with invitations);
`lookups` resolves names in input for all of them."""

from ninja import Router

from ppuri.talent.api import applications, jobs, seekers

router = Router(tags=["talent"])
for part in (jobs, seekers, applications):
    router.add_router("", part.router)
