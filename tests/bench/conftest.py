# The benchmark's tests seed the city-scale data set with the fixture of the seeding tests.
from tests.seeding.conftest import seeded  # noqa: F401
