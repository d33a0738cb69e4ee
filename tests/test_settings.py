"""Production mode refuses unsafe settings and passes Django's deployment checks."""

import os
import secrets
import subprocess
import sys

import pytest

SAFE_PRODUCTION = {
    "PPURI_MODE": "production",
    "DEBUG": "false",
    "SECRET_KEY": "x7!kq0-ppuri-test-secret-9f3b2c1d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f",
    "ALLOWED_HOSTS": "ppuri.example.kr",
}


HTTPS_KNOBS = {
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
}


def run_ppuri(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A clean environment: no settings of ours, and not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE.
    ours = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "PPURI_MODE", "DJANGO_ALLOW_ASYNC_UNSAFE", *HTTPS_KNOBS}
    base = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "ppuri.cli", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_debug_on():
    result = run_ppuri("check", env={**SAFE_PRODUCTION, "DEBUG": "true"})
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


HOW_TO_MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def test_production_refuses_default_secret_key():
    env = {k: v for k, v in SAFE_PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_ppuri("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set: the built-in development key is public" in result.stderr
    assert HOW_TO_MAKE_A_KEY in result.stderr


@pytest.mark.parametrize("mode", ["development", "production"])
@pytest.mark.parametrize("key", [None, ""])
def test_debug_off_refuses_the_development_key_in_any_mode(mode, key):
    env = {**SAFE_PRODUCTION, "PPURI_MODE": mode}
    del env["SECRET_KEY"]
    if key is not None:
        env["SECRET_KEY"] = key  # an empty `SECRET_KEY=` line, as in .env.example, is no key either
    result = run_ppuri("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr and HOW_TO_MAKE_A_KEY in result.stderr


def test_development_with_debug_off_starts_with_a_key_of_its_own():
    result = run_ppuri("check", env={"DEBUG": "false", "SECRET_KEY": SAFE_PRODUCTION["SECRET_KEY"]})
    assert result.returncode == 0, result.stderr


def test_development_with_debug_on_keeps_the_development_key():
    assert run_ppuri("check", env={}).returncode == 0


@pytest.mark.parametrize(
    ("key", "named"),
    [
        ("k3y-" * 10, "SECRET_KEY is 40 characters long, fewer than 50"),
        ("ab" * 40, "SECRET_KEY has 2 distinct characters, fewer than 5"),
        (
            # A fixed key: pytest-xdist's workers must collect the same test ids.
            "django-insecure-6domYcNJ9Q0eu5TSz5r_dz3d-ifr3SAcHfJPylwcK-2WIF995SR0spyA",
            "SECRET_KEY starts with 'django-insecure-', the mark of a key Django made for development",
        ),
    ],
)
def test_production_refuses_a_weak_secret_key_and_says_why(key, named):
    result = run_ppuri("check", env={**SAFE_PRODUCTION, "SECRET_KEY": key})
    assert result.returncode != 0
    assert named in result.stderr and HOW_TO_MAKE_A_KEY in result.stderr
    assert key not in result.stderr  # the message never prints the key


def test_a_key_made_the_documented_way_is_accepted():
    key = secrets.token_urlsafe(50)
    result = run_ppuri(
        "check", "--deploy", "--fail-level", "WARNING", env={**SAFE_PRODUCTION, "SECRET_KEY": key}
    )
    assert result.returncode == 0, result.stderr


def test_production_refuses_empty_allowed_hosts():
    result = run_ppuri("check", env={**SAFE_PRODUCTION, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_bad_boolean_is_reported_by_name():
    result = run_ppuri("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_check_deploy_is_clean_in_production_mode():
    result = run_ppuri("check", "--deploy", "--fail-level", "WARNING", env=SAFE_PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_keep_a_slow_password_hasher():
    """Tests hash the cast's passwords fast (conftest.py); the settings themselves never do."""
    from django.conf import global_settings

    import ppuri.settings as configured

    hashers = getattr(configured, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert hashers[0] in {
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    }


SHOW_HTTPS_SETTINGS = (
    "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT,"
    " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
    " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
)


def test_https_settings_are_on_in_production_and_off_in_development():
    production = run_ppuri("shell", "--no-imports", "-c", SHOW_HTTPS_SETTINGS, env=SAFE_PRODUCTION)
    assert production.returncode == 0, production.stderr
    assert (
        production.stdout.strip()
        == "('HTTP_X_FORWARDED_PROTO', 'https') True True True True 31536000 True True"
    )
    # Plain http on a laptop, in the tests and in the browser tests' live server.
    development = run_ppuri("shell", "--no-imports", "-c", SHOW_HTTPS_SETTINGS, env={})
    assert development.returncode == 0, development.stderr
    assert development.stdout.strip() == "None False False False False 0 False False"


def test_https_settings_follow_the_environment_and_check_deploy_notices():
    env = {**SAFE_PRODUCTION, "SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0"}
    shown = run_ppuri("shell", "--no-imports", "-c", SHOW_HTTPS_SETTINGS, env=env)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') False True True True 0 True True"
    deploy = run_ppuri("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert deploy.returncode != 0
    assert "security.W004" in deploy.stderr and "security.W008" in deploy.stderr
    bad = run_ppuri("check", env={**SAFE_PRODUCTION, "SECURE_HSTS_SECONDS": "a year"})
    assert bad.returncode != 0 and "SECURE_HSTS_SECONDS must be an integer" in bad.stderr


@pytest.mark.parametrize(
    "name",
    ["PPURI_SESSION_IDLE_MINUTES_PRIVILEGED", "PPURI_SESSION_IDLE_MINUTES", "PPURI_SESSION_ABSOLUTE_HOURS"],
)
def test_a_session_limit_below_one_stops_the_process_by_name(name):
    result = run_ppuri("check", env={name: "0"})
    assert result.returncode != 0
    assert f"{name} must be at least 1, not 0" in result.stderr
