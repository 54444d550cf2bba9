-- A plan's name in each language the pages speak ({"zh-CN": "...", "en": "..."}), entered by the
-- operator; `name` stays the name of record (the transparency log's). NULL: only `name`.
ALTER TABLE plans ADD COLUMN names jsonb;
