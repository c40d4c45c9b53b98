"""Language: the spaCy pipeline, the blame finder that reads its parses, and the wordlists the rules use."""
