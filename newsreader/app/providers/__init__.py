"""Command palette providers: articles, entities, commands."""
