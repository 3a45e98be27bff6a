"""Feed subscriptions, fetching over HTTP, refreshing into stored articles, OPML."""
