"""Output layer: pages people read (HTML), built from the records and flags the stages produce."""
