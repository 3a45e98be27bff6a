"""Screens over the main view: help, the figures ledger, small dialogs."""
