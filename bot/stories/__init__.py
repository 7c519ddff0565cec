"""Best-practice stories on the server: their files kept on disk by checksum, fetched
from the platforms outside the turn, and the story effects applied to storage."""
