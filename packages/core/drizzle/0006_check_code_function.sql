-- A code check over HTTP as ONE statement: the per-IP check window, twostep_verify() (0001), the
-- guess's audit event and the delivery status of the code's SMS, all in the caller's one
-- transaction. Before this the request paid a round trip for each (the limiter's upsert, the check,
-- the audit insert, and three reads for the delivery note). Because the audit row commits with the
-- guess it records, a server killed mid-request can never leave a counted guess unrecorded.
--
-- The per-IP window is the row rate-limiter-flexible's Drizzle backend keeps in rate_limits (key
-- <prefix>:verify:ip:<ip>, points, expire), updated by the same rule it uses: a spent window is
-- refused before the code is compared, so it costs the account no guess. p_ip_key NULL: no window.
-- p_ok_events: extra audit events for a right code, as [{"type": …, "detail": {…}}] (the sign-in
-- the code completes), so they commit with it too.
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
  ELSIF v.r_outcome IN ('invalid', 'too_many_attempts') THEN
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
