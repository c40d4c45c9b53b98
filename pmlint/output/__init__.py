"""Output: the formats findings are shown in (--format, --diff), escaped so nothing a document holds
reaches a terminal or CI log as a command."""
