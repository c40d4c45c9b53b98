"""Reading a post-mortem: its bytes into a Document and the views every rule reads.

Bytes to text, front matter, the Markdown walk, and the views: sections, summary fields, timeline
entries, action items, prose and suppression comments."""
