-- What an exchange was agreed on: the listing's valuation inputs and area at acceptance, as JSON
-- (`ExchangeAgreedTerms`). A one-off listing is reserved while its exchange runs and a repeatable
-- offer may not change its valuation inputs while it holds bookings, but a no-show puts the
-- listing back on offer, and its owner may edit it before the absent side contests. An overturned
-- no-show then settles on these terms, not on the edited listing. NULL for exchanges accepted
-- before this migration (they settle on the listing as it is) and for exchanges never accepted.
ALTER TABLE exchanges ADD COLUMN agreed_terms_json TEXT;
