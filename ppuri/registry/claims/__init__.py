"""Claiming an imported listing (after Open Supply Hub's claim flow).

A verified company-role user asks to become admin of a company the registry imported, with evidence
(사업자등록번호 checked for its check digit, a document, a work e-mail); an operator approves, which
makes the admin membership, or refuses with a reason; the claimant may withdraw while it waits.

services   claim_create, claim_approve, claim_refuse, claim_withdraw (writes, logged and notified)
selectors  who may see a claim, the operators' queue, what each viewer sees of one claim
"""
