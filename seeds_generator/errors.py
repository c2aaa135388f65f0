"""The one error type the generator raises for bad input or an unreachable database."""


class GeneratorError(Exception):
    """Bad input or an unreachable database; the message is one clear line, never a secret."""
