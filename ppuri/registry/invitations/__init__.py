"""Invitations: how people join an organization other than by claiming it.

A company's admin invites colleagues by e-mail as member or admin; an operator invites the staff of
institutions (city, labor office, university, experts, operators), who get accounts no other way. The
invitation is a mailed, signed, expiring, single-use link (/invitations/<token>/): a new person sets a
name and password there, an existing user with that address accepts while signed in.

services   invitation_create, invitation_revoke, invitation_accept_new, invitation_accept_existing,
           membership_remove
selectors  who may see invitations and people, the link's state, the people page
"""
