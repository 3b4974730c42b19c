"""Tests of the store (catalogue.db)."""
