#!/usr/bin/env python
"""Same as the `ppuri` command, for those used to manage.py."""

from ppuri.cli import main

if __name__ == "__main__":
    main()
