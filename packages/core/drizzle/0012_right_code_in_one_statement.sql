-- A right code in one statement too (issue 14). The one-step check (0006, 0011) wrote the guess and
-- the sign-in it completes; a right code then cost three or four more round trips: the SMS-pumping
-- guard's verified count for the number's country, has this account signed in before?, the
-- sign_in.new_device event and its mail notice's outbox row. Each now commits with the check:
--
-- * challenges.conversion_calling_code: the calling code whose conversion a right guess at this
--   code counts toward, written when the code is sent (the guard decides: not an enrollment code,
--   not a test number); NULL counts toward none. The check adds the verification to
--   sms_country_stats (0002) in the minute p_stats_bucket_ms long that p_now_ms falls in.
-- * An entry of p_ok_events with 'onlyAfter': recorded only when the account already had an event
--   of that type before this check (a new browser is news only after the account's first sign-in).
--   r_ok_events_skipped answers which entries (0-based) were not recorded, so the caller's hook
--   hears exactly what was written.
-- * An entry with 'notice': its security notice's outbox body (the checked facts, decision 012),
--   queued in security_notice_outbox (0008) with the event, for the notice pump to mail.
--
-- The 13-argument version stays, unchanged, for app instances still running the code before this
-- migration (a rolling deploy); this one takes the bucket length as its 14th argument.
ALTER TABLE "challenges" ADD COLUMN "conversion_calling_code" text;
--> statement-breakpoint
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
  p_ok_events jsonb,
  p_stats_bucket_ms bigint
) RETURNS TABLE (
  r_outcome text,
  r_attempts_left integer,
  r_retry_after_ms bigint,
  r_challenge_id text,
  r_phone_e164 text,
  r_delivery_status text,
  r_ok_events_skipped jsonb
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
  v_index bigint;
  v_skipped jsonb := '[]'::jsonb;
  v_calling_code text;
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
        GREATEST((extract(epoch FROM v_ip_expire) * 1000)::bigint - p_now_ms, 0), NULL::text, NULL::text, NULL::text,
        NULL::jsonb;
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
    -- Judged before anything is written: before this check must not see this check's own events.
    SELECT COALESCE(jsonb_agg(e.i - 1), '[]'::jsonb) INTO v_skipped
      FROM jsonb_array_elements(COALESCE(p_ok_events, '[]'::jsonb)) WITH ORDINALITY AS e(ev, i)
      WHERE e.ev ? 'onlyAfter' AND NOT EXISTS (
        SELECT 1 FROM audit_events a WHERE a.user_id = p_user_id AND a.type = e.ev->>'onlyAfter');
    INSERT INTO audit_events (id, user_id, type, ip, detail)
      VALUES (gen_random_uuid()::text, p_user_id, 'code.verified', p_ip, v_detail);
    FOR v_event, v_index IN
      SELECT e.ev, e.i - 1 FROM jsonb_array_elements(COALESCE(p_ok_events, '[]'::jsonb)) WITH ORDINALITY AS e(ev, i)
    LOOP
      CONTINUE WHEN v_skipped @> to_jsonb(v_index);
      INSERT INTO audit_events (id, user_id, type, ip, detail)
        VALUES (gen_random_uuid()::text, p_user_id, v_event->>'type', p_ip, COALESCE(v_event->'detail', '{}'::jsonb));
      IF v_event ? 'notice' THEN
        INSERT INTO security_notice_outbox (id, body, attempts, next_attempt_at_ms, created_at_ms)
          VALUES (gen_random_uuid()::text, v_event->>'notice', 0, p_now_ms, p_now_ms);
      END IF;
    END LOOP;

    SELECT conversion_calling_code INTO v_calling_code FROM challenges
      WHERE user_id = p_user_id AND purpose = p_purpose;
    IF v_calling_code IS NOT NULL AND p_stats_bucket_ms > 0 THEN
      INSERT INTO sms_country_stats AS s (calling_code, bucket_start_ms, sent, verified)
        VALUES (v_calling_code, (p_now_ms / p_stats_bucket_ms) * p_stats_bucket_ms, 0, 1)
        ON CONFLICT (calling_code, bucket_start_ms) DO UPDATE SET verified = s.verified + 1;
    END IF;
  ELSIF v.r_outcome IN ('invalid', 'too_many_attempts', 'earlier_code') THEN
    INSERT INTO audit_events (id, user_id, type, ip, detail)
      VALUES (gen_random_uuid()::text, p_user_id, 'code.failed', p_ip, v_detail);
  ELSIF v.r_outcome = 'locked' THEN
    INSERT INTO audit_events (id, user_id, type, ip, detail)
      VALUES (gen_random_uuid()::text, p_user_id, 'account.locked', p_ip,
        v_detail || jsonb_build_object('retryAfterSeconds', GREATEST(1, ceil(v.r_retry_after_ms / 1000.0))::integer));
  END IF;

  RETURN QUERY SELECT v.r_outcome, v.r_attempts_left, v.r_retry_after_ms, v.r_challenge_id, v.r_phone_e164, v_delivery,
    v_skipped;
END;
$$;
