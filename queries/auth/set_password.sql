-- A new password hash; sessions opened with the old password end and the failed logins before it stop counting.
update accounts
set password_hash = $password_hash, session_epoch = session_epoch + 1, unlocked_at = current_localtimestamp()
where username = $username
