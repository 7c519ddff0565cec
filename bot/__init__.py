"""p2c-bot: Partner2Connect pledge intake and follow-up over chat."""
