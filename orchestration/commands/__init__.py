"""The `warehouse` CLI's subcommands, one module each, each exposing `register(subparsers)`."""
