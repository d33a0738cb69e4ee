"""The demo goes into an empty database only; a database with organizations in it is served as it is.
A module of its own: test_demo.py keeps its demo rows for the whole module."""

import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ppuri.demo.services import DemoRefusedError, demo_load
from ppuri.registry.models import Organization


@pytest.mark.django_db
def test_demo_keeps_a_database_that_holds_imported_companies_and_says_what_it_holds():
    Organization.objects.create(name="세광주조(주)", normalized_name="세광주조")

    summary = demo_load(seed=1)

    assert not summary.created
    assert not Organization.objects.filter(is_demo=True).exists()
    assert Organization.objects.count() == 1
    assert summary.companies == summary.other_companies == 1
    assert summary.message.startswith("기존 데이터베이스를 그대로 씁니다: 기업 1곳")
    assert "데모 데이터는 빈 데이터베이스에만 넣습니다" in summary.message


@pytest.mark.django_db
def test_the_demo_command_serves_a_database_of_imports_without_loading(settings):
    Organization.objects.create(name="동진열처리", normalized_name="동진열처리")
    out = StringIO()

    call_command("demo", "--no-serve", stdout=out)

    text = out.getvalue()
    assert "기존 데이터베이스를 그대로 씁니다: 기업 1곳" in text
    assert "Refusing" not in text and "데모 계정" not in text  # no demo accounts to list
    assert "http://127.0.0.1:8000/" in text
    assert not Organization.objects.filter(is_demo=True).exists()


@pytest.mark.django_db
def test_demo_is_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(DemoRefusedError):
        demo_load(seed=1)
    assert not Organization.objects.exists()


def test_the_demo_command_names_another_port_when_its_port_is_taken():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        with pytest.raises(CommandError) as refused:
            call_command("demo", "--addrport", f"127.0.0.1:{port}", stdout=StringIO())

    assert f"{port}번 포트를 이미 다른 프로그램이 쓰고 있습니다" in str(refused.value)
    assert f"make demo PORT={port + 1}" in str(refused.value)


@pytest.mark.parametrize("addrport", ["127.0.0.1:http", "127.0.0.1:", "127.0.0.1:70000", "여덟천"])
def test_the_demo_command_refuses_an_address_without_a_port(addrport):
    with pytest.raises(CommandError) as refused:
        call_command("demo", "--no-serve", "--addrport", addrport, stdout=StringIO())

    assert "주소:포트 또는 포트 번호로 적어 주세요" in str(refused.value)
