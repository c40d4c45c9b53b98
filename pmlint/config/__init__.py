"""Configuration: the settings each linted file gets, from presets and config files.

Found beside the linted files, loaded, validated with located errors, and described by a JSON Schema."""
