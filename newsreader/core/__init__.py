"""The UI-free core: article model, ingest, sanitising, paths. Never imports Textual."""
