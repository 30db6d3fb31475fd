-- Listing categories now come from the community's rule file in force (its `categories:`), so
-- what residents pick from, what the valuation prices and what the review policy enforces are one
-- list. The per-community copy made by 0004 is no longer read.
DROP TABLE listing_categories;

-- The valuation's scarcity step counts a category's listings over the rule file's window.
CREATE INDEX listings_by_category_created ON listings(community_id, category_code, created_at);

-- The delivery worker's per-endpoint window over pending messages (webhook_messages is in 0005).
CREATE INDEX webhook_messages_lanes ON webhook_messages(status, endpoint_id, event_seq);
