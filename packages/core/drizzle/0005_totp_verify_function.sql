-- An authenticator-app (TOTP) check as one atomic operation, on the same per-account failure row
-- and growing lock as twostep_verify() (0001), so a guess on any factor counts against them all.
-- The caller matched the code against the user's secrets itself (the secret is encrypted with a
-- key the database never sees) and passes the time step that matched, or NULL for a wrong code.
-- Here, under the account's row lock: refuse while locked; accept a step only if it is later than
-- the last one accepted (a code is good once, RFC 6238 section 5.2); anything else is a failure
-- counted exactly as a wrong SMS code is. A failure with p_step NULL is also how a wrong backup
-- code is counted.
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
#variable_conflict use_column
DECLARE
  v_failures integer;
  v_locked_until bigint;
  v_forget_at bigint;
  v_last_step bigint;
  v_lock_ms bigint;
  v_outcome text;
BEGIN
  -- The failure row first, as twostep_verify() takes it, so the two never wait on each other in
  -- opposite orders.
  INSERT INTO verification_failures (user_id, failures, locked_until_ms, forget_at_ms)
    VALUES (p_user_id, 0, NULL, p_now_ms + p_failure_memory_ms)
    ON CONFLICT (user_id) DO NOTHING;
  SELECT failures, locked_until_ms, forget_at_ms INTO v_failures, v_locked_until, v_forget_at
    FROM verification_failures WHERE user_id = p_user_id FOR UPDATE;
  IF v_forget_at <= p_now_ms THEN
    v_failures := 0;
    v_locked_until := NULL;
  END IF;

  IF v_locked_until IS NOT NULL AND v_locked_until > p_now_ms THEN
    RETURN QUERY SELECT 'locked'::text, v_locked_until - p_now_ms;
    RETURN;
  END IF;

  IF p_step IS NOT NULL THEN
    SELECT last_step INTO v_last_step FROM totp_used_steps WHERE user_id = p_user_id FOR UPDATE;
    IF v_last_step IS NULL OR p_step > v_last_step THEN
      INSERT INTO totp_used_steps (user_id, last_step) VALUES (p_user_id, p_step)
        ON CONFLICT (user_id) DO UPDATE SET last_step = EXCLUDED.last_step;
      UPDATE verification_failures
        SET failures = 0, locked_until_ms = NULL, forget_at_ms = p_now_ms + p_failure_memory_ms
        WHERE user_id = p_user_id;
      RETURN QUERY SELECT 'ok'::text, NULL::bigint;
      RETURN;
    END IF;
    v_outcome := 'replayed';
  ELSE
    v_outcome := 'invalid';
  END IF;

  v_failures := v_failures + 1;
  IF v_failures >= p_lock_threshold THEN
    v_lock_ms := LEAST(p_lock_base_ms * (2::bigint ^ LEAST(v_failures - p_lock_threshold, 40))::bigint, p_lock_max_ms);
  END IF;
  UPDATE verification_failures
    SET failures = v_failures,
        locked_until_ms = CASE WHEN v_lock_ms IS NULL THEN NULL ELSE p_now_ms + v_lock_ms END,
        forget_at_ms = p_now_ms + p_failure_memory_ms
    WHERE user_id = p_user_id;

  IF v_lock_ms IS NOT NULL THEN
    RETURN QUERY SELECT 'locked'::text, v_lock_ms;
  ELSE
    RETURN QUERY SELECT v_outcome, NULL::bigint;
  END IF;
END;
$$;
