-- A failure is remembered for the failure memory counted from the end of the lock it caused, as the
-- Redis store has always done (redis-account-lock.lua.ts: PEXPIRE memory + lock). Until now
-- twostep_account_lock_count() counted the memory from the failure itself, so with a lock as long as
-- the memory (24 h and 24 h by default) the count was forgotten the moment the longest lock ended:
-- a guesser got the threshold's ~10 guesses, then the doubling locks' ~11, every ~58 h, where Redis
-- locks again on the first failure after the lock. Nobody can guess during a lock, so memory that
-- runs out inside it protects nothing.
--
-- Only forget_at_ms of a failure changes: a failure below the threshold sets no lock and is
-- remembered for the memory from now, as before; a pass still clears the row. The signature and
-- answers are unchanged, so app instances of any version may call it during a rolling deploy. A row
-- written by the old function keeps its earlier forget_at_ms until its next failure.
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
  -- SET reads the row as it was, so forget_at_ms is written from the lock set in the same UPDATE.
  UPDATE verification_failures
    SET failures = CASE WHEN forget_at_ms <= p_now_ms THEN 0 ELSE failures END + 1,
        locked_until_ms = CASE
          WHEN CASE WHEN forget_at_ms <= p_now_ms THEN 0 ELSE failures END + 1 >= p_lock_threshold
          THEN p_now_ms + LEAST(p_lock_base_ms * (2::bigint ^ LEAST(
            CASE WHEN forget_at_ms <= p_now_ms THEN 0 ELSE failures END + 1 - p_lock_threshold, 40))::bigint,
            p_lock_max_ms)
        END,
        forget_at_ms = p_now_ms + p_failure_memory_ms + CASE
          WHEN CASE WHEN forget_at_ms <= p_now_ms THEN 0 ELSE failures END + 1 >= p_lock_threshold
          THEN LEAST(p_lock_base_ms * (2::bigint ^ LEAST(
            CASE WHEN forget_at_ms <= p_now_ms THEN 0 ELSE failures END + 1 - p_lock_threshold, 40))::bigint,
            p_lock_max_ms)
          ELSE 0
        END
    WHERE user_id = p_user_id
    RETURNING locked_until_ms - p_now_ms INTO v_lock_ms;
  RETURN v_lock_ms;
END;
$$;
