"""Configuration: the settings a run uses, found beside the linted files, loaded from presets and files,
validated, and described by a JSON Schema."""
