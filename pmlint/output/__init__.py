"""Output: the formats findings are shown in (--format, --diff).

Everything a document holds is escaped, so none of it reaches a terminal or CI log as a command."""
