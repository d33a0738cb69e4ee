"""Joining Ppuri: sign-up with e-mail verification, the collection-and-use notice and consents, and the
limits that keep sign-up, resends and password resets from being abused or used to probe for accounts.

notice.py holds the notice as data (the sign-up form, the consents page and the privacy policy all read
it); tokens.py the signed verification links; throttles.py the per-address and per-IP limits;
services.py the writes; forms.py and views.py the pages.
"""
