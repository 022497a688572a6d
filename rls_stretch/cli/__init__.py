"""The command line: argparse entry (`cli.main`), one function per command
(`cli.commands`), the `--plain` runner, tables and JSON output.

It chooses the TUI or the plain runner and hands it what `play` prepared; it is the top
layer, beside `tui`, and nothing imports it.
"""
