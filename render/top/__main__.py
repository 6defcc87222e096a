"""`python -m scriptreel`: the same as the `scriptreel` command."""

from scriptreel.render.cli.main import main

raise SystemExit(main())
