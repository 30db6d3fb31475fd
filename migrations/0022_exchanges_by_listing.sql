-- The members who took part in an exchange may read its listing after it stops being published
-- (reserved, exchanged, expired): the requester needs the item's description and pick-up
-- instructions while the exchange is under way, and the listing's page while it is disputed.
-- `ListingPersistence.fetchVisible` asks whether the reader requested (or, as station staff,
-- made the request for) an exchange on the listing; no index led with the listing for every state.
--
-- Neither column ever changes after the exchange is inserted, so the index is written once per
-- request and never again by the exchange's later steps (accept, complete, …).
CREATE INDEX exchanges_by_listing ON exchanges(community_id, listing_id);
