from django.apps import AppConfig


class SeedingConfig(AppConfig):
    """Development and benchmark data: the demo (`seed_demo`) and the city-scale set (`seed_scale`)."""

    name = "seeding"
