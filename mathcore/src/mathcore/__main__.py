"""``python -m mathcore REQUEST``: answer a JSON or TOML request with JSON tables."""

from .cli import main

raise SystemExit(main())
