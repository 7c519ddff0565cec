"""Progress reminders: when each is due, and getting each one sent exactly once."""
