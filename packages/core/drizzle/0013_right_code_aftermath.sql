-- A right code's SQL aftermath in one statement, for a check that runs elsewhere (issue 14). On
-- Redis the code check is one script (its audit events go to a stream the mover lands here later),
-- and a Redis Cluster checks in steps; what a right code still writes in SQL then took three to five
-- round trips: has this account signed in before?, each event in turn (sign_in.new_device, and on a
-- cluster code.verified and sign_in.succeeded too), the notice's outbox row, and the SMS-pumping
-- guard's verified count for the number's country. twostep_record_right_code() writes them together,
-- with the rules twostep_check_code (0012) applies to the same writes:
--
-- * An entry of p_events with 'onlyAfter' is recorded only when the account had an event of that
--   type before the check, judged before anything is written. p_check_logged: the check may already
--   have put its own events in the log (the Redis stream, moved in at any time, with the Redis
--   server's time, which is not before the check's); then two such events, or one older than the
--   check (p_now_ms), mean an earlier one. The answer lists which entries (0-based) were not recorded.
-- * An entry with 'notice': its security notice's outbox body, queued in security_notice_outbox with
--   the event.
-- * p_calling_code: the verification is added to sms_country_stats in the minute p_stats_bucket_ms
--   long that p_now_ms falls in; NULL counts toward none.
--
-- The onlyAfter judgement here and in twostep_check_code, and the security log's pages of some types
-- (sign-ins, changes), read an account's events of one type, newest first: audit_events_user_type
-- serves them without walking all of the account's events, which grow with every wrong guess.
CREATE INDEX "audit_events_user_type" ON "audit_events" USING btree ("user_id","type","created_at");
--> statement-breakpoint
CREATE OR REPLACE FUNCTION twostep_record_right_code(
  p_user_id text,
  p_ip text,
  p_now_ms bigint,
  p_check_logged boolean,
  p_events jsonb,
  p_calling_code text,
  p_stats_bucket_ms bigint
) RETURNS TABLE (r_skipped jsonb) LANGUAGE plpgsql AS $$
DECLARE
  v_checked_at timestamptz := to_timestamp(p_now_ms / 1000.0);
  v_event jsonb;
  v_index bigint;
  v_skipped jsonb;
BEGIN
  SELECT COALESCE(jsonb_agg(e.i - 1), '[]'::jsonb) INTO v_skipped
    FROM jsonb_array_elements(COALESCE(p_events, '[]'::jsonb)) WITH ORDINALITY AS e(ev, i)
    WHERE e.ev ? 'onlyAfter' AND NOT (
      CASE WHEN p_check_logged THEN
        EXISTS (SELECT 1 FROM audit_events a
          WHERE a.user_id = p_user_id AND a.type = e.ev->>'onlyAfter' AND a.created_at < v_checked_at)
        OR (SELECT count(*) FROM (SELECT 1 FROM audit_events a
          WHERE a.user_id = p_user_id AND a.type = e.ev->>'onlyAfter' LIMIT 2) AS two) = 2
      ELSE
        EXISTS (SELECT 1 FROM audit_events a WHERE a.user_id = p_user_id AND a.type = e.ev->>'onlyAfter')
      END);

  FOR v_event, v_index IN
    SELECT e.ev, e.i - 1 FROM jsonb_array_elements(COALESCE(p_events, '[]'::jsonb)) WITH ORDINALITY AS e(ev, i)
  LOOP
    CONTINUE WHEN v_skipped @> to_jsonb(v_index);
    INSERT INTO audit_events (id, user_id, type, ip, detail)
      VALUES (gen_random_uuid()::text, p_user_id, v_event->>'type', p_ip, COALESCE(v_event->'detail', '{}'::jsonb));
    IF v_event ? 'notice' THEN
      INSERT INTO security_notice_outbox (id, body, attempts, next_attempt_at_ms, created_at_ms)
        VALUES (gen_random_uuid()::text, v_event->>'notice', 0, p_now_ms, p_now_ms);
    END IF;
  END LOOP;

  IF p_calling_code IS NOT NULL AND p_stats_bucket_ms > 0 THEN
    INSERT INTO sms_country_stats AS s (calling_code, bucket_start_ms, sent, verified)
      VALUES (p_calling_code, (p_now_ms / p_stats_bucket_ms) * p_stats_bucket_ms, 0, 1)
      ON CONFLICT (calling_code, bucket_start_ms) DO UPDATE SET verified = s.verified + 1;
  END IF;

  RETURN QUERY SELECT v_skipped;
END;
$$;
