-- The account lock's two steps (0011) with fewer statements inside them (issue 14). Every code
-- check, by SMS or authenticator app, runs both, and under load PostgreSQL spends much of a check's
-- time starting and ending the statements a function runs one after another. Measured with pgbench
-- (8 clients, postmaster CPU per whole twostep_check_code() transaction, eight old/new pairs in
-- turn): median 382 -> 345 µs, lower in 6 of 8 pairs. Signatures, answers and lock order are
-- unchanged, so app instances of any version may call them during a rolling deploy:
--
-- * twostep_account_lock_take(): the account's failure row exists from its first check on, so it is
--   locked with one SELECT … FOR UPDATE. Only when that finds none does the INSERT … ON CONFLICT
--   DO NOTHING that creates it run, then the SELECT again (which, as before, waits for a concurrent
--   first check that created the row to end).
-- * twostep_account_lock_count(): one UPDATE … RETURNING instead of a SELECT and an UPDATE. The row
--   is locked by twostep_account_lock_take() in the same transaction, so it can't change between.
--   The failure count a failure makes (a counter past its memory counts as none) is written out
--   three times in it: the new count, whether it reaches the threshold, and the lock's doubling.
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
  SELECT locked_until_ms, forget_at_ms INTO v_locked_until, v_forget_at
    FROM verification_failures WHERE user_id = p_user_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO verification_failures (user_id, failures, locked_until_ms, forget_at_ms)
      VALUES (p_user_id, 0, NULL, p_now_ms + p_failure_memory_ms)
      ON CONFLICT (user_id) DO NOTHING;
    SELECT locked_until_ms, forget_at_ms INTO v_locked_until, v_forget_at
      FROM verification_failures WHERE user_id = p_user_id FOR UPDATE;
  END IF;
  IF v_forget_at <= p_now_ms OR v_locked_until IS NULL OR v_locked_until <= p_now_ms THEN
    RETURN NULL;
  END IF;
  RETURN v_locked_until - p_now_ms;
END;
$$;
--> statement-breakpoint
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
  v_lock_ms bigint;
BEGIN
  IF p_passed THEN
    UPDATE verification_failures
      SET failures = 0, locked_until_ms = NULL, forget_at_ms = p_now_ms + p_failure_memory_ms
      WHERE user_id = p_user_id;
    RETURN NULL;
  END IF;
  -- Doubling from the base at the threshold; the exponent is capped so the product fits a bigint.
  UPDATE verification_failures
    SET failures = CASE WHEN forget_at_ms <= p_now_ms THEN 0 ELSE failures END + 1,
        locked_until_ms = CASE
          WHEN CASE WHEN forget_at_ms <= p_now_ms THEN 0 ELSE failures END + 1 >= p_lock_threshold
          THEN p_now_ms + LEAST(p_lock_base_ms * (2::bigint ^ LEAST(
            CASE WHEN forget_at_ms <= p_now_ms THEN 0 ELSE failures END + 1 - p_lock_threshold, 40))::bigint,
            p_lock_max_ms)
        END,
        forget_at_ms = p_now_ms + p_failure_memory_ms
    WHERE user_id = p_user_id
    RETURNING locked_until_ms - p_now_ms INTO v_lock_ms;
  RETURN v_lock_ms;
END;
$$;
