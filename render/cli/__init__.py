"""The `scriptreel` command: its grammar, one module per command, and the one-line errors."""
