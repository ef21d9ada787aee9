"""The demo data, one module per app, loaded in the order of MODULES by `manage.py seed_demo`."""
