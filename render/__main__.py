"""`python -m render`: the same as the `scriptreel` command."""

from .cli import main

raise SystemExit(main())
