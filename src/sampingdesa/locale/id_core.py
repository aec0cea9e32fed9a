"""Indonesian catalogue: foundation (errors, register, regions, programmes, CLI frame)."""

MESSAGES: dict[str, str] = {}
