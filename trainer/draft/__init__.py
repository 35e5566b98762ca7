"""`trainer draft`: a first seeds folder (references and draft claims) from any review's text."""
