"""Walk every URL of Ppuri's own apps as an anonymous visitor: only the public allow-list answers 200,
everything else asks to log in (or refuses). A new page that forgets its permission fails here."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "home",
    "livez",
    "healthz",
    "readyz",
    "registry:directory",
    "registry:company_detail",
    "registry:complex_detail",
    "search:results",
    "accounts:login",
    "knowledge:list",
    "talent:list",
    "incentives:programs",
    "incentives:retention",
    # The graduate school's overview: aggregates, small counts suppressed.
    "graduate:overview",
    # The programmes: the agreement's commitments, the projects' aggregates, announced matchmaking days.
    "programs:index",
    "programs:agreements",
    "programs:projects",
    "programs:events",
    # The dashboards of Incheon and each complex: public aggregates (issue 18).
    "dashboards:detail",
    "dashboards:map",
    # Joining: sign-up, its confirmation, password reset, the privacy policy (issue 13).
    "privacy",
    "accounts:signup",
    "accounts:signup_sent",
    "accounts:verification_resend",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
}
# Mailed links, reached with a made-up token: each explains that the link cannot be used.
MAILED_LINKS = {"accounts:verify": 400, "accounts:password_reset_confirm": 200}
# Pages of objects that may be public (a public challenge): for one an anonymous visitor may not see,
# or that does not exist, a 404 and nothing more (no existence leak).
PUBLIC_OBJECTS = {
    "challenges:detail",
    "challenges:attachment",
    "challenges:consultation_file",
    "knowledge:detail",
    "talent:job",  # an open posting of a public company
    "incentives:program",  # a programme's rules and schedule are public
    # The consent link of a youth-incentive application: the token is the permission.
    "incentives:consent",
    # The invitation link: the signed token is the permission; a token Ppuri did not make is a 404.
    "registry:invitation_accept",
    # A public agreement, commitment (with the records behind its figures), project or event; their
    # public documents and evidence.
    "programs:agreement",
    "programs:agreement_document",
    "programs:commitment",
    "programs:commitment_records",
    "programs:period_evidence",
    "programs:project",
    "programs:project_document",
    "programs:event",
    # A dashboard report made in the background: its reader's (a visitor's through their session).
    "dashboards:report_job",
    "dashboards:report_job_file",
}
# Pages reached from a mailed link or right after an account's deletion, not behind a login: a bad
# link is explained (400), and the page after a deletion without one goes home.
# The dashboards' address without a scope goes to Incheon's, for everyone.
OPEN_FLOWS = {
    "accounts:my_data_email_confirm": 400,
    "accounts:my_data_deleted": 302,
    "dashboards:index": 302,
    # A report in my data's format ("json", the walk's `fmt`) is not one: a clear 400.
    "dashboards:report": 400,
}
# Pages that only accept POST (and so answer 405 to a GET).
POST_ONLY = {
    "registry:capability_delete",
    "registry:claim_approve",
    "registry:claim_refuse",
    "registry:claim_withdraw",
    "registry:invitation_revoke",
    "registry:membership_remove",
    "accounts:api_token_revoke",
    "accounts:logout",
    # Asking for a dashboard report made in the background: anyone may (the public's own figures).
    "dashboards:report_job_new",
}


def own_url_names():
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or ""
                if ns in {"admin", "api-v1"} or str(pattern.pattern).startswith("i18n"):
                    continue
                yield from walk(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}", pattern

    return dict(walk(get_resolver().url_patterns))


@pytest.mark.django_db
def test_anonymous_visitors_reach_only_public_pages(client, supplier):
    from django.urls import reverse

    capability = supplier.capabilities.get()
    site = supplier.sites.get()
    contact = supplier.contacts.create(name="홍길동")
    values = {
        "pk": supplier.pk,
        "capability_pk": capability.pk,
        "site_pk": site.pk,
        "contact_pk": contact.pk,
        "slug": "namdong",
        "scope": "namdong",
        # Sourcing objects need not exist: an anonymous visitor is sent to log in before any lookup.
        "quote_pk": 1,
        "attachment_pk": 1,
        "offer_pk": 1,
        "challenge_pk": 1,
        "file_pk": 1,
        "document_pk": 1,
        "invitation_pk": 1,
        "membership_pk": 1,
        "token": "not-a-token",
        "uidb64": "MQ",
        "fmt": "json",
        "milestone": "3m",
        # Graduate-school cohorts and projects: the school's pages ask to log in before any lookup.
        "year": 2020,
        "project_pk": 1,
        # The programmes' objects: ids nothing has (the seeded agreement would answer to 1).
        **dict.fromkeys(
            (
                "partner_pk",
                "period_pk",
                "subproject_pk",
                "line_pk",
                "milestone_pk",
                "output_pk",
                "participant_pk",
            ),
            999_999,
        ),
    }
    names = own_url_names()
    assert names.keys() >= PUBLIC
    for name, pattern in names.items():
        kwargs = {key: values[key] for key in pattern.pattern.converters}
        if name.startswith("programs:") and "pk" in kwargs:
            kwargs["pk"] = 999_999
        response = client.get(reverse(name, kwargs=kwargs))
        if name in PUBLIC:
            assert response.status_code == 200, name
        elif name in MAILED_LINKS:
            assert response.status_code == MAILED_LINKS[name], name
            assert "/accounts/login/" not in response.get("Location", ""), name
        elif name in POST_ONLY and response.status_code == 405:
            continue
        elif name in OPEN_FLOWS:
            assert response.status_code == OPEN_FLOWS[name], name
            assert "login" not in response.get("Location", ""), name
        elif name in PUBLIC_OBJECTS:
            assert response.status_code == 404, name
        else:
            assert response.status_code == 302, name
            assert response["Location"].startswith("/accounts/login/"), name
