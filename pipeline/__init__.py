"""Orchestration: config in, segment renders out, in parallel. No math lives here."""
