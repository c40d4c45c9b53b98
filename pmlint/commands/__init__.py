"""What the commands do: lint documents, fix them, and write what pmlint writes.

The engine lints one document; files, runner and fixer lint the files of a run; baseline, changed,
scaffold, rule_docs and safewrite serve the other options and commands."""
