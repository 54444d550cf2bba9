-- The demo installation's clock. Only a demo installation has a row: the demo seed writes it, so
-- a server that was not seeded with the demo refuses to move its clock (DEMO_ONLY). The server's
-- clock is the real time plus offset_ms; the offset only grows, so time never runs backwards.
CREATE TABLE demo_clock (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  plan_id     text NOT NULL REFERENCES plans (id),
  offset_ms   bigint NOT NULL DEFAULT 0 CHECK (offset_ms >= 0),
  created_at  timestamptz NOT NULL,
  advanced_at timestamptz
);
