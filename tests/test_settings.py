"""Production mode refuses unsafe settings and passes Django's deployment checks."""

import os
import subprocess
import sys

SAFE_PRODUCTION = {
    "PPURI_MODE": "production",
    "DEBUG": "false",
    "SECRET_KEY": "x7!kq0-ppuri-test-secret-9f3b2c1d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f",
    "ALLOWED_HOSTS": "ppuri.example.kr",
}


def run_ppuri(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A clean environment: no settings of ours, and not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE.
    ours = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "PPURI_MODE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
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


def test_production_refuses_default_secret_key():
    env = {k: v for k, v in SAFE_PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_ppuri("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


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
