"""Second factor and sessions: TOTP enrolment and verification with recovery codes (mfa.py), the
session rules — idle and absolute timeouts, "log out of other sessions" (sessions.py) — and the
middleware and pages that apply them. docs/security-sessions.md describes the rules."""
