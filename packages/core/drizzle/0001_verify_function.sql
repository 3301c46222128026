-- The whole code check as one atomic operation: lockout, attempt count and consumption together.
-- Rows are locked in a fixed order (the account's failure row, then the challenge), so concurrent
-- checks for one account run one after another: 20 right answers give one success, and 50 wrong
-- ones never count past the per-code cap. The Redis store runs the same steps in one Lua script.
CREATE OR REPLACE FUNCTION twostep_verify(
  p_user_id text,
  p_purpose text,
  p_code_hash text,
  p_now_ms bigint,
  p_lock_threshold integer,
  p_lock_base_ms bigint,
  p_lock_max_ms bigint,
  p_failure_memory_ms bigint
) RETURNS TABLE (
  r_outcome text,
  r_attempts_left integer,
  r_retry_after_ms bigint,
  r_challenge_id text,
  r_phone_e164 text
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_failures integer;
  v_locked_until bigint;
  v_forget_at bigint;
  v_challenge challenges%ROWTYPE;
  v_stored bytea;
  v_given bytea;
  v_diff integer := 0;
  v_lock_ms bigint;
BEGIN
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
    RETURN QUERY SELECT 'locked'::text, NULL::integer, v_locked_until - p_now_ms, NULL::text, NULL::text;
    RETURN;
  END IF;

  SELECT * INTO v_challenge FROM challenges
    WHERE user_id = p_user_id AND purpose = p_purpose FOR UPDATE;
  IF NOT FOUND OR v_challenge.consumed_at_ms IS NOT NULL THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::integer, NULL::bigint, NULL::text, NULL::text;
    RETURN;
  END IF;
  IF v_challenge.expires_at_ms <= p_now_ms THEN
    RETURN QUERY SELECT 'expired'::text, NULL::integer, NULL::bigint, v_challenge.id, NULL::text;
    RETURN;
  END IF;
  IF v_challenge.attempts >= v_challenge.max_attempts THEN
    RETURN QUERY SELECT 'too_many_attempts'::text, 0, NULL::bigint, v_challenge.id, NULL::text;
    RETURN;
  END IF;

  -- Compare every byte with no early exit, so the time taken says nothing about the stored hash.
  v_stored := decode(v_challenge.code_hash, 'hex');
  v_given := decode(p_code_hash, 'hex');
  IF length(v_stored) <> length(v_given) THEN
    v_diff := 1;
  ELSE
    FOR i IN 0 .. length(v_stored) - 1 LOOP
      v_diff := v_diff | (get_byte(v_stored, i) # get_byte(v_given, i));
    END LOOP;
  END IF;

  IF v_diff = 0 THEN
    UPDATE challenges SET consumed_at_ms = p_now_ms
      WHERE user_id = p_user_id AND purpose = p_purpose;
    UPDATE verification_failures
      SET failures = 0, locked_until_ms = NULL, forget_at_ms = p_now_ms + p_failure_memory_ms
      WHERE user_id = p_user_id;
    RETURN QUERY SELECT 'ok'::text, v_challenge.max_attempts - v_challenge.attempts, NULL::bigint,
      v_challenge.id, v_challenge.phone_e164;
    RETURN;
  END IF;

  UPDATE challenges SET attempts = attempts + 1
    WHERE user_id = p_user_id AND purpose = p_purpose;
  v_failures := v_failures + 1;
  IF v_failures >= p_lock_threshold THEN
    -- Doubling from the base at the threshold; the exponent is capped so the product fits a bigint.
    v_lock_ms := LEAST(p_lock_base_ms * (2::bigint ^ LEAST(v_failures - p_lock_threshold, 40))::bigint, p_lock_max_ms);
  END IF;
  UPDATE verification_failures
    SET failures = v_failures,
        locked_until_ms = CASE WHEN v_lock_ms IS NULL THEN NULL ELSE p_now_ms + v_lock_ms END,
        forget_at_ms = p_now_ms + p_failure_memory_ms
    WHERE user_id = p_user_id;

  IF v_lock_ms IS NOT NULL THEN
    RETURN QUERY SELECT 'locked'::text, v_challenge.max_attempts - v_challenge.attempts - 1, v_lock_ms,
      v_challenge.id, NULL::text;
  ELSIF v_challenge.attempts + 1 >= v_challenge.max_attempts THEN
    RETURN QUERY SELECT 'too_many_attempts'::text, 0, NULL::bigint, v_challenge.id, NULL::text;
  ELSE
    RETURN QUERY SELECT 'invalid'::text, v_challenge.max_attempts - v_challenge.attempts - 1, NULL::bigint,
      v_challenge.id, NULL::text;
  END IF;
END;
$$;
