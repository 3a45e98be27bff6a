"""Analysis: entities, figures and quotes found in article text."""
