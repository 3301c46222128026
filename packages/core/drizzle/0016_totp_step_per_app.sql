-- The last accepted TOTP step is kept per authenticator app, not per user: after app A's code for a
-- step passed, app B's own never-used code for that step (or the one before) was refused as a
-- replay and counted as a failure on the account lock. The user's row stays (it is the one row the
-- check locks, after the account's failure row), and holds each app's last step in factor_steps.
-- last_step keeps what a check that names no app accepted, which is also what every check before
-- this migration wrote.
ALTER TABLE "totp_used_steps" ADD COLUMN "factor_steps" jsonb DEFAULT '{}'::jsonb NOT NULL;
--> statement-breakpoint
-- The check, naming the app whose code matched (p_factor_id): a step passes only if it is later than
-- that app's last and than last_step. Without an app (NULL), as before this migration: later than
-- every step of the user, then kept in last_step. A new function beside the old one (an overload),
-- so instances still running the old code keep calling the signature they know.
CREATE OR REPLACE FUNCTION twostep_verify_totp(
  p_user_id text,
  p_factor_id text,
  p_step bigint,
  p_now_ms bigint,
  p_lock_threshold integer,
  p_lock_base_ms bigint,
  p_lock_max_ms bigint,
  p_failure_memory_ms bigint
) RETURNS TABLE (
  r_outcome text,
  r_retry_after_ms bigint
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_retry_ms bigint;
  v_last_step bigint;
  v_lock_ms bigint;
  v_outcome text;
BEGIN
  v_retry_ms := twostep_account_lock_take(p_user_id, p_now_ms, p_failure_memory_ms);
  IF v_retry_ms IS NOT NULL THEN
    RETURN QUERY SELECT 'locked'::text, v_retry_ms;
    RETURN;
  END IF;

  IF p_step IS NOT NULL THEN
    IF p_factor_id IS NULL THEN
      SELECT GREATEST(last_step, (SELECT max(s.value::bigint) FROM jsonb_each_text(factor_steps) AS s))
        INTO v_last_step FROM totp_used_steps WHERE user_id = p_user_id FOR UPDATE;
    ELSE
      SELECT GREATEST(last_step, (factor_steps ->> p_factor_id)::bigint)
        INTO v_last_step FROM totp_used_steps WHERE user_id = p_user_id FOR UPDATE;
    END IF;
    IF v_last_step IS NULL OR p_step > v_last_step THEN
      IF p_factor_id IS NULL THEN
        INSERT INTO totp_used_steps (user_id, last_step) VALUES (p_user_id, p_step)
          ON CONFLICT (user_id) DO UPDATE SET last_step = EXCLUDED.last_step;
      ELSE
        -- -1: no step accepted without naming an app (steps count up from 0).
        INSERT INTO totp_used_steps (user_id, last_step, factor_steps)
          VALUES (p_user_id, -1, jsonb_build_object(p_factor_id, p_step))
          ON CONFLICT (user_id) DO UPDATE
            SET factor_steps = totp_used_steps.factor_steps || jsonb_build_object(p_factor_id, p_step);
      END IF;
      PERFORM twostep_account_lock_count(p_user_id, true, p_now_ms, p_lock_threshold, p_lock_base_ms,
        p_lock_max_ms, p_failure_memory_ms);
      RETURN QUERY SELECT 'ok'::text, NULL::bigint;
      RETURN;
    END IF;
    v_outcome := 'replayed';
  ELSE
    v_outcome := 'invalid';
  END IF;

  v_lock_ms := twostep_account_lock_count(p_user_id, false, p_now_ms, p_lock_threshold, p_lock_base_ms,
    p_lock_max_ms, p_failure_memory_ms);
  IF v_lock_ms IS NOT NULL THEN
    RETURN QUERY SELECT 'locked'::text, v_lock_ms;
  ELSE
    RETURN QUERY SELECT v_outcome, NULL::bigint;
  END IF;
END;
$$;
--> statement-breakpoint
-- The old signature, for instances of the old code during a rolling deploy: the check without an
-- app, so a code the new code accepted for one app is a replay here too, and what this accepts is
-- a replay for every app there.
CREATE OR REPLACE FUNCTION twostep_verify_totp(
  p_user_id text,
  p_step bigint,
  p_now_ms bigint,
  p_lock_threshold integer,
  p_lock_base_ms bigint,
  p_lock_max_ms bigint,
  p_failure_memory_ms bigint
) RETURNS TABLE (
  r_outcome text,
  r_retry_after_ms bigint
) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT * FROM twostep_verify_totp(p_user_id, NULL::text, p_step, p_now_ms, p_lock_threshold,
    p_lock_base_ms, p_lock_max_ms, p_failure_memory_ms);
END;
$$;
