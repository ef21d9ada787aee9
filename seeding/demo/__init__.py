"""The demo data, one module per app, each with a seed(out) that adds what is missing (see seed_demo's order)."""
