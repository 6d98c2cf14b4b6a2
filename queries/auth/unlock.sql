-- An admin lifts the lock-out of an account: its failed logins until now stop counting.
update accounts set unlocked_at = current_localtimestamp() where username = $username
