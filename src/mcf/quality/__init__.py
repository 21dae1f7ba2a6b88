"""quality-service: managers review finished orders; a review may change the worker's rating (worker-profile)."""
