"""seeds_generator."""
