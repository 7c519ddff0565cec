"""The secretariat's side: moderation, figures, exports and digests, applied on the
server where the role is checked."""
