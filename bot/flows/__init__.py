"""The conversation engine and its flows: pure functions of (state, input, context).

Nothing here knows which chat platform, database or clock is in use; adapters in
`bot.handlers` feed inputs in and render the replies, and `bot.turns` applies effects.
"""
