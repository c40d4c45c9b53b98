"""What the commands do: lint a document (engine) and the files of a run (files, runner, fixer),
baselines, changed files, scaffolding, generated docs, and safe writes."""
