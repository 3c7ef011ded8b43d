-- Idempotent schema, applied at start-up inside an advisory lock (safe with several replicas).
-- Statements are separated by lines holding only ";".
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public
;
CREATE TABLE IF NOT EXISTS catalog_item (
    id           text PRIMARY KEY,
    domain       text NOT NULL,
    name         text NOT NULL,
    title        text NOT NULL,
    year         integer,
    attributes   jsonb NOT NULL DEFAULT '{}'::jsonb,
    canonical_id text NOT NULL,
    popularity   integer NOT NULL DEFAULT 0,
    -- flattened for search: person names (any attribute listed in people_attributes) and tags
    people       text NOT NULL DEFAULT '',
    tags         text NOT NULL DEFAULT '',
    search       tsvector GENERATED ALWAYS AS (
                     setweight(to_tsvector('simple', title), 'A') ||
                     setweight(to_tsvector('simple', people), 'B') ||
                     setweight(to_tsvector('simple', tags), 'C')) STORED
)
;
CREATE INDEX IF NOT EXISTS catalog_item_search_idx ON catalog_item USING gin (search)
;
CREATE INDEX IF NOT EXISTS catalog_item_title_trgm_idx ON catalog_item USING gin (lower(title) gin_trgm_ops)
;
CREATE INDEX IF NOT EXISTS catalog_item_domain_idx ON catalog_item (domain, year)
;
-- One row per loaded source: a restart with the same content skips the load entirely.
CREATE TABLE IF NOT EXISTS catalog_source (
    source     text PRIMARY KEY,
    checksum   text NOT NULL,
    items      integer NOT NULL,
    loaded_at  timestamptz NOT NULL DEFAULT now()
)
;
CREATE TABLE IF NOT EXISTS conversation (
    id          text PRIMARY KEY,
    user_id     text NOT NULL,
    domain      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
)
;
CREATE INDEX IF NOT EXISTS conversation_user_idx ON conversation (user_id, created_at DESC)
;
CREATE TABLE IF NOT EXISTS conversation_message (
    id               text PRIMARY KEY,
    conversation_id  text NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
    seq              integer NOT NULL,
    role             text NOT NULL,
    text             text NOT NULL,
    turn             jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (conversation_id, seq)
)
;
CREATE TABLE IF NOT EXISTS feedback (
    id               bigserial PRIMARY KEY,
    conversation_id  text NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
    item_id          text NOT NULL,
    verdict          text NOT NULL,
    reason           text,
    created_at       timestamptz NOT NULL DEFAULT now()
)
;
