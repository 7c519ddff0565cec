"""One thin adapter per channel: platform events in, neutral replies rendered out."""
