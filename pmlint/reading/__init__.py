"""Reading a post-mortem: bytes to text, front matter, the Markdown walk, and the Document with its views
(sections, summary fields, timeline entries, action items, prose, suppression comments)."""
