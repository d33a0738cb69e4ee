"""The `ppuri` command: Django's management commands under one name (`ppuri demo`, `ppuri migrate`, …)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ppuri.settings")
    if args and not args[0].startswith("-"):
        # `ppuri import-factories` runs the import_factories management command.
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ppuri", *args])


if __name__ == "__main__":
    main()
