"""The public open-data site (`p2c-bot publish`): approved pledges with filters and
totals, a page per pledge, CSV and JSON feeds, and approved best-practice stories, as
static files that load nothing from another site and carry no personal data."""
