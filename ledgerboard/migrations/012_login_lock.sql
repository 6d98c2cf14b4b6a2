-- Schema version 12: when an admin last cleared an account's failed logins (a password reset or 解除锁定); failures
-- before it no longer count towards the lock-out.
alter table accounts add column if not exists unlocked_at timestamp;
