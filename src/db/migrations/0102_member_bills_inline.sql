-- "My bills" as a SQL function, which the planner inlines into the statement that calls it (a
-- PL/pgSQL function is a black box run through its own executor and a tuplestore). On a
-- PostgreSQL server the server's statements that call it are named prepared statements, whose
-- plan is kept per connection, so inlining no longer means planning on every call; it saves
-- about a tenth of the database's CPU per request (bench:api). PGlite prepares nothing, so there
-- huzhu_member_bills, now a wrapper around this function, still keeps the plan (0101).
-- The query is 0101's, unchanged.
CREATE FUNCTION huzhu_member_bills_q(p_payer bigint, p_limit integer, p_offset integer)
RETURNS TABLE (id bigint, plan_id text, announced_on text, charged_on text, share_fen bigint, status text, cases integer,
               lines json, pay_status text, pay_amount bigint, pay_attempts integer, settled_at timestamptz)
LANGUAGE sql STABLE
AS $$
  WITH mine AS MATERIALIZED (
    SELECT m.id, m.plan_id, m.joined_at, m.ended_at, pl.name FROM memberships m
      JOIN persons pe ON pe.id = m.person_id LEFT JOIN people pl ON pl.id_hash = pe.ref
     WHERE m.payer_id = p_payer),
  pp AS (
    SELECT p.id, p.plan_id, p.announced_on, p.charged_on, p.share_fen, p.status, p.cases FROM periods p
     WHERE p.plan_id IN (SELECT mine.plan_id FROM mine)
       AND EXISTS (SELECT 1 FROM mine m WHERE m.plan_id = p.plan_id AND m.joined_at < p.announced_at AND (m.ended_at IS NULL OR m.ended_at >= p.announced_at))
     ORDER BY p.announced_on DESC, p.plan_id LIMIT p_limit OFFSET p_offset)
  SELECT pp.id, pp.plan_id, to_char(pp.announced_on, 'YYYY-MM-DD'), to_char(pp.charged_on, 'YYYY-MM-DD'), pp.share_fen, pp.status, pp.cases,
         (SELECT json_agg(json_build_object('m', c.membership_id, 'a', c.amount_fen, 'n', mine.name) ORDER BY c.membership_id)
            FROM mine JOIN charges c ON c.period_id = pp.id AND c.membership_id = mine.id
           WHERE mine.plan_id = pp.plan_id),
         pay.status, pay.amount_fen, pay.attempts, pay.settled_at
    FROM pp LEFT JOIN payments pay ON pay.period_id = pp.id AND pay.payer_id = p_payer
   ORDER BY pp.announced_on DESC, pp.plan_id;
$$;

CREATE OR REPLACE FUNCTION huzhu_member_bills(p_payer bigint, p_limit integer, p_offset integer)
RETURNS TABLE (id bigint, plan_id text, announced_on text, charged_on text, share_fen bigint, status text, cases integer,
               lines json, pay_status text, pay_amount bigint, pay_attempts integer, settled_at timestamptz)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  RETURN QUERY SELECT * FROM huzhu_member_bills_q(p_payer, p_limit, p_offset);
END $$;
