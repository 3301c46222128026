-- That was an earlier code; use the latest: after a resend the code it replaced is recognised,
-- so a person who types the SMS before last is told so instead of spending one of the new code's
-- guesses. Only its keyed hash is kept (never the code), only the one code immediately before, and
-- it never passes: it still counts as a failure on the account's lock, so it can't be used to guess
-- for free. The lock's rules, which twostep_verify() (0001) and twostep_verify_totp() (0005) each
-- wrote out, are here once, in twostep_account_lock_take() and twostep_account_lock_count(), and both
-- checks are rewritten on them. Signatures and result columns are unchanged.
ALTER TABLE "challenges" ADD COLUMN "previous_code_hash" text;
--> statement-breakpoint
-- The first step of every check, on any factor: the account's failure row, created when missing and
-- locked for the rest of the transaction (always taken before any other row of the account, so two
-- checks never wait on each other in opposite orders). Answers the milliseconds the account's lock
-- still has to run, or NULL when it is not locked. A counter past its memory counts as none.
CREATE OR REPLACE FUNCTION twostep_account_lock_take(
  p_user_id text,
  p_now_ms bigint,
  p_failure_memory_ms bigint
) RETURNS bigint LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_locked_until bigint;
  v_forget_at bigint;
BEGIN
  INSERT INTO verification_failures (user_id, failures, locked_until_ms, forget_at_ms)
    VALUES (p_user_id, 0, NULL, p_now_ms + p_failure_memory_ms)
    ON CONFLICT (user_id) DO NOTHING;
  SELECT locked_until_ms, forget_at_ms INTO v_locked_until, v_forget_at
    FROM verification_failures WHERE user_id = p_user_id FOR UPDATE;
  IF v_forget_at <= p_now_ms OR v_locked_until IS NULL OR v_locked_until <= p_now_ms THEN
    RETURN NULL;
  END IF;
  RETURN v_locked_until - p_now_ms;
END;
$$;
--> statement-breakpoint
-- The last step of a check whose account row twostep_account_lock_take() holds: a pass clears the
-- counter; a failure adds one and, from the threshold on, locks the account for a time that
-- doubles with each further failure, up to the maximum. Answers the lock a failure just set, in
-- milliseconds, or NULL when it set none.
CREATE OR REPLACE FUNCTION twostep_account_lock_count(
  p_user_id text,
  p_passed boolean,
  p_now_ms bigint,
  p_lock_threshold integer,
  p_lock_base_ms bigint,
  p_lock_max_ms bigint,
  p_failure_memory_ms bigint
) RETURNS bigint LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_failures integer;
  v_lock_ms bigint;
BEGIN
  IF p_passed THEN
    UPDATE verification_failures
      SET failures = 0, locked_until_ms = NULL, forget_at_ms = p_now_ms + p_failure_memory_ms
      WHERE user_id = p_user_id;
    RETURN NULL;
  END IF;
  SELECT CASE WHEN forget_at_ms <= p_now_ms THEN 0 ELSE failures END + 1 INTO v_failures
    FROM verification_failures WHERE user_id = p_user_id;
  IF v_failures >= p_lock_threshold THEN
    -- Doubling from the base at the threshold; the exponent is capped so the product fits a bigint.
    v_lock_ms := LEAST(p_lock_base_ms * (2::bigint ^ LEAST(v_failures - p_lock_threshold, 40))::bigint, p_lock_max_ms);
  END IF;
  UPDATE verification_failures
    SET failures = v_failures,
        locked_until_ms = CASE WHEN v_lock_ms IS NULL THEN NULL ELSE p_now_ms + v_lock_ms END,
        forget_at_ms = p_now_ms + p_failure_memory_ms
    WHERE user_id = p_user_id;
  RETURN v_lock_ms;
END;
$$;
--> statement-breakpoint
-- The SMS code check (0001) on the shared lock rules, with one more answer: 'earlier_code' when the
-- guess is the code this challenge's last resend replaced. That guess counts on the account (and
-- may lock it) but not against the new code's attempts, and never passes.
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
  v_retry_ms bigint;
  v_challenge challenges%ROWTYPE;
  v_stored bytea;
  v_earlier bytea;
  v_given bytea;
  v_diff integer := 0;
  v_earlier_diff integer := 0;
  v_lock_ms bigint;
BEGIN
  v_retry_ms := twostep_account_lock_take(p_user_id, p_now_ms, p_failure_memory_ms);
  IF v_retry_ms IS NOT NULL THEN
    RETURN QUERY SELECT 'locked'::text, NULL::integer, v_retry_ms, NULL::text, NULL::text;
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

  -- Compare every byte of both hashes with no early exit, so the time taken says nothing about
  -- either stored hash. With no earlier code the current one stands in and its answer is dropped,
  -- so the work is the same either way.
  v_stored := decode(v_challenge.code_hash, 'hex');
  v_given := decode(p_code_hash, 'hex');
  v_earlier := decode(COALESCE(v_challenge.previous_code_hash, v_challenge.code_hash), 'hex');
  IF length(v_stored) <> length(v_given) THEN
    v_diff := 1;
    v_earlier_diff := 1;
  ELSE
    IF length(v_earlier) <> length(v_given) THEN
      v_earlier := v_stored;
      v_earlier_diff := 1;
    END IF;
    FOR i IN 0 .. length(v_stored) - 1 LOOP
      v_diff := v_diff | (get_byte(v_stored, i) # get_byte(v_given, i));
      v_earlier_diff := v_earlier_diff | (get_byte(v_earlier, i) # get_byte(v_given, i));
    END LOOP;
  END IF;
  IF v_challenge.previous_code_hash IS NULL THEN
    v_earlier_diff := 1;
  END IF;

  IF v_diff = 0 THEN
    UPDATE challenges SET consumed_at_ms = p_now_ms
      WHERE user_id = p_user_id AND purpose = p_purpose;
    PERFORM twostep_account_lock_count(p_user_id, true, p_now_ms, p_lock_threshold, p_lock_base_ms,
      p_lock_max_ms, p_failure_memory_ms);
    RETURN QUERY SELECT 'ok'::text, v_challenge.max_attempts - v_challenge.attempts, NULL::bigint,
      v_challenge.id, v_challenge.phone_e164;
    RETURN;
  END IF;

  -- The earlier code spends none of this code's attempts; every other wrong guess spends one.
  IF v_earlier_diff <> 0 THEN
    UPDATE challenges SET attempts = attempts + 1
      WHERE user_id = p_user_id AND purpose = p_purpose;
    v_challenge.attempts := v_challenge.attempts + 1;
  END IF;
  v_lock_ms := twostep_account_lock_count(p_user_id, false, p_now_ms, p_lock_threshold, p_lock_base_ms,
    p_lock_max_ms, p_failure_memory_ms);

  IF v_lock_ms IS NOT NULL THEN
    RETURN QUERY SELECT 'locked'::text, v_challenge.max_attempts - v_challenge.attempts, v_lock_ms,
      v_challenge.id, NULL::text;
  ELSIF v_earlier_diff = 0 THEN
    RETURN QUERY SELECT 'earlier_code'::text, v_challenge.max_attempts - v_challenge.attempts, NULL::bigint,
      v_challenge.id, NULL::text;
  ELSIF v_challenge.attempts >= v_challenge.max_attempts THEN
    RETURN QUERY SELECT 'too_many_attempts'::text, 0, NULL::bigint, v_challenge.id, NULL::text;
  ELSE
    RETURN QUERY SELECT 'invalid'::text, v_challenge.max_attempts - v_challenge.attempts, NULL::bigint,
      v_challenge.id, NULL::text;
  END IF;
END;
$$;
--> statement-breakpoint
-- The authenticator-app check (0005) on the shared lock rules; what it does is unchanged.
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
    SELECT last_step INTO v_last_step FROM totp_used_steps WHERE user_id = p_user_id FOR UPDATE;
    IF v_last_step IS NULL OR p_step > v_last_step THEN
      INSERT INTO totp_used_steps (user_id, last_step) VALUES (p_user_id, p_step)
        ON CONFLICT (user_id) DO UPDATE SET last_step = EXCLUDED.last_step;
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
-- The one-statement check (0006) as before; a guess at the earlier code is a failed guess in the
-- audit trail like any other it counts.
CREATE OR REPLACE FUNCTION twostep_check_code(
  p_user_id text,
  p_purpose text,
  p_code_hash text,
  p_now_ms bigint,
  p_lock_threshold integer,
  p_lock_base_ms bigint,
  p_lock_max_ms bigint,
  p_failure_memory_ms bigint,
  p_ip_key text,
  p_ip_points integer,
  p_ip_window_ms bigint,
  p_ip text,
  p_ok_events jsonb
) RETURNS TABLE (
  r_outcome text,
  r_attempts_left integer,
  r_retry_after_ms bigint,
  r_challenge_id text,
  r_phone_e164 text,
  r_delivery_status text
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_now timestamptz := to_timestamp(p_now_ms / 1000.0);
  v_ip_points integer;
  v_ip_expire timestamptz;
  v record;
  v_delivery text;
  v_detail jsonb;
  v_event jsonb;
BEGIN
  IF p_ip_key IS NOT NULL THEN
    INSERT INTO rate_limits AS w (key, points, expire)
      VALUES (p_ip_key, 1, v_now + make_interval(secs => p_ip_window_ms / 1000.0))
      ON CONFLICT (key) DO UPDATE SET
        points = CASE WHEN w.expire <= v_now THEN 1 ELSE w.points + 1 END,
        expire = CASE WHEN w.expire <= v_now THEN excluded.expire ELSE w.expire END
      RETURNING w.points, w.expire INTO v_ip_points, v_ip_expire;
    IF v_ip_points > p_ip_points THEN
      RETURN QUERY SELECT 'rate_limited'::text, NULL::integer,
        GREATEST((extract(epoch FROM v_ip_expire) * 1000)::bigint - p_now_ms, 0), NULL::text, NULL::text, NULL::text;
      RETURN;
    END IF;
  END IF;

  SELECT * INTO v FROM twostep_verify(p_user_id, p_purpose, p_code_hash, p_now_ms, p_lock_threshold,
    p_lock_base_ms, p_lock_max_ms, p_failure_memory_ms);

  -- Only a wrong guess at a live code can be explained by an SMS that never arrived.
  IF v.r_outcome = 'invalid' THEN
    SELECT m.status INTO v_delivery FROM challenges c
      JOIN sms_messages m ON m.provider_message_id = c.message_id
      WHERE c.user_id = p_user_id AND c.purpose = p_purpose;
  END IF;

  v_detail := jsonb_build_object('purpose', p_purpose, 'outcome', v.r_outcome);
  IF v.r_outcome = 'ok' THEN
    INSERT INTO audit_events (id, user_id, type, ip, detail)
      VALUES (gen_random_uuid()::text, p_user_id, 'code.verified', p_ip, v_detail);
    FOR v_event IN SELECT * FROM jsonb_array_elements(COALESCE(p_ok_events, '[]'::jsonb)) LOOP
      INSERT INTO audit_events (id, user_id, type, ip, detail)
        VALUES (gen_random_uuid()::text, p_user_id, v_event->>'type', p_ip, COALESCE(v_event->'detail', '{}'::jsonb));
    END LOOP;
  ELSIF v.r_outcome IN ('invalid', 'too_many_attempts', 'earlier_code') THEN
    INSERT INTO audit_events (id, user_id, type, ip, detail)
      VALUES (gen_random_uuid()::text, p_user_id, 'code.failed', p_ip, v_detail);
  ELSIF v.r_outcome = 'locked' THEN
    INSERT INTO audit_events (id, user_id, type, ip, detail)
      VALUES (gen_random_uuid()::text, p_user_id, 'account.locked', p_ip,
        v_detail || jsonb_build_object('retryAfterSeconds', GREATEST(1, ceil(v.r_retry_after_ms / 1000.0))::integer));
  END IF;

  RETURN QUERY SELECT v.r_outcome, v.r_attempts_left, v.r_retry_after_ms, v.r_challenge_id, v.r_phone_e164, v_delivery;
END;
$$;
