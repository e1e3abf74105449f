"""Search: answer-card records from the data, the Pagefind index of the built site, and the
offline copy's search. Nothing here imports MkDocs."""
